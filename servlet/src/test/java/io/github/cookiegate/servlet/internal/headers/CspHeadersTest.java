package io.github.cookiegate.servlet.internal.headers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and filtering Content-Security-Policy headers, the nonce, the report-only policy and cache headers. */
class CspHeadersTest {

  static final HostCatalog CATALOG = HostCatalog.builtIn()
      .with(List.of(HostRule.of("*.chat-vendor.example", Category.CHAT), HostRule.of("help.zendesk.com", Category.FUNCTIONAL)));
  static final Predicate<Category> NOTHING = c -> c == Category.NECESSARY;
  static final Predicate<Category> CHAT = c -> c == Category.NECESSARY || c == Category.CHAT;
  static final Predicate<Category> ANALYTICS = c -> c == Category.NECESSARY || c == Category.ANALYTICS;

  static Predicate<Category> only(Category... allowed) {
    Set<Category> set = Set.copyOf(Arrays.asList(allowed));
    return c -> c == Category.NECESSARY || set.contains(c);
  }

  static String filter(String header, Predicate<Category> allowed) {
    return CspFilter.filter(header, CATALOG, allowed).value();
  }

  @Nested
  class Filtering {

    @Test
    void removesVendorHostsWhoseCategoryIsNotAllowed() {
      String csp = "script-src 'self' https://widget.intercom.io https://www.googletagmanager.com cdn.example.com";
      assertThat(filter(csp, NOTHING)).isEqualTo("script-src 'self' cdn.example.com");
      assertThat(filter(csp, CHAT)).isEqualTo("script-src 'self' https://widget.intercom.io cdn.example.com");
      assertThat(filter(csp, ANALYTICS)).isEqualTo("script-src 'self' https://www.googletagmanager.com cdn.example.com");
      assertThat(CspFilter.filter(csp, CATALOG, only(Category.CHAT, Category.ANALYTICS)).changed()).isFalse();
    }

    @Test
    void activationIsNotConsentForOtherCategories() {
      assertThat(filter("img-src www.facebook.com", CHAT)).isEqualTo("img-src 'none'");
    }

    @Test
    void readsEveryFetchDirectiveAndLeavesTheOthers() {
      String csp = "default-src 'self' js.intercomcdn.com; connect-src api-iam.intercom.io wss://nexus-websocket-a.intercom.io;"
          + " frame-src intercom-sheets.com; img-src data: static.intercomassets.com; child-src widget.intercom.io;"
          + " script-src-elem widget.intercom.io; frame-ancestors widget.intercom.io; form-action app.intercom.io";
      assertThat(filter(csp, NOTHING)).isEqualTo("default-src 'self'; connect-src 'none'; frame-src 'none';"
          + " img-src data:; child-src 'none'; script-src-elem 'none'; frame-ancestors widget.intercom.io;"
          + " form-action app.intercom.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"widget.intercom.io", "https://widget.intercom.io", "WIDGET.Intercom.IO",
        "https://widget.intercom.io:443", "widget.intercom.io:*", "https://widget.intercom.io/widget/abc",
        "widget.intercom.io.", "wss://widget.intercom.io", "http://widget.intercom.io:8080/x/y"})
    void readsSchemesPortsPathsAndCase(String source) {
      assertThat(filter("script-src 'self' " + source, NOTHING)).isEqualTo("script-src 'self'");
    }

    @Test
    void removesAWildcardOnlyWhenACatalogGlobCoversAllItNames() {
      // *.intercom-messenger.com is a catalog glob (chat): every host it names is Intercom's.
      assertThat(filter("frame-src *.intercom-messenger.com https://*.eu.intercom-messenger.com", NOTHING))
          .isEqualTo("frame-src 'none'");
      assertThat(filter("frame-src *.intercom-messenger.com", CHAT)).isEqualTo("frame-src *.intercom-messenger.com");
      // *.intercom.io names Intercom's hosts and any other: a policy cannot subtract from it.
      assertThat(filter("script-src *.intercom.io", NOTHING)).isEqualTo("script-src *.intercom.io");
    }

    @Test
    void keepsAWildcardUnderWhichAnAllowedRuleNamesAHost() {
      // *.zendesk.com is chat in the catalog; help.zendesk.com is the application's functional rule.
      assertThat(filter("script-src *.zendesk.com", NOTHING)).isEqualTo("script-src 'none'");
      assertThat(filter("script-src *.zendesk.com", only(Category.FUNCTIONAL))).isEqualTo("script-src *.zendesk.com");
      assertThat(filter("script-src help.zendesk.com", only(Category.FUNCTIONAL))).isEqualTo("script-src help.zendesk.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https:", "http:", "wss:", "'strict-dynamic'", "https://*", "*:443", "data:",
        "'nonce-abc'", "'sha256-abc='", "'unsafe-inline'", "intercom.io", "[::1]", "widget.intercom.io:x",
        "widget.intercom.io//x", "ftp//widget.intercom.io", "widget_intercom.io", "*widget.intercom.io"})
    void leavesWhatItCannotSubtractOrIsNoCatalogedHost(String source) {
      String csp = "script-src " + source;
      assertThat(filter(csp, NOTHING)).isEqualTo(csp);
    }

    @Test
    void readsEachPolicyOfACommaSeparatedList() {
      String csp = "script-src 'self' widget.intercom.io, img-src www.google-analytics.com 'self'";
      assertThat(filter(csp, NOTHING)).isEqualTo("script-src 'self', img-src 'self'");
    }

    @Test
    void keepsDirectivesItDoesNotChangeByteForByte() {
      String csp = "  upgrade-insecure-requests ;script-src\t'self'  widget.intercom.io ;;  report-uri /r  ";
      assertThat(filter(csp, NOTHING)).isEqualTo("  upgrade-insecure-requests ;script-src 'self';;  report-uri /r  ");
    }

    @Test
    void directiveNamesAreCaseInsensitive() {
      assertThat(filter("Script-SRC widget.intercom.io", NOTHING)).isEqualTo("Script-SRC 'none'");
    }

    @Test
    void saysWhetherTheValueDependsOnState() {
      assertThat(CspFilter.filter("script-src 'self' cdn.example.com", CATALOG, NOTHING).stateDependent()).isFalse();
      assertThat(CspFilter.filter("script-src widget.intercom.io", CATALOG, CHAT).stateDependent()).isTrue();
      assertThat(CspFilter.filter("script-src widget.intercom.io", CATALOG, CHAT).changed()).isFalse();
      CspFilter.Filtered f = CspFilter.filter("script-src widget.intercom.io", CATALOG, NOTHING);
      assertThat(f.stateDependent()).isTrue();
      assertThat(f.chatRemoved()).isTrue();
      assertThat(CspFilter.filter("img-src www.facebook.com", CATALOG, NOTHING).chatRemoved()).isFalse();
    }

    @Test
    void passesAnOverlongPolicyUnchanged() {
      String csp = "script-src widget.intercom.io " + "a.example.com ".repeat(700);
      assertThat(csp.length()).isGreaterThan(CspPolicy.MAX_HEADER_LENGTH);
      assertThat(CspFilter.filter(csp, CATALOG, NOTHING).changed()).isFalse();
      assertThat(filter(csp, NOTHING)).isSameAs(csp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"script-src widget.intercom.io\r\nX-Injected: 1", "script-src widget.intercom.io\u0000",
        "script-src widget.intercom.io caf\u00e9.example", "script-src widget.intercom.io\u0085"})
    void passesAPolicyWithControlOrNonAsciiCharactersUnchanged(String csp) {
      assertThat(filter(csp, NOTHING)).isSameAs(csp);
    }

    @Test
    void neverWritesCrOrLfWhateverItReads() {
      java.util.Random random = new java.util.Random(5);
      String alphabet = "abc.-*:/;, '\t" + "widget.intercom.io ";
      for (int n = 0; n < 20_000; n++) {
        StringBuilder sb = new StringBuilder("script-src ");
        int len = random.nextInt(80);
        for (int i = 0; i < len; i++) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String out = filter(sb.toString(), NOTHING);
        assertThat(out).doesNotContain("\r").doesNotContain("\n");
      }
    }
  }

  @Nested
  class Nonce {

    @Test
    void readsTheNonceOfTheDirectiveThatGovernsScriptElements() {
      assertThat(CspPolicy.nonceOf(List.of("default-src 'self'; script-src 'nonce-abc123+/=' 'strict-dynamic'")))
          .isEqualTo("abc123+/=");
      assertThat(CspPolicy.nonceOf(List.of("script-src 'nonce-fromscript'; script-src-elem 'nonce-fromelem'"))).isEqualTo("fromelem");
      assertThat(CspPolicy.nonceOf(List.of("default-src 'NONCE-Zm9v_-'"))).isEqualTo("Zm9v_-");
      assertThat(CspPolicy.nonceOf(List.of("default-src 'nonce-fromdefault'; script-src 'self'"))).isNull();
      assertThat(CspPolicy.nonceOf(List.of("img-src 'self'", "script-src 'nonce-second'"))).isEqualTo("second");
      assertThat(CspPolicy.nonceOf(List.of("img-src 'self', script-src 'nonce-policy2'"))).isEqualTo("policy2");
    }

    @Test
    void aLaterDirectiveOfTheSameNameIsIgnored() {
      assertThat(CspPolicy.nonceOf(List.of("script-src 'self'; script-src 'nonce-ignored'"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'nonce-a\"onload=\"x'", "'nonce-a>b'", "'nonce-'", "'nonce-==='", "'nonce-a b'",
        "'nonce-abc", "nonce-abc", "'nonce-a&quot;'"})
    void rejectsANonceThatIsNotBase64(String token) {
      assertThat(CspPolicy.nonceOf(List.of("script-src " + token))).isNull();
    }

    @Test
    void rejectsAnOverlongNonce() {
      assertThat(CspPolicy.nonceOf(List.of("script-src 'nonce-" + "a".repeat(300) + "'"))).isNull();
      assertThat(CspPolicy.nonceOf(List.of("script-src 'nonce-" + "a".repeat(200) + "'"))).hasSize(200);
    }
  }

  @Nested
  class ReportOnly {

    @Test
    void listsTheSiteAndAllowedVendorsAndReportsTheRest() {
      String p = CspFilter.reportOnlyPolicy(CATALOG, CHAT, "/cookie-gate/csp-report", true);
      assertThat(p).startsWith("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob: ")
          .contains(" widget.intercom.io ").contains(" *.intercom-messenger.com ")
          .doesNotContain("googletagmanager").doesNotContain("*.intercom-attachments-*")
          .endsWith("; report-uri /cookie-gate/csp-report; report-to cookie-gate");
      assertThat(CspFilter.reportOnlyPolicy(CATALOG, NOTHING, "/r", false)).startsWith("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; ")
          .endsWith("; report-uri /r");
    }

    @Test
    void writesOnlyAReportUriThatCannotBreakTheHeaders() {
      assertThat(CspPolicy.isPolicyUri("/app/cookie-gate/csp-report")).isTrue();
      for (String bad : new String[] {"", "/a b", "/a;b", "/a,b", "/a\"b", "/a\\b", "/a\r\nX: y", "/caf\u00e9"}) {
        assertThat(CspPolicy.isPolicyUri(bad)).as(bad).isFalse();
      }
    }

    @Test
    void addsNoneWhenEveryCategoryIsAllowed() {
      assertThat(CspFilter.reportOnlyPolicy(CATALOG, c -> true, "/r", true)).isNull();
    }

    @Test
    void addsNoneWhenTheCatalogMakesItTooLong() {
      List<HostRule> many = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        many.add(HostRule.of("host-" + i + ".chat-vendor-with-a-long-name.example", Category.CHAT));
      }
      assertThat(CspFilter.reportOnlyPolicy(HostCatalog.builtIn().with(many), CHAT, "/r", true)).isNull();
    }
  }
}
