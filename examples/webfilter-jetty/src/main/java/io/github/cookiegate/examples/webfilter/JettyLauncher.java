package io.github.cookiegate.examples.webfilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Runs this example on embedded Jetty 12 (ee10) as a web application whose filter and servlets are
 * found by annotation scanning: {@link ChatCookieGate} ({@code @WebFilter}), {@link PageServlet}
 * and {@link ChatServlet} ({@code @WebServlet}). Nothing is registered in code.
 *
 * <pre>
 * mvn -q -pl examples/webfilter-jetty -am -DskipTests package exec:java    # http://localhost:8083
 * mvn -q -pl examples/webfilter-jetty -am package exec:java -Dexec.args=9090
 * </pre>
 *
 * <p>In a WAR the annotated classes sit in {@code WEB-INF/classes} and every container scans them;
 * here they are on the launcher's class path, so the launcher hands their location to Jetty's scan.
 */
public final class JettyLauncher {

  /** The port {@link #main} uses without an argument. */
  public static final int DEFAULT_PORT = 8083;

  private JettyLauncher() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    Running running = start(port);
    System.out.println("cookie-gate @WebFilter example on " + running.uri() + "  (Ctrl+C to stop)");
    running.server.join();
  }

  /** Starts the example on 127.0.0.1 and this port (0: any free port). */
  public static Running start(int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    // A web application needs a base directory; this one has no static files, so an empty one.
    Path base = Files.createTempDirectory("cookie-gate-jetty");
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(base);
    // a filter that fails to start (a bad init param) fails the launcher, not just the context
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.setParentLoaderPriority(true); // one copy of each class: the launcher's
    webapp.addConfiguration(new AnnotationConfiguration());
    // Scan the directory (or jar) this class was loaded from, as a WAR's WEB-INF/classes would be.
    webapp.getMetaData().addContainerResource(ResourceFactory.of(webapp).newResource(ownClasses()));
    server.setHandler(webapp);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      deleteTree(base);
      throw e;
    }
    return new Running(server, connector.getLocalPort(), base);
  }

  /** Where this example's classes are: {@code target/classes/}, or its jar. */
  static URI ownClasses() {
    try {
      return JettyLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot find this example's classes to scan", e);
    }
  }

  /** A started server: its port and address, stopped by {@link #close}. */
  public static final class Running implements AutoCloseable {
    private final Server server;
    private final int port;
    private final Path base;

    Running(Server server, int port, Path base) {
      this.server = server;
      this.port = port;
      this.base = base;
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
    public void close() throws Exception {
      try {
        server.stop();
      } finally {
        deleteTree(base);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
