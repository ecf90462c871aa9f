package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.Category.ANALYTICS;
import static io.github.cookiegate.Category.CHAT;
import static io.github.cookiegate.Category.FUNCTIONAL;
import static io.github.cookiegate.Category.MARKETING;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each built-in platform resolver on values in the format the platform writes: the examples of
 * shared/facts/consent-platforms.md (observed request headers or the platform's documentation),
 * URL-encoded or base64-encoded as the platform stores them.
 */
public class ConsentPlatformsTest {

  static final Map<String, ConsentMapping> DEFAULTS = ConsentPlatforms.defaultMappings();

  static Optional<ConsentState> resolve(String platform, String cookie, String... values) {
    return resolve(platform, DEFAULTS.get(platform), Map.of(cookie, List.of(values)));
  }

  static Optional<ConsentState> resolve(String platform, ConsentMapping mapping, Map<String, List<String>> cookies) {
    return ConsentPlatforms.resolver(platform, mapping).resolve(ConsentRequest.of(cookies, Map.of()));
  }

  static EnumSet<Category> granted(Optional<ConsentState> state) {
    assertThat(state).as("a choice was read").isPresent();
    assertThat(state.get().isChoiceMade()).isTrue();
    return state.get().granted().isEmpty() ? EnumSet.noneOf(Category.class) : EnumSet.copyOf(state.get().granted());
  }

  @Nested
  class Tarteaucitron {
    @Test
    void readsServiceKeysAndGrantsChatForTheSupportService() {
      // facts: tarteaucitron=!gtag=true!crisp=false!tawkto=wait!intercomChat=true
      Optional<ConsentState> s = resolve("tarteaucitron", "tarteaucitron", "!gtag=true!crisp=false!tawkto=wait!intercomChat=true");
      // crisp refused and tawkto waiting: chat is not granted although intercomChat is (every chat key present must be).
      assertThat(granted(s)).containsExactly(ANALYTICS);
      assertThat(s.get().source()).isEqualTo("tarteaucitron");
      assertThat(s.get().timestamp()).isEmpty();
    }

    @Test
    void grantsChatWhenTheSiteOnlyRunsOneChatService() {
      assertThat(granted(resolve("tarteaucitron", "tarteaucitron", "!gtag=false!crisp=true!facebookpixel=false")))
          .containsExactly(CHAT);
    }

    @Test
    void waitIsNotConsent() {
      assertThat(granted(resolve("tarteaucitron", "tarteaucitron", "!gtag=wait!crisp=wait"))).isEmpty();
    }

    @Test
    void mappingIsOverridablePerCategory() {
      ConsentMapping m = DEFAULTS.get("tarteaucitron").with(CHAT, List.of("intercomChat"));
      Optional<ConsentState> s = resolve("tarteaucitron", m,
          Map.of("tarteaucitron", List.of("!gtag=true!crisp=false!tawkto=wait!intercomChat=true")));
      assertThat(granted(s)).containsExactlyInAnyOrder(CHAT, ANALYTICS);
    }
  }

  @Nested
  public class Axeptio {
    // facts example, URL-encoded as stored, with an "intercom" vendor key added.
    public static final String VALUE = "%7B%22%24%24token%22%3A%22h1gr263utwg%22%2C%22%24%24date%22%3A%222021-08-08T10%3A41%3A59.523Z%22"
        + "%2C%22%24%24completed%22%3Atrue%2C%22google_analytics%22%3Afalse%2C%22Criteo%22%3Afalse%2C%22intercom%22%3Atrue%7D";

    @Test
    void readsVendorKeysAndTheDate() {
      Optional<ConsentState> s = resolve("axeptio", "axeptio_cookies", VALUE);
      assertThat(granted(s)).containsExactly(CHAT);
      assertThat(s.get().timestamp()).contains(Instant.parse("2021-08-08T10:41:59.523Z"));
    }

    @Test
    void anUncompletedChoiceIsNone() {
      String v = VALUE.replace("%24%24completed%22%3Atrue", "%24%24completed%22%3Afalse");
      assertThat(resolve("axeptio", "axeptio_cookies", v)).isEmpty();
    }
  }

  @Nested
  public class Didomi {
    // facts: Didomi's own sample, base64 as stored: custom purposes only.
    static final String SAMPLE = "eyJ1c2VyX2lkIjoiMTc4NDExNGMtM2E4ZS02YTViLTllNjktMWVmM2Q0ZTBjN2EyIiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpnb29nbGVhbmEtaDdLYzNlN1kiXX0sInB1cnBvc2VzIjp7ImVuYWJsZWQiOlsicDRlbTlhOG0iLCJDTC1UMVJnbTciXX0sInZlbmRvcnNfbGkiOnsiZW5hYmxlZCI6WyJnb29nbGUiXX0sInZlcnNpb24iOjJ9";
    // The same shape with Didomi's standard IAB purpose ids: measurement accepted, ads refused.
    public static final String STANDARD = "eyJ1c2VyX2lkIjoiMTc4NDExNGMtM2E4ZS02YTViLTllNjktMWVmM2Q0ZTBjN2EyIiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE4VDA5OjAwOjAwLjAwMFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiZ29vZ2xlIl0sImRpc2FibGVkIjpbXX0sInB1cnBvc2VzIjp7ImVuYWJsZWQiOlsiY29va2llcyIsIm1lYXN1cmVfY29udGVudF9wZXJmb3JtYW5jZSIsIm1hcmtldF9yZXNlYXJjaCIsImltcHJvdmVfcHJvZHVjdHMiXSwiZGlzYWJsZWQiOlsic2VsZWN0X2Jhc2ljX2FkcyIsImNyZWF0ZV9hZHNfcHJvZmlsZSIsInNlbGVjdF9wZXJzb25hbGl6ZWRfYWRzIiwibWVhc3VyZV9hZF9wZXJmb3JtYW5jZSJdfSwidmVyc2lvbiI6Mn0=";

    @Test
    void customPurposesGrantNothingUntilMapped() {
      Optional<ConsentState> s = resolve("didomi", "didomi_token", SAMPLE);
      assertThat(granted(s)).isEmpty();
      assertThat(s.get().timestamp()).contains(Instant.parse("2021-03-17T16:46:32.344Z"));
      ConsentMapping m = DEFAULTS.get("didomi").with(ANALYTICS, List.of("p4em9a8m")).with(CHAT, List.of("c:googleana-h7Kc3e7Y"));
      assertThat(granted(resolve("didomi", m, Map.of("didomi_token", List.of(SAMPLE))))).containsExactlyInAnyOrder(ANALYTICS, CHAT);
    }

    @Test
    void standardPurposesMapToAnalyticsAndMarketing() {
      Optional<ConsentState> s = resolve("didomi", "didomi_token", STANDARD);
      assertThat(granted(s)).containsExactly(ANALYTICS);
      assertThat(s.get().timestamp()).contains(Instant.parse("2021-03-18T09:00:00Z"));
    }
  }

  @Nested
  public class OneTrust {
    // facts: observed OptanonConsent (consentId shortened there, filled here).
    public static final String VALUE = "isGpcEnabled=0&datestamp=Thu+Jan+22+2026+15%3A26%3A49+GMT%2B0800&version=202512.1.0"
        + "&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=7ebbb751-2d1c-4c4e-9a4f-3b1c0f9e8d11&interactionCount=1"
        + "&isAnonUser=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A0";

    @Test
    void readsGroupsFunctionalAlsoUnlocksChat() {
      assertThat(granted(resolve("onetrust", "OptanonConsent", VALUE))).containsExactlyInAnyOrder(CHAT, FUNCTIONAL);
    }

    @Test
    void takesTheTimeTheBannerWasClosed() {
      Optional<ConsentState> s = resolve("onetrust", DEFAULTS.get("onetrust"), Map.of("OptanonConsent", List.of(VALUE),
          "OptanonAlertBoxClosed", List.of("2026-01-22T07:26:49.123Z")));
      assertThat(s.get().timestamp()).contains(Instant.parse("2026-01-22T07:26:49.123Z"));
    }

    @Test
    void noInteractionYetIsNoChoice() {
      assertThat(resolve("onetrust", "OptanonConsent", VALUE.replace("interactionCount=1", "interactionCount=0"))).isEmpty();
    }

    @Test
    void awaitingReconsentIsNoChoice() {
      assertThat(resolve("onetrust", "OptanonConsent", VALUE + "&AwaitingReconsent=true")).isEmpty();
    }

    @Test
    void renamedGroupsAreMappedBySettings() {
      ConsentMapping m = DEFAULTS.get("onetrust").with(ANALYTICS, List.of("C0003"));
      assertThat(granted(resolve("onetrust", m, Map.of("OptanonConsent", List.of(VALUE))))).contains(ANALYTICS);
    }
  }

  @Nested
  public class Cookiebot {
    // facts: observed CookieConsent, URL-encoded as stored.
    static final String REFUSED = "%7Bstamp%3A'G%2B6rYDfrzwrZfdsT9uMJ8%2Fk6AmbxpJp1bjRp2jGXyJJLn6gmRU7%2BpA%3D%3D'%2Cnecessary%3Atrue"
        + "%2Cpreferences%3Afalse%2Cstatistics%3Afalse%2Cmarketing%3Afalse%2Cmethod%3A'explicit'%2Cver%3A1%2Cutc%3A1705162226478%2Cregion%3A'ae'%7D";
    public static final String ACCEPTED = REFUSED.replace("preferences%3Afalse%2Cstatistics%3Afalse", "preferences%3Atrue%2Cstatistics%3Atrue");

    @Test
    void readsTheObjectLiteralAndItsTime() {
      Optional<ConsentState> s = resolve("cookiebot", "CookieConsent", REFUSED);
      assertThat(granted(s)).isEmpty();
      assertThat(s.get().timestamp()).contains(Instant.ofEpochMilli(1705162226478L));
      assertThat(granted(resolve("cookiebot", "CookieConsent", ACCEPTED))).containsExactlyInAnyOrder(CHAT, FUNCTIONAL, ANALYTICS);
    }

    @Test
    void impliedConsentAndNoConsentRegionsAreNoChoice() {
      assertThat(resolve("cookiebot", "CookieConsent", ACCEPTED.replace("'explicit'", "'implied'"))).isEmpty();
      assertThat(resolve("cookiebot", "CookieConsent", "-1")).isEmpty();
      assertThat(resolve("cookiebot", "CookieConsent", "%7Bstamp%3A'-1'%2Cnecessary%3Atrue%2Cpreferences%3Atrue%7D")).isEmpty();
    }
  }

  @Nested
  class Klaro {
    @Test
    void readsServiceNames() {
      // facts: observed klaro cookie, URL-encoded JSON.
      String refused = "%7B%22necessary-cookies%22%3Atrue%2C%22preferences%22%3Afalse%2C%22google-analytics%22%3Afalse%2C%22google-ads%22%3Afalse%7D";
      assertThat(granted(resolve("klaro", "klaro", refused))).isEmpty();
      String accepted = "%7B%22necessary-cookies%22%3Atrue%2C%22preferences%22%3Atrue%2C%22google-analytics%22%3Atrue%2C%22google-ads%22%3Afalse%2C%22crisp%22%3Atrue%7D";
      assertThat(granted(resolve("klaro", "klaro", accepted))).containsExactlyInAnyOrder(CHAT, FUNCTIONAL, ANALYTICS);
    }
  }

  @Nested
  public class Orestbida {
    // facts: cc_cookie built from the v3 source's field list, URL-encoded as the library stores it.
    public static final String VALUE = "%7B%22categories%22%3A%5B%22necessary%22%2C%22analytics%22%5D%2C%22revision%22%3A0%2C%22data%22%3Anull"
        + "%2C%22consentTimestamp%22%3A%222026-11-23T05%3A00%3A00.000Z%22%2C%22consentId%22%3A%220b0f6c39-7c48-4e69-9d8c-7d5c3a1e2f40%22"
        + "%2C%22services%22%3A%7B%22necessary%22%3A%5B%5D%2C%22analytics%22%3A%5B%22ga%22%5D%7D%2C%22languageCode%22%3A%22en%22"
        + "%2C%22lastConsentTimestamp%22%3A%222026-11-23T05%3A00%3A00.000Z%22%7D";

    @Test
    void readsCategoriesRevisionAndTimestamp() {
      Optional<ConsentState> s = resolve("orestbida", "cc_cookie", VALUE);
      assertThat(granted(s)).containsExactly(ANALYTICS);
      assertThat(s.get().revision()).isEqualTo(OptionalInt.of(0));
      assertThat(s.get().timestamp()).contains(Instant.parse("2026-11-23T05:00:00Z"));
    }

    @Test
    void readsTheUnencodedJsonOfVersion2() {
      String raw = "{\"categories\":[\"necessary\",\"functionality\",\"marketing\"],\"revision\":3}";
      Optional<ConsentState> s = resolve("orestbida", "cc_cookie", raw);
      assertThat(granted(s)).containsExactlyInAnyOrder(CHAT, FUNCTIONAL, MARKETING);
      assertThat(s.get().revision()).isEqualTo(OptionalInt.of(3));
    }
  }

  @Nested
  class CookieYes {
    @Test
    void readsCategoriesOnceTheUserActed() {
      // facts: observed cookieyes-consent (consentid shortened there).
      String refused = "consentid:WHRLbHhJZVJlNkVrTnRvUnpSb0xU,consent:no,action:yes,necessary:yes,functional:no,analytics:no,"
          + "performance:no,advertisement:no,other:no";
      assertThat(granted(resolve("cookieyes", "cookieyes-consent", refused))).isEmpty();
      String accepted = refused.replace("consent:no", "consent:yes").replace("functional:no", "functional:yes")
          .replace("analytics:no", "analytics:yes").replace("performance:no", "performance:yes");
      assertThat(granted(resolve("cookieyes", "cookieyes-consent", accepted))).containsExactlyInAnyOrder(CHAT, FUNCTIONAL, ANALYTICS);
      // analytics without performance: both map to analytics, both must be granted.
      assertThat(granted(resolve("cookieyes", "cookieyes-consent", accepted.replace("performance:yes", "performance:no"))))
          .doesNotContain(ANALYTICS);
    }

    @Test
    void beforeAnyActionIsNoChoice() {
      assertThat(resolve("cookieyes", "cookieyes-consent",
          "consentid:WHRLbHhJZVJl,consent:,action:,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes")).isEmpty();
    }
  }

  @Nested
  public class Tcf {
    /** GDPR::IAB::TCFv2 (metacpan) example: created 1228644257, last updated 1326215413, purposes 1, 3, 9, 10. */
    public static final String CPAN = "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA";
    /** facts: observed euconsent-v2, purposes 1 to 10 consented. */
    public static final String OBSERVED = "CPhgeQAPhgeQAAHABBENCmCgAP_AAAEAAAqIAAAAAAAA.f_gAACAAAAAA";

    @Test
    void decodesTheCoreSegmentAsTheSpecLaysItOut() {
      TcString tc = TcString.decode(CPAN);
      assertThat(tc.created).isEqualTo(Instant.ofEpochMilli(12286442577L * 100));
      assertThat(tc.lastUpdated.getEpochSecond()).isEqualTo(1326215413L);
      for (int p = 1; p <= 11; p++) {
        assertThat(tc.purpose(p)).as("purpose " + p).isEqualTo(p == 1 || p == 3 || p == 9 || p == 10);
      }
      assertThat(tc.purposeOneTreatment).isFalse();
    }

    @Test
    void mapsPurposesEveryMappedPurposeMustBeConsented() {
      // 3, 9, 10 without 2, 4, 7, 8: neither marketing nor analytics.
      assertThat(granted(resolve("tcf", "euconsent-v2", CPAN))).isEmpty();
      Optional<ConsentState> all = resolve("tcf", "euconsent-v2", OBSERVED);
      // 1-10 consented; policy version 2 defines no purpose 11: functional is 5 and 6 there. Never chat.
      assertThat(granted(all)).containsExactlyInAnyOrder(FUNCTIONAL, ANALYTICS, MARKETING);
      assertThat(all.get().timestamp()).contains(Instant.ofEpochSecond(1666828800L));
    }

    @Test
    void purposeOneRefusedGrantsNothing() {
      ConsentMapping m = DEFAULTS.get("tcf").with(ANALYTICS, List.of("9"));
      assertThat(granted(resolve("tcf", m, Map.of("euconsent-v2", List.of(CPAN))))).containsExactly(ANALYTICS);
      // Clear purpose 1: bit 152 is the first bit of character 25 (152 / 6 = 25 rem 2).
      String noStorage = TcStrings.withPurposes(CPAN, 3, 9, 10);
      assertThat(granted(resolve("tcf", m, Map.of("euconsent-v2", List.of(noStorage))))).isEmpty();
    }
  }

  @Test
  void severalCopiesGrantOnlyWhatEveryCopyGrants() {
    Map<String, List<String>> cookies = new LinkedHashMap<>();
    cookies.put("cookieyes-consent", List.of(
        "consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes",
        "consent:yes,action:yes,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no"));
    assertThat(granted(resolve("cookieyes", DEFAULTS.get("cookieyes"), cookies))).containsExactlyInAnyOrder(CHAT, FUNCTIONAL);
  }

  /** Complianz (WordPress): one cookie per category, allow or deny, as cmplz_set_consent writes them. */
  @Nested
  class Complianz {
    static Optional<ConsentState> cookies(Map<String, List<String>> cookies) {
      return resolve("complianz", DEFAULTS.get("complianz"), cookies);
    }

    @Test
    void readsOneCookiePerCategory() {
      // facts: cmplz_functional=allow; cmplz_preferences=allow; cmplz_statistics=deny; cmplz_marketing=deny
      Optional<ConsentState> s = cookies(Map.of("cmplz_functional", List.of("allow"),
          "cmplz_preferences", List.of("allow"), "cmplz_statistics", List.of("deny"),
          "cmplz_marketing", List.of("deny"), "cmplz_banner-status", List.of("dismissed")));
      assertThat(granted(s)).containsExactlyInAnyOrder(CHAT, FUNCTIONAL);
      assertThat(s.get().source()).isEqualTo("complianz");
      assertThat(s.get().timestamp()).isEmpty();
    }

    @Test
    void statisticsGrantsAnalyticsAndMarketingGrantsMarketing() {
      assertThat(granted(cookies(Map.of("cmplz_functional", List.of("allow"), "cmplz_statistics", List.of("allow"),
          "cmplz_marketing", List.of("allow"))))).containsExactlyInAnyOrder(ANALYTICS, MARKETING);
    }

    @Test
    void itsAlwaysOnFunctionalCategoryGrantsNothing() {
      // Complianz's "functional" is its strictly necessary category: accepted by everyone, it is no choice of ours.
      assertThat(granted(cookies(Map.of("cmplz_functional", List.of("allow"))))).isEmpty();
    }

    @Test
    void denyAndUnknownValuesGrantNothingAndNoCookieIsNoChoice() {
      assertThat(granted(cookies(Map.of("cmplz_statistics", List.of("deny"), "cmplz_marketing", List.of("yes")))))
          .isEmpty();
      assertThat(cookies(Map.of("cmplz_banner-status", List.of("dismissed")))).isEmpty();
      assertThat(cookies(Map.of())).isEmpty();
    }

    @Test
    void everyCopyMustAllow() {
      assertThat(granted(cookies(Map.of("cmplz_statistics", List.of("allow", "deny"))))).isEmpty();
      assertThat(granted(cookies(Map.of("cmplz_statistics", List.of("allow", "ALLOW"))))).containsExactly(ANALYTICS);
      assertThat(cookies(Map.of("cmplz_statistics", List.of("allow", "allow", "allow", "allow", "allow"))))
          .as("more copies than a browser sends").isEmpty();
    }

    @Test
    void isReadByTheDefaultConsentSourcesBeforeTcf() {
      CookieGate gate = CookieGate.builder().secret(new byte[32]).build();
      assertThat(gate.consentSources()).containsSubsequence("cookieyes", "complianz", "tcf");
      ConsentState s = gate.resolveConsent(ConsentRequest.fromCookieHeader(
          "cmplz_functional=allow; cmplz_statistics=allow; cmplz_marketing=deny", Map.of()));
      assertThat(s.source()).isEqualTo("complianz");
      assertThat(s.allows(ANALYTICS)).isTrue();
      assertThat(s.allows(MARKETING)).isFalse();
    }

    @Test
    void mappingCanBeChanged() {
      CookieGate gate = CookieGate.fromSettings(Map.of("consent-map.complianz.chat", "functional"));
      ConsentState s = gate.resolveConsent(ConsentRequest.fromCookieHeader("cmplz_functional=allow", Map.of()));
      assertThat(s.allows(CHAT)).isTrue();
    }
  }
}
