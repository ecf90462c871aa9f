package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.servlet.TestServer.Container;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * gate.js's cookie guard decides as the server's catalog does, for every built-in rule: the filter
 * writes the catalog into gate.js in a compact form (exact names grouped by category, globs as one
 * coded string), and a real headless Chromium, after consent to analytics only, lets a script store
 * exactly the names the server's catalog calls necessary or analytics (gh-13).
 */
class GateScriptCatalogIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'+.^_`|~-]+");

  @Test
  void theBrowsersGuardDecidesEveryBuiltInRuleAsTheServer() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium");
    }
    assumeThat(present).as("Debian's chromium (apt-get install chromium)").isTrue();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("cookies.analytics", "app_an_*,_fbp"); // _fbp: marketing in the built-in rows
    settings.put("cookies.marketing", "_ga_special"); // an exact name of a higher layer beats the _ga_* glob
    settings.put("cookies.chat", "*_cg_chat");
    CookieGate gate = CookieGate.fromSettings(settings);
    Set<String> names = new LinkedHashSet<>();
    for (CookieRule r : gate.catalog().rules()) {
      String name = r.kind() == CookieRule.Kind.REGEX ? null : r.pattern().replace("*", "z9");
      if (name != null && TOKEN.matcher(name).matches() && !name.startsWith("__Host-") && !name.startsWith("__Secure-")
          && !name.startsWith("cookie_gate_")) {
        names.add(name);
      }
    }
    names.addAll(List.of("app_an_1", "_ga_special", "_ga_other", "x_cg_chat", "site-own-cookie", "zz"));
    assertThat(names).hasSizeGreaterThan(1_500);
    Set<String> expected = new LinkedHashSet<>();
    for (String n : names) {
      Category c = gate.catalog().classify(n).category().orElse(null);
      if (c == Category.NECESSARY || c == Category.ANALYTICS) {
        expected.add(n);
      }
    }
    assertThat(expected).contains("_ga", "_ga_other", "app_an_1", "_fbp").doesNotContain("_ga_special", "x_cg_chat");

    String list = Base64.getEncoder().encodeToString(String.join("\n", names).getBytes(StandardCharsets.US_ASCII));
    TestServer.Handler page = (req, res) -> {
      res.setContentType("text/html;charset=utf-8");
      res.getWriter().write("<!doctype html><html><head><title>guard</title></head><body><div id=out></div><script>"
          + "document.cookie = 'cookie_gate_consent=analytics; path=/';"
          + "var stored = [];"
          + "atob('" + list + "').split('\\n').forEach(function (n) {"
          + "  document.cookie = n + '=1; path=/';"
          + "  if (document.cookie.split('; ').some(function (p) { return p.split('=')[0] === n; })) { stored.push(n); }"
          + "  document.cookie = n + '=; path=/; max-age=0';"
          + "});"
          + "document.getElementById('out').setAttribute('data-stored', btoa(stored.join('\\n')));"
          + "</script></body></html>");
    };
    try (TestServer server = TestServer.on(Container.JETTY).servlet("/*", page)
        .param("cookies.analytics", settings.get("cookies.analytics"))
        .param("cookies.marketing", settings.get("cookies.marketing"))
        .param("cookies.chat", settings.get("cookies.chat")).start()) {
      String dom = dumpDom(server.origin() + "/page");
      Matcher m = Pattern.compile("data-stored=\"([A-Za-z0-9+/=]*)\"").matcher(dom);
      assertThat(m.find()).as("the page's script ran under gate.js: %s", dom.length() > 500 ? dom.substring(0, 500) : dom)
          .isTrue();
      List<String> stored = new ArrayList<>(List.of(new String(Base64.getDecoder().decode(m.group(1)),
          StandardCharsets.US_ASCII).split("\n")));
      stored.remove("");
      assertThat(new LinkedHashSet<>(stored)).isEqualTo(expected);
    }
  }

  private static String dumpDom(String url) throws Exception {
    Path profile = Files.createTempDirectory("chromium-guard");
    Path out = Files.createTempFile("chromium-guard", ".html");
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url)
        .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish with " + url);
    }
    return Files.readString(out);
  }
}
