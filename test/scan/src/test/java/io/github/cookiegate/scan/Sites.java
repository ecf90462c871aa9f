package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.examples.DemoServer;
import io.github.cookiegate.examples.FakeVendor;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openqa.selenium.json.Json;

/** The sites the scanner is tested against: the demo (clean) and a leaky one, on real Jetty. */
final class Sites {

  private Sites() {}

  static Path demoConfig() throws URISyntaxException {
    return Path.of(Sites.class.getResource("/demo.properties").toURI());
  }

  /** The base URL of a server bound to 127.0.0.1, as the site localhost (its vendors are 127.0.0.x: other sites). */
  static String base(Server server) {
    return "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/";
  }

  static Server demo(FakeVendor vendor) throws Exception {
    return DemoServer.start("127.0.0.1", 0, vendor.origin(), vendor.analyticsOrigin());
  }

  /**
   * A site that leaks: cookie-gate is mapped to {@code /shop/*} only (a misconfigured mapping), so
   * {@code /} sets {@code _ga} on load, embeds the chat vendor's plain script tag and writes an
   * analytics cookie from JavaScript, and {@code /about} loads an analytics pixel; {@code /shop/}
   * is gated and holds the same vendor tag.
   */
  static Server leaky(FakeVendor vendor) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder gate = new FilterHolder(CookieGateFilter.class);
    gate.setInitParameter("cookies.analytics", "_ga, _ga_*");
    gate.setInitParameter("cookies.chat", "fakechat-*, fakechat_*");
    gate.setInitParameter("hosts.chat", FakeVendor.CHAT_HOST);
    gate.setInitParameter("hosts.analytics", FakeVendor.ANALYTICS_HOST);
    context.addFilter(gate, "/shop/*", EnumSet.of(DispatcherType.REQUEST)); // should have been /*
    String widget = "<script src=\"" + vendor.origin() + "/widget.js\" async></script>";
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/html;charset=UTF-8");
        switch (req.getRequestURI()) {
          case "/" -> {
            res.addHeader("Set-Cookie", "_ga=GA1.1.42.1700000000; Path=/; Max-Age=63072000");
            res.getWriter().write("<!doctype html><html><head><title>Leaky</title>" + widget
                + "<script>document.cookie = '_ga_LEAK=GS1.1.1700000000; path=/; max-age=3600';</script></head>"
                + "<body><h1>Leaky shop</h1><a href=\"/about\">About</a> <a href='/shop/'>Shop</a>"
                + " <a href=\"https://elsewhere.example/\">elsewhere</a></body></html>");
          }
          case "/about" -> res.getWriter().write("<!doctype html><html><head><title>About</title></head><body><p>About us"
              + "<img src=\"" + vendor.analyticsOrigin() + "/pixel.gif?page=about\" alt=\"\"><a href=\"/\">home</a>"
              // a vendor's inline snippet, pasted as its docs say (it would build the loader's URL at run time)
              + "<script>window.intercomSettings = {app_id: 'abc'}; var loader = 'https://widget.intercom.io/widget/';</script>"
              + "</body></html>");
          case "/shop/" -> {
            res.addHeader("Set-Cookie", "_ga=GA1.1.42.1700000000; Path=/; Max-Age=63072000");
            res.getWriter().write("<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>"
                + "<button data-cookie-gate-activate>Chat with us</button>" + widget + "</body></html>");
          }
          default -> res.sendError(404);
        }
      }
    }), "/");
    server.setHandler(context);
    server.start();
    return server;
  }

  /** What a run printed and returned. */
  record Run(int exit, String stderr, Map<String, Object> json, String html) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> findings() {
      return (List<Map<String, Object>>) json.get("findings");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state(String id) {
      return ((List<Map<String, Object>>) json.get("states")).stream().filter(s -> id.equals(s.get("id"))).findFirst()
          .orElseThrow(() -> new AssertionError("no state " + id));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> page(String state, String path) {
      return ((List<Map<String, Object>>) state(state).get("pages")).stream().filter(p -> path.equals(p.get("path")))
          .findFirst().orElseThrow(() -> new AssertionError("no page " + path + " in " + state));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> page, String key) {
      return (List<Map<String, Object>>) page.get(key);
    }
  }

  /** Runs the scanner's main logic as the command line does, and reads both reports back. */
  @SuppressWarnings("unchecked")
  static Run scan(Path out, String... args) throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--out";
    all[args.length + 1] = out.toString();
    int exit = Main.run(all, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    System.out.print(stderr);
    if (exit == 2) {
      return new Run(exit, stderr, Map.of(), "");
    }
    String json = Files.readString(out.resolve("report.json"));
    assertThat(json).isASCII();
    return new Run(exit, stderr, new Json().toType(json, Map.class), Files.readString(out.resolve("report.html")));
  }
}
