package io.github.cookiegate.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat launcher in a real headless Chromium (Debian's package): where the filter puts it, that
 * one click activates the chat, loads the vendor's widget and opens it through the vendor's own
 * JavaScript API (each vendor faked by {@link FakeVendor}, which records every call), that the end
 * of the conversation and the withdrawal of chat consent end it in the page, that Google Consent
 * Mode and Clarity get denied defaults before their tag could run, and that axe-core finds no
 * accessibility violation on the demo shop. It also measures what the launcher saves: the bytes
 * the browser fetches before the click, against the same page loading its vendor directly.
 * Skipped where Chromium is not installed, except in CI (CI=true), where that fails the build.
 */
class LauncherBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final By LAUNCHER = By.cssSelector("[data-cookie-gate-launcher] button");
  /** About the size of a chat vendor's Messenger bundle. */
  static final int VENDOR_BUNDLE_BYTES = 340_000;

  static FakeVendor vendor;
  static Server demo;
  static Server lab;
  static String demoBase;
  static String labBase;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
    vendor = FakeVendor.start(0);
    demo = DemoServer.start("127.0.0.1", 0, vendor.origin(), vendor.analyticsOrigin());
    demoBase = "http://localhost:" + port(demo);
    lab = startLab(vendor);
    labBase = "http://localhost:" + port(lab);
    browser = chromium(1100, 760);
  }

  static ChromeDriver chromium(int width, int height) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--window-size=" + width + "," + height, "--lang=en-US",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0,
        "profile.block_third_party_cookies", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * Pages for one vendor API at a time ({@code /vendor?api=crisp}) and one with Google's and
   * Clarity's tags ({@code /tags}), behind the filter configured as the demo's.
   */
  static Server startLab(FakeVendor vendor) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder gate = new FilterHolder(CookieGateFilter.class);
    gate.setInitParameter("cookies.chat", "fakechat-*, fakechat_*");
    gate.setInitParameter("cookies.analytics", "_ga, _ga_*");
    gate.setInitParameter("hosts.chat", FakeVendor.CHAT_HOST);
    gate.setInitParameter("hosts.analytics", FakeVendor.ANALYTICS_HOST);
    context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String api = req.getParameter("api") == null ? "intercom" : req.getParameter("api").replaceAll("[^a-z]", "");
        String tags = "";
        if (req.getRequestURI().equals("/tags")) {
          // Google's gtag.js snippet and Microsoft Clarity's, as their docs give them (their hosts replaced).
          tags = "<script async src=\"" + vendor.analyticsOrigin() + "/gtag.js?id=G-DEMO\"></script>\n"
              + "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"
              + " gtag('js', new Date()); gtag('config', 'G-DEMO');</script>\n"
              + "<script>(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};"
              + "t=l.createElement(r);t.async=1;t.src=\"" + vendor.analyticsOrigin() + "/clarity.js?id=\"+i;"
              + "y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);})(window, document, \"clarity\", \"script\", \"demo\");"
              + "</script>\n";
        }
        res.setContentType("text/html;charset=UTF-8");
        res.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>lab</title>" + tags
            + "</head><body><main><h1>Vendor " + api + "</h1></main>"
            + "<script src=\"" + vendor.origin() + "/widget.js?api=" + api + "\" async></script></body></html>");
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    return server;
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (Server s : new Server[] {demo, lab}) {
      if (s != null) {
        s.stop();
      }
    }
    if (vendor != null) {
      vendor.stop();
    }
  }

  @BeforeEach
  void freshBrowser() {
    browser.executeCdpCommand("Storage.clearCookies", Map.of());
    browser.get(demoBase + "/shop.css"); // an origin to clear storage in
    browser.executeScript("localStorage.clear(); sessionStorage.clear();");
    browser.get(labBase + "/none");
    browser.executeScript("localStorage.clear(); sessionStorage.clear();");
    browser.manage().logs().get(LogType.PERFORMANCE);
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @SuppressWarnings("unchecked")
  static List<String> calls() {
    Object c = browser.executeScript("return window.fakeVendorCalls || []");
    return new ArrayList<>((List<String>) c);
  }

  static void screenshot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theLauncherIsInsideTheBodyAndOneClickActivatesLoadsAndOpensTheWidget() throws Exception {
    browser.get(demoBase + "/");
    // get() can return while the parser still waits on gate.js in the head (seen after the test
    // before it): the body's place is asked of the whole document.
    waiting().until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    assertThat(browser.executeScript("""
        var l = document.querySelector('[data-cookie-gate-launcher]');
        return l !== null && l.parentNode === document.body && document.documentElement.lastElementChild === document.body
            && getComputedStyle(l).position === 'fixed';
        """)).as("the launcher is a child of body, fixed, and nothing follows the body").isEqualTo(true);
    WebElement button = browser.findElement(LAUNCHER);
    assertThat(button.getTagName()).isEqualTo("button");
    assertThat(button.getAccessibleName()).isEqualTo("Chat with us");
    assertThat(browser.findElement(By.id("cookie-gate-launcher-notice")).getText())
        .isEqualTo("Opening the chat lets our chat provider store what the conversation needs. Cookies used");
    assertThat(browser.findElements(By.id("fakechat-widget"))).isEmpty();
    screenshot("readme-before-activation.png");

    button.click();
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(calls()).as("the widget was opened through the vendor's API").containsExactly("Intercom show");
    assertThat(browser.findElement(By.cssSelector("[data-cookie-gate-launcher]")).isDisplayed())
        .as("the vendor's widget takes the launcher's place").isFalse();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("chat open"));
    screenshot("readme-after-activation.png");
  }

  @Test
  void keyboardReachesTheLauncherShowsItsLabelAndFocusRingAndOpensTheChatWithEnter() throws Exception {
    browser.get(demoBase + "/");
    Actions keys = new Actions(browser);
    for (int i = 0; i < 40 && !Boolean.TRUE.equals(browser.executeScript(
        "return document.activeElement && document.activeElement.matches('[data-cookie-gate-launcher] button')")); i++) {
      keys.sendKeys(Keys.TAB).perform();
    }
    WebElement button = browser.findElement(LAUNCHER);
    assertThat(browser.switchTo().activeElement()).as("reached with Tab").isEqualTo(button);
    Thread.sleep(300); // the label fades in (no transition under prefers-reduced-motion)
    assertThat(browser.executeScript("return getComputedStyle(document.querySelector('.cookie-gate-launcher-label')).opacity"))
        .as("label visible on focus").isEqualTo("1");
    assertThat(button.getCssValue("outline-style")).as("focus ring").isEqualTo("solid");
    button.sendKeys(Keys.ENTER);
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(calls()).containsExactly("Intercom show");
  }

  @Test
  void endingTheConversationShutsTheVendorDownClearsItsStorageAndTheLauncherStartsAgain() throws Exception {
    browser.get(demoBase + "/");
    browser.executeScript("localStorage.setItem('shop.basket', '2')");
    browser.findElement(LAUNCHER).click();
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(browser.executeScript("return localStorage.getItem('intercom.fake-session')")).isEqualTo("visitor-42");

    browser.findElement(By.id("end")).click();
    waiting().until(d -> d.findElement(By.id("out")).getText().startsWith("conversation ended"));
    assertThat(calls()).containsExactly("Intercom show", "Intercom shutdown");
    assertThat(browser.findElements(By.id("fakechat-widget"))).isEmpty();
    assertThat(browser.executeScript("return [localStorage.getItem('intercom.fake-session'), localStorage.getItem('shop.basket'),"
        + " typeof window.Intercom, cookieGate.allowed('chat'), document.cookie.indexOf('fakechat-id-demo') < 0]"))
        .asList().containsExactly(null, "2", "undefined", false, true);
    assertThat(browser.findElement(LAUNCHER).isDisplayed()).as("the launcher is back").isTrue();

    browser.findElement(LAUNCHER).click(); // a new conversation: the vendor loads afresh and opens
    waiting().until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty()
        && "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(calls()).containsExactly("Intercom show", "Intercom shutdown", "Intercom show");
  }

  @Test
  void withdrawingChatConsentShutsTheVendorDownAndClearsItsStorage() throws Exception {
    browser.get(labBase + "/vendor?api=crisp");
    // A consent banner grants chat: gate.js restores the widget (consent is no click: it stays closed).
    browser.executeScript("document.cookie = 'cookie_gate_consent=chat; path=/'; cookieGate.allow(['chat'])");
    waiting().until(d -> !d.findElements(By.id("fakechat-widget")).isEmpty());
    assertThat(browser.executeScript("return localStorage.getItem('crisp-client/session/fake')")).isEqualTo("visitor-42");
    assertThat(calls()).isEmpty();

    browser.executeScript("document.cookie = 'cookie_gate_consent=none; path=/'");
    waiting().until(d -> d.findElements(By.id("fakechat-widget")).isEmpty());
    assertThat(calls()).containsExactly("$crisp do session:reset");
    assertThat(browser.executeScript("return localStorage.getItem('crisp-client/session/fake')")).isNull();
    assertThat(browser.executeScript("return document.querySelectorAll('script[data-cookie-gate=\"chat\"]').length"))
        .as("the vendor's script is held again").isEqualTo(1L);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "intercom  | Intercom show                    | Intercom shutdown",
      "crisp     | $crisp do chat:open              | $crisp do session:reset",
      "tawk      | Tawk_API maximize                | Tawk_API endChat",
      "zendesk   | zE messenger open                | zE messenger logoutUser",
      "hubspot   | HubSpotConversations widget.open | HubSpotConversations clear {\"resetWidget\":true}",
      "livechat  | LiveChatWidget maximize          | LiveChatWidget destroy",
      "tidio     | tidioChatApi open                | null",
      "drift     | drift api.openChat               | drift reset",
      "brevo     | BrevoConversations openChat true | null",
      "freshchat | fcWidget open                    | fcWidget destroy",
      "chatwoot  | $chatwoot toggle open            | $chatwoot reset",
  })
  void eachVendorsWidgetOpensAfterOneClickAndEndsWithItsOwnCall(String api, String open, String shutdown) {
    browser.get(labBase + "/vendor?api=" + api);
    browser.findElement(LAUNCHER).click();
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(calls()).containsExactly(open);
    browser.executeScript("cookieGate.end()");
    if (shutdown == null) {
      assertThat(calls()).containsExactly(open);
    } else {
      assertThat(calls()).filteredOn(c -> !c.startsWith("fcWidget user.clear")).containsExactly(open, shutdown);
    }
  }

  @Test
  void aPageTeachesGateJsAVendorOfItsOwn() {
    browser.get(labBase + "/vendor?api=other");
    browser.executeScript("""
        cookieGate.addAdapter({
          name: 'acme',
          ready: function () { return !!window.FakeChat; },
          open: function () { fakeVendorCalls.push('acme open'); FakeChat.open(); },
          shutdown: function () { fakeVendorCalls.push('acme shutdown'); FakeChat.shutdown(); }
        });
        """);
    browser.findElement(LAUNCHER).click();
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    browser.executeScript("cookieGate.end()");
    assertThat(calls()).containsExactly("acme open", "acme shutdown");
  }

  @Test
  @SuppressWarnings("unchecked")
  void consentModeDefaultsAreDeniedBeforeTheTagsRunAndFollowConsentNotActivation() throws Exception {
    int analyticsBefore = vendor.analyticsRequests();
    browser.get(labBase + "/tags");
    List<Object> queue = (List<Object>) browser.executeScript(
        "return window.dataLayer.map(function (e) { return Array.prototype.slice.call(e); })");
    Map<String, String> denied = Map.of("analytics_storage", "denied", "ad_storage", "denied", "ad_user_data", "denied",
        "ad_personalization", "denied");
    assertThat(queue).as("the page's gtag commands come after the defaults").hasSize(3);
    assertThat((List<Object>) queue.get(0)).containsExactly("consent", "default", denied);
    assertThat(((List<Object>) queue.get(1)).get(0)).isEqualTo("js");
    assertThat((List<Object>) queue.get(2)).containsExactly("config", "G-DEMO");
    assertThat(browser.executeScript("return typeof window.clarity")).as("Clarity's snippet names its host: held").isEqualTo("undefined");

    browser.findElement(LAUNCHER).click(); // activation of the chat grants none of them
    waiting().until(d -> "true".equals(d.findElement(By.id("fakechat-widget")).getAttribute("data-open")));
    assertThat(browser.executeScript("return window.dataLayer.length")).isEqualTo(3L);
    assertThat(vendor.analyticsRequests()).as("gtag.js and clarity still held").isEqualTo(analyticsBefore);

    browser.executeScript("document.cookie = 'cookie_gate_consent=analytics; path=/'; cookieGate.allow(['analytics'])");
    waiting().until(d -> browser.executeScript("return window.fakeGtagSaw") != null);
    List<Object> saw = (List<Object>) browser.executeScript("return window.fakeGtagSaw");
    assertThat((List<Object>) saw.get(0)).as("what gtag.js found first").containsExactly("consent", "default", denied);
    assertThat(saw).as("updated before gtag.js ran: analytics granted, ads still denied")
        .contains(List.of("consent", "update", Map.of("analytics_storage", "granted", "ad_storage", "denied",
            "ad_user_data", "denied", "ad_personalization", "denied")));
    assertThat(browser.executeScript("return JSON.stringify(window.clarity.q.map(function (a) { return Array.prototype.slice.call(a); }))"))
        .isEqualTo("[[\"consentv2\",{\"ad_Storage\":\"denied\",\"analytics_Storage\":\"denied\"}],"
            + "[\"consentv2\",{\"ad_Storage\":\"denied\",\"analytics_Storage\":\"granted\"}]]");
  }

  @Test
  @SuppressWarnings("unchecked")
  void axeFindsNoAccessibilityViolationOnTheShopWithTheLauncher() throws Exception {
    String axe;
    try (InputStream in = LauncherBrowserIT.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is missing from the test classpath: the test dependency"
            + " com.deque.html.axe-core:selenium (examples/demo/pom.xml) carries it; run mvn verify online once");
      }
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    browser.get(demoBase + "/");
    browser.executeScript(axe);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Map<String, Object> result = (Map<String, Object>) browser.executeAsyncScript("""
        var done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
          done({ version: axe.version, passes: r.passes.length, violations: r.violations.map(function (v) {
            return v.id + ' (' + v.impact + '): ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
          }) });
        }, function (e) { done({ error: String(e) }); });
        """);
    assertThat(result).doesNotContainKey("error");
    System.out.println("axe-core " + result.get("version") + ": " + result.get("passes") + " rules passed");
    assertThat((List<String>) result.get("violations")).as("axe-core violations on the demo shop with the launcher").isEmpty();
    assertThat(browser.findElements(By.cssSelector("[data-cookie-gate-launcher]"))).hasSize(1);
  }

  @Test
  void bytesFetchedBeforeTheClickAgainstThePageLoadingItsVendorDirectly() throws Exception {
    FakeVendor big = FakeVendor.start(0, VENDOR_BUNDLE_BYTES);
    Server gated = DemoServer.start("127.0.0.1", 0, big.origin(), big.analyticsOrigin());
    Server direct = DemoServer.start("127.0.0.1", 0, big.origin(), big.analyticsOrigin(), Map.of("html", "off"));
    try {
      long[][] g = new long[3][];
      long[][] d = new long[3][];
      for (int round = 0; round < 3; round++) { // alternating, each with an empty cache
        g[round] = pageBytes("http://localhost:" + port(gated) + "/", big.origin());
        d[round] = pageBytes("http://localhost:" + port(direct) + "/", big.origin());
      }
      StringBuilder figure = new StringBuilder("demo shop, bytes the browser fetched before the click (total, of which from the"
          + " chat vendor), 3 alternating rounds, empty cache; vendor script padded to " + VENDOR_BUNDLE_BYTES + " bytes\n");
      for (int round = 0; round < 3; round++) {
        figure.append(String.format("round %d: with the launcher %d (%d); vendor loaded directly %d (%d)%n", round + 1,
            g[round][0], g[round][1], d[round][0], d[round][1]));
      }
      System.out.print(figure);
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "launcher-bytes.txt"), figure);
      for (int round = 0; round < 3; round++) {
        assertThat(g[round][1]).as("round %d: nothing from the vendor before the click", round).isZero();
        assertThat(d[round][1]).as("round %d: the vendor's script, loaded directly", round).isGreaterThan(VENDOR_BUNDLE_BYTES);
        assertThat(g[round][0]).as("round %d", round).isLessThan(d[round][0] - VENDOR_BUNDLE_BYTES / 2);
      }
    } finally {
      gated.stop();
      direct.stop();
      big.stop();
    }
  }

  /**
   * Bytes the browser received (encodedDataLength: headers and body as sent) loading a page, by
   * its network log: in all, and from URLs that start with {@code vendor}.
   */
  @SuppressWarnings("unchecked")
  static long[] pageBytes(String url, String vendor) throws Exception {
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
    browser.executeCdpCommand("Storage.clearCookies", Map.of());
    browser.manage().logs().get(LogType.PERFORMANCE);
    browser.get(url);
    Thread.sleep(1000); // what an async script fetches after load
    Map<String, Long> finished = new HashMap<>();
    Map<String, String> urls = new HashMap<>();
    for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
      Map<String, Object> entry = new Json().toType(e.getMessage(), Map.class);
      Map<String, Object> m = (Map<String, Object>) entry.get("message");
      Map<String, Object> p = (Map<String, Object>) m.get("params");
      if ("Network.requestWillBeSent".equals(m.get("method"))) {
        urls.put(String.valueOf(p.get("requestId")), String.valueOf(((Map<String, Object>) p.get("request")).get("url")));
      } else if ("Network.loadingFinished".equals(m.get("method"))) {
        finished.put(String.valueOf(p.get("requestId")), ((Number) p.get("encodedDataLength")).longValue());
      }
    }
    long all = 0;
    long fromVendor = 0;
    for (Map.Entry<String, Long> f : finished.entrySet()) {
      all += f.getValue();
      if (urls.getOrDefault(f.getKey(), "").startsWith(vendor)) {
        fromVendor += f.getValue();
      }
    }
    return new long[] {all, fromVendor};
  }
}
