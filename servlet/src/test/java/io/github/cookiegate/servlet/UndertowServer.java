package io.github.cookiegate.servlet;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.Version;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletSessionConfig;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * {@link TestServer} on Undertow 2.3 (Servlet 6.0), as WildFly and Quarkus deploy a servlet filter:
 * a {@code DeploymentInfo} with the filter and servlets as instances, behind an {@code Undertow}
 * listener on 127.0.0.1, port 0.
 */
final class UndertowServer implements TestServer.Starter {

  @Override
  public String release() {
    return "Undertow " + Version.getVersionString() + " (Servlet " + TestServer.servletSpec() + ")";
  }

  @Override
  public TestServer start(TestServer.Builder b, Filter f) throws Exception {
    DeploymentInfo info = Servlets.deployment()
        .setClassLoader(UndertowServer.class.getClassLoader())
        .setContextPath("")
        .setDeploymentName("cookie-gate-test")
        // Undertow initialises filters on first use unless told otherwise; eager, as Spring Boot
        // configures it (server.undertow.eager-filter-init), a bad setting fails start-up.
        .setEagerFilterInit(true);
    b.contextParams.forEach(info::addInitParameter);
    if (b.sessionCookieName != null) {
      info.setServletSessionConfig(new ServletSessionConfig().setName(b.sessionCookieName));
    }
    FilterInfo filter = Servlets.filter("cookie-gate", Filter.class, new ImmediateInstanceFactory<>(f));
    filter.setAsyncSupported(true);
    b.initParams.forEach(filter::addInitParam);
    info.addFilter(filter);
    info.addFilterUrlMapping("cookie-gate", "/*", DispatcherType.REQUEST);
    int i = 0;
    for (Map.Entry<String, TestServer.Handler> e : b.servlets.entrySet()) {
      ServletInfo servlet = Servlets.servlet("s" + i++, HttpServlet.class,
          new ImmediateInstanceFactory<>(TestServer.servletOf(e.getValue())));
      servlet.setAsyncSupported(true);
      servlet.addMapping(e.getKey());
      info.addServlet(servlet);
    }
    b.errorPages.forEach((status, location) -> info.addErrorPage(new ErrorPage(location, status)));

    DeploymentManager manager = Servlets.newContainer().addDeployment(info);
    // A filter whose init throws fails deploy() (or start()): start-up fails, nothing is served.
    manager.deploy();
    HttpHandler handler = manager.start();
    if (b.compression) {
      handler = new EncodingHandler(new ContentEncodingRepository()
          .addEncodingHandler("gzip", new GzipEncodingProvider(), 50)).setNext(handler);
    }
    if (b.forwarded) {
      // X-Forwarded-Proto (and -For, -Host, -Port) from the proxy in front, as RemoteIpValve does on Tomcat.
      handler = Handlers.proxyPeerAddress(handler);
    }
    Undertow.Builder server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler)
        // Undertow 2.3 cuts a cookie value at '=' unless this is on; consent platforms' cookies
        // (OneTrust's OptanonConsent) hold '=' (docs/compatibility.md).
        .setServerOption(UndertowOptions.ALLOW_EQUALS_IN_COOKIE_VALUE, true);
    if (b.requestHeaderSize > 0) {
      server.setServerOption(UndertowOptions.MAX_HEADER_SIZE, b.requestHeaderSize);
    }
    if (b.maxCookieCount > 0) {
      server.setServerOption(UndertowOptions.MAX_COOKIES, b.maxCookieCount);
    }
    Undertow undertow = server.build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      manager.undeploy();
      throw e;
    }
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return new TestServer(TestServer.Container.UNDERTOW, port, () -> {
      undertow.stop();
      manager.stop();
      manager.undeploy();
    }, f);
  }
}
