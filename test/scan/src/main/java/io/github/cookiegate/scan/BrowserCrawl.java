package io.github.cookiegate.scan;

import io.github.cookiegate.StorageRule;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.scan.Model.CookieSeen;
import io.github.cookiegate.scan.Model.HostSeen;
import io.github.cookiegate.scan.Model.PageResult;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * The browser mode: the same crawl in headless Chromium. Cookies come from the browser's jar (so
 * those written by scripts and third-party cookies count), hosts from the requests the browser
 * really made; a screenshot per page before and after activation.
 */
final class BrowserCrawl extends Crawl {

  private static final String HELD_SCRIPT = "return Array.from(document.querySelectorAll('[data-cookie-gate-src],"
      + "[data-cookie-gate-srcset],[data-cookie-gate-href],[data-cookie-gate-data]')).map(function (e) {"
      + " var u = e.getAttribute('data-cookie-gate-src') || e.getAttribute('data-cookie-gate-href') ||"
      + " e.getAttribute('data-cookie-gate-data') || (e.getAttribute('data-cookie-gate-srcset') || '').trim().split(/\\s+/)[0];"
      + " try { return [e.tagName.toLowerCase(), new URL(u, document.baseURI).href]; } catch (x) { return null; } })"
      + ".filter(function (x) { return x; });";
  private static final String LINKS_SCRIPT = "return Array.from(document.querySelectorAll('a[href],area[href]'))"
      + ".map(function (a) { return a.href; });";

  private final BrowserSession browser;
  private final Judge judge;
  private final Map<String, byte[]> screenshots;
  private final Set<String> known = new HashSet<>();
  private final String origin;
  private final Map<String, Model.StorageSeen> storage = new LinkedHashMap<>();
  private final Set<String> knownStorage = new HashSet<>();

  BrowserCrawl(Options options, ScanState state, PrintStream progress, BrowserSession browser, Map<String, byte[]> screenshots) {
    super(options, state, progress);
    this.browser = browser;
    this.judge = new Judge(options.gate);
    this.screenshots = screenshots;
    this.origin = options.base.getScheme() + "://" + options.base.getRawAuthority();
  }

  @Override
  List<PageResult> prepare() throws InterruptedException {
    browser.reset(origin);
    List<PageResult> pages = new ArrayList<>();
    if (state.isActivated()) {
      long start = System.nanoTime();
      String label = "activation (click on " + options.activateSelector + ")";
      String shot = null;
      String error = null;
      try {
        browser.driver.get(options.base.toString());
        browser.settle(options.settleMillis);
        known.addAll(keys(browser.cookies()));
        ignoreStorageSoFar(); // what the page stored before the click is the fresh visitor's, as for cookies
        browser.requests();
        List<WebElement> buttons = browser.driver.findElements(By.cssSelector(options.activateSelector));
        if (!buttons.isEmpty() && buttons.get(0).isDisplayed()) {
          buttons.get(0).click();
        } else {
          label = "activation (POST " + options.activationPath + ": no element matches " + options.activateSelector + ")";
          notes.add("no element on " + pathOf(options.base) + " matches --activate-selector " + options.activateSelector
              + "; activated by POST " + options.activationPath);
          browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
              + " fetch(arguments[0], {method: 'POST', credentials: 'same-origin'}).then(function () { done(); }, function () { done(); });",
              options.activationPath);
        }
        String marker = GateAccess.ownCookies(options.gate).markerCookieName("https".equals(options.base.getScheme()));
        long deadline = System.currentTimeMillis() + options.timeout.toMillis();
        while (browser.cookies().stream().noneMatch(c -> marker.equals(c.get("name"))) && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        if (browser.cookies().stream().noneMatch(c -> marker.equals(c.get("name")))) {
          notes.add("activation did not store the marker cookie " + marker + " within " + options.timeout.toSeconds()
              + " s: is cookie-gate in front of this site?");
        }
        browser.settle(options.settleMillis);
        shot = screenshot("activation-after-click");
      } catch (WebDriverException e) {
        error = firstLine(e);
      }
      lookAtStorage(label);
      pages.add(new PageResult(options.base.toString(), label, -1, 0, "", 0, false, error, newCookies(),
          hosts(browser.requests(), List.of()), shot, (System.nanoTime() - start) / 1_000_000));
    } else if (state.consented().isPresent()) {
      String category = state.consented().get().id();
      String name = GateAccess.ownCookies(options.gate).consentCookieName("https".equals(options.base.getScheme()));
      if (options.consentViaEndpoint) {
        browser.driver.get(options.base.toString());
        browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
            + " fetch(arguments[0], {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
            + " 'application/x-www-form-urlencoded'}, body: 'categories=' + arguments[1]}).then(function () { done(); }, function () { done(); });",
            options.gate.consentPath(), category);
        notes.add("consent given by POST " + options.gate.consentPath() + " categories=" + category);
      } else {
        browser.driver.executeCdpCommand("Network.setCookie", Map.of("name", name, "value", category, "url", origin + "/",
            "path", "/"));
        notes.add("consent given as the cookie " + name + "=" + category);
      }
      known.addAll(keys(browser.cookies()));
    }
    browser.requests();
    return pages;
  }

  @Override
  Visit visit(URI uri, int depth) throws InterruptedException {
    long start = System.nanoTime();
    browser.requests();
    String error = null;
    List<URI> links = new ArrayList<>();
    List<List<String>> held = List.of();
    String shot = null;
    try {
      browser.driver.get(uri.toString());
      browser.settle(options.settleMillis);
      held = heldElements();
      for (Object href : (List<?>) browser.driver.executeScript(LINKS_SCRIPT)) {
        URI to = PageParser.resolve(uri, String.valueOf(href));
        if (to != null) {
          links.add(withoutFragment(to));
        }
      }
      if (state.id().equals(ScanState.FRESH) || state.isActivated()) {
        shot = screenshot(pathOf(uri));
      }
    } catch (WebDriverException e) {
      error = firstLine(e);
    }
    List<CookieSeen> cookies = newCookies();
    lookAtStorage(pathOf(uri));
    List<HostSeen> hosts = hosts(browser.requests(), held);
    return new Visit(new PageResult(uri.toString(), pathOf(uri), depth, error == null ? 200 : 0, "", 0, false, error, cookies,
        hosts, shot, (System.nanoTime() - start) / 1_000_000), links);
  }

  /** Records the localStorage and sessionStorage keys the browser holds now that were not seen before in this state. */
  private void lookAtStorage(String page) {
    for (StorageRule.Kind area : List.of(StorageRule.Kind.LOCAL_STORAGE, StorageRule.Kind.SESSION_STORAGE)) {
      List<String> keys;
      try {
        keys = browser.storageKeys(origin, area == StorageRule.Kind.LOCAL_STORAGE);
      } catch (WebDriverException e) {
        notes.add("could not read " + area.id() + " after " + page + ": " + firstLine(e));
        continue;
      }
      for (String key : keys) {
        if (!knownStorage.contains(area.id() + " " + key)) {
          storage.computeIfAbsent(area.id() + " " + key, k -> judge.storage(area, key, page, state));
        }
      }
    }
  }

  private void ignoreStorageSoFar() {
    for (boolean local : new boolean[] {true, false}) {
      try {
        for (String key : browser.storageKeys(origin, local)) {
          knownStorage.add((local ? "localStorage " : "sessionStorage ") + key);
        }
      } catch (WebDriverException e) {
        // nothing to ignore
      }
    }
  }

  @Override
  List<Model.StorageSeen> storage() {
    return List.copyOf(storage.values());
  }

  @SuppressWarnings("unchecked")
  private List<List<String>> heldElements() {
    List<List<String>> out = new ArrayList<>();
    for (Object o : (List<Object>) browser.driver.executeScript(HELD_SCRIPT)) {
      List<Object> pair = (List<Object>) o;
      out.add(List.of(String.valueOf(pair.get(0)), String.valueOf(pair.get(1))));
    }
    return out;
  }

  private List<HostSeen> hosts(List<String> requested, List<List<String>> held) {
    List<HostSeen> out = new ArrayList<>();
    Set<String> once = new LinkedHashSet<>();
    for (String url : requested) {
      URI to = PageParser.resolve(options.base, url);
      if (to != null && thirdParty(to) && once.add(to.getHost() + " requested")) {
        out.add(judge.host(to.getHost().toLowerCase(Locale.ROOT), shown(to), "a request the browser made", "requested", state));
      }
    }
    for (List<String> h : held) {
      URI to = PageParser.resolve(options.base, h.get(1));
      if (to != null && thirdParty(to) && once.add(to.getHost() + " held " + h.get(0))) {
        out.add(judge.host(to.getHost().toLowerCase(Locale.ROOT), shown(to), "<" + h.get(0) + ">", "held", state));
      }
    }
    return out;
  }

  /** Cookies that appeared in the jar since the last look, judged. */
  private List<CookieSeen> newCookies() {
    List<CookieSeen> out = new ArrayList<>();
    List<Map<String, Object>> jar = browser.cookies();
    long now = System.currentTimeMillis() / 1000;
    for (Map<String, Object> c : jar) {
      String key = key(c);
      if (!known.add(key)) {
        continue;
      }
      String name = String.valueOf(c.get("name"));
      String domain = String.valueOf(c.get("domain"));
      String path = String.valueOf(c.getOrDefault("path", "/"));
      boolean session = Boolean.TRUE.equals(c.get("session"));
      Long maxAge = null;
      List<String> attrs = new ArrayList<>();
      attrs.add("Domain=" + domain);
      attrs.add("Path=" + path);
      if (!session && c.get("expires") instanceof Number n) {
        maxAge = n.longValue() - now;
        attrs.add("expires in " + maxAge + " s");
      } else {
        attrs.add("session");
      }
      if (Boolean.TRUE.equals(c.get("secure"))) {
        attrs.add("Secure");
      }
      if (Boolean.TRUE.equals(c.get("httpOnly"))) {
        attrs.add("HttpOnly");
      }
      if (c.get("sameSite") != null) {
        attrs.add("SameSite=" + c.get("sameSite"));
      }
      out.add(judge.jar(name, domain, path, attrs, maxAge, state));
    }
    return out;
  }

  private static Set<String> keys(List<Map<String, Object>> jar) {
    Set<String> s = new HashSet<>();
    for (Map<String, Object> c : jar) {
      s.add(key(c));
    }
    return s;
  }

  private static String key(Map<String, Object> c) {
    return c.get("name") + "@" + c.get("domain") + c.get("path");
  }

  private String screenshot(String what) {
    String name = "screenshots/" + state.id().replace(':', '-') + "-" + (screenshots.size() + 1) + "-"
        + what.replaceAll("[^A-Za-z0-9._-]+", "_") + ".png";
    try {
      screenshots.put(name, browser.driver.getScreenshotAs(OutputType.BYTES));
      return name;
    } catch (WebDriverException e) {
      notes.add("no screenshot of " + what + ": " + firstLine(e));
      return null;
    }
  }

  private static String firstLine(WebDriverException e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("browser error");
  }
}
