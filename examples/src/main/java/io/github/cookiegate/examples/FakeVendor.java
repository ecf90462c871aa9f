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
 * A stand-in for a chat vendor, on its own origin ({@code localhost} and another port): its
 * {@code widget.js} behaves like a real widget loader. It writes a first-party visitor id into
 * {@code document.cookie} on the site's domain, calls the vendor's API, and draws the chat box. It
 * counts every request it receives, so a test can tell whether the browser contacted it at all.
 */
public final class FakeVendor {

  private final Server server;
  private final AtomicInteger requests = new AtomicInteger();

  private FakeVendor(Server server) {
    this.server = server;
  }

  /** Starts the vendor on {@code localhost} (any free port when 0). */
  public static FakeVendor start(int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("localhost");
    connector.setPort(port);
    server.addConnector(connector);
    FakeVendor vendor = new FakeVendor(server);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        vendor.requests.incrementAndGet();
        res.setHeader("Access-Control-Allow-Origin", req.getHeader("Origin") == null ? "*" : req.getHeader("Origin"));
        res.setHeader("Access-Control-Allow-Credentials", "true");
        if (req.getRequestURI().equals("/widget.js")) {
          res.setContentType("text/javascript;charset=UTF-8");
          res.getWriter().write(WIDGET);
        } else if (req.getRequestURI().equals("/api/ping")) {
          res.addHeader("Set-Cookie", "fakechat_device=vendor-side; Path=/; Max-Age=31536000");
          res.setContentType("application/json");
          res.getWriter().write("{\"ok\":true}");
        } else {
          res.sendError(404);
        }
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    return vendor;
  }

  /** Returns the vendor's origin, such as {@code http://localhost:8081}. */
  public String origin() {
    return "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Returns how many requests the vendor has received. */
  public int requests() {
    return requests.get();
  }

  public void stop() throws Exception {
    server.stop();
  }

  private static final String WIDGET = """
      (function () {
        var origin = new URL(document.currentScript.src).origin;
        document.cookie = 'fakechat-id-demo=' + Math.random().toString(36).slice(2) + '; path=/; max-age=23328000';
        fetch(origin + '/api/ping', { credentials: 'include', mode: 'cors' }).catch(function () {});
        var box = document.createElement('div');
        box.id = 'fakechat-widget';
        box.textContent = 'FakeChat: hello, how can we help?';
        box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;padding:1rem;background:#2a6;color:#fff;border-radius:.5rem';
        document.body.appendChild(box);
      })();
      """;
}
