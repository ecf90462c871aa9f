package io.github.cookiegate.benchmarks;

import io.github.cookiegate.internal.GateAccess;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The page-rewriting load test of the issue's table: a 30 KB shop page with an Intercom loader and
 * a Google tag, the same page without any vendor (nothing the rewriter could hold), the shop page
 * with a counter near its end (a page never served twice: what the page cache costs), and a 2 KB
 * text page (cookie gating only), written to the writer and to the output stream, on Jetty 12 and
 * Tomcat 10.1, for a fresh and a consenting visitor; each behind this build's filter and, when a
 * second jar is given, behind an older build's filter loaded in its own class loader, in the same
 * JVM and the same rounds, beside the bare application and a second bare copy (the noise floor);
 * {@code new-cache-off} is this build with {@code html-cache=off}.
 *
 * <p>Each round runs {@code bare, targets..., targets reversed..., bare} with wrk on loopback; the
 * report gives, per target, the median of the per-round throughput ratios to bare (min to max), the
 * median p99 difference, and the median server CPU time per request beside bare's.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.PageLoadTest \
 *     [rounds=3] [seconds=3] [old-benchmarks.jar|none] [jetty,tomcat] [shop,clean,unique,small]
 * }</pre>
 *
 * <p>The last argument chooses the pages (both ways of writing each 30 KB page); by default all of
 * them. The 2 KB text page's group also runs the second bare copy, so its noise floor is measured
 * in the same rounds.
 *
 * <p>With 0 rounds it only serves, and prints the ports and the consenting visitor's {@code Cookie}
 * header (for a profiler).
 */
public final class PageLoadTest {
  private PageLoadTest() {}

  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0NTY3ODkwMTI=";

  static String resource(String name) {
    try (InputStream in = PageLoadTest.class.getResourceAsStream("/pages/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The application: /shop and /clean (30 KB HTML), /small (2 KB text); ?stream writes bytes. */
  static final class App extends HttpServlet {
    static final String SHOP = resource("shop-30k.html");
    static final String CLEAN = resource("clean-30k.html");
    static final String SMALL = "Order 42 confirmed. ".repeat(100);
    static final Map<String, byte[]> BYTES = Map.of("/shop", SHOP.getBytes(StandardCharsets.UTF_8),
        "/clean", CLEAN.getBytes(StandardCharsets.UTF_8), "/small", SMALL.getBytes(StandardCharsets.UTF_8));
    /** /unique: the shop page with a counter in a comment before {@code </body>}, so that no two bodies are equal. */
    static final String UNIQUE_HEAD = SHOP.substring(0, SHOP.lastIndexOf("</body>"));
    static final String UNIQUE_TAIL = SHOP.substring(SHOP.lastIndexOf("</body>"));
    static final byte[] UNIQUE_HEAD_BYTES = UNIQUE_HEAD.getBytes(StandardCharsets.UTF_8);
    static final byte[] UNIQUE_TAIL_BYTES = UNIQUE_TAIL.getBytes(StandardCharsets.UTF_8);
    final java.util.concurrent.atomic.AtomicLong visits = new java.util.concurrent.atomic.AtomicLong();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.addHeader("Set-Cookie", "SESSION=5f3c1e9a77b24c1d9e0f1a2b3c4d5e6f; Path=/; HttpOnly; SameSite=Lax");
      res.addHeader("Set-Cookie", "intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; Path=/; Max-Age=23328000");
      res.addHeader("Set-Cookie", "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000; SameSite=Lax");
      String path = req.getRequestURI();
      res.setContentType(path.equals("/small") ? "text/plain;charset=utf-8" : "text/html;charset=utf-8");
      if (path.equals("/unique")) {
        String counter = "<!-- visit " + visits.incrementAndGet() + " -->";
        if (req.getQueryString() != null) {
          res.getOutputStream().write(UNIQUE_HEAD_BYTES);
          res.getOutputStream().write(counter.getBytes(StandardCharsets.UTF_8));
          res.getOutputStream().write(UNIQUE_TAIL_BYTES);
        } else {
          res.getWriter().write(UNIQUE_HEAD);
          res.getWriter().write(counter);
          res.getWriter().write(UNIQUE_TAIL);
        }
      } else if (req.getQueryString() != null) {
        res.getOutputStream().write(BYTES.get(path));
      } else {
        res.getWriter().write(path.equals("/shop") ? SHOP : path.equals("/clean") ? CLEAN : SMALL);
      }
    }
  }

  /** Loads cookie-gate's classes from another build's jar first; everything else from this one. */
  static final class OtherBuild extends URLClassLoader {
    OtherBuild(Path jar) throws IOException {
      super(new URL[] {jar.toUri().toURL()}, PageLoadTest.class.getClassLoader());
    }

    private static boolean own(String name) {
      return name.startsWith("io.github.cookiegate.") && !name.startsWith("io.github.cookiegate.benchmarks.");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!own(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = name.startsWith("io/github/cookiegate/") ? findResource(name) : null;
      return own != null ? own : super.getResource(name);
    }
  }

  static Filter filter(ClassLoader loader) throws Exception {
    return (Filter) loader.loadClass("io.github.cookiegate.servlet.CookieGateFilter").getConstructor().newInstance();
  }

  static Map<String, String> params(boolean html) {
    return Map.of("secret", SECRET, "cookies.analytics", "_ga", "html", html ? "on" : "off");
  }

  /** This build's filter with the page cache off: the same rewrite on every request. */
  static Map<String, String> paramsWithoutCache() {
    Map<String, String> p = new LinkedHashMap<>(params(true));
    p.put("html-cache", "off");
    return p;
  }

  /** Starts one context per target on Jetty (a connector each); returns target name to port. */
  static Map<String, Integer> jetty(Map<String, Filter> targets, Map<String, Map<String, String>> init) throws Exception {
    Server server = new Server();
    org.eclipse.jetty.server.handler.ContextHandlerCollection contexts =
        new org.eclipse.jetty.server.handler.ContextHandlerCollection();
    Map<String, ServerConnector> connectors = new LinkedHashMap<>();
    for (Map.Entry<String, Filter> t : targets.entrySet()) {
      ServerConnector c = new ServerConnector(server);
      c.setHost("127.0.0.1");
      c.setPort(0);
      c.setName(t.getKey());
      server.addConnector(c);
      connectors.put(t.getKey(), c);
      ServletContextHandler ctx = new ServletContextHandler();
      ctx.setContextPath("/");
      ctx.setVirtualHosts(List.of("@" + t.getKey()));
      if (t.getValue() != null) {
        FilterHolder f = new FilterHolder(t.getValue());
        f.setInitParameters(init.get(t.getKey()));
        f.setAsyncSupported(true);
        ctx.addFilter(f, "/*", EnumSet.of(DispatcherType.REQUEST));
      }
      ctx.addServlet(new ServletHolder(new App()), "/");
      contexts.addHandler(ctx);
    }
    server.setHandler(contexts);
    server.start();
    Map<String, Integer> ports = new LinkedHashMap<>();
    connectors.forEach((n, c) -> ports.put(n, c.getLocalPort()));
    return ports;
  }

  /** One Tomcat per target. */
  static Map<String, Integer> tomcat(Map<String, Filter> targets, Map<String, Map<String, String>> init) throws Exception {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Map.Entry<String, Filter> t : targets.entrySet()) {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(Files.createTempDirectory("tomcat-" + t.getKey()).toString());
      Connector c = new Connector();
      c.setPort(0);
      c.setProperty("address", "127.0.0.1");
      tomcat.setConnector(c);
      Context ctx = tomcat.addContext("", null);
      Tomcat.addServlet(ctx, "app", new App());
      ctx.addServletMappingDecoded("/", "app");
      if (t.getValue() != null) {
        FilterDef def = new FilterDef();
        def.setFilterName("gate");
        def.setFilter(t.getValue());
        def.setAsyncSupported("true");
        init.get(t.getKey()).forEach(def::addInitParameter);
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("gate");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
      }
      tomcat.start();
      ports.put(t.getKey(), tomcat.getConnector().getLocalPort());
    }
    return ports;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ClassLoader other = args.length > 2 && !args[2].equals("none") ? new OtherBuild(Path.of(args[2])) : null;
    List<String> only = args.length > 3 ? List.of(args[3].split(",")) : List.of("jetty", "tomcat");
    List<String> pages = args.length > 4 ? List.of(args[4].split(",")) : List.of("shop", "clean", "unique", "small");
    io.github.cookiegate.CookieGate gate = io.github.cookiegate.CookieGate.fromSettings(params(true));
    String consenting = "cookie_gate_chat=" + GateAccess.ownCookies(gate).newActivationMarker(false).value()
        + "; cookie_gate_consent=chat.analytics; SESSION=5f3c1e9a77b24c1d9e0f1a2b3c4d5e6f; XSRF-TOKEN=5f3c1e9a-77b2"
        + "; intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; intercom-session-app1=c2Vzc2lvbg"
        + "; _ga=GA1.1.123456789.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000100.0.0.0; theme=dark"
        + "; lang=fr; AWSALBTG=q1w2e3r4t5y6u7i8o9p0; cart=3-items";
    System.out.printf(Locale.ROOT, "page load test: wrk -t1 -c16, %d s per run, %d rounds; JVM %s, %d cores; old build: %s%n",
        seconds, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        other != null ? args[2] : "none");
    for (String container : only) {
      Map<String, Filter> targets = new LinkedHashMap<>();
      Map<String, Map<String, String>> init = new LinkedHashMap<>();
      targets.put("bare", null);
      targets.put("bare2", null);
      targets.put("new", filter(PageLoadTest.class.getClassLoader()));
      init.put("new", params(true));
      targets.put("new-html-off", filter(PageLoadTest.class.getClassLoader()));
      init.put("new-html-off", params(false));
      targets.put("new-cache-off", filter(PageLoadTest.class.getClassLoader()));
      init.put("new-cache-off", paramsWithoutCache());
      if (other != null) {
        targets.put("old", filter(other));
        init.put("old", params(true));
      }
      Map<String, Integer> ports = container.equals("jetty") ? jetty(targets, init) : tomcat(targets, init);
      if (rounds == 0) { // serve only, for a profiler: print the ports and wait
        System.out.println(container + " " + ports);
        System.out.println("consenting visitor's Cookie header: " + consenting);
        continue;
      }
      for (int port : ports.values()) {
        for (String page : pages) {
          for (String path : page.equals("small") ? new String[] {"/small"} : new String[] {"/" + page, "/" + page + "?stream"}) {
            // Warm the JIT on every target, path and visitor: code first compiled for one visitor only
            // was seen running a later visitor's requests several times slower for tens of seconds.
            LoadTest.wrk("" + port, path, null, 2, 16);
            LoadTest.wrk("" + port, path, consenting, 2, 16);
          }
        }
      }
      String[] withOld = other != null ? new String[] {"new", "new-cache-off", "old"} : new String[] {"new", "new-cache-off"};
      for (String[] visitor : new String[][] {{"fresh", null}, {"consenting (12 cookies)", consenting}}) {
        if (pages.contains("shop")) {
          group(container, visitor[0], "30 KB HTML, writer", "/shop", visitor[1], ports, concat("bare2", withOld, "new-html-off"), rounds, seconds);
          group(container, visitor[0], "30 KB HTML, output stream", "/shop?stream", visitor[1], ports, withOld, rounds, seconds);
        }
        if (pages.contains("clean")) {
          group(container, visitor[0], "30 KB HTML, no vendor, writer", "/clean", visitor[1], ports, withOld, rounds, seconds);
          group(container, visitor[0], "30 KB HTML, no vendor, output stream", "/clean?stream", visitor[1], ports, withOld, rounds, seconds);
        }
        if (pages.contains("unique")) {
          group(container, visitor[0], "30 KB HTML, unique per request, writer", "/unique", visitor[1], ports, withOld, rounds, seconds);
          group(container, visitor[0], "30 KB HTML, unique per request, stream", "/unique?stream", visitor[1], ports, withOld, rounds, seconds);
        }
        if (pages.contains("small")) {
          String[] text = other != null ? new String[] {"bare2", "new", "old"} : new String[] {"bare2", "new"};
          group(container, visitor[0], "2 KB text page (cookie gating only)", "/small", visitor[1], ports, text, rounds, seconds);
        }
      }
    }
    if (rounds == 0) {
      Thread.sleep(Long.MAX_VALUE);
    }
    System.exit(0);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * The server JVM's CPU time (all its threads; wrk is another process): per request served, it
   * compares builds even on a machine whose load makes throughput ratios noise.
   */
  static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  static String[] concat(String first, String[] middle, String last) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(List.of(middle));
    out.add(last);
    return out.toArray(new String[0]);
  }

  /** Rounds of {@code bare, targets..., targets reversed..., bare}; prints each target's ratio to bare. */
  static void group(String container, String visitor, String page, String path, String cookie, Map<String, Integer> ports,
      String[] targets, int rounds, int seconds) throws Exception {
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      Map<String, double[]> sum = new LinkedHashMap<>();
      List<String> order = new ArrayList<>();
      order.add("bare");
      order.addAll(List.of(targets));
      for (int k = targets.length - 1; k >= 0; k--) {
        order.add(targets[k]);
      }
      order.add("bare");
      for (String t : order) {
        long cpuBefore = CPU.getProcessCpuTime();
        LoadTest.Run run = LoadTest.wrk("" + ports.get(t), path, cookie, seconds, 16);
        long used = CPU.getProcessCpuTime() - cpuBefore;
        double[] s = sum.computeIfAbsent(t, k -> new double[4]);
        s[0] += run.requestsPerSecond();
        s[1] += run.p99Micros();
        s[2]++;
        s[3] += used / 1000.0 / Math.max(1, run.requestsPerSecond() * seconds);
      }
      double bare = sum.get("bare")[0] / sum.get("bare")[2];
      double bareP99 = sum.get("bare")[1] / sum.get("bare")[2];
      cpu.computeIfAbsent("bare", k -> new ArrayList<>()).add(sum.get("bare")[3] / sum.get("bare")[2]);
      for (String t : targets) {
        double[] s = sum.get(t);
        ratios.computeIfAbsent(t, k -> new ArrayList<>()).add(s[0] / s[2] / bare);
        p99.computeIfAbsent(t, k -> new ArrayList<>()).add(s[1] / s[2] - bareP99);
        cpu.computeIfAbsent(t, k -> new ArrayList<>()).add(s[3] / s[2]);
      }
    }
    for (String t : targets) {
      List<Double> v = ratios.get(t);
      List<Double> sorted = new ArrayList<>(v);
      sorted.sort(Double::compare);
      List<Double> d = new ArrayList<>(p99.get(t));
      d.sort(Double::compare);
      System.out.printf(Locale.ROOT, "%-6s | %-24s | %-38s | %-13s / bare | %.3f (%.3f-%.3f) | p99 %+.1f ms"
          + " | server CPU %.0f us/request (bare %.0f)%n", container, visitor, page, t, sorted.get(sorted.size() / 2),
          sorted.get(0), sorted.get(sorted.size() - 1), d.get(d.size() / 2) / 1000, median(cpu.get(t)),
          median(cpu.get("bare")));
    }
  }
}
