package io.github.cookiegate.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/** {@link TestServer} on Jetty 12 ee10 ({@code compat/servlet-6.1} has the ee11 twin: keep both in step). */
final class JettyServer implements TestServer.Starter {

  @Override
  public String release() {
    return "Jetty " + Jetty.VERSION + " ee10 (Servlet " + TestServer.servletSpec() + ")";
  }

  @Override
  public TestServer start(TestServer.Builder b, Filter f) throws Exception {
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
      ServletHolder sh = new ServletHolder(TestServer.servletOf(h));
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
    return new TestServer(TestServer.Container.JETTY, connector.getLocalPort(), server::stop, f);
  }
}
