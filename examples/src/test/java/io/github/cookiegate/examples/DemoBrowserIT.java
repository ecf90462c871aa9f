package io.github.cookiegate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real headless Chromium (Debian's package): the browser's own cookie jar holds no
 * chat or analytics cookie before the click, the chat cookies after it, and none after the end of
 * the conversation. Skipped where Chromium is not installed, except in CI (CI=true), where a
 * missing browser fails the build.
 */
class DemoBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static Server server;
  static FakeVendor vendor;
  static String base;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
    vendor = FakeVendor.start(0);
    server = DemoServer.start("127.0.0.1", 0, vendor.origin());
    base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--window-size=1000,700", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop();
    }
    if (vendor != null) {
      vendor.stop();
    }
  }

  static Set<String> cookieNames() {
    return browser.manage().getCookies().stream().map(Cookie::getName).collect(Collectors.toSet());
  }

  static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void chatCookiesAppearOnlyAfterTheClickAndGoAtTheEnd() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    screenshot("demo-before-activation.png");
    assertThat(cookieNames()).as("before the click").containsExactly("JSESSIONID");

    browser.findElement(By.id("chat")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("out")).getText().startsWith("chat open"));
    assertThat(cookieNames()).as("after the click").contains("cookie_gate_chat", "intercom-session-demo")
        .doesNotContain("_ga");

    browser.get(base + "/");
    screenshot("demo-after-activation.png");
    assertThat(cookieNames()).as("activated page load").contains("intercom-id-demo").doesNotContain("_ga");
    Cookie id = browser.manage().getCookieNamed("intercom-id-demo");
    assertThat(id.getExpiry()).as("capped at 24 hours").isBefore(new java.util.Date(System.currentTimeMillis() + 86_400_000L + 60_000));

    browser.findElement(By.id("end")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    assertThat(cookieNames()).as("after the end").doesNotContain("cookie_gate_chat", "intercom-session-demo", "intercom-id-demo");
  }

  /** Resources the page fetched from the vendor's origin, from the browser's own network log. */
  static long vendorRequestsSeenByBrowser() {
    Object n = browser.executeScript("return performance.getEntriesByType('resource')"
        + ".filter(e => e.name.startsWith(arguments[0])).length", vendor.origin());
    return ((Number) n).longValue();
  }

  @Test
  void vendorWidgetLoadsOnlyAfterTheClickWithoutAReload() throws Exception {
    browser.manage().deleteAllCookies();
    int before = vendor.requests();
    browser.get(base + "/");
    Thread.sleep(500); // time for anything that would load on its own
    screenshot("widget-before-activation.png");
    assertThat(vendor.requests()).as("requests the vendor received before the click").isEqualTo(before);
    assertThat(vendorRequestsSeenByBrowser()).as("vendor requests in the browser's log").isZero();
    assertThat(browser.findElements(By.id("fakechat-widget"))).isEmpty();
    assertThat(cookieNames()).noneMatch(n -> n.startsWith("fakechat"));

    Object navigation = browser.executeScript("return performance.getEntriesByType('navigation').length");
    browser.findElement(By.id("chat")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty());
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> cookieNames().contains("fakechat-id-demo"));
    screenshot("widget-after-activation.png");
    assertThat(browser.executeScript("return performance.getEntriesByType('navigation').length"))
        .as("no reload").isEqualTo(navigation);
    assertThat(vendor.requests()).as("widget.js and its API call").isGreaterThanOrEqualTo(before + 2);
    assertThat(cookieNames()).contains("cookie_gate_chat", "fakechat-id-demo").doesNotContain("_ga");

    browser.findElement(By.id("end")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    assertThat(cookieNames()).doesNotContain("cookie_gate_chat", "fakechat-id-demo", "intercom-session-demo");
  }

  @Test
  void analyticsCookieWaitsForConsent() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    browser.findElement(By.id("consent")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("out")).getText().startsWith("consent stored"));
    browser.get(base + "/");
    assertThat(cookieNames()).contains("_ga", "cookie_gate_consent").doesNotContain("intercom-id-demo");
  }
}
