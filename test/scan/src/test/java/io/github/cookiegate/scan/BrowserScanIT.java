package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.examples.FakeVendor;
import io.github.cookiegate.scan.Sites.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser mode in Debian's headless Chromium, against the demo and the leaky site. Skipped
 * where Chromium is not installed, except in CI (CI=true), where a missing browser fails.
 */
class BrowserScanIT {

  static FakeVendor vendor;
  static Server demo;
  static Server leaky;

  @TempDir Path out;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver").isTrue();
    vendor = FakeVendor.start(0);
    demo = Sites.demo(vendor);
    leaky = Sites.leaky(vendor);
  }

  @AfterAll
  static void stop() throws Exception {
    if (demo != null) {
      demo.stop();
      leaky.stop();
      vendor.stop();
    }
  }

  @Test
  void demoScansCleanInTheBrowserWithScreenshotsBeforeAndAfterActivation() throws Exception {
    Run r = Sites.scan(out, Sites.base(demo), "--browser", "--config", Sites.demoConfig().toString(), "--path", "/spa",
        "--states", "fresh,activated,consent:analytics");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json()).containsEntry("mode", "browser");
    // Clean before activation. After the click, the browser shows what no server-side check can:
    // the vendor-side cookie on the vendor's own host lives a year, past chat-max-age (24 hours):
    // reported, not failing under the default --fail-on. (The widget's first-party id, which it asks
    // document.cookie to keep 9 months, is capped at 24 hours by gate.js, so it is no finding.)
    assertThat(r.findings()).extracting(f -> f.get("state") + " " + f.get("name") + " " + f.get("failing"))
        .containsExactlyInAnyOrder("activated fakechat_device false");
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.get("why").toString()).contains("longer than the 24 hours"));
    assertThat(Run.list(r.page("fresh", "/"), "cookies")).extracting(c -> c.get("name")).containsExactly("JSESSIONID");
    assertThat(Run.list(r.page("fresh", "/"), "hosts")).extracting(h -> h.get("host") + " " + h.get("status"))
        .containsExactly("127.0.0.1 held");
    assertThat(Run.list(r.page("fresh", "/spa"), "hosts")).extracting(h -> h.get("status")).doesNotContain("requested");
    // after the click: the widget loaded, wrote its first-party id from JavaScript and got its third-party cookie
    Map<String, Object> click = r.page("activated", "activation (click on [data-cookie-gate-activate])");
    assertThat(Run.list(click, "cookies")).extracting(c -> c.get("name") + "@" + c.get("domain"))
        .contains("cookie_gate_chat@localhost", "fakechat-id-demo@localhost", "fakechat_device@127.0.0.1")
        .noneMatch(c -> c.startsWith("_ga"));
    assertThat(Run.list(click, "hosts")).extracting(h -> h.get("host") + " " + h.get("status")).contains("127.0.0.1 requested");
    assertThat(Run.list(r.page("consent:analytics", "/spa"), "hosts")).extracting(h -> h.get("host") + " " + h.get("status"))
        .contains("127.0.0.2 requested");
    assertThat(r.page("fresh", "/").get("screenshot").toString()).startsWith("screenshots/fresh-");
    assertThat(out.resolve(r.page("activated", "/").get("screenshot").toString())).isNotEmptyFile();
    assertThat(r.html()).contains("<caption>Each page before and after activation</caption>", "src=\"data:image/png;base64,iVBOR");
  }

  @Test
  void leakySiteFailsInTheBrowserWithScriptWrittenAndThirdPartyCookiesNamed() throws Exception {
    Run r = Sites.scan(out, Sites.base(leaky), "--browser", "--config", Sites.demoConfig().toString(), "--states", "fresh");

    assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
    assertThat(r.findings()).extracting(f -> f.get("page") + " " + f.get("kind") + " " + f.get("name") + " " + f.get("category"))
        .contains("/ cookie _ga analytics", "/ cookie _ga_LEAK analytics", "/ cookie fakechat-id-demo chat",
            "/ cookie _ga_FAKECHAT analytics", "/ cookie fakechat_device chat", "/ host 127.0.0.1 chat",
            "/about host 127.0.0.2 analytics");
    assertThat(Run.list(r.page("fresh", "/"), "cookies")).filteredOn(c -> "fakechat_device".equals(c.get("name")))
        .singleElement().satisfies(c -> assertThat(c).containsEntry("domain", "127.0.0.1").containsEntry("source", "browser"));
    assertThat(Run.list(r.page("fresh", "/shop/"), "hosts")).extracting(h -> h.get("status")).containsOnly("held");
  }

  @Test
  void measuresPagesPerSecondInBothModesOnTheDemo() throws Exception {
    String[] args = {Sites.base(demo), "--config", Sites.demoConfig().toString(), "--path", "/spa", "--quiet"};
    Run http = Sites.scan(out.resolve("http"), args);
    String[] browserArgs = java.util.Arrays.copyOf(args, args.length + 1);
    browserArgs[args.length] = "--browser";
    Run browser = Sites.scan(out.resolve("browser"), browserArgs);
    assertThat(http.exit()).isZero();
    assertThat(browser.exit()).isZero();
    assertThat(http.json().get("pagesVisited")).isEqualTo(browser.json().get("pagesVisited")).isEqualTo(12L);
    String figures = String.format("scan of the demo (2 pages x 6 states): http %s pages/s in %s ms, browser %s pages/s in %s ms%n",
        http.json().get("pagesPerSecond"), http.json().get("durationMillis"), browser.json().get("pagesPerSecond"),
        browser.json().get("durationMillis"));
    System.out.print(figures);
    Files.writeString(Path.of("target", "scan-speed.txt"), figures, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(((Number) http.json().get("pagesPerSecond")).doubleValue())
        .isGreaterThan(((Number) browser.json().get("pagesPerSecond")).doubleValue());
  }
}
