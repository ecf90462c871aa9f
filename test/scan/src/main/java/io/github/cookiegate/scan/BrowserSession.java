package io.github.cookiegate.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** One headless Chromium (Debian's, with its own chromedriver; Selenium Manager is never asked), reset between states. */
final class BrowserSession implements AutoCloseable {

  final ChromeDriver driver;
  private final Path profile;

  private BrowserSession(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static BrowserSession open(Options o) throws IOException {
    Path profile = Files.createTempDirectory("cookie-gate-scan-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(o.chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--window-size=1000,700",
        "--user-data-dir=" + profile);
    // third-party cookies allowed, as most browsers in use still do: the scan must see them
    options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0, "profile.block_third_party_cookies", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(o.chromedriver.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      throw new IllegalStateException("--chromium " + o.chromium + " / --chromedriver " + o.chromedriver
          + ": the browser did not start (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    driver.manage().timeouts().pageLoadTimeout(o.timeout);
    driver.manage().timeouts().scriptTimeout(o.timeout);
    driver.executeCdpCommand("Network.enable", Map.of());
    return new BrowserSession(driver, profile);
  }

  /** A fresh visitor: no cookie on any domain, no cache, no storage for the site. */
  void reset(String origin) {
    driver.get("about:blank");
    driver.executeCdpCommand("Storage.clearCookies", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    requests();
  }

  /** Every cookie in the jar, any domain (CDP {@code Storage.getCookies}). */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> cookies() {
    Map<String, Object> r = driver.executeCdpCommand("Storage.getCookies", Map.of());
    return (List<Map<String, Object>>) r.get("cookies");
  }

  /**
   * The keys the browser holds for the origin in localStorage ({@code local}) or sessionStorage, in
   * its order (CDP {@code DOMStorage.getDOMStorageItems}: the browser's storage, not the page's
   * possibly patched {@code window.localStorage}); values are dropped here.
   */
  @SuppressWarnings("unchecked")
  List<String> storageKeys(String origin, boolean local) {
    driver.executeCdpCommand("DOMStorage.enable", Map.of());
    Map<String, Object> r = driver.executeCdpCommand("DOMStorage.getDOMStorageItems",
        Map.of("storageId", Map.of("securityOrigin", origin, "isLocalStorage", local)));
    List<String> keys = new ArrayList<>();
    for (List<String> entry : (List<List<String>>) r.get("entries")) {
      keys.add(entry.get(0));
    }
    return keys;
  }

  /** URLs the browser started requesting since the last call (performance log, {@code Network.requestWillBeSent}). */
  @SuppressWarnings("unchecked")
  List<String> requests() {
    List<String> urls = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> entry = new Json().toType(e.getMessage(), Map.class);
      Map<String, Object> m = (Map<String, Object>) entry.get("message");
      if (m != null && "Network.requestWillBeSent".equals(m.get("method"))) {
        Map<String, Object> req = (Map<String, Object>) ((Map<String, Object>) m.get("params")).get("request");
        urls.add(String.valueOf(req.get("url")));
      }
    }
    return urls;
  }

  Duration settle(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return Duration.ofMillis(millis);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp dir left behind
      }
    }
  }
}
