package io.github.cookiegate.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A stand-in for a chat vendor on another site than the demo's: the demo is {@code localhost}, the
 * vendor {@code 127.0.0.1} (cookies ignore ports, so another port of localhost would be the same
 * site). Its {@code widget.js} behaves like a real widget loader: it writes a first-party visitor
 * id and a conversation-analytics id into {@code document.cookie} on the site's domain, calls the
 * vendor's API, whose answer sets a third-party cookie on the vendor's host, and draws the chat
 * box; {@code FakeChat.shutdown()} forgets the visitor, as vendors' shutdown calls do. The same
 * server answers on {@code 127.0.0.2} as an analytics host ({@code /pixel.gif}). It counts the
 * requests each host receives, so a test can tell whether the browser contacted it at all.
 */
public final class FakeVendor {

  /** The vendor's chat host: another site than the demo's localhost. */
  public static final String CHAT_HOST = "127.0.0.1";
  /** An analytics host the demo's pages call. */
  public static final String ANALYTICS_HOST = "127.0.0.2";

  private final Server server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger analyticsRequests = new AtomicInteger();

  private FakeVendor(Server server) {
    this.server = server;
  }

  /** Starts the vendor on 127.0.0.1 and the analytics host on 127.0.0.2, same port (any free port when 0). */
  public static FakeVendor start(int port) throws Exception {
    Server server = new Server();
    ServerConnector chat = new ServerConnector(server);
    chat.setHost(CHAT_HOST);
    chat.setPort(port);
    server.addConnector(chat);
    FakeVendor vendor = new FakeVendor(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (ANALYTICS_HOST.equals(req.getLocalAddr())) {
          vendor.analyticsRequests.incrementAndGet();
          res.setContentType("image/gif");
          res.getOutputStream().write(PIXEL);
          return;
        }
        vendor.requests.incrementAndGet();
        res.setHeader("Access-Control-Allow-Origin", req.getHeader("Origin") == null ? "*" : req.getHeader("Origin"));
        res.setHeader("Access-Control-Allow-Credentials", "true");
        switch (req.getRequestURI()) {
          case "/widget.js" -> {
            res.setContentType("text/javascript;charset=UTF-8");
            res.getWriter().write(WIDGET);
          }
          case "/api/ping" -> {
            // A third-party cookie: set on the vendor's host by a cross-site request, so
            // SameSite=None; Secure (browsers accept Secure from http://127.0.0.1, a local origin).
            res.addHeader("Set-Cookie", "fakechat_device=vendor-side; Path=/; Max-Age=31536000; SameSite=None; Secure");
            res.setContentType("application/json");
            res.getWriter().write("{\"ok\":true}");
          }
          case "/api/end" -> {
            res.addHeader("Set-Cookie", "fakechat_device=; Path=/; Max-Age=0; SameSite=None; Secure");
            res.setContentType("application/json");
            res.getWriter().write("{\"ok\":true}");
          }
          case "/frame.html" -> {
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().write("<!doctype html><p style=\"font:12px system-ui\">FakeChat help centre</p>");
          }
          default -> res.sendError(404);
        }
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    // The analytics host: the same handler, on the same port of 127.0.0.2.
    ServerConnector analytics = new ServerConnector(server);
    analytics.setHost(ANALYTICS_HOST);
    analytics.setPort(chat.getLocalPort());
    server.addConnector(analytics);
    analytics.start();
    return vendor;
  }

  /** Returns the vendor's origin, such as {@code http://127.0.0.1:8081}. */
  public String origin() {
    return "http://" + CHAT_HOST + ":" + port();
  }

  /** Returns the analytics host's origin, such as {@code http://127.0.0.2:8081}. */
  public String analyticsOrigin() {
    return "http://" + ANALYTICS_HOST + ":" + port();
  }

  private int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Returns how many requests the vendor's chat host has received. */
  public int requests() {
    return requests.get();
  }

  /** Returns how many requests the analytics host has received. */
  public int analyticsRequests() {
    return analyticsRequests.get();
  }

  public void stop() throws Exception {
    server.stop();
  }

  private static final byte[] PIXEL = java.util.Base64.getDecoder().decode("R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAIBAAA=");

  private static final String WIDGET = """
      (function () {
        var origin = new URL(document.currentScript.src).origin;
        var year = '; path=/; max-age=23328000';
        document.cookie = 'fakechat-id-demo=' + Math.random().toString(36).slice(2) + year; // chat
        document.cookie = '_ga_FAKECHAT=GS1.1.' + Date.now() + year; // conversation analytics
        fetch(origin + '/api/ping', { credentials: 'include', mode: 'cors' }).catch(function () {});
        var box = document.createElement('div');
        box.id = 'fakechat-widget';
        box.textContent = 'FakeChat: hello, how can we help?';
        box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;padding:1rem;background:#2a6;color:#fff;border-radius:.5rem';
        document.body.appendChild(box);
        window.FakeChat = {
          shutdown: function () {
            document.cookie = 'fakechat-id-demo=; path=/; max-age=0';
            box.remove();
            return fetch(origin + '/api/end', { credentials: 'include', mode: 'cors' });
          }
        };
      })();
      """;
}
