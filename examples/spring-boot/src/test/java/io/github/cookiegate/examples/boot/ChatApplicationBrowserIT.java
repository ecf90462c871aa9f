package io.github.cookiegate.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The app in Debian's headless Chromium (the set-up of examples/demo DemoBrowserIT): a click on the
 * banner and on the chat button, and the browser's whole cookie jar, every domain, read through the
 * DevTools protocol. Skipped where Chromium is not installed, except in CI (CI=true), where a
 * missing browser fails the build.
 */
class ChatApplicationBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static ChatApplication.Running app;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
    app = ChatApplication.start(0);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--window-size=1000,700", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    // Allow third-party cookies, so that only the gate stands between the page and the vendor's.
    options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0,
        "profile.block_third_party_cookies", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  /** Every cookie in the browser's jar, any domain, as name@domain. */
  @SuppressWarnings("unchecked")
  static Set<String> jar() {
    Map<String, Object> r = browser.executeCdpCommand("Storage.getCookies", Map.of());
    return ((List<Map<String, Object>>) r.get("cookies")).stream()
        .map(c -> c.get("name") + "@" + c.get("domain")).collect(Collectors.toSet());
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @Test
  void bannerAndChatButtonLetThroughWhatTheyGrantAndNothingElse() throws Exception {
    browser.executeCdpCommand("Storage.clearCookies", Map.of());
    int vendorBefore = app.vendor().chatRequests();
    int analyticsBefore = app.vendor().analyticsRequests();
    browser.get(app.uri().toString());
    waiting().until(d -> d.findElement(By.id("banner")).isDisplayed());
    Thread.sleep(300); // time for anything that would load on its own
    assertThat(jar()).as("fresh page").containsExactly("JSESSIONID@localhost");
    assertThat(app.vendor().chatRequests()).as("vendor requests before the click").isEqualTo(vendorBefore);
    assertThat(app.vendor().analyticsRequests()).isEqualTo(analyticsBefore);

    browser.findElement(By.id("accept")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("consent stored"));
    waiting().until(d -> "loaded".equals(d.findElement(By.tagName("html")).getAttribute("data-analytics")));
    assertThat(jar()).as("after the banner, without a reload").contains("cookie_gate_consent@localhost", "_ga@localhost")
        .noneMatch(c -> c.startsWith("fakechat") || c.startsWith("chat_conversation"));
    assertThat(app.vendor().chatRequests()).as("analytics consent is not chat activation").isEqualTo(vendorBefore);

    browser.findElement(By.id("chat")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().equals("chat open"));
    waiting().until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty());
    waiting().until(d -> jar().containsAll(Set.of("fakechat-id@localhost", "fakechat_device@127.0.0.1")));
    assertThat(jar()).as("after the chat button").contains("cookie_gate_chat@localhost",
        "chat_conversation@localhost", "fakechat-id@localhost", "fakechat_device@127.0.0.1");

    browser.findElement(By.id("end")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    waiting().until(d -> jar().stream().noneMatch(c -> c.startsWith("fakechat")));
    assertThat(jar()).as("after the end of the conversation")
        .noneMatch(c -> c.startsWith("cookie_gate_chat") || c.startsWith("chat_conversation"))
        .contains("JSESSIONID@localhost", "_ga@localhost", "cookie_gate_consent@localhost");
  }
}
