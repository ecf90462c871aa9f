package io.github.cookiegate.examples.webxml;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs this example's exploded WAR ({@code target/cookie-gate-example-webxml-tomcat/}) on embedded
 * Tomcat 10.1, exactly as a stock Tomcat would: its own web.xml, its own {@code WEB-INF/lib}.
 *
 * <pre>
 * mvn -q -pl examples/webxml-tomcat -am -DskipTests package exec:java    # http://localhost:8082
 * mvn -q -pl examples/webxml-tomcat -am package exec:java -Dexec.args=9090
 * </pre>
 *
 * <p>The same WAR ({@code target/cookie-gate-example-webxml-tomcat.war}) deploys to a stock Tomcat
 * 10.1 as is. Not part of the WAR itself.
 */
public final class TomcatLauncher {

  /** The port {@link #main} uses without an argument. */
  public static final int DEFAULT_PORT = 8082;

  private TomcatLauncher() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    Running running = start(port);
    System.out.println("cookie-gate web.xml example on " + running.uri() + "  (Ctrl+C to stop)");
    running.tomcat.getServer().await();
  }

  /**
   * Starts the exploded webapp next to this class's build output on 127.0.0.1 and this port (0: any
   * free port).
   *
   * @throws IllegalStateException if the exploded webapp is not there ({@code mvn package} first)
   */
  public static Running start(int port) throws LifecycleException {
    return start(port, explodedWebapp());
  }

  /** Starts the exploded webapp in {@code webapp} (a directory holding {@code WEB-INF/web.xml}). */
  public static Running start(int port, Path webapp) throws LifecycleException {
    if (!Files.isRegularFile(webapp.resolve("WEB-INF/web.xml"))) {
      throw new IllegalStateException("no WEB-INF/web.xml in " + webapp + "; run mvn package first");
    }
    Path base;
    try {
      base = Files.createTempDirectory("cookie-gate-tomcat");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create Tomcat's base directory", e);
    }
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    // No default web.xml: it declares the JSP servlet, and this app has no JSP (nor Jasper).
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
    // Tomcat's own classes come from the loader that loaded the launcher (exec:java's, not the JVM's)
    context.setParentClassLoader(TomcatLauncher.class.getClassLoader());
    // What a stock Tomcat's conf/web.xml maps to "/": without a servlet for a request, Tomcat
    // answers 404 before any filter runs, and the filter's own endpoints (/cookie-gate/*) need it.
    Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
    context.addServletMappingDecoded("/", "default");
    try {
      tomcat.start();
    } catch (LifecycleException | RuntimeException e) {
      tomcat.destroy();
      throw e;
    }
    return new Running(tomcat);
  }

  /** {@code target/<artifactId>/}, beside {@code target/classes} where this class was loaded from. */
  static Path explodedWebapp() {
    try {
      Path classes = Path.of(TomcatLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().resolve("cookie-gate-example-webxml-tomcat");
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot find the exploded webapp; pass its directory to start(port, webapp)", e);
    }
  }

  /** A started server: its port and address, stopped by {@link #close}. */
  public static final class Running implements AutoCloseable {
    private final Tomcat tomcat;
    private final int port;

    Running(Tomcat tomcat) {
      this.tomcat = tomcat;
      this.port = tomcat.getConnector().getLocalPort();
    }

    /** The port the server listens on (the free one chosen for port 0). */
    public int port() {
      return port;
    }

    /** The application's root, {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
      return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Stops the server and removes its temporary base directory. */
    @Override
    public void close() throws LifecycleException {
      try {
        tomcat.stop();
        tomcat.destroy();
      } finally {
        deleteTree(new File(tomcat.getServer().getCatalinaBase().getPath()));
      }
    }

    private static void deleteTree(File f) {
      File[] children = f.listFiles();
      if (children != null) {
        for (File c : children) {
          deleteTree(c);
        }
      }
      f.delete();
    }
  }
}
