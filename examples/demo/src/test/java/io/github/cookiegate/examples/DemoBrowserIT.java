package io.github.cookiegate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.internal.GateAccess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real headless Chromium (Debian's package), with the fake vendor on another site
 * ({@code 127.0.0.1}; the demo is {@code localhost}). Every assertion reads the browser itself: its
 * cookie jar through the DevTools protocol ({@code Storage.getCookies}, every domain, third-party
 * cookies included) and its network log ({@code Network.requestWillBeSent} events from the
 * performance log), besides the vendor's own request counters. Skipped where Chromium is not
 * installed, except in CI (CI=true), where a missing browser fails the build.
 */
class DemoBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static Server server;
  static FakeVendor vendor;
  static String base;
  static ChromeDriver browser;
  static final List<String> requested = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
    vendor = FakeVendor.start(0);
    server = DemoServer.start("127.0.0.1", 0, vendor.origin(), vendor.analyticsOrigin());
    // The browser resolves localhost to the loopback itself: the demo's site is localhost.
    base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--window-size=1000,700", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    // This Chromium blocks third-party cookies by default ("UserPreferences"); allow them, as most
    // browsers in use still do, so that only the gate stands between the page and the vendor's cookie.
    options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0,
        "profile.block_third_party_cookies", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
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
    if (vendor != null) {
      vendor.stop();
    }
  }

  @BeforeEach
  void freshJar() {
    browser.executeCdpCommand("Storage.clearCookies", Map.of());
    requestsTo("");
    requested.clear();
  }

  /** The page's console (gate.js says what it held or dropped), for the test's log. */
  @AfterEach
  void printConsole() {
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      System.out.println("console: " + e.getLevel() + " " + e.getMessage());
    }
  }

  /** Every cookie in the browser's jar, any domain, as name@domain. */
  @SuppressWarnings("unchecked")
  static Set<String> jar() {
    Map<String, Object> r = browser.executeCdpCommand("Storage.getCookies", Map.of());
    return ((List<Map<String, Object>>) r.get("cookies")).stream()
        .map(c -> c.get("name") + "@" + c.get("domain")).collect(Collectors.toSet());
  }

  /** Seconds until the first-party cookie of that name expires, by the browser's cookie jar. */
  @SuppressWarnings("unchecked")
  static long expiresInSeconds(String name) {
    Map<String, Object> r = browser.executeCdpCommand("Storage.getCookies", Map.of());
    double expires = ((List<Map<String, Object>>) r.get("cookies")).stream()
        .filter(c -> name.equals(c.get("name")) && "localhost".equals(c.get("domain")))
        .map(c -> ((Number) c.get("expires")).doubleValue()).findFirst().orElseThrow();
    return Math.round(expires - System.currentTimeMillis() / 1000.0);
  }

  static Set<String> cookieNames() {
    return jar().stream().map(c -> c.substring(0, c.lastIndexOf('@'))).collect(Collectors.toSet());
  }

  /** URLs the browser started requesting so far that begin with the prefix, from its network log. */
  @SuppressWarnings("unchecked")
  static List<String> requestsTo(String prefix) {
    for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> entry = new Json().toType(e.getMessage(), Map.class);
      Map<String, Object> m = (Map<String, Object>) entry.get("message");
      if ("Network.requestWillBeSent".equals(m.get("method"))) {
        Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) m.get("params")).get("request");
        requested.add(String.valueOf(request.get("url")));
      }
    }
    return requested.stream().filter(u -> u.startsWith(prefix)).toList();
  }

  static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @Test
  void chatCookiesAppearOnlyAfterTheClickAndGoAtTheEnd() throws Exception {
    browser.get(base + "/");
    screenshot("demo-before-activation.png");
    assertThat(cookieNames()).as("before the click").containsExactly("JSESSIONID");

    browser.findElement(By.cssSelector("[data-cookie-gate-launcher] button")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("chat open"));
    assertThat(cookieNames()).as("after the click").contains("cookie_gate_chat", "intercom-session-demo")
        .doesNotContain("_ga");

    browser.get(base + "/");
    screenshot("demo-after-activation.png");
    assertThat(cookieNames()).as("activated page load").contains("intercom-id-demo").doesNotContain("_ga");
    org.openqa.selenium.Cookie id = browser.manage().getCookieNamed("intercom-id-demo");
    assertThat(id.getExpiry()).as("capped at 24 hours").isBefore(new java.util.Date(System.currentTimeMillis() + 86_400_000L + 60_000));

    browser.findElement(By.id("end")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    assertThat(cookieNames()).as("after the end").doesNotContain("cookie_gate_chat", "intercom-session-demo", "intercom-id-demo");
  }

  @Test
  void vendorWidgetLoadsOnlyAfterTheClickWithoutAReload() throws Exception {
    int before = vendor.requests();
    browser.get(base + "/");
    Thread.sleep(500); // time for anything that would load on its own
    screenshot("widget-before-activation.png");
    assertThat(requestsTo(vendor.origin())).as("vendor requests in the browser's network log").isEmpty();
    assertThat(vendor.requests()).as("requests the vendor received before the click").isEqualTo(before);
    assertThat(browser.findElements(By.id("fakechat-widget"))).isEmpty();
    assertThat(jar()).as("no vendor cookie on any domain").noneMatch(c -> c.contains("fakechat") || c.contains("127.0.0.1"));

    Object navigation = browser.executeScript("return performance.getEntriesByType('navigation').length");
    browser.findElement(By.cssSelector("[data-cookie-gate-launcher] button")).click();
    waiting().until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty());
    waiting().until(d -> jar().containsAll(Set.of("fakechat-id-demo@localhost", "fakechat_device@127.0.0.1")));
    screenshot("widget-after-activation.png");
    assertThat(browser.executeScript("return performance.getEntriesByType('navigation').length"))
        .as("no reload").isEqualTo(navigation);
    assertThat(requestsTo(vendor.origin())).as("widget.js and its API call")
        .contains(vendor.origin() + "/widget.js", vendor.origin() + "/api/ping");
    assertThat(jar()).as("first-party and third-party chat cookies; not the widget's analytics id")
        .contains("cookie_gate_chat@localhost", "fakechat-id-demo@localhost", "fakechat_device@127.0.0.1")
        .noneMatch(c -> c.startsWith("_ga"));
    assertThat(expiresInSeconds("fakechat-id-demo"))
        .as("the widget asked document.cookie for 270 days; gate.js caps it at chat-max-age (24 h)")
        .isBetween(86_400L - 60, 86_400L);

    browser.findElement(By.id("end")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    waiting().until(d -> jar().stream().noneMatch(c -> c.startsWith("fakechat")));
    assertThat(cookieNames()).doesNotContain("cookie_gate_chat", "fakechat-id-demo", "fakechat_device", "intercom-session-demo");
    waiting().until(d -> !(Boolean) browser.executeScript("return cookieGate.allowed('chat')"));
    browser.executeScript("document.cookie = 'fakechat-id-demo=late; path=/'");
    assertThat(cookieNames()).as("a chat cookie written after the end").doesNotContain("fakechat-id-demo");
  }

  @Test
  void analyticsCookieWaitsForConsent() throws Exception {
    browser.get(base + "/");
    browser.findElement(By.id("consent")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("consent stored"));
    browser.get(base + "/");
    assertThat(cookieNames()).contains("_ga", "cookie_gate_consent").doesNotContain("intercom-id-demo");
  }

  @Test
  void singlePageAppInsertsTheWidgetOnlyAfterTheClick() throws Exception {
    int before = vendor.requests();
    int analyticsBefore = vendor.analyticsRequests();
    browser.get(base + "/spa");
    waiting().until(d -> "support".equals(d.findElement(By.id("app")).getAttribute("data-rendered")));
    Thread.sleep(500);
    screenshot("spa-before-activation.png");
    assertThat(requestsTo(vendor.origin())).as("vendor requests in the network log").isEmpty();
    assertThat(requestsTo(vendor.analyticsOrigin())).as("analytics requests in the network log").isEmpty();
    assertThat(vendor.requests()).isEqualTo(before);
    assertThat(vendor.analyticsRequests()).isEqualTo(analyticsBefore);
    assertThat(browser.findElement(By.id("help")).getAttribute("data-cookie-gate-src")).isEqualTo(vendor.origin() + "/frame.html");
    assertThat(browser.findElement(By.id("help")).getAttribute("src")).as("held iframe").isEmpty();
    assertThat(jar()).noneMatch(c -> c.contains("fakechat"));
    assertThat(browser.findElement(By.id("app")).getAttribute("data-chat-config")).as("marked inline script held").isNull();

    browser.findElement(By.id("chat")).click();
    waiting().until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty());
    waiting().until(d -> jar().containsAll(Set.of("fakechat-id-demo@localhost", "fakechat_device@127.0.0.1")));
    screenshot("spa-after-activation.png");
    assertThat(requestsTo(vendor.origin())).contains(vendor.origin() + "/widget.js", vendor.origin() + "/frame.html",
        vendor.origin() + "/api/ping");
    assertThat(browser.findElement(By.id("help")).getAttribute("src")).isEqualTo(vendor.origin() + "/frame.html");
    assertThat(browser.findElement(By.id("app")).getAttribute("data-widget")).as("the app's onload handler ran")
        .isEqualTo("loaded");
    assertThat(browser.findElement(By.id("app")).getAttribute("data-chat-config")).isEqualTo("ran");
    Thread.sleep(300);
    assertThat(requestsTo(vendor.analyticsOrigin())).as("the pixel and the beacon wait for analytics consent").isEmpty();
    assertThat(vendor.analyticsRequests()).isEqualTo(analyticsBefore);
    assertThat(jar()).noneMatch(c -> c.startsWith("_ga"));
  }

  @Test
  void scriptCookieWritesWaitForTheirCategory() throws Exception {
    browser.get(base + "/spa");
    browser.executeScript("document.cookie = '_ga_SPA=GS1.1.1; path=/; max-age=3600';"
        + "document.cookie = 'fakechat-early=1; path=/';"
        + "document.cookie = 'mystery=1; path=/';");
    assertThat(cookieNames()).as("analytics, chat before activation, unknown").doesNotContain("_ga_SPA", "fakechat-early", "mystery");

    browser.executeScript("document.cookie = 'cookie_gate_consent=analytics; path=/; max-age=3600';"
        + "document.cookie = '_ga_SPA=GS1.1.2; path=/; max-age=3600';");
    assertThat(cookieNames()).as("after analytics consent").contains("cookie_gate_consent", "_ga_SPA")
        .doesNotContain("fakechat-early");
    assertThat(browser.executeScript("return document.cookie")).asString().contains("_ga_SPA=GS1.1.2");

    browser.executeScript("document.cookie = 'cookie_gate_consent=none; path=/; max-age=3600';"
        + "document.cookie = '_ga_SPA=; path=/; max-age=0';");
    assertThat(cookieNames()).as("a deletion always passes").doesNotContain("_ga_SPA");
  }

  @Test
  void consentApiGrantsNothingTheServerWouldNot() throws Exception {
    browser.get(base + "/spa");
    waiting().until(d -> "support".equals(d.findElement(By.id("app")).getAttribute("data-rendered")));
    assertThat(browser.executeScript("window.cookieGate = null; return cookieGate.allow(['chat', 'analytics'])"))
        .as("no activation, no consent cookie: nothing granted").asList().isEmpty();
    Thread.sleep(300);
    assertThat(browser.findElements(By.id("fakechat-widget"))).isEmpty();
    assertThat(requestsTo(vendor.origin())).isEmpty();
    assertThat(requestsTo(vendor.analyticsOrigin())).isEmpty();

    // What a consent banner does: store the library's consent cookie (the server reads it too),
    // then tell the page script.
    assertThat(browser.executeScript("document.cookie = 'cookie_gate_consent=analytics; path=/';"
        + "return cookieGate.allow(['chat', 'analytics'])")).asList().containsExactly("analytics");
    waiting().until(d -> !requestsTo(vendor.analyticsOrigin() + "/pixel.gif?page=support").isEmpty());
    assertThat(browser.findElements(By.id("fakechat-widget"))).as("chat still waits for the click").isEmpty();
    assertThat(requestsTo(vendor.origin())).isEmpty();
  }

  @Test
  void gateJsReadsTheConsentCookieUnderTheNameTheServerReads() throws Exception {
    // On http the server writes and reads the plain name only; gate.js does the same (on https
    // both read the __Host- name only, so a copy a sibling subdomain planted grants nothing).
    browser.get(base + "/spa");
    waiting().until(d -> "support".equals(d.findElement(By.id("app")).getAttribute("data-rendered")));
    browser.executeScript("document.cookie = '__Host-cookie_gate_consent=analytics; Secure; Path=/'");
    assertThat(cookieNames()).as("Chromium keeps a Secure cookie on localhost").contains("__Host-cookie_gate_consent");
    assertThat(browser.executeScript("return cookieGate.allow(['analytics'])")).asList().isEmpty();
    Thread.sleep(300);
    assertThat(requestsTo(vendor.analyticsOrigin())).isEmpty();
    browser.executeScript("document.cookie = 'cookie_gate_consent=analytics; Path=/'");
    assertThat(browser.executeScript("return cookieGate.allow(['analytics'])")).asList().containsExactly("analytics");
  }

  @Test
  void everyWayAScriptReachesAnAnalyticsHostIsHeld() throws Exception {
    int analyticsBefore = vendor.analyticsRequests();
    browser.get(base + "/spa");
    Object result = browser.executeAsyncScript("""
        var A = arguments[0], done = arguments[arguments.length - 1], out = {};
        var box = document.createElement('div');
        document.body.appendChild(box);
        var s = document.createElement('script'); s.src = A + '/t1.js'; box.insertBefore(s, null);
        var f = document.createElement('iframe'); f.setAttribute('src', A + '/t2.html'); box.append(f);
        var i = new Image(); i.srcset = A + '/t3.gif 1x';
        var l = document.createElement('link'); l.rel = 'preload'; l.as = 'image'; l.href = A + '/t4.gif';
        document.head.appendChild(l);
        box.insertAdjacentHTML('beforeend', '<img src="' + A + '/t5.gif">');
        var o = document.createElement('span'); box.appendChild(o); o.outerHTML = '<img src="' + A + '/t6.gif">';
        var r = document.createRange(); r.selectNode(box);
        var kept = [r.createContextualFragment('<img src="' + A + '/t7.gif">')]; // never inserted
        var p = document.createElement('div'); document.body.appendChild(p);
        p.innerHTML = '<picture><source srcset="' + A + '/t8.gif"><img alt=""></picture>';
        var e = document.createElement('embed'); e.src = A + '/t9.swf'; box.appendChild(e);
        var d = new DOMParser().parseFromString('<img src="' + A + '/t10.gif">', 'text/html');
        kept.push(document.importNode(d.body.firstChild, true));
        var d2 = new DOMParser().parseFromString('<img src="' + A + '/t11.gif">', 'text/html');
        kept.push(document.adoptNode(d2.body.firstChild));
        out.beacon = navigator.sendBeacon(A + '/t12');
        var x = new XMLHttpRequest(); x.open('GET', A + '/t13');
        x.onerror = function () { out.xhr = 'error'; }; x.send();
        fetch(A + '/t14').then(function () { out.fetch = 'ok'; }, function (err) { out.fetch = err.name; });
        setTimeout(function () {
          out.held = document.querySelectorAll('[data-cookie-gate="analytics"]').length;
          done(out);
        }, 700);
        """, vendor.analyticsOrigin());
    assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("beacon", false).containsEntry("xhr", "error").containsEntry("fetch", "TypeError")
        .containsEntry("held", 7L); // all but the four never inserted
    assertThat(requestsTo(vendor.analyticsOrigin())).as("analytics requests in the network log").isEmpty();
    assertThat(vendor.analyticsRequests()).isEqualTo(analyticsBefore);
  }

  /** The filter's own gate, as the demo configured it. */
  static io.github.cookiegate.CookieGate demoGate() {
    return ((io.github.cookiegate.servlet.CookieGateFilter) ((org.eclipse.jetty.ee10.servlet.ServletContextHandler)
        server.getHandler()).getServletHandler().getFilter("cookie-gate").getFilter()).gate();
  }

  @Test
  @SuppressWarnings("unchecked")
  void browserDecidesHostsAndCookiesAsTheServerDoes() throws Exception {
    io.github.cookiegate.CookieGate gate = demoGate();
    List<String> hosts = new ArrayList<>();
    for (io.github.cookiegate.HostRule r : gate.hostCatalog().rules()) {
      String h = r.pattern().replace("*", "x1");
      hosts.addAll(List.of(h, h.toUpperCase(java.util.Locale.ROOT), h + ":8443", "sub." + h, h + ".", "not" + h,
          h.replace(".", "-") + ".example"));
    }
    List<String> names = new ArrayList<>();
    for (io.github.cookiegate.CookieRule r : gate.catalog().rules()) {
      String n = r.pattern().replace("*", "x1");
      if (r.kind() != io.github.cookiegate.CookieRule.Kind.REGEX && !n.startsWith("__")) {
        names.addAll(List.of(n, n + "x", "x" + n));
      }
    }
    names.addAll(List.of("mystery", "", "cookie_gate_chatx"));
    List<String> written = names.stream().distinct().filter(n -> !GateAccess.ownCookies(gate).isOwnCookie(n)).toList();

    // No consent; some; every category (which lets unknown cookies through too).
    for (String consent : List.of("", "analytics.marketing", "chat.functional.analytics.marketing")) {
      io.github.cookiegate.ConsentState state = consent.isEmpty() ? io.github.cookiegate.ConsentState.none()
          : io.github.cookiegate.ConsentState.fromOwnCookie(List.of(consent));
      List<String> expectedHosts = hosts.stream().filter(h -> gate.hostCatalog().match(h)
          .filter(r -> !io.github.cookiegate.CookieGate.allows(r.category(), io.github.cookiegate.Activation.none(), state))
          .isPresent()).toList();
      List<String> expectedCookies = written.stream().filter(n -> gate.decide(n + "=1; Path=/",
          io.github.cookiegate.Activation.none(), state).isAllowed()).toList();

      browser.executeCdpCommand("Storage.clearCookies", Map.of());
      browser.get(base + "/spa");
      if (!consent.isEmpty()) {
        browser.executeScript("document.cookie = 'cookie_gate_consent=' + arguments[0] + '; path=/'", consent);
      }
      // A detached script fetches nothing: its src tells whether gate.js held it, without any network.
      List<String> blockedHosts = (List<String>) browser.executeScript("""
          return arguments[0].filter(function (h) {
            var s = document.createElement('script');
            s.src = 'https://' + h + '/cg-parity.js';
            return s.hasAttribute('data-cookie-gate-src');
          });
          """, hosts);
      assertThat(blockedHosts).as("consent '%s': hosts gate.js refuses, of %s", consent, hosts.size())
          .containsExactlyElementsOf(expectedHosts);

      // In batches: the browser keeps at most 180 cookies per site and would evict the first ones.
      List<String> stored = (List<String>) browser.executeScript("""
          var names = arguments[0], stored = [];
          for (var b = 0; b < names.length; b += 100) {
            names.slice(b, b + 100).forEach(function (n) { document.cookie = (n ? n + '=' : '') + '1; path=/'; });
            // An empty document.cookie (a batch of names none of which may be stored) is no cookie at all.
            var now = (document.cookie ? document.cookie.split('; ') : []).map(function (p) { return p.indexOf('=') < 0 ? '' : p.slice(0, p.indexOf('=')); })
                .filter(function (n) { return names.indexOf(n) >= 0; }); // not the widget's own, with consent
            stored.push.apply(stored, now);
            now.forEach(function (n) { document.cookie = (n ? n + '=' : '') + '1; path=/; max-age=0'; });
          }
          return stored;
          """, written);
      assertThat(stored).as("consent '%s': cookies gate.js lets a script store, of %s", consent, written.size())
          .containsExactlyInAnyOrderElementsOf(expectedCookies);
    }
  }
}
