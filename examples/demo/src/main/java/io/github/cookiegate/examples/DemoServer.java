package io.github.cookiegate.examples;

import io.github.cookiegate.servlet.ChatActivation;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small site with a chatbot, on embedded Jetty, behind cookie-gate.
 *
 * <p>On page load its "vendor" tries to set an Intercom-like chat id, a Google-Analytics-like id and
 * the session cookie. Without activation or consent only the session cookie gets through; a click on
 * the chat button POSTs to {@code /cookie-gate/activate}, after which chat cookies pass (capped at 24
 * hours) while the analytics id still waits for consent.
 *
 * <pre>
 * mvn -q -pl examples/demo -am -DskipTests package exec:java   # http://localhost:8080
 * curl -i http://localhost:8080/                      # Set-Cookie: JSESSIONID only
 * curl -i -X POST http://localhost:8080/cookie-gate/activate
 * </pre>
 */
public final class DemoServer {

  private DemoServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8080);
    FakeVendor vendor = FakeVendor.start(port == 0 ? 0 : port + 1);
    Server server = start("localhost", port, vendor.origin(), vendor.analyticsOrigin());
    System.out.println("fake chat vendor on " + vendor.origin() + ", fake analytics on " + vendor.analyticsOrigin());
    int local = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    System.out.println("cookie-gate demo on http://localhost:" + local + "/ and a single-page app on http://localhost:"
        + local + "/spa  (Ctrl+C to stop)");
    server.join();
  }

  /** Starts the demo on this host and port (0: any free port), without a vendor widget. */
  public static Server start(String host, int port) throws Exception {
    return start(host, port, null);
  }

  /**
   * Starts the demo on this host and port (0: any free port); its page loads the chat widget of
   * the vendor at {@code vendorOrigin} (a {@link FakeVendor}), when given.
   */
  public static Server start(String host, int port, String vendorOrigin) throws Exception {
    return start(host, port, vendorOrigin, null);
  }

  /**
   * Starts the demo as above; its single-page app ({@code /spa}) inserts the vendor's widget from
   * JavaScript after load and calls the analytics host at {@code analyticsOrigin}, when given.
   */
  public static Server start(String host, int port, String vendorOrigin, String analyticsOrigin) throws Exception {
    return start(host, port, vendorOrigin, analyticsOrigin, java.util.Map.of());
  }

  /**
   * Starts the demo as above, with these filter init params added to (or replacing) the demo's own,
   * such as {@code html=off} to compare with a page that loads its vendor directly.
   */
  public static Server start(String host, int port, String vendorOrigin, String analyticsOrigin,
      java.util.Map<String, String> settings) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");

    // The filter, configured as in web.xml: init params with the same keys as the README's table.
    FilterHolder gate = new FilterHolder(CookieGateFilter.class);
    gate.setName("cookie-gate");
    gate.setAsyncSupported(true);
    gate.setInitParameter("cookies.analytics", "_ga, _ga_*");
    // The fake vendor: its widget's cookies are chat cookies, its host (127.0.0.1, another site
    // than the demo's localhost) a chat host; 127.0.0.2 an analytics host.
    gate.setInitParameter("cookies.chat", "fakechat-*, fakechat_*");
    gate.setInitParameter("hosts.chat", FakeVendor.CHAT_HOST);
    gate.setInitParameter("hosts.analytics", FakeVendor.ANALYTICS_HOST);
    settings.forEach(gate::setInitParameter);
    context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));

    context.addServlet(new ServletHolder(new PageServlet(vendorOrigin)), "/");
    context.addServlet(new ServletHolder(new AssetServlet("text/css", SHOP_CSS)), "/shop.css");
    context.addServlet(new ServletHolder(new AssetServlet("text/javascript", SHOP_JS)), "/shop.js");
    context.addServlet(new ServletHolder(new ChatServlet()), "/chat/*");
    context.addServlet(new ServletHolder(new ConsentServlet()), "/consent");
    context.addServlet(new ServletHolder(new SpaServlet(vendorOrigin, analyticsOrigin)), "/spa");
    context.addServlet(new ServletHolder(new SpaServlet(vendorOrigin, analyticsOrigin)), "/spa.js");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** The page: what a chat vendor's SDK and an analytics tag would set on load. */
  static final class PageServlet extends HttpServlet {
    private final String vendorSnippet;

    PageServlet(String vendorOrigin) {
      // The vendor's standard embed: a script tag from its own origin.
      this.vendorSnippet = vendorOrigin == null ? "" : "<script src=\"" + vendorOrigin + "/widget.js\" async></script>";
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if (!"/".equals(req.getRequestURI())) {
        res.sendError(404);
        return;
      }
      req.getSession(true); // necessary: the container's session cookie
      Cookie visitor = new Cookie("intercom-id-demo", "3f2a9c1e-visitor");
      visitor.setPath("/");
      visitor.setMaxAge(23_328_000); // the vendor asks for 9 months; chat-max-age caps it at 24 h
      res.addCookie(visitor);
      res.addHeader("Set-Cookie", "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000");
      res.setContentType("text/html;charset=UTF-8");
      res.getWriter().write(PAGE.replace("STATUS", status(req)).replace("VENDOR_SNIPPET", vendorSnippet));
    }
  }

  /** The shop's stylesheet and script. */
  static final class AssetServlet extends HttpServlet {
    private final String type;
    private final String body;

    AssetServlet(String type, String body) {
      this.type = type;
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType(type + ";charset=UTF-8");
      res.setHeader("Cache-Control", "public, max-age=600");
      res.getWriter().write(body);
    }
  }

  /** What the gate let through on this page load, in words. */
  static String status(HttpServletRequest req) {
    boolean chat = ChatActivation.isActive(req);
    boolean analytics = false;
    if (req.getCookies() != null) {
      for (Cookie c : req.getCookies()) {
        analytics |= c.getName().equals("cookie_gate_consent") && c.getValue().contains("analytics");
      }
    }
    return "Behind the scenes, this page tried to set a chat id, an analytics id and a session cookie. Let through: the session cookie"
        + (chat ? ", the chat id (the chat is activated; capped at 24 hours)" : "")
        + (analytics ? ", the analytics id (analytics consented)" : "")
        + "." + (chat ? "" : " The chat id waits for a click on the chat launcher.")
        + (analytics ? "" : " The analytics id waits for consent: activating the chat is not consent.");
  }

  /** The chat backend: opening sets the conversation cookie, ending erases it. */
  static final class ChatServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String action = req.getPathInfo() == null ? "" : req.getPathInfo();
      res.setContentType("text/plain;charset=UTF-8");
      switch (action) {
        case "/start" -> {
          Cookie conversation = new Cookie("intercom-session-demo", "conversation-42");
          conversation.setPath("/");
          res.addCookie(conversation); // passes only if the chat was activated
          res.getWriter().write(ChatActivation.isActive(req) ? "chat open" : "click the chat button first");
        }
        case "/end" -> {
          ChatActivation.end(req);
          res.getWriter().write("conversation ended; chat cookies expired");
        }
        default -> res.sendError(404);
      }
    }
  }

  /** A stand-in for a consent banner: stores the library's consent cookie. */
  static final class ConsentServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String grant = req.getParameter("grant");
      String value = grant == null || grant.isBlank() ? "none" : grant.replaceAll("[^a-z.]", "");
      res.addHeader("Set-Cookie", "cookie_gate_consent=" + value + "; Path=/; Max-Age=15724800; SameSite=Lax");
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().write("consent stored: " + value);
    }
  }

  /**
   * A single-page app: its bundle ({@code /spa.js}, same origin, so nothing in the page names a
   * vendor) renders the support view after load, inserting the vendor's widget script, a help
   * centre iframe and an analytics pixel from JavaScript, the way a router does.
   */
  static final class SpaServlet extends HttpServlet {
    private final String vendorOrigin;
    private final String analyticsOrigin;

    SpaServlet(String vendorOrigin, String analyticsOrigin) {
      this.vendorOrigin = vendorOrigin == null ? "" : vendorOrigin;
      this.analyticsOrigin = analyticsOrigin == null ? "" : analyticsOrigin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if (req.getRequestURI().endsWith(".js")) {
        res.setContentType("text/javascript;charset=UTF-8");
        res.getWriter().write(SPA_JS.replace("VENDOR", vendorOrigin).replace("ANALYTICS", analyticsOrigin));
      } else {
        res.setContentType("text/html;charset=UTF-8");
        res.getWriter().write(SPA_PAGE);
      }
    }
  }

  private static final String SPA_PAGE = """
      <!doctype html>
      <html lang="en">
      <head><meta charset="utf-8"><title>cookie-gate demo: single-page app</title>
      <style>body{font:16px system-ui;margin:2rem;max-width:40rem} button{font-size:1rem;margin:.3rem} iframe{border:1px solid #ccc;height:3rem}</style>
      <script src="/spa.js" defer></script>
      </head>
      <body>
      <h1>Shop (single-page app)</h1>
      <div id="app">loading...</div>
      <button id="chat" data-cookie-gate-activate>Chat with us</button>
      </body>
      </html>
      """;

  private static final String SPA_JS = """
      // The app's bundle: after load, the router renders the support view.
      window.addEventListener('load', function () {
        setTimeout(function () {
          var app = document.getElementById('app');
          app.innerHTML = '<p>Support</p><iframe id="help" src="VENDOR/frame.html"></iframe>';
          var config = document.createElement('script'); // the app's own chat set-up, marked by its author
          config.setAttribute('data-cookie-gate', 'chat');
          config.text = "document.getElementById('app').setAttribute('data-chat-config', 'ran')";
          document.head.appendChild(config);
          var s = document.createElement('script'); // the vendor's standard snippet, run from JS
          s.src = 'VENDOR/widget.js';
          s.async = true;
          s.onload = function () { app.setAttribute('data-widget', 'loaded'); }; // the app's own hook
          document.head.appendChild(s);
          new Image().src = 'ANALYTICS/pixel.gif?page=support'; // an audience pixel, never inserted
          navigator.sendBeacon('ANALYTICS/pixel.gif?beacon=1');
          app.setAttribute('data-rendered', 'support');
        }, 20);
      });
      """;

  /** The shop's page: header, product grid, a consent banner, a footer; the chat vendor's snippet at the end. */
  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Maison Lumen: lamps and lighting</title>
      <link rel="stylesheet" href="/shop.css">
      </head>
      <body>
      <header class="site-header">
        <a class="brand" href="/">Maison Lumen</a>
        <nav aria-label="Main"><a href="#lamps">Lamps</a><a href="#delivery">Delivery</a><span id="basket">Basket: 0</span></nav>
      </header>
      <section class="consent" id="consent-banner" aria-label="Cookie consent">
        <p>We measure visits with audience cookies only if you agree. The chat stores what it needs only when you open it.</p>
        <button type="button" id="consent">Accept analytics</button>
        <button type="button" id="refuse" class="secondary">Refuse</button>
      </section>
      <main id="main">
        <section class="hero" aria-labelledby="title">
          <h1 id="title">Lamps that warm up a room</h1>
          <p>Hand-finished in Lyon. Free delivery from 80&nbsp;&euro;. Questions about a lamp? Our team answers in the chat.</p>
        </section>
        <section id="lamps" aria-labelledby="lamps-title">
          <h2 id="lamps-title">Our lamps</h2>
          <ul class="grid">
            <li class="card"><div class="photo photo-1" aria-hidden="true"></div><h3>Opaline table lamp</h3><p class="price">89&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
            <li class="card"><div class="photo photo-2" aria-hidden="true"></div><h3>Brass reading light</h3><p class="price">129&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
            <li class="card"><div class="photo photo-3" aria-hidden="true"></div><h3>Linen pendant</h3><p class="price">74&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
            <li class="card"><div class="photo photo-4" aria-hidden="true"></div><h3>Ceramic wall sconce</h3><p class="price">65&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
            <li class="card"><div class="photo photo-5" aria-hidden="true"></div><h3>Rattan floor lamp</h3><p class="price">159&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
            <li class="card"><div class="photo photo-6" aria-hidden="true"></div><h3>Glass globe duo</h3><p class="price">112&nbsp;&euro;</p><button type="button" class="add">Add to basket</button></li>
          </ul>
        </section>
        <section id="delivery" aria-labelledby="delivery-title">
          <h2 id="delivery-title">Delivery and returns</h2>
          <p id="status">STATUS</p>
        </section>
      </main>
      <footer class="site-footer">
        <p>&copy; Maison Lumen, a demo shop for cookie-gate.</p>
        <p><button type="button" id="end" class="secondary">End conversation</button> <span id="out" role="status"></span></p>
        <details><summary>What this browser stores for the shop</summary><pre id="jar"></pre></details>
      </footer>
      <script src="/shop.js"></script>
      VENDOR_SNIPPET
      </body>
      </html>
      """;

  /** The shop's stylesheet: served by the application, as any site's. */
  private static final String SHOP_CSS = """
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c1917;background:#faf7f2}
      .site-header{display:flex;align-items:center;justify-content:space-between;padding:1rem 2rem;background:#fff;border-bottom:1px solid #e7e1d8}
      .brand{font-weight:700;font-size:1.25rem;color:#1c1917;text-decoration:none;letter-spacing:.02em}
      nav a{margin-right:1.25rem;color:#44403c}
      #basket{font-weight:600}
      main{max-width:64rem;margin:0 auto;padding:1.5rem 2rem 2rem}
      .hero h1{font-size:2rem;margin:.5rem 0}
      .hero p{color:#44403c;max-width:40rem}
      .grid{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1.25rem}
      .card{background:#fff;border:1px solid #e7e1d8;border-radius:.75rem;padding:1rem}
      .card h3{font-size:1rem;margin:.75rem 0 .25rem}
      .price{margin:0 0 .75rem;color:#44403c}
      .photo{height:8rem;border-radius:.5rem}
      .photo-1{background:radial-gradient(circle at 50% 40%,#fff3d6 0 25%,#e9c98f 26% 45%,#c8a46a 46%)}
      .photo-2{background:linear-gradient(135deg,#f1e4c8,#b08a4f)}
      .photo-3{background:radial-gradient(circle at 50% 30%,#fdf6e8 0 30%,#d8cbb3 31%)}
      .photo-4{background:linear-gradient(160deg,#e8efe9,#9fb5a5)}
      .photo-5{background:repeating-linear-gradient(45deg,#d9b98a 0 6px,#c9a46f 6px 12px)}
      .photo-6{background:radial-gradient(circle at 35% 50%,#e6f0f7 0 22%,transparent 23%),radial-gradient(circle at 65% 50%,#e6f0f7 0 22%,#b9cfe0 23%)}
      button{font:inherit;cursor:pointer;border-radius:.5rem;border:1px solid #1c1917;background:#1c1917;color:#fff;padding:.45rem .9rem}
      button.secondary{background:#fff;color:#1c1917}
      button:focus-visible,a:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
      .consent{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;padding:.75rem 2rem;background:#fef3c7;border-bottom:1px solid #e7d9a8}
      .consent p{margin:0;flex:1 1 24rem}
      .consent[hidden]{display:none}
      .site-footer{border-top:1px solid #e7e1d8;background:#fff;padding:1rem 2rem 7rem;color:#44403c}
      .site-footer pre{white-space:pre-wrap;word-break:break-all}
      """;

  /** The shop's own script: basket, consent banner, and the application's side of the chat. */
  private static final String SHOP_JS = """
      (function () {
        var out = document.getElementById('out');
        var jar = document.getElementById('jar');
        function show(message) {
          out.textContent = message;
          jar.textContent = document.cookie || '(nothing readable from scripts)';
        }
        var count = 0;
        Array.prototype.forEach.call(document.querySelectorAll('.add'), function (b) {
          b.addEventListener('click', function () {
            document.getElementById('basket').textContent = 'Basket: ' + (++count);
          });
        });
        // gate.js fires this once the click on the chat launcher was accepted and the widget restored.
        document.addEventListener('cookie-gate:activated', function () {
          fetch('/chat/start', { method: 'POST' }).then(function (r) { return r.text(); }).then(show);
        });
        // Ending the conversation: the application's endpoint calls ChatActivation.end (our cookies
        // expire), then gate.js ends the vendor's session in the page (its shutdown, elements, storage).
        document.getElementById('end').addEventListener('click', function () {
          fetch('/chat/end', { method: 'POST' }).then(function (r) { return r.text(); }).then(function (text) {
            if (window.cookieGate) {
              cookieGate.end();
            }
            show(text);
          });
        });
        // The consent banner: stores the library's consent cookie through the application.
        function choose(grant) {
          fetch('/consent?grant=' + grant, { method: 'POST' }).then(function (r) { return r.text(); }).then(function (text) {
            document.getElementById('consent-banner').hidden = true;
            if (window.cookieGate) {
              cookieGate.allow();
            }
            show(text);
          });
        }
        document.getElementById('consent').addEventListener('click', function () { choose('analytics'); });
        document.getElementById('refuse').addEventListener('click', function () { choose('none'); });
        show('ready');
      })();
      """;
}
