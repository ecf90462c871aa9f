package io.github.cookiegate.scan;

import io.github.cookiegate.scan.Model.StateResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cookie-gate-scan}: crawls a site as a fresh visitor, an activated one and one consenting to
 * each category, and reports every cookie stored and every third-party host loaded, classified with
 * cookie-gate's catalogs and the application's own settings.
 *
 * <pre>
 * java -jar cookie-gate-scan.jar http://localhost:8080/ --config cookie-gate.properties --out target/scan
 * </pre>
 *
 * Exit codes: 0 clean, 1 a finding matched {@code --fail-on}, 2 usage or configuration error.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // the gate is only read here: its start-up INFO lines (no secret set...) would be noise
    java.util.logging.Logger.getLogger("io.github.cookiegate").setLevel(java.util.logging.Level.WARNING);
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a scan; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("cookie-gate-scan: " + e.getMessage());
      return 2;
    }
    if (o.help) {
      out.print(Options.USAGE);
      return 0;
    }
    try {
      Report r = scan(o, err);
      List<Model.PageResult> visited = r.states.stream().flatMap(s -> s.pages().stream()).filter(p -> p.depth() >= 0).toList();
      if (visited.stream().allMatch(p -> p.error() != null)) {
        err.println("cookie-gate-scan: " + o.base + ": no page could be fetched ("
            + visited.stream().map(Model.PageResult::error).findFirst().orElse("no page") + "); expected a running site");
        return 2;
      }
      Files.createDirectories(o.out);
      for (Map.Entry<String, byte[]> shot : r.screenshots.entrySet()) {
        Files.createDirectories(o.out.resolve(shot.getKey()).getParent());
        Files.write(o.out.resolve(shot.getKey()), shot.getValue());
      }
      Files.writeString(o.out.resolve("report.json"), r.json(), StandardCharsets.UTF_8);
      Files.writeString(o.out.resolve("report.html"), r.html(), StandardCharsets.UTF_8);
      for (Model.Finding f : r.findings) {
        err.println((f.failing() ? "FAIL " : "note ") + f.state() + " " + f.page() + ": " + f.why());
      }
      err.printf("cookie-gate-scan: %d page visits, %d findings (%d failing --fail-on %s), %.1f pages/s; report in %s%n",
          r.pages(), r.findings.size(), r.findings.stream().filter(Model.Finding::failing).count(), o.failOn,
          r.pagesPerSecond(), o.out.resolve("report.html"));
      return r.failed() ? 1 : 0;
    } catch (IOException e) {
      err.println("cookie-gate-scan: --out " + o.out + ": cannot write the report (" + e.getMessage() + ")");
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("cookie-gate-scan: interrupted");
      return 2;
    } catch (IllegalStateException e) {
      err.println("cookie-gate-scan: " + e.getMessage());
      return 2;
    }
  }

  static Report scan(Options o, PrintStream progress) throws InterruptedException, IOException {
    Instant started = Instant.now();
    long start = System.nanoTime();
    List<StateResult> states = new ArrayList<>();
    Map<String, byte[]> screenshots = new LinkedHashMap<>();
    if (o.browser) {
      try (BrowserSession browser = BrowserSession.open(o)) {
        for (ScanState s : o.states) {
          states.add(run(new BrowserCrawl(o, s, progress, browser, screenshots)));
        }
      }
    } else {
      Fetcher fetcher = new Fetcher(o.timeout, o.maxBytes);
      for (ScanState s : o.states) {
        states.add(run(new HttpCrawl(o, s, progress, fetcher)));
      }
    }
    return new Report(o, started, states, (System.nanoTime() - start) / 1_000_000, screenshots);
  }

  private static StateResult run(Crawl c) throws InterruptedException, IOException {
    try {
      return c.run();
    } catch (InterruptedException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("state " + c.state.id() + ": " + e.getMessage(), e);
    }
  }
}
