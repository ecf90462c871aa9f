package io.github.cookiegate.test;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.servlet.ChatActivation;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A shop with a chatbot on real Jetty or Tomcat, correctly mapped or with the two mistakes the kit
 * must catch: a template served where the filter is not mapped (its vendor script loads), and a
 * legacy path outside the mapping that sets a chat cookie.
 */
final class Site implements AutoCloseable {
  enum Container { JETTY, TOMCAT }

  /** Where the filter is mapped. */
  enum Mapping {
    CORRECT("/*"),
    /** The team mapped the filter to the shop, the chat API and its own endpoints only. */
    MISSING_PATHS("/shop/*", "/chat/*", "/cookie-gate/*");

    final String[] patterns;

    Mapping(String... patterns) {
      this.patterns = patterns;
    }
  }

  static final String VENDOR_SCRIPT = "<script src=\"https://widget.intercom.io/widget/demo\" async></script>";
  static final String TEMPLATE = "<!doctype html><html><head><title>Shop</title>" + VENDOR_SCRIPT
      + "</head><body><button data-cookie-gate-activate>Chat with us</button></body></html>";

  private final AutoCloseable server;
  private final int port;

  private Site(AutoCloseable server, int port) {
    this.server = server;
    this.port = port;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  static Map<String, Servlet> servlets() {
    Map<String, Servlet> s = new LinkedHashMap<>();
    s.put("/shop/*", new PageServlet());
    s.put("/help/*", new TemplateServlet()); // a second template, same vendor snippet
    s.put("/chat/*", new ChatServlet());
    s.put("/legacy/*", new LegacyServlet());
    // Tomcat runs no filter for a path no servlet maps (404 first): a default servlet, as every real app has.
    s.put("/", new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.sendError(404);
      }
    });
    return s;
  }

  static Site start(Container container, Mapping mapping, CookieGate gate) throws Exception {
    return container == Container.JETTY ? jetty(mapping, gate) : tomcat(mapping, gate);
  }

  private static Site jetty(Mapping mapping, CookieGate gate) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new CookieGateFilter(gate));
    filter.setAsyncSupported(true);
    for (String p : mapping.patterns) {
      context.addFilter(filter, p, EnumSet.of(DispatcherType.REQUEST));
    }
    servlets().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    server.setHandler(context);
    server.start();
    return new Site(server::stop, connector.getLocalPort());
  }

  private static Site tomcat(Mapping mapping, CookieGate gate) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat-kit").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", null);
    FilterDef def = new FilterDef();
    def.setFilterName("cookie-gate");
    def.setFilter(new CookieGateFilter(gate));
    def.setAsyncSupported("true");
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("cookie-gate");
    for (String p : mapping.patterns) {
      map.addURLPattern(p);
    }
    map.setDispatcher(DispatcherType.REQUEST.name());
    ctx.addFilterMap(map);
    int i = 0;
    for (Map.Entry<String, Servlet> e : servlets().entrySet()) {
      String name = "s" + i++;
      Tomcat.addServlet(ctx, name, e.getValue());
      ctx.addServletMappingDecoded(e.getKey(), name);
    }
    tomcat.start();
    return new Site(() -> {
      tomcat.stop();
      tomcat.destroy();
    }, tomcat.getConnector().getLocalPort());
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  /** The shop's page: the session, the vendor SDK's visitor id, an analytics id, and the vendor's snippet. */
  static final class PageServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      req.getSession(true);
      Cookie visitor = new Cookie("intercom-id-demo", "3f2a9c1e-visitor");
      visitor.setPath("/");
      visitor.setMaxAge(23_328_000);
      res.addCookie(visitor);
      res.addHeader("Set-Cookie", "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000");
      res.setContentType("text/html;charset=UTF-8");
      res.getWriter().write(TEMPLATE);
    }
  }

  /** A help page rendered from a template with the same vendor snippet; sets no cookie itself. */
  static final class TemplateServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/html;charset=UTF-8");
      res.getWriter().write(TEMPLATE.replace("Shop", "Help"));
    }
  }

  /** The chat backend: ending the conversation. */
  static final class ChatServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if ("/end".equals(req.getPathInfo())) {
        ChatActivation.end(req);
        res.setStatus(204);
      } else {
        res.sendError(404);
      }
    }
  }

  /** An old tracking endpoint that still sets the vendor's visitor id. */
  static final class LegacyServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.addHeader("Set-Cookie", "intercom-id-legacy=77aa-visitor; Path=/; Max-Age=23328000");
      res.setStatus(204);
    }
  }

}
