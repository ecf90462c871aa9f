package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookieDeclarationTest {

  private static final String HOSTILE = "<script>alert('x')</script> & \"Co\"\u0007\u2028é";

  private static CookieDeclaration declarationOf(CookieGate.Builder b) {
    return CookieDeclaration.of(b.secret(new byte[32]).build());
  }

  private static CookieDeclaration.Entry entry(CookieDeclaration d, String pattern) {
    return d.entries().stream().filter(e -> e.rule().pattern().equals(pattern)).findFirst().orElseThrow();
  }

  @Test
  void jsonOfASmallGateIsExactlyTheDocumentedSchema() {
    CookieDeclaration d = declarationOf(CookieGate.builder().catalog(CookieCatalog.empty())
        .storageCatalog(StorageCatalog.empty())
        .rule(CookieRule.glob("cw_*", Category.CHAT).withVendor("Chatwoot").withPurpose("conversation")
            .withLifetime("30 minutes"))
        .rule(CookieRule.exact("theme", Category.FUNCTIONAL))
        .unknownCookiesAllowed());
    assertThat(d.toJson()).isEqualTo("{\"version\":1,\"unknownCookies\":\"allow\",\"chatMaxAge\":\"PT24H\",\"cookies\":[\n"
        + "{\"pattern\":\"cw_*\",\"kind\":\"glob\",\"vendor\":\"Chatwoot\",\"category\":\"chat\",\"purpose\":\"conversation\","
        + "\"lifetime\":\"30 minutes\",\"effectiveLifetime\":\"30 minutes\",\"maxAgeSeconds\":86400,"
        + "\"needs\":\"activation or consent\",\"source\":\"application\",\"reference\":null},\n"
        + "{\"pattern\":\"theme\",\"kind\":\"exact\",\"vendor\":null,\"category\":\"functional\",\"purpose\":null,"
        + "\"lifetime\":null,\"effectiveLifetime\":\"not declared\",\"maxAgeSeconds\":null,\"needs\":\"consent\","
        + "\"source\":\"application\",\"reference\":null}\n],\"storage\":[]}\n");
  }

  @Test
  void hostileTextFromTheApplicationIsEscapedInBoth() {
    CookieDeclaration d = declarationOf(CookieGate.builder()
        .rule(CookieRule.glob("x<y>*", Category.MARKETING).withVendor(HOSTILE).withPurpose(HOSTILE).withLifetime(HOSTILE)));
    String html = d.toHtml();
    assertThat(html).doesNotContain("<script", "alert('x')", "\u0007", "\"Co\"", "x<y>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;&#xFFFD;\u2028é", "x&lt;y&gt;*");
    String json = d.toJson();
    assertThat(json).doesNotContain("<", ">", "'", "\u0007", "\u2028", "é")
        .contains("\"vendor\":\"\\u003cscript\\u003ealert(\\u0027x\\u0027)\\u003c/script\\u003e \\u0026 \\u0022Co\\u0022"
            + "\\u0007\\u2028\\u00e9\"");
    assertThat(json.chars().allMatch(c -> c < 0x7F)).as("ASCII only").isTrue();
    Map<?, ?> parsed = (Map<?, ?>) Json.parse(json);
    Map<?, ?> first = (Map<?, ?>) ((List<?>) parsed.get("cookies")).get(0);
    assertThat(first.get("vendor")).isEqualTo(HOSTILE);
    assertThat(first.get("pattern")).isEqualTo("x<y>*");
  }

  @Test
  void htmlIsAnAccessiblePageWithoutScripts() {
    String html = declarationOf(CookieGate.builder()).toHtml();
    assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<caption>Necessary cookies (", "<caption>Chat cookies (", "<th scope=\"col\">Purpose</th>",
            "<td><code>intercom-id-*</code> (* is any text)</td><td>Intercom</td>")
        .doesNotContain("<script", "javascript:");
    assertThat(html.indexOf("id=\"necessary\"")).isLessThan(html.indexOf("id=\"chat\""));
    assertThat(html.indexOf("id=\"chat\"")).isLessThan(html.indexOf("id=\"marketing\""));
    assertThat(html.split("<table id=\"(?!storage-)", -1)).hasSize(6); // five categories in the built-in catalog
  }

  @Test
  void everyBuiltInRuleIsDeclaredWithWhatItNeeds() {
    CookieDeclaration d = declarationOf(CookieGate.builder());
    assertThat(d.entries()).hasSize(distinctBuiltInPatterns());
    assertThat(d.entries()).allSatisfy(e -> assertThat(e.builtIn()).isTrue());
    assertThat(entry(d, "JSESSIONID").needs()).isEqualTo("nothing");
    assertThat(entry(d, "intercom-id-*").needs()).isEqualTo("activation or consent");
    assertThat(entry(d, "__hstc").needs()).isEqualTo("consent");
    assertThat(entry(d, "__hssc").needs()).isEqualTo("consent");
    List<?> cookies = (List<?>) ((Map<?, ?>) Json.parse(d.toJson())).get("cookies");
    assertThat(cookies).hasSize(d.entries().size());
  }

  @Test
  void chatLifetimesAreCappedByChatMaxAge() {
    CookieDeclaration d = declarationOf(CookieGate.builder());
    assertThat(entry(d, "intercom-id-*").effectiveLifetime()).isEqualTo("24 hours (capped)");
    assertThat(entry(d, "intercom-id-*").maxAgeSeconds()).hasValue(86_400);
    assertThat(entry(d, "intercom-id-*").rule().lifetime()).contains("9 months");
    assertThat(entry(d, "driftt_sid").effectiveLifetime()).as("shorter than the cap").isEqualTo("30 minutes");
    assertThat(entry(d, "wcsid").effectiveLifetime()).isEqualTo("session");
    assertThat(entry(d, "__hstc").effectiveLifetime()).as("not chat: max-age.marketing").isEqualTo("395 days (capped)");
    assertThat(entry(d, "__hstc").maxAgeSeconds()).hasValue(395 * 86_400L);

    CookieDeclaration twoDays = declarationOf(CookieGate.builder().chatMaxAge(Duration.ofDays(2)));
    assertThat(entry(twoDays, "intercom-id-*").effectiveLifetime()).isEqualTo("2 days (capped)");
    assertThat(entry(twoDays, "intercom-id-*").maxAgeSeconds()).hasValue(172_800);
    assertThat(twoDays.toJson()).contains("\"chatMaxAge\":\"PT48H\"");

    CookieDeclaration session = declarationOf(CookieGate.builder().chatMaxAgeSession());
    assertThat(entry(session, "intercom-id-*").effectiveLifetime()).isEqualTo("session (capped)");
    assertThat(entry(session, "intercom-id-*").maxAgeSeconds()).isEmpty();

    CookieDeclaration none = declarationOf(CookieGate.builder().chatMaxAgeUncapped());
    assertThat(entry(none, "intercom-id-*").effectiveLifetime()).isEqualTo("9 months");
    assertThat(entry(none, "intercom-id-*").maxAgeSeconds()).isEmpty();
  }

  @Test
  void aRulesRetentionCapsAnyCategory() {
    CookieDeclaration d = declarationOf(CookieGate.builder()
        .rule(CookieRule.exact("_sx", Category.ANALYTICS).withLifetime("2 years").withRetention(Duration.ofMinutes(90))));
    assertThat(entry(d, "_sx").effectiveLifetime()).isEqualTo("90 minutes (capped)");
    assertThat(entry(d, "_sx").maxAgeSeconds()).hasValue(5400);
  }

  @Test
  void applicationRulesComeFirstAndOverrideBuiltInOnes() {
    CookieDeclaration d = declarationOf(CookieGate.builder()
        .rule(CookieRule.exact("AWSALB", Category.NECESSARY).withVendor("Our load balancer")
            .withPurpose("keeps you on one server").withLifetime("7 days"))
        .cookies(Category.ANALYTICS, "_sx_*"));
    assertThat(d.entries().get(0).rule().pattern()).isEqualTo("AWSALB");
    assertThat(d.entries().get(0).builtIn()).isFalse();
    assertThat(d.entries().get(1).rule().pattern()).isEqualTo("_sx_*");
    assertThat(d.entries().stream().filter(e -> e.rule().pattern().equals("AWSALB"))).as("built-in one left out")
        .hasSize(1);
    assertThat(entry(d, "AWSALB").needs()).isEqualTo("nothing");
    assertThat(entry(d, "AWSALBCORS").builtIn()).isTrue();
    assertThat(d.entries()).hasSize(distinctBuiltInPatterns() + 1);
  }

  /** A pattern in both built-in layers is declared once, as the curated layer says. */
  static int distinctBuiltInPatterns() {
    return (int) CookieCatalog.builtIn().rules().stream().map(r -> r.kind() + " " + r.pattern()).distinct().count();
  }

  @Test
  void builtInRowsAreDeclaredWithVendorAndSource() {
    CookieDeclaration d = declarationOf(CookieGate.builder());
    assertThat(entry(d, "_ga").rule().vendor()).contains("Google Analytics");
    assertThat(entry(d, "_ga").rule().source()).get().asString().startsWith("Open Cookie Database ");
    assertThat(entry(d, "_fbp").rule().category()).isEqualTo(Category.MARKETING);
    assertThat(entry(d, "twk_uuid_*").rule().source()).get().asString().contains("tawk.to");
    assertThat(entry(d, "__hstc").rule().vendor()).as("the curated row, not the data set's").contains("HubSpot tracking");
    assertThat(d.entries()).filteredOn(e -> e.rule().pattern().equals("__hstc")).hasSize(1);
    assertThat(d.toJson()).contains("\"pattern\":\"_ga\",\"kind\":\"exact\",\"vendor\":\"Google Analytics\"")
        .contains("\"reference\":\"Open Cookie Database ");
    assertThat(d.toHtml()).contains("<th scope=\"col\">Source</th>").contains("Open Cookie Database ");
  }

  @Test
  void trackerLifetimesAreCappedByCategoryMaxAge() {
    CookieDeclaration d = declarationOf(CookieGate.builder());
    assertThat(entry(d, "_ga").effectiveLifetime()).as("2 years declared").isEqualTo("395 days (capped)");
    assertThat(entry(d, "_ga").maxAgeSeconds()).hasValue(395 * 86_400L);
    assertThat(entry(d, "_gid").effectiveLifetime()).isEqualTo("24 hours");
    CookieDeclaration none = declarationOf(CookieGate.builder().maxAgeUncapped(Category.ANALYTICS)
        .maxAge(Category.FUNCTIONAL, Duration.ofDays(30)));
    assertThat(entry(none, "_ga").effectiveLifetime()).isEqualTo("2 years");
    assertThat(entry(none, "_ga").maxAgeSeconds()).isEmpty();
    assertThat(entry(none, "driftt_wmd").maxAgeSeconds()).hasValue(30 * 86_400L);
  }

  @Test
  void theContainersSessionCookieIsDeclared() {
    CookieDeclaration d = CookieDeclaration.of(CookieGate.builder().secret(new byte[32]).build()
        .withNecessaryCookie("APPSESSION"));
    assertThat(entry(d, "APPSESSION").rule().purpose()).contains("server session");
    assertThat(entry(d, "APPSESSION").needs()).isEqualTo("nothing");
  }

  @Test
  void theContainersSessionCookieSaysItComesFromTheContainer() {
    CookieGate gate = CookieGate.builder().secret(new byte[32]).rule(CookieRule.exact("theme", Category.FUNCTIONAL))
        .build().withNecessaryCookie("APPSESSION");
    CookieDeclaration d = CookieDeclaration.of(gate);
    assertThat(entry(d, "APPSESSION").origin()).isEqualTo("container");
    assertThat(entry(d, "APPSESSION").builtIn()).isFalse();
    assertThat(entry(d, "theme").origin()).isEqualTo("application");
    assertThat(entry(d, "_ga").origin()).isEqualTo("built-in");
    assertThat(entry(d, "intercom-id-*").origin()).isEqualTo("built-in");
    assertThat(d.toJson()).contains("{\"pattern\":\"APPSESSION\",\"kind\":\"exact\",\"vendor\":\"Servlet container\"")
        .containsPattern("\"pattern\":\"APPSESSION\"[^}]*\"source\":\"container\"")
        .containsPattern("\"pattern\":\"theme\"[^}]*\"source\":\"application\"");
    assertThat(d.toHtml()).contains("this site&#39;s servlet container");
  }

  @Test
  void theOriginOfEachLayerIsKeptByTheCatalog() {
    // gh-15: one place says which layer is built in, the container's or the application's.
    CookieCatalog builtIn = CookieCatalog.builtIn();
    assertThat(builtIn.origins()).containsExactly(LayerOrigin.CURATED, LayerOrigin.OPEN_COOKIE_DATABASE);
    CookieCatalog all = builtIn.withContainerCookie("APPSESSION").with(List.of(CookieRule.exact("x", Category.CHAT)));
    assertThat(all.origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CONTAINER, LayerOrigin.CURATED,
        LayerOrigin.OPEN_COOKIE_DATABASE);
    assertThat(all.layers().get(1)).singleElement().satisfies(r -> {
      assertThat(r.pattern()).isEqualTo("APPSESSION");
      assertThat(r.category()).isEqualTo(Category.NECESSARY);
    });
    assertThat(all.classify("APPSESSION").category()).contains(Category.NECESSARY);
    assertThat(HostCatalog.builtIn().origins()).containsExactly(LayerOrigin.CURATED);
    assertThat(StorageCatalog.builtIn().with(List.of(StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "k",
        Category.CHAT))).origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CURATED);
    assertThat(CookieCatalog.empty().origins()).isEmpty();
  }

  @Test
  void aRenamedConsentCookieIsDeclaredAsNecessary() {
    CookieDeclaration d = declarationOf(CookieGate.builder().consentCookie("my_consent"));
    assertThat(d.entries().get(0).rule().pattern()).isEqualTo("my_consent");
    assertThat(d.entries().get(1).rule().pattern()).isEqualTo("__Host-my_consent");
    assertThat(entry(d, "my_consent").needs()).isEqualTo("nothing");
    assertThat(entry(d, "my_consent").rule().purpose()).contains("records the cookie categories you consented to");
    assertThat(declarationOf(CookieGate.builder()).entries().get(0).rule().pattern()).as("default: built-in rows only")
        .isEqualTo("intercom-id-*");
  }

  @Test
  void simpleLifetimesAreReadAndCapsAreWrittenInTheLargestExactUnit() {
    assertThat(CookieDeclaration.seconds("30 minutes")).isEqualTo(1800);
    assertThat(CookieDeclaration.seconds("1 week (refreshed)")).isEqualTo(7 * 86_400);
    assertThat(CookieDeclaration.seconds("365 days")).isEqualTo(365 * 86_400);
    assertThat(CookieDeclaration.seconds("6-13 months")).isEqualTo(-1);
    assertThat(CookieDeclaration.seconds("about 6 months")).isEqualTo(-1);
    assertThat(CookieDeclaration.seconds("unconfirmed")).isEqualTo(-1);
    assertThat(CookieDeclaration.human(86_400)).isEqualTo("24 hours");
    assertThat(CookieDeclaration.human(172_800)).isEqualTo("2 days");
    assertThat(CookieDeclaration.human(3600)).isEqualTo("1 hour");
    assertThat(CookieDeclaration.human(90)).isEqualTo("90 seconds");
  }

  /** A strict RFC 8259 reader, enough to prove the output parses back to what went in. */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    static Object parse(String s) {
      Json j = new Json(s);
      Object v = j.value();
      j.ws();
      if (j.i != s.length()) {
        throw new IllegalArgumentException("trailing text at " + j.i);
      }
      return v;
    }

    private void ws() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        do {
          ws();
          String k = string();
          ws();
          expect(':');
          if (m.put(k, value()) != null) {
            throw new IllegalArgumentException("duplicate key " + k);
          }
          ws();
        } while (s.charAt(i++) == ',');
        if (s.charAt(i - 1) != '}') {
          throw new IllegalArgumentException("expected } at " + (i - 1));
        }
        return m;
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        do {
          l.add(value());
          ws();
        } while (s.charAt(i++) == ',');
        if (s.charAt(i - 1) != ']') {
          throw new IllegalArgumentException("expected ] at " + (i - 1));
        }
        return l;
      }
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("unexpected " + c + " at " + i);
      }
      return Long.parseLong(s.substring(start, i));
    }

    private void expect(char c) {
      if (s.charAt(i++) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw new IllegalArgumentException("raw control character at " + (i - 1));
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e);
        }
      }
    }
  }

  @Test
  void webStorageRulesAreDeclaredWithAreaNeedsAndSourceApplicationsFirst() {
    CookieDeclaration d = declarationOf(CookieGate.builder()
        .storage(StorageRule.of(StorageRule.Kind.SESSION_STORAGE, "acme_<chat>_*", Category.CHAT).withVendor("Acme"),
            StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "twk_token_*", Category.FUNCTIONAL)));
    assertThat(d.storage()).hasSize(StorageCatalog.builtIn().size() + 1); // the built-in twk_token_* is overridden
    assertThat(d.storage().get(0).builtIn()).isFalse();
    assertThat(d.storage().get(1).rule().category()).isEqualTo(Category.FUNCTIONAL);
    assertThat(d.storage()).filteredOn(e -> e.rule().pattern().equals("twk_token_*")).hasSize(1);

    Map<?, ?> parsed = (Map<?, ?>) Json.parse(d.toJson());
    List<?> storage = (List<?>) parsed.get("storage");
    assertThat(storage).hasSize(d.storage().size());
    assertThat(asMap(storage.get(0))).containsEntry("pattern", "acme_<chat>_*").containsEntry("kind", "glob")
        .containsEntry("area", "sessionStorage").containsEntry("vendor", "Acme").containsEntry("category", "chat")
        .containsEntry("needs", "activation or consent").containsEntry("source", "application")
        .containsEntry("reference", null);
    Map<String, Object> hotjar = asMap(storage.stream()
        .filter(e -> "_hjUserAttributes".equals(((Map<?, ?>) e).get("pattern"))).findFirst().orElseThrow());
    assertThat(hotjar).containsEntry("area", "localStorage").containsEntry("category", "analytics")
        .containsEntry("needs", "consent").containsEntry("source", "built-in");
    assertThat(hotjar.get("reference").toString()).contains("https://");

    String html = d.toHtml();
    assertThat(html).contains("<h2 id=\"web-storage\">Web storage</h2>", "<table id=\"storage-chat\">",
            "<caption>Chat web storage (", "<td><code>acme_&lt;chat&gt;_*</code> (* is any text)</td><td>sessionStorage</td>",
            "<td><code>_hjUserAttributes</code></td><td>localStorage</td><td>Hotjar (Contentsquare)</td>")
        .doesNotContain("<chat>");
    assertThat(html.indexOf("id=\"marketing\"")).isLessThan(html.indexOf("id=\"web-storage\""));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
