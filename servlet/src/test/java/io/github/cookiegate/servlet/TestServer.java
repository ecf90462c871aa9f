package io.github.cookiegate.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded container on 127.0.0.1, port 0, with the filter mapped at /* for REQUEST (async
 * supported) in front of servlets written as lambdas; a {@link HttpClient} without cookie handling.
 */
final class TestServer implements AutoCloseable {

  /** The containers every scenario runs on. */
  enum Container { JETTY, TOMCAT }

  /** A servlet body. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Builds a server: servlets by path, init and context params, error pages. */
  static final class Builder {
    private final Container container;
    private final Map<String, Handler> servlets = new LinkedHashMap<>();
    private final Map<String, String> initParams = new LinkedHashMap<>();
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final Map<Integer, String> errorPages = new LinkedHashMap<>();
    private Filter filter;
    private String sessionCookieName;
    private int requestHeaderSize;
    private int maxCookieCount;
    private boolean forwarded;
    private boolean compression;

    Builder(Container container) {
      this.container = container;
    }

    Builder servlet(String pathSpec, Handler handler) {
      servlets.put(pathSpec, handler);
      return this;
    }

    Builder param(String name, String value) {
      initParams.put(name, value);
      return this;
    }

    Builder contextParam(String name, String value) {
      contextParams.put(name, value);
      return this;
    }

    Builder errorPage(int status, String location) {
      errorPages.put(status, location);
      return this;
    }

    Builder filter(Filter f) {
      this.filter = f;
      return this;
    }

    Builder sessionCookieName(String name) {
      this.sessionCookieName = name;
      return this;
    }

    /** Raises Tomcat's limit on cookies per request (default 200, over which it answers 400 itself); Jetty has none. */
    /** Trusts X-Forwarded-Proto from loopback, as a deployment behind a TLS proxy does. */
    Builder forwardedHeaders() {
      this.forwarded = true;
      return this;
    }

    /** Compresses responses after the filter, as a deployment does: Jetty's GzipHandler, Tomcat's connector. */
    Builder compression() {
      this.compression = true;
      return this;
    }

    Builder maxCookieCount(int count) {
      this.maxCookieCount = count;
      return this;
    }

    /** Raises the container's limit on request header bytes (both default to 8 KB). */
    Builder requestHeaderSize(int bytes) {
      this.requestHeaderSize = bytes;
      return this;
    }

    TestServer start() throws Exception {
      // As in a deployed webapp, something answers every path (Tomcat runs no filter on a path
      // that no servlet maps).
      servlets.putIfAbsent("/", (req, res) -> res.sendError(404));
      Filter f = filter != null ? filter : new CookieGateFilter();
      return container == Container.JETTY ? startJetty(this, f) : startTomcat(this, f);
    }
  }

  static Builder on(Container container) {
    return new Builder(container);
  }

  private final Container container;
  private final int port;
  private final AutoCloseable stopper;
  final Filter filter;

  private TestServer(Container container, int port, AutoCloseable stopper, Filter filter) {
    this.container = container;
    this.port = port;
    this.stopper = stopper;
    this.filter = filter;
  }

  static HttpServlet servletOf(Handler h) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
          h.handle(req, resp);
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    };
  }

  private static TestServer startJetty(Builder b, Filter f) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    if (b.forwarded) {
      connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
          .addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
    }
    if (b.requestHeaderSize > 0) {
      connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
          .setRequestHeaderSize(b.requestHeaderSize);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.SESSIONS);
    ctx.setContextPath("/");
    b.contextParams.forEach(ctx::setInitParameter);
    if (b.sessionCookieName != null) {
      ctx.getServletContext().getSessionCookieConfig().setName(b.sessionCookieName);
    }
    FilterHolder holder = new FilterHolder(f);
    holder.setName("cookie-gate");
    holder.setAsyncSupported(true);
    b.initParams.forEach(holder::setInitParameter);
    ctx.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    b.servlets.forEach((path, h) -> {
      ServletHolder sh = new ServletHolder(servletOf(h));
      sh.setAsyncSupported(true);
      ctx.addServlet(sh, path);
    });
    if (!b.errorPages.isEmpty()) {
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      b.errorPages.forEach(errors::addErrorPage);
      ctx.setErrorHandler(errors);
    }
    if (b.compression) {
      org.eclipse.jetty.server.handler.gzip.GzipHandler gzip = new org.eclipse.jetty.server.handler.gzip.GzipHandler();
      gzip.setMinGzipSize(0);
      gzip.setHandler(ctx);
      server.setHandler(gzip);
    } else {
      server.setHandler(ctx);
    }
    try {
      server.start();
    } catch (Exception | Error e) {
      // Stop what did start (threads, connector) before reporting the failure.
      try {
        server.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
    return new TestServer(Container.JETTY, connector.getLocalPort(), server::stop, f);
  }

  private static TestServer startTomcat(Builder b, Filter f) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    if (b.requestHeaderSize > 0) {
      connector.setProperty("maxHttpHeaderSize", Integer.toString(b.requestHeaderSize));
    }
    if (b.maxCookieCount > 0) {
      connector.setMaxCookieCount(b.maxCookieCount);
    }
    if (b.compression) {
      connector.setProperty("compression", "force");
      connector.setProperty("compressibleMimeType", "text/html");
    }
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", null);
    b.contextParams.forEach(ctx::addParameter);
    if (b.sessionCookieName != null) {
      // The standard way (web.xml <cookie-config><name>, Spring Boot's server.servlet.session.cookie.name).
      ctx.addServletContainerInitializer((classes, sc) -> sc.getSessionCookieConfig().setName(b.sessionCookieName), null);
    }
    FilterDef def = new FilterDef();
    def.setFilterName("cookie-gate");
    def.setFilter(f);
    def.setAsyncSupported("true");
    b.initParams.forEach(def::addInitParameter);
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("cookie-gate");
    map.addURLPattern("/*");
    map.setDispatcher(DispatcherType.REQUEST.name());
    ctx.addFilterMap(map);
    int i = 0;
    for (Map.Entry<String, Handler> e : b.servlets.entrySet()) {
      String name = "s" + i++;
      Wrapper w = Tomcat.addServlet(ctx, name, servletOf(e.getValue()));
      w.setAsyncSupported(true);
      ctx.addServletMappingDecoded(e.getKey(), name);
    }
    b.errorPages.forEach((status, location) -> {
      ErrorPage ep = new ErrorPage();
      ep.setErrorCode(status);
      ep.setLocation(location);
      ctx.addErrorPage(ep);
    });
    if (b.forwarded) {
      org.apache.catalina.valves.RemoteIpValve valve = new org.apache.catalina.valves.RemoteIpValve();
      valve.setProtocolHeader("X-Forwarded-Proto");
      ctx.getPipeline().addValve(valve);
    }
    tomcat.start();
    if (!ctx.getState().isAvailable()) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("Tomcat context failed to start");
    }
    return new TestServer(Container.TOMCAT, tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    }, f);
  }

  Container container() {
    return container;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  int port() {
    return port;
  }

  String origin() {
    return "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  HttpResponse<String> post(String path, String... headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
  }

  HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    request.timeout(Duration.ofSeconds(10));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() throws Exception {
    stopper.close();
  }
}
