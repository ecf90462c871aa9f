package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * Load test against a real server: the same application with and without the filter, in one
 * JVM (embedded Jetty 12, one connector each), driven by wrk on loopback.
 *
 * <p>A pair of runs on 2 cores swings by 5-10 % on its own, so: each target is warmed until the
 * JIT settles, then rounds alternate A B B A (gated, bare, bare, gated) and the report gives the
 * median of the per-round throughput ratios and their spread, and the same for p99 latency. The
 * bare application measured against a second bare copy, in the same way, is the noise floor.
 *
 * <p>Scenarios: a fresh visitor (no {@code Cookie} header: the chat and analytics cookies are
 * blocked) and a consenting one (a 12-cookie {@code Cookie} header with the activation marker and
 * {@code cookie_gate_consent=chat.analytics}: all three cookies pass).
 *
 * <pre>{@code
 * bash benchmarks/load-test.sh            # installs wrk if missing, builds, runs (about 7 minutes)
 * java -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.LoadTest [rounds] [seconds]
 * }</pre>
 */
public final class LoadTest {

  private LoadTest() {}

  /** The application: a page that sets a session, a chat and an analytics cookie. */
  static final class Page extends HttpServlet {
    private static final byte[] BODY = ("<!doctype html><html><head><title>shop</title></head><body>"
        + "<h1>Product 42</h1>" + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>".repeat(16)
        + "<button data-cookie-gate-activate>Chat with us</button></body></html>").getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.addHeader("Set-Cookie", "SESSION=5f3c1e9a77b24c1d9e0f1a2b3c4d5e6f; Path=/; HttpOnly; SameSite=Lax");
      res.addHeader("Set-Cookie", "intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; Path=/; Max-Age=23328000; SameSite=Lax");
      res.addHeader("Set-Cookie", "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000; SameSite=Lax");
      res.setContentType("text/html;charset=utf-8");
      res.setContentLength(BODY.length);
      res.getOutputStream().write(BODY);
    }
  }

  /**
   * A 50 KB product page with two vendor snippets (Google tag, Intercom), for the rewriter: written
   * as bytes to the output stream at {@code /}, as a String to the writer (what a template engine
   * does) at {@code /writer}.
   */
  static final class BigPage extends HttpServlet {
    private static final String PAGE = bigPage(50_000);
    private static final byte[] BODY = PAGE.getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/html;charset=utf-8");
      if (req.getRequestURI().equals("/writer")) {
        res.getWriter().write(PAGE);
      } else {
        res.getOutputStream().write(BODY);
      }
    }
  }

  static String bigPage(int size) {
    StringBuilder sb = new StringBuilder(size + 1024);
    sb.append("<!doctype html><html><head><title>Shop</title>")
        .append("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABC123\"></script></head><body>");
    while (sb.length() < size - 400) {
      sb.append("<div class=\"product\"><a href=\"/p/42\"><img src=\"/img/42.jpg\" alt=\"Product 42\"></a>")
          .append("<h2>Product 42</h2><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p></div>\n");
    }
    sb.append("<script>(function(){var s=document.createElement('script');s.async=true;")
        .append("s.src='https://widget.intercom.io/widget/abc123';document.head.appendChild(s);})();</script>")
        .append("</body></html>");
    return sb.toString();
  }

  record Run(double requestsPerSecond, double p99Micros, double meanMicros) {}

  public static void main(String[] args) throws Exception {
    boolean serveOnly = args.length > 0 && args[0].equals("serve"); // for profiling: serve, print ports, wait
    int rounds = args.length > 0 && !serveOnly ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // Which comparisons: "cookies" (the small page), "html" (the 50 KB page); both by default.
    List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of("cookies", "html");
    CookieGate gate = CookieGate.builder().listener(GateListener.none())
        .cookies(io.github.cookiegate.Category.ANALYTICS, "_ga").build();
    Server server = new Server();
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    String[] names = {"gated", "bare", "bare2", "html", "nohtml"};
    int[] ports = new int[names.length];
    List<ServerConnector> connectors = new ArrayList<>();
    for (String name : names) {
      ServerConnector c = new ServerConnector(server);
      c.setHost("127.0.0.1");
      c.setPort(0);
      c.setName(name);
      server.addConnector(c);
      connectors.add(c);
      ServletContextHandler ctx = new ServletContextHandler();
      ctx.setContextPath("/");
      ctx.setVirtualHosts(List.of("@" + name));
      if (!name.startsWith("bare")) {
        CookieGate g = name.equals("nohtml")
            ? CookieGate.builder().listener(GateListener.none()).cookies(io.github.cookiegate.Category.ANALYTICS, "_ga")
                .html(false).build()
            : gate;
        FilterHolder f = new FilterHolder(new CookieGateFilter(g));
        f.setAsyncSupported(true);
        ctx.addFilter(f, "/*", EnumSet.of(DispatcherType.REQUEST));
      }
      ctx.addServlet(new ServletHolder(name.endsWith("html") ? new BigPage() : new Page()), "/");
      contexts.addHandler(ctx);
    }
    server.setHandler(contexts);
    server.start();
    for (int i = 0; i < names.length; i++) {
      ports[i] = connectors.get(i).getLocalPort();
    }
    String consented = "cookie_gate_chat=" + GateAccess.ownCookies(gate).newActivationMarker(false).value()
        + "; cookie_gate_consent=chat.analytics; SESSION=5f3c1e9a77b24c1d9e0f1a2b3c4d5e6f; XSRF-TOKEN=5f3c1e9a-77b2"
        + "; intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; intercom-session-app1=c2Vzc2lvbg"
        + "; _ga=GA1.1.123456789.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000100.0.0.0; theme=dark"
        + "; lang=fr; AWSALBTG=q1w2e3r4t5y6u7i8o9p0; cart=3-items";
    if (serveOnly) {
      System.out.printf(Locale.ROOT, "gated http://127.0.0.1:%d/ bare http://127.0.0.1:%d/%n"
          + "50 KB page (/ stream, /writer writer): html=on http://127.0.0.1:%d/ html=off http://127.0.0.1:%d/%n"
          + "Cookie: %s%n", ports[0], ports[1], ports[3], ports[4], consented);
      server.join();
      return;
    }
    try {
      System.out.printf(Locale.ROOT, "load test: wrk -t1 -c16, %d s per run, %d A-B-B-A rounds; JVM %s, %d cores%n",
          seconds, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      if (only.contains("cookies")) {
        for (String port : new String[] {"" + ports[0], "" + ports[1], "" + ports[2]}) {
          wrk(port, "/", null, 10, 16); // warm the JIT on every target until throughput settles
          wrk(port, "/", consented, 10, 16);
        }
        compare("noise floor: bare vs bare, no Cookie header", ports[2], ports[1], "/", null, rounds, seconds);
        compare("fresh visitor (no Cookie header; 2 of 3 cookies blocked)", ports[0], ports[1], "/", null, rounds, seconds);
        compare("consenting visitor (12-cookie Cookie header; 3 cookies pass)", ports[0], ports[1], "/", consented, rounds,
            seconds);
      }
      if (only.contains("html")) {
        for (String path : new String[] {"/", "/writer"}) {
          wrk("" + ports[3], path, null, 10, 16);
          wrk("" + ports[4], path, null, 10, 16);
        }
        compare("50 KB page, 2 vendor snippets, output stream: html=on / html=off", ports[3], ports[4], "/", null, rounds,
            seconds);
        compare("50 KB page, 2 vendor snippets, writer: html=on / html=off", ports[3], ports[4], "/writer", null, rounds,
            seconds);
        responseTime("50 KB page, output stream, one request at a time: html=on / html=off", ports[3], ports[4], "/",
            rounds, seconds);
        responseTime("50 KB page, writer, one request at a time: html=on / html=off", ports[3], ports[4], "/writer",
            rounds, seconds);
      }
    } finally {
      server.stop();
    }
  }

  /**
   * The response time a visitor sees: one connection, one request at a time (wrk -c1), A-B-B-A;
   * the median of the per-round ratios of mean latency (A / B; 1.10 = 10 % slower).
   */
  private static void responseTime(String title, int a, int b, String path, int rounds, int seconds) throws Exception {
    List<Double> ratios = new ArrayList<>();
    List<Double> meanA = new ArrayList<>();
    List<Double> meanB = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Run[] ab = round(a, b, path, null, seconds, 1);
      ratios.add(ab[0].meanMicros() / ab[1].meanMicros());
      meanA.add(ab[0].meanMicros());
      meanB.add(ab[1].meanMicros());
    }
    System.out.printf(Locale.ROOT, "%s%n  response-time ratio A/B: median %.3f (min %.3f, max %.3f); mean A ~%.0f us,"
        + " B ~%.0f us%n", title, median(ratios), min(ratios), max(ratios), median(meanA), median(meanB));
  }

  private static void compare(String title, int a, int b, String path, String cookie, int rounds, int seconds)
      throws Exception {
    List<Double> ratios = new ArrayList<>();
    List<Double> p99Deltas = new ArrayList<>();
    List<Double> throughputA = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Run[] ab = round(a, b, path, cookie, seconds, 16);
      ratios.add(ab[0].requestsPerSecond() / ab[1].requestsPerSecond());
      throughputA.add(ab[0].requestsPerSecond());
      p99Deltas.add(ab[0].p99Micros() - ab[1].p99Micros());
    }
    System.out.printf(Locale.ROOT, "%s%n  throughput ratio A/B: median %.3f (min %.3f, max %.3f); A ~%.0f req/s%n"
        + "  p99 A-B: median %+.0f us (min %+.0f, max %+.0f)%n",
        title, median(ratios), min(ratios), max(ratios), median(throughputA),
        median(p99Deltas), min(p99Deltas), max(p99Deltas));
  }

  /** One A-B-B-A round; returns A's two runs averaged, then B's. */
  private static Run[] round(int a, int b, String path, String cookie, int seconds, int connections) throws Exception {
    Run a1 = wrk("" + a, path, cookie, seconds, connections);
    Run b1 = wrk("" + b, path, cookie, seconds, connections);
    Run b2 = wrk("" + b, path, cookie, seconds, connections);
    Run a2 = wrk("" + a, path, cookie, seconds, connections);
    return new Run[] {average(a1, a2), average(b1, b2)};
  }

  private static Run average(Run x, Run y) {
    return new Run((x.requestsPerSecond() + y.requestsPerSecond()) / 2, (x.p99Micros() + y.p99Micros()) / 2,
        (x.meanMicros() + y.meanMicros()) / 2);
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

  private static final Pattern MEAN = Pattern.compile("Latency\\s+([0-9.]+)(us|ms|s)");

  static Run wrk(String port, String path, String cookie, int seconds, int connections) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency"));
    if (cookie != null) {
      cmd.add("-H");
      cmd.add("Cookie: " + cookie);
    }
    cmd.add("http://127.0.0.1:" + port + path);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.append(line).append('\n');
      }
    }
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    if (out.indexOf("Non-2xx") >= 0 || out.indexOf("Socket errors") >= 0) {
      throw new IllegalStateException("wrk saw errors: " + out);
    }
    Matcher rps = RPS.matcher(out);
    Matcher p99 = P99.matcher(out);
    Matcher mean = MEAN.matcher(out);
    if (!rps.find() || !p99.find() || !mean.find()) {
      throw new IllegalStateException("cannot read wrk output: " + out);
    }
    return new Run(Double.parseDouble(rps.group(1)), micros(p99), micros(mean));
  }

  private static double micros(Matcher m) {
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> value * 1_000;
      case "s" -> value * 1_000_000;
      default -> value;
    };
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
