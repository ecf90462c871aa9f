package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
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

  /** A 50 KB product page with two vendor snippets (Google tag, Intercom), for the rewriter. */
  static final class BigPage extends HttpServlet {
    private static final byte[] BODY = bigPage(50_000).getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/html;charset=utf-8");
      res.getOutputStream().write(BODY);
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

  record Run(double requestsPerSecond, double p99Micros) {}

  public static void main(String[] args) throws Exception {
    boolean serveOnly = args.length > 0 && args[0].equals("serve"); // for profiling: serve, print ports, wait
    int rounds = args.length > 0 && !serveOnly ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
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
    String consented = "cookie_gate_chat=" + gate.newActivationMarker(false).value()
        + "; cookie_gate_consent=chat.analytics; SESSION=5f3c1e9a77b24c1d9e0f1a2b3c4d5e6f; XSRF-TOKEN=5f3c1e9a-77b2"
        + "; intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; intercom-session-app1=c2Vzc2lvbg"
        + "; _ga=GA1.1.123456789.1700000000; _ga_ABC123=GS1.1.1700000000.1.1.1700000100.0.0.0; theme=dark"
        + "; lang=fr; AWSALBTG=q1w2e3r4t5y6u7i8o9p0; cart=3-items";
    if (serveOnly) {
      System.out.printf(Locale.ROOT, "gated http://127.0.0.1:%d/ bare http://127.0.0.1:%d/%nCookie: %s%n",
          ports[0], ports[1], consented);
      server.join();
      return;
    }
    try {
      System.out.printf(Locale.ROOT, "load test: wrk -t1 -c16, %d s per run, %d A-B-B-A rounds; JVM %s, %d cores%n",
          seconds, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      for (String port : new String[] {"" + ports[0], "" + ports[1], "" + ports[2]}) {
        wrk(port, null, 10); // warm the JIT on every target until throughput settles
        wrk(port, consented, 10);
      }
      compare("noise floor: bare vs bare, no Cookie header", ports[2], ports[1], null, rounds, seconds);
      compare("fresh visitor (no Cookie header; 2 of 3 cookies blocked)", ports[0], ports[1], null, rounds, seconds);
      compare("consenting visitor (12-cookie Cookie header; 3 cookies pass)", ports[0], ports[1], consented, rounds, seconds);
      wrk("" + ports[3], null, 10);
      wrk("" + ports[4], null, 10);
      compare("50 KB page with 2 vendor snippets: filter with html=on / html=off", ports[3], ports[4], null, rounds, seconds);
    } finally {
      server.stop();
    }
  }

  private static void compare(String title, int a, int b, String cookie, int rounds, int seconds) throws Exception {
    List<Double> ratios = new ArrayList<>();
    List<Double> p99Deltas = new ArrayList<>();
    List<Double> throughputA = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Run a1 = wrk("" + a, cookie, seconds);
      Run b1 = wrk("" + b, cookie, seconds);
      Run b2 = wrk("" + b, cookie, seconds);
      Run a2 = wrk("" + a, cookie, seconds);
      double aRps = (a1.requestsPerSecond() + a2.requestsPerSecond()) / 2;
      double bRps = (b1.requestsPerSecond() + b2.requestsPerSecond()) / 2;
      ratios.add(aRps / bRps);
      throughputA.add(aRps);
      p99Deltas.add((a1.p99Micros() + a2.p99Micros()) / 2 - (b1.p99Micros() + b2.p99Micros()) / 2);
    }
    System.out.printf(Locale.ROOT, "%s%n  throughput ratio A/B: median %.3f (min %.3f, max %.3f); A ~%.0f req/s%n"
        + "  p99 A-B: median %+.0f us (min %+.0f, max %+.0f)%n",
        title, median(ratios), min(ratios), max(ratios), median(throughputA),
        median(p99Deltas), min(p99Deltas), max(p99Deltas));
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

  static Run wrk(String port, String cookie, int seconds) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-c16", "-d" + seconds + "s", "--latency"));
    if (cookie != null) {
      cmd.add("-H");
      cmd.add("Cookie: " + cookie);
    }
    cmd.add("http://127.0.0.1:" + port + "/");
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
    if (!rps.find() || !p99.find()) {
      throw new IllegalStateException("cannot read wrk output: " + out);
    }
    double latency = Double.parseDouble(p99.group(1));
    double micros = switch (p99.group(2)) {
      case "ms" -> latency * 1_000;
      case "s" -> latency * 1_000_000;
      default -> latency;
    };
    return new Run(Double.parseDouble(rps.group(1)), micros);
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
