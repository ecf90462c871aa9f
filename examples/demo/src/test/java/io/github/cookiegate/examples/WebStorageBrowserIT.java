package io.github.cookiegate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.StorageRule;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * gate.js's web storage guard in a real headless Chromium (Debian's package): what a vendor's
 * script writes to localStorage, sessionStorage and IndexedDB, read back from the browser itself
 * through the DevTools protocol ({@code DOMStorage.getDOMStorageItems}), not through the page's
 * patched objects. The site is {@code localhost}; {@code 127.0.0.2} is an analytics host. Skipped
 * where Chromium is not installed, except in CI (CI=true).
 */
class WebStorageBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String ANALYTICS_HOST = "127.0.0.2";

  static Server server;
  static String base;
  static String analyticsOrigin;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
    server = new Server();
    ServerConnector site = new ServerConnector(server);
    site.setHost("127.0.0.1");
    site.setPort(0);
    server.addConnector(site);
    ServerConnector analytics = new ServerConnector(server);
    analytics.setHost(ANALYTICS_HOST);
    analytics.setPort(0);
    server.addConnector(analytics);
    ServletContextHandler context = new ServletContextHandler();
    CookieGate gate = CookieGate.builder()
        .hosts(Category.ANALYTICS, ANALYTICS_HOST)
        .storage(StorageRule.of(StorageRule.Kind.INDEXED_DB, "acme-chat-db", Category.CHAT))
        .build();
    FilterHolder filter = new FilterHolder(new CookieGateFilter(gate));
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new Files_()), "/*");
    server.setHandler(context);
    server.start();
    base = "http://localhost:" + site.getLocalPort();
    analyticsOrigin = "http://" + ANALYTICS_HOST + ":" + analytics.getLocalPort();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
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
  }

  @BeforeEach
  void freshBrowser() {
    browser.get(base + "/blank");
    browser.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", base, "storageTypes", "all"));
    browser.executeCdpCommand("Storage.clearCookies", Map.of());
  }

  @AfterEach
  void printConsole() {
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      System.out.println("console: " + e.getLevel() + " " + e.getMessage());
    }
  }

  /** What the browser holds for the site, read through DevTools, not through the page. */
  @SuppressWarnings("unchecked")
  static Map<String, String> storage(boolean local) {
    browser.executeCdpCommand("DOMStorage.enable", Map.of());
    Map<String, Object> r = browser.executeCdpCommand("DOMStorage.getDOMStorageItems",
        Map.of("storageId", Map.of("securityOrigin", base, "isLocalStorage", local)));
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> entry : (List<List<String>>) r.get("entries")) {
      out.put(entry.get(0), entry.get(1));
    }
    return out;
  }

  static Map<String, String> local() {
    return storage(true);
  }

  static Map<String, String> session() {
    return storage(false);
  }

  static Object async(String script) {
    return browser.executeAsyncScript("var done = arguments[arguments.length - 1];" + script);
  }

  static void activate() {
    assertThat(async("cookieGate.activate().then(done, function (e) { done(String(e)); });")).isEqualTo(true);
  }

  static void consent(String categories) {
    browser.executeScript("document.cookie = 'cookie_gate_consent=' + arguments[0] + '; path=/'; cookieGate.allow();",
        categories);
  }

  @Test
  void chatKeysAreRefusedBeforeActivationAndStoredAfter() {
    browser.get(base + "/");
    Object before = browser.executeScript("return widget.writeChat()");
    assertThat(local()).as("before activation: setItem, property, bracket, defineProperty all refused")
        .containsOnlyKeys("cart");
    assertThat(session()).as("sessionStorage too").doesNotContainKey("tidio_state_abc");
    assertThat(before).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .as("the vendor's code sees no error").containsEntry("error", null);
    assertThat(browser.executeScript("return localStorage.getItem('twk_token_set')")).isNull();

    activate();
    browser.executeScript("return widget.writeChat()");
    assertThat(local()).containsEntry("twk_token_set", "t1").containsEntry("twk_token_prop", "t2")
        .containsEntry("twk_token_bracket", "t3").containsEntry("twk_token_define", "t4").containsEntry("cart", "c");
    assertThat(session()).containsEntry("tidio_state_abc", "s");
    assertThat(browser.executeScript("return [localStorage.twk_token_prop, localStorage.getItem('twk_token_set'),"
        + " localStorage.length >= 5, localStorage instanceof Storage, localStorage === window.localStorage,"
        + " localStorage.constructor === Storage, Object.keys(Object.assign({}, localStorage)).indexOf('cart') >= 0,"
        + " localStorage.getItem === localStorage.getItem]"))
        .as("the guarded area still behaves as a Storage").asList().containsExactly("t2", "t1", true, true, true, true, true, true);
  }

  @Test
  void analyticsKeysWaitForAnalyticsConsentNotForActivation() {
    browser.get(base + "/");
    activate();
    browser.executeScript("widget.writeAnalytics()");
    assertThat(local()).doesNotContainKey("_hjUserAttributes");
    assertThat(session()).doesNotContainKey("hjViewportId");

    consent("analytics");
    browser.executeScript("widget.writeAnalytics()");
    assertThat(local()).containsEntry("_hjUserAttributes", "a");
    assertThat(session()).containsEntry("hjViewportId", "v");
  }

  @Test
  void withdrawalRemovesTheWithdrawnCategoryAndTheEndRemovesTheChatKeys() {
    browser.get(base + "/");
    activate();
    consent("analytics");
    browser.executeScript("widget.writeChat(); widget.writeAnalytics()");
    assertThat(local()).containsKeys("twk_token_set", "_hjUserAttributes", "cart");

    consent("none");
    assertThat(local()).as("analytics withdrawn; chat still active").doesNotContainKey("_hjUserAttributes")
        .containsKeys("twk_token_set", "cart");
    assertThat(session()).doesNotContainKey("hjViewportId").containsKey("tidio_state_abc");

    browser.executeScript("cookieGate.end()");
    assertThat(local()).as("the end of the conversation").containsOnlyKeys("cart");
    assertThat(session()).doesNotContainKey("tidio_state_abc");
    browser.executeScript("widget.writeChat()");
    assertThat(local()).as("a chat key written after the end").containsOnlyKeys("cart");
  }

  @Test
  void keysStoredEarlierAreRemovedWhenAPageLoadsWithoutTheirCategory() {
    browser.get(base + "/");
    activate();
    browser.executeScript("widget.writeChat()");
    assertThat(local()).containsKey("twk_token_set");

    browser.executeCdpCommand("Storage.clearCookies", Map.of()); // the activation marker is gone
    browser.get(base + "/");
    assertThat(local()).containsOnlyKeys("cart");
    assertThat(session()).doesNotContainKey("tidio_state_abc");
  }

  @Test
  void indexedDbOpensCataloguedDatabasesOnlyWhenAllowedAndDeletesThemAtTheEnd() {
    browser.get(base + "/");
    assertThat(async("widget.openDb('acme-chat-db').then(done)")).isEqualTo("SecurityError");
    assertThat(async("widget.openDb('site-own-db').then(done)")).isEqualTo("opened");
    assertThat(databases()).containsExactly("site-own-db");

    activate();
    assertThat(async("widget.openDb('acme-chat-db').then(done)")).isEqualTo("opened");
    assertThat(databases()).containsExactlyInAnyOrder("acme-chat-db", "site-own-db");

    browser.executeScript("cookieGate.end()");
    new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> databases().equals(List.of("site-own-db")));
  }

  @SuppressWarnings("unchecked")
  static List<String> databases() {
    return (List<String>) async("indexedDB.databases().then(function (l) {"
        + " done(l.map(function (d) { return d.name; }).sort()); });");
  }

  @Test
  void unknownKeysPassUnlessTheScriptWritingThemCameFromACataloguedVendorHost() {
    browser.get(base + "/");
    browser.executeScript("localStorage.setItem('site_state', '1'); localStorage.other = '2';");
    assertThat(local()).containsKeys("site_state", "other");

    consent("analytics");
    browser.executeScript("var s = document.createElement('script'); s.src = arguments[0] + '/metrics.js';"
        + " document.head.appendChild(s);", analyticsOrigin);
    new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> local().containsKey("acme_metrics_id"));

    consent("none");
    assertThat(local()).as("an unknown key the analytics host's script wrote goes with analytics consent")
        .doesNotContainKey("acme_metrics_id").containsKeys("site_state", "other");
    browser.executeScript("metrics.write()");
    assertThat(local()).as("and its script cannot write it again").doesNotContainKey("acme_metrics_id");
    browser.executeScript("localStorage.setItem('acme_metrics_id', 'site')");
    assertThat(local()).as("the site's own script may use the same name").containsEntry("acme_metrics_id", "site");
  }

  /**
   * What the guard costs a write, A/B in the same page: the native setItem (through a same-origin
   * about:blank frame, which shares the storage area without gate.js) against the guarded one, for
   * the site's own key (the stack is read to find the writer) and for a catalogued key; rounds
   * alternate, and native against native is the noise floor.
   */
  @Test
  @SuppressWarnings("unchecked")
  void measuresWhatTheGuardCostsAWrite() throws Exception {
    browser.get(base + "/");
    activate();
    Map<String, Object> r = (Map<String, Object>) browser.executeScript("""
        var f = document.createElement('iframe'); document.body.appendChild(f);
        var native = f.contentWindow.localStorage, guarded = localStorage, N = 2000;
        function time(storage, key) {
          var t = performance.now();
          for (var i = 0; i < N; i++) { storage.setItem(key, 'v' + i); }
          return (performance.now() - t) * 1000 / N;
        }
        function distinct(storage, prefix) {
          var t = performance.now();
          for (var i = 0; i < N; i++) { storage.setItem(prefix + i, 'v'); }
          var us = (performance.now() - t) * 1000 / N;
          for (var j = 0; j < N; j++) { native.removeItem(prefix + j); }
          return us;
        }
        var out = { nativeA: [], nativeB: [], ownKey: [], chatKey: [], nativeNew: [], ownNew: [] };
        for (var round = 0; round < 7; round++) {
          out.nativeA.push(time(native, 'bench_a'));
          out.ownKey.push(time(guarded, 'bench_own'));
          out.nativeB.push(time(native, 'bench_b'));
          out.chatKey.push(time(guarded, 'twk_token_bench'));
          out.nativeNew.push(distinct(native, 'bench_n' + round + '_'));
          out.ownNew.push(distinct(guarded, 'bench_g' + round + '_'));
        }
        return out;
        """);
    Map<String, Double> median = new LinkedHashMap<>();
    r.forEach((k, v) -> median.put(k, ((List<Number>) v).stream().mapToDouble(Number::doubleValue).sorted()
        .skip(3).findFirst().orElseThrow()));
    String figures = String.format(java.util.Locale.ROOT, "localStorage.setItem, median of 7 alternating rounds of 2000,"
        + " microseconds per call: one key again and again: native %.2f (noise floor: native again %.2f), guarded site key"
        + " %.2f, guarded chat key %.2f; 2000 new keys: native %.2f, guarded site keys %.2f%n",
        median.get("nativeA"), median.get("nativeB"), median.get("ownKey"), median.get("chatKey"), median.get("nativeNew"),
        median.get("ownNew"));
    System.out.print(figures);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "storage-guard-cost.txt"), figures, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(local()).containsKeys("bench_own", "twk_token_bench");
    assertThat(median.get("ownKey")).as("a guarded write of the site's own key stays cheap").isLessThan(1000.0);
  }

  /** The site's page, its own script (a vendor's widget code hosted on the site) and the analytics host's script. */
  static final class Files_ extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String path = req.getRequestURI();
      if (ANALYTICS_HOST.equals(req.getServerName())) {
        if (!path.equals("/metrics.js")) {
          res.sendError(404);
          return;
        }
        res.setContentType("text/javascript;charset=UTF-8");
        res.getWriter().write("""
            window.metrics = { write: function () { localStorage.setItem('acme_metrics_id', 'm-' + Date.now()); } };
            metrics.write();
            """);
        return;
      }
      switch (path) {
        case "/" -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write("<!DOCTYPE html><html><head><title>storage</title>"
              + "<script src=\"/widget.js\"></script></head><body><p>page</p></body></html>");
        }
        case "/blank" -> {
          res.setContentType("text/plain;charset=UTF-8");
          res.getWriter().write("blank");
        }
        case "/widget.js" -> {
          res.setContentType("text/javascript;charset=UTF-8");
          res.getWriter().write("""
              window.widget = {
                writeChat: function () {
                  var out = { error: null };
                  try {
                    localStorage.setItem('twk_token_set', 't1');
                    localStorage.twk_token_prop = 't2';
                    localStorage['twk_token_bracket'] = 't3';
                    Object.defineProperty(localStorage, 'twk_token_define',
                        { value: 't4', writable: true, enumerable: true, configurable: true });
                    sessionStorage.setItem('tidio_state_abc', 's');
                    localStorage.setItem('cart', 'c');
                  } catch (e) {
                    out.error = e.name + ': ' + e.message;
                  }
                  return out;
                },
                writeAnalytics: function () {
                  localStorage.setItem('_hjUserAttributes', 'a');
                  sessionStorage.hjViewportId = 'v';
                },
                openDb: function (name) {
                  return new Promise(function (resolve) {
                    try {
                      var r = indexedDB.open(name, 1);
                      r.onsuccess = function () { r.result.close(); resolve('opened'); };
                      r.onerror = function () { resolve('error'); };
                    } catch (e) {
                      resolve(e.name);
                    }
                  });
                }
              };
              """);
        }
        default -> res.sendError(404);
      }
    }
  }
}
