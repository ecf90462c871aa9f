package io.github.cookiegate.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** {@link TestServer} on embedded Tomcat: 10.1 in this module, 11 in {@code compat/servlet-6.1} (same API). */
final class TomcatServer implements TestServer.Starter {

  @Override
  public String release() {
    String info = ServerInfo.getServerInfo(); // "Apache Tomcat/11.0.29"
    return "Tomcat " + info.substring(info.indexOf('/') + 1) + " (Servlet " + TestServer.servletSpec() + ")";
  }

  @Override
  public TestServer start(TestServer.Builder b, Filter f) throws Exception {
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
    for (Map.Entry<String, TestServer.Handler> e : b.servlets.entrySet()) {
      String name = "s" + i++;
      Wrapper w = Tomcat.addServlet(ctx, name, TestServer.servletOf(e.getValue()));
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
    return new TestServer(TestServer.Container.TOMCAT, tomcat.getConnector().getLocalPort(), () -> {
      tomcat.stop();
      tomcat.destroy();
    }, f);
  }
}
