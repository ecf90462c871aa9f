package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CookieCatalogTest {

  /** Every row of shared/facts/chat-cookies.csv, kept as a copy in test resources. */
  static Stream<List<String>> factRows() {
    return Csv.readResource(CookieCatalogTest.class, "facts/chat-cookies.csv").stream();
  }

  /** Turns a fact pattern into a concrete name it must match ('*' becomes "x1"). */
  static String example(String pattern) {
    return pattern.replace("*", "x1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factRows")
  void builtInCatalogCoversEveryFactRow(List<String> row) {
    String vendor = row.get(0);
    String pattern = row.get(1);
    Category category = Category.fromId(row.get(2)).orElseThrow();
    assertThat(CookieCatalog.builtIn().rules())
        .as("rule for %s %s", vendor, pattern)
        .anySatisfy(r -> {
          assertThat(r.pattern()).isEqualTo(pattern);
          assertThat(r.category()).isEqualTo(category);
          assertThat(r.vendor()).contains(vendor);
          assertThat(r.lifetime()).as("lifetime").contains(row.get(3));
          assertThat(r.purpose()).as("purpose").contains(row.get(4));
        });
    Classification c = CookieCatalog.builtIn().classify(example(pattern));
    assertThat(c.category()).as(example(pattern)).contains(category);
  }

  @Test
  void factsCopyMatchesSharedFactsWhenPresent() throws IOException {
    Path shared = Path.of("..", "..", "shared", "facts", "chat-cookies.csv");
    assumeThat(Files.exists(shared)).as("shared/facts beside the checkout").isTrue();
    Path copy = Path.of("src", "test", "resources", "io", "github", "cookiegate", "facts", "chat-cookies.csv");
    assertThat(Files.readString(copy)).isEqualTo(Files.readString(shared));
  }

  @Test
  void everyCuratedRuleDeclaresAPurposeALifetimeAndASource() {
    assertThat(CookieCatalog.builtIn().layers().get(0)).allSatisfy(r -> {
      assertThat(r.purpose()).as("purpose of %s", r.pattern()).isPresent();
      assertThat(r.lifetime()).as("lifetime of %s", r.pattern()).isPresent();
      assertThat(r.source()).as("source of %s", r.pattern()).isPresent();
      assertThat(r.source().get()).as("source of %s", r.pattern()).doesNotContain("shared/");
    });
    CookieRule session = CookieCatalog.builtIn().rules().stream()
        .filter(r -> r.pattern().equals("JSESSIONID")).findFirst().orElseThrow();
    assertThat(session.purpose()).contains("server session");
    assertThat(session.lifetime()).contains("session");
  }

  @Test
  void builtInCatalogKnowsCommonNecessaryCookies() {
    for (String name : new String[] {"JSESSIONID", "XSRF-TOKEN", "AWSELB", "BIGipServerpool_web", "ARRAffinity",
        "cookie_gate_chat", "__Host-cookie_gate_chat", "cookie_gate_consent", "OptanonConsent", "euconsent-v2",
        "__zlcprivacy", "iadvize-123-consent"}) {
      assertThat(CookieCatalog.builtIn().classify(name).category()).as(name).contains(Category.NECESSARY);
    }
  }

  @Test
  void builtInCatalogClassifiesVendorCookies() {
    assertThat(CookieCatalog.builtIn().classify("intercom-id-abc123").vendor()).contains("Intercom");
    assertThat(CookieCatalog.builtIn().classify("intercom-session-abc").category()).contains(Category.CHAT);
    assertThat(CookieCatalog.builtIn().classify("__hstc").category()).contains(Category.MARKETING);
    assertThat(CookieCatalog.builtIn().classify("__hssc").category()).contains(Category.ANALYTICS);
    assertThat(CookieCatalog.builtIn().classify("crisp-client%2Fsession%2Fabc").category()).contains(Category.CHAT);
    assertThat(CookieCatalog.builtIn().classify("abc-_zldp").category()).contains(Category.ANALYTICS);
    assertThat(CookieCatalog.builtIn().classify("totally-unknown").isKnown()).isFalse();
  }

  @Test
  void namesAreCaseSensitive() {
    assertThat(CookieCatalog.builtIn().classify("jsessionid").isKnown()).isFalse();
    assertThat(CookieCatalog.builtIn().classify("INTERCOM-ID-x").isKnown()).isFalse();
  }

  @Test
  void builtInPatternsAreUniqueWithinEachLayer() {
    for (List<CookieRule> layer : CookieCatalog.builtIn().layers()) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (CookieRule r : layer) {
        assertThat(seen.add(r.pattern())).as("duplicate built-in pattern %s", r.pattern()).isTrue();
      }
    }
  }

  @Test
  void exactBeatsGlobBeatsRegex() {
    CookieCatalog c = CookieCatalog.empty().with(List.of(
        CookieRule.regex("chat_.*", Category.MARKETING),
        CookieRule.glob("chat_*", Category.ANALYTICS),
        CookieRule.exact("chat_id", Category.CHAT)));
    assertThat(c.classify("chat_id").category()).contains(Category.CHAT);
    assertThat(c.classify("chat_other").category()).contains(Category.ANALYTICS);
    CookieCatalog regexOnly = CookieCatalog.empty().with(List.of(CookieRule.regex("chat_.*", Category.MARKETING)));
    assertThat(regexOnly.classify("chat_other").category()).contains(Category.MARKETING);
  }

  @Test
  void moreSpecificGlobWins() {
    CookieCatalog c = CookieCatalog.empty().with(List.of(
        CookieRule.glob("intercom-*", Category.MARKETING),
        CookieRule.glob("intercom-session-*", Category.CHAT),
        CookieRule.glob("*", Category.FUNCTIONAL)));
    assertThat(c.classify("intercom-session-x").category()).contains(Category.CHAT);
    assertThat(c.classify("intercom-other").category()).contains(Category.MARKETING);
    assertThat(c.classify("anything").category()).contains(Category.FUNCTIONAL);
  }

  @Test
  void equallySpecificGlobsKeepDeclarationOrder() {
    CookieCatalog c = CookieCatalog.empty().with(List.of(
        CookieRule.glob("a*c", Category.CHAT),
        CookieRule.glob("ab*", Category.MARKETING)));
    assertThat(c.classify("abc").category()).contains(Category.CHAT);
  }

  @Test
  void applicationRulesWinOverBuiltInOnes() {
    CookieCatalog c = CookieCatalog.builtIn().with(List.of(
        CookieRule.glob("intercom-*", Category.FUNCTIONAL),
        CookieRule.exact("AWSALB", Category.NECESSARY)));
    assertThat(c.classify("intercom-id-abc").category()).contains(Category.FUNCTIONAL);
    assertThat(c.classify("AWSALB").category()).contains(Category.NECESSARY);
    assertThat(CookieCatalog.builtIn().classify("AWSALB").category()).contains(Category.CHAT);
    assertThat(c.classify("driftt_aid").category()).contains(Category.CHAT);
  }

  @Test
  void sameNameInTwoCategoriesFailsNamingBoth() {
    assertThatThrownBy(() -> CookieCatalog.empty().with(List.of(
        CookieRule.exact("x", Category.CHAT), CookieRule.glob("x", Category.ANALYTICS))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'").hasMessageContaining("chat").hasMessageContaining("analytics");
  }

  @Test
  void emptyCatalogKnowsNothing() {
    assertThat(CookieCatalog.empty().classify("JSESSIONID").isKnown()).isFalse();
    assertThat(CookieCatalog.empty().size()).isZero();
  }

  @Test
  void cacheStaysBoundedUnderAMillionDistinctNames() {
    CookieCatalog c = CookieCatalog.builtIn().with(List.of(CookieRule.exact("fresh", Category.CHAT)));
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 1_000_000; i++) {
      c.classify("attacker-chosen-" + i);
    }
    long cached = c.cachedNames();
    System.gc();
    long usedAfterMillion = rt.totalMemory() - rt.freeMemory();
    assertThat(cached).isLessThanOrEqualTo(CookieCatalog.CACHE_SIZE);
    for (int i = 0; i < 1_000_000; i++) {
      c.classify("second-wave-" + i);
    }
    assertThat(c.cachedNames()).isLessThanOrEqualTo(CookieCatalog.CACHE_SIZE);
    System.gc();
    long usedAfterTwoMillion = rt.totalMemory() - rt.freeMemory();
    // Flat: a second million names adds no retained memory beyond noise (10 MB).
    assertThat(usedAfterTwoMillion - usedAfterMillion).isLessThan(10L * 1024 * 1024);
    assertThat(c.classify("fresh").category()).contains(Category.CHAT);
  }

  @Test
  void aNameIsCachedTheSecondTimeItIsLookedUp() {
    CookieCatalog c = CookieCatalog.empty().with(List.of(CookieRule.glob("cw_*", Category.CHAT)));
    Classification first = c.classify("cw_abc");
    assertThat(c.cachedNames()).as("seen once").isZero();
    assertThat(c.classify("cw_abc")).isSameAs(first);
    assertThat(c.cachedNames()).as("seen twice").isEqualTo(1);
    assertThat(c.classify("cw_abc")).isSameAs(first);
    assertThat(c.classify("unknown-1").isKnown()).isFalse();
    assertThat(c.classify("unknown-1").isKnown()).isFalse();
    assertThat(c.cachedNames()).isEqualTo(2);
  }

  @Test
  void namesSeenOnceDoNotFillTheCache() {
    CookieCatalog c = CookieCatalog.builtIn().with(List.of(CookieRule.exact("fresh", Category.CHAT)));
    for (int i = 0; i < 100_000; i++) {
      c.classify("one-time-" + i);
    }
    // Only two different names of one 32-bit hash landing on one slot in turn can pass the doorkeeper.
    assertThat(c.cachedNames()).isLessThan(100);
  }

  @Test
  void longNamesAreClassifiedButNotCached() {
    CookieCatalog c = CookieCatalog.empty().with(List.of(CookieRule.glob("long-*", Category.CHAT)));
    String name = "long-" + "x".repeat(CookieCatalog.MAX_CACHED_NAME_LENGTH);
    assertThat(c.classify(name).category()).contains(Category.CHAT);
    assertThat(c.cachedNames()).isZero();
  }

  @Test
  void cachedAndUncachedAnswersAgree() {
    CookieCatalog c = CookieCatalog.builtIn();
    assertThat(c.classify("intercom-id-q")).isSameAs(c.classify("intercom-id-q"));
  }

  // gh-13: a fresh app knew no analytics or marketing cookie at all.
  @Test
  void builtInCatalogKnowsTheCommonTrackers() {
    String[][] expected = {
        {"_ga", "analytics"}, {"_ga_ABC123", "analytics"}, {"_gid", "analytics"}, {"_gat_UA-1-1", "analytics"},
        {"_gat", "analytics"}, {"_gcl_au", "marketing"}, {"_gcl_xyz", "marketing"}, {"_fbp", "marketing"},
        {"_fbc", "marketing"}, {"_hjSessionUser_123", "analytics"}, {"_hjSession_123", "analytics"},
        {"_hjid", "analytics"}, {"_pk_id.1.abcd", "analytics"}, {"_pk_ses.1.abcd", "analytics"},
        {"_clck", "analytics"}, {"_clsk", "analytics"}, {"_uetsid", "marketing"}, {"_uetvid", "marketing"},
        {"li_fat_id", "marketing"}, {"bcookie", "marketing"}, {"lidc", "marketing"}, {"_ttp", "marketing"},
        {"_hp2_id.123", "analytics"}, {"_hp2_ses_props.123", "analytics"}, {"cto_bundle", "marketing"},
        {"twk_uuid_5f1a", "chat"}, {"tawk_uuid_5f1a", "chat"}, {"iadvize-123-vuid", "chat"},
        {"drift_aid", "chat"}, {"drift_campaign_refresh", "marketing"}, {"__hs_gpc_banner_dismiss", "necessary"},
        {"__hs_notify_banner_dismiss", "necessary"}};
    for (String[] e : expected) {
      Classification c = CookieCatalog.builtIn().classify(e[0]);
      assertThat(c.category().map(Category::id)).as(e[0]).contains(e[1]);
      assertThat(c.vendor()).as("vendor of %s", e[0]).isPresent();
      assertThat(c.rule().flatMap(CookieRule::source)).as("source of %s", e[0]).isPresent();
    }
  }

  @Test
  void curatedRowsWinOverTheGeneratedLayer() {
    // The data set says Functional for Hotjar and Analytics for Intercom; the curated chat rows decide.
    assertThat(CookieCatalog.builtIn().classify("intercom-id-x").category()).contains(Category.CHAT);
    assertThat(CookieCatalog.builtIn().classify("__hstc").vendor()).contains("HubSpot tracking");
    assertThat(CookieCatalog.builtIn().layers()).hasSize(2);
    assertThat(CookieCatalog.builtIn().layers().get(1)).noneMatch(r -> r.category() == Category.NECESSARY);
  }

  @Test
  void builtInTextsReadLazilyAreTheRowsOwn() {
    // The lifetime, purpose and source of a built-in row are decoded only when asked for; they must
    // be what a full read of the row gives (blank as absent).
    for (String resource : List.of(CookieCatalog.OCD_RESOURCE, CookieCatalog.CURATED_RESOURCE)) {
      List<List<String>> rows = Csv.readResource(CookieCatalog.class, resource);
      List<CookieRule> rules = CookieCatalog.loadBuiltInRules(resource);
      assertThat(rules).hasSameSizeAs(rows);
      for (int i = 0; i < rows.size(); i++) {
        List<String> row = rows.get(i);
        CookieRule eager = CookieRule.row(row.get(1), Category.fromId(row.get(2)).orElseThrow(), row.get(0), row.get(3),
            row.get(4), row.get(5));
        CookieRule lazy = rules.get(i);
        assertThat(lazy).as(resource + " " + row).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(lazy.lifetime()).isEqualTo(eager.lifetime());
        assertThat(lazy.purpose()).isEqualTo(eager.purpose());
        assertThat(lazy.source()).isEqualTo(eager.source());
        assertThat(lazy.withVendor("x").purpose()).isEqualTo(eager.purpose());
      }
    }
  }
}
