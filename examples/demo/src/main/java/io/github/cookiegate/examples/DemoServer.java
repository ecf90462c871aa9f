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
    context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));

    context.addServlet(new ServletHolder(new PageServlet(vendorOrigin)), "/");
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

  /** What the gate let through on this page load, in words. */
  static String status(HttpServletRequest req) {
    boolean chat = ChatActivation.isActive(req);
    boolean analytics = false;
    if (req.getCookies() != null) {
      for (Cookie c : req.getCookies()) {
        analytics |= c.getName().equals("cookie_gate_consent") && c.getValue().contains("analytics");
      }
    }
    return "This page tried to set a chat id, an analytics id and a session cookie. Let through: the session cookie"
        + (chat ? ", the chat id (the chat is activated; capped at 24 hours)" : "")
        + (analytics ? ", the analytics id (analytics consented)" : "")
        + "." + (chat ? "" : " The chat id waits for a click on the chat button.")
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

  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head><meta charset="utf-8"><title>cookie-gate demo</title>
      <style>body{font:16px system-ui;margin:2rem;max-width:40rem} button{font-size:1rem;margin:.3rem} pre{white-space:pre-wrap;word-break:break-all}</style>
      </head>
      <body>
      <h1>Shop with a chatbot</h1>
      <p id="status">STATUS</p>
      <button id="chat" data-cookie-gate-activate>Chat with us</button>
      <button id="end">End conversation</button>
      <button id="consent">Accept analytics</button>
      <pre id="out"></pre>
      <script>
      const out = document.getElementById('out');
      const show = (m) => out.textContent = m + '\\n\\ndocument.cookie: ' + document.cookie;
      // The chat button carries data-cookie-gate-activate: cookie-gate's gate.js POSTs the
      // activation on click, restores the vendor's widget, then fires this event.
      document.addEventListener('cookie-gate:activated', async () =>
        show(await (await fetch('/chat/start', {method: 'POST'})).text()));
      // Ending the conversation: the vendor forgets the visitor (its own cookies, on its own
      // domain, are out of the site's reach), then the site's backend ends it and expires ours.
      document.getElementById('end').onclick = async () => {
        if (window.FakeChat) await FakeChat.shutdown();
        show(await (await fetch('/chat/end', {method: 'POST'})).text());
        if (window.cookieGate) cookieGate.end(); // chat cookies wait for the next click again
      };
      document.getElementById('consent').onclick = async () =>
        show(await (await fetch('/consent?grant=analytics', {method: 'POST'})).text());
      show('ready');
      </script>
      VENDOR_SNIPPET
      </body>
      </html>
      """;
}
