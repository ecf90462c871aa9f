package io.github.cookiegate.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * A real embedded container on 127.0.0.1, port 0, with the filter mapped at /* for REQUEST (async
 * supported) in front of servlets written as lambdas; a {@link HttpClient} without cookie handling.
 *
 * <p>Which release of a container runs is the test class path's: this module runs Tomcat 10.1, Jetty
 * 12.0 (ee10) and Undertow 2.3 (Servlet 6.0); {@code compat/servlet-6.1} runs the same tests on
 * Tomcat 11 and Jetty 12.1 (ee11). System properties, set by the build:
 * {@code cookie-gate.test.containers} (the containers that run; the others are reported as skipped),
 * {@code cookie-gate.test.server.<container>} (the class that starts it, see {@link Starter}) and
 * {@code cookie-gate.test.record} (a file that gets one line per container release that served a
 * test; {@code .ci/compat-check} compares it with docs/compatibility.md).
 */
final class TestServer implements AutoCloseable {

  /** The containers every scenario runs on; the release is the class path's ({@link #toString()} names it). */
  enum Container {
    JETTY, TOMCAT, UNDERTOW;

    /** The release that runs, e.g. {@code TOMCAT (Tomcat 11.0.29, Servlet 6.1)}: the tests' display name. */
    @Override
    public String toString() {
      try {
        return name() + " (" + starter(this).release() + ")";
      } catch (RuntimeException | LinkageError e) {
        return name();
      }
    }
  }

  /** Starts one container family; each implementation is compiled against that family's API. */
  interface Starter {
    TestServer start(Builder builder, Filter filter) throws Exception;

    /** Product, version and Servlet API level, e.g. {@code Jetty 12.1.14 ee11 (Servlet 6.1)}. */
    String release();
  }

  private static final Map<Container, Starter> STARTERS = new ConcurrentHashMap<>();
  private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

  static Starter starter(Container container) {
    return STARTERS.computeIfAbsent(container, c -> {
      String name = c.name().toLowerCase(Locale.ROOT);
      String type = System.getProperty("cookie-gate.test.server." + name,
          "io.github.cookiegate.servlet." + switch (c) {
            case JETTY -> "JettyServer";
            case TOMCAT -> "TomcatServer";
            case UNDERTOW -> "UndertowServer";
          });
      try {
        return (Starter) Class.forName(type).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot load the " + c + " starter " + type, e);
      }
    });
  }

  /** The Servlet API level on the class path: 6.1 added {@code ServletResponse.setCharacterEncoding(Charset)}. */
  static String servletSpec() {
    try {
      jakarta.servlet.ServletResponse.class.getMethod("setCharacterEncoding", java.nio.charset.Charset.class);
      return "6.1";
    } catch (NoSuchMethodException e) {
      return "6.0";
    }
  }

  /** Whether this build runs the container at all (property {@code cookie-gate.test.containers}, default all). */
  static boolean runs(Container container) {
    String only = System.getProperty("cookie-gate.test.containers", "").trim();
    return only.isEmpty() || Arrays.stream(only.split(",")).map(String::trim).anyMatch(container.name()::equalsIgnoreCase);
  }

  /** A servlet body. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Builds a server: servlets by path, init and context params, error pages (read by the {@link Starter}s). */
  static final class Builder {
    final Container container;
    final Map<String, Handler> servlets = new LinkedHashMap<>();
    final Map<String, String> initParams = new LinkedHashMap<>();
    final Map<String, String> contextParams = new LinkedHashMap<>();
    final Map<Integer, String> errorPages = new LinkedHashMap<>();
    Filter filter;
    String sessionCookieName;
    int requestHeaderSize;
    int maxCookieCount;
    boolean forwarded;
    boolean compression;

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
      Starter starter = starter(container);
      TestServer server = starter.start(this, f);
      record(starter.release());
      return server;
    }
  }

  /** A server on that container; the test is skipped where this build does not run the container. */
  static Builder on(Container container) {
    Assumptions.assumeTrue(runs(container), () -> container.name() + " does not run in this module (cookie-gate.test.containers)");
    return new Builder(container);
  }

  /** Appends the release to the record file once per JVM: what CI ran, for the compatibility table. */
  private static void record(String release) {
    String file = System.getProperty("cookie-gate.test.record", "");
    String line = "servlet\t" + release + "\tjava " + Runtime.version().feature() + "\n";
    if (file.isEmpty()) {
      return;
    }
    synchronized (RECORDED) {
      boolean first = RECORDED.isEmpty();
      if (!RECORDED.add(line)) {
        return;
      }
      try {
        // One file per Java release; this JVM's first line replaces what an earlier run left.
        Path path = Path.of(file.replace(".tsv", "-java" + Runtime.version().feature() + ".tsv"));
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            first ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Container container;
  private final int port;
  private final AutoCloseable stopper;
  final Filter filter;

  TestServer(Container container, int port, AutoCloseable stopper, Filter filter) {
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
