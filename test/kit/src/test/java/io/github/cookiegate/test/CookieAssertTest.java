package io.github.cookiegate.test;

import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class CookieAssertTest {
  private static final String SESSION = "JSESSIONID=node0abc123secret; Path=/; HttpOnly";
  private static final String INTERCOM = "intercom-id-demo=3f2a9c1e-visitor-secret; Path=/; Max-Age=23328000";
  private static final String GA = "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000";

  @Test
  void passesWhenOnlyNecessaryCookiesAreSet() {
    assertThatCookies(List.of(SESSION)).setOnlyNecessaryCookies()
        .setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING).sets("JSESSIONID");
  }

  @Test
  void namesEachOffendingCookieWithCategoryVendorRuleAndLayerButNeverItsValue() {
    assertThatThrownBy(() -> assertThatCookies(List.of(SESSION, INTERCOM, GA))
        .withSettings(Map.of("cookies.analytics", "_ga, _ga_*"))
        .setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("to set no chat, analytics or marketing cookie")
        .hasMessageContaining("intercom-id-demo: category chat, vendor Intercom, rule glob 'intercom-id-*' (built-in)")
        .hasMessageContaining("_ga: category analytics, vendor unknown, rule exact '_ga' (app)")
        .hasMessageNotContaining("JSESSIONID: ")
        .hasMessageNotContaining("secret")
        .hasMessageNotContaining("GA1.1");
  }

  @Test
  void namesTheLayerOfEachRuleTheContainersSessionCookieIncluded() {
    // The gate the filter runs: the application's rules, then the container's session cookie, then the built-in catalog.
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).cookies(Category.ANALYTICS, "stats_id")
        .build().withNecessaryCookie("APPSESSION");
    List<String> headers = List.of("APPSESSION=node7-session-secret; Path=/; HttpOnly", SESSION, INTERCOM,
        "stats_id=s-secret; Path=/");
    assertThatThrownBy(() -> assertThatCookies(headers).withGate(gate)
        .doesNotSet("APPSESSION", "JSESSIONID", "intercom-id-*", "stats_id"))
        .hasMessageContaining("APPSESSION: category necessary, vendor Servlet container, rule exact 'APPSESSION' (container)")
        .hasMessageContaining("JSESSIONID: category necessary, vendor Servlet container, rule exact 'JSESSIONID' (built-in)")
        .hasMessageContaining("intercom-id-demo: category chat, vendor Intercom, rule glob 'intercom-id-*' (built-in)")
        .hasMessageContaining("stats_id: category analytics, vendor unknown, rule exact 'stats_id' (app)")
        .hasMessageNotContaining("secret");
  }

  @Test
  void classifiesWithTheApplicationsOwnSettings() {
    List<String> headers = List.of("theme=dark; Path=/");
    // The built-in catalog does not know 'theme': unknown, so not "of" any category...
    assertThatCookies(headers).setNoCookieOf(Category.FUNCTIONAL);
    // ...but the application's settings classify it, and the message says the rule is the app's.
    assertThatThrownBy(() -> assertThatCookies(headers).withSettings(Map.of("cookies.functional", "theme"))
        .setNoCookieOf(Category.FUNCTIONAL))
        .hasMessageContaining("theme: category functional, vendor unknown, rule exact 'theme' (app)");
  }

  @Test
  void theApplicationsRuleWinsOverTheBuiltInOne() {
    CookieGate gate = CookieGate.builder().listener(GateListener.none())
        .cookies(Category.NECESSARY, "intercom-id-*").build();
    assertThatCookies(List.of(INTERCOM)).withGate(gate).setOnlyNecessaryCookies();
    assertThatThrownBy(() -> assertThatCookies(List.of(INTERCOM)).setOnlyNecessaryCookies())
        .hasMessageContaining("rule glob 'intercom-id-*' (built-in)");
  }

  @Test
  void unknownCookiesAreNotNecessary() {
    assertThatThrownBy(() -> assertThatCookies(List.of(SESSION, "mystery=1")).setOnlyNecessaryCookies())
        .hasMessageContaining("to set only necessary cookies")
        .hasMessageContaining("mystery: category unknown, vendor unknown, rule: no rule matches (unknown-cookies=block)");
  }

  @Test
  void unknownCookiesCountInTheCategoryUnknownCookiesNames() {
    assertThatThrownBy(() -> assertThatCookies(List.of("mystery=1")).withSettings(Map.of("unknown-cookies", "marketing"))
        .setNoCookieOf(Category.MARKETING))
        .hasMessageContaining("mystery: category marketing")
        .hasMessageContaining("unknown-cookies=marketing (app)");
  }

  @Test
  void aDeletionIsNotSettingACookie() {
    List<String> headers = List.of("intercom-id-demo=; Path=/; Max-Age=0",
        "intercom-session-demo=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    assertThatCookies(headers).setNoCookieOf(Category.CHAT).setsNothing().expires("intercom-id-*", "intercom-session-*");
  }

  @Test
  void expiresFailsNamingWhatWasSent() {
    assertThatThrownBy(() -> assertThatCookies(List.of(INTERCOM)).expires("intercom-id-*"))
        .hasMessageContaining("to expire a cookie matching 'intercom-id-*', but it did not")
        .hasMessageContaining("names only, values not shown): intercom-id-demo")
        .hasMessageNotContaining("3f2a9c1e");
  }

  @Test
  void setsAndDoesNotSetTakeGlobs() {
    assertThatCookies(List.of(SESSION, INTERCOM)).sets("intercom-*-demo", "JSESSION*").doesNotSet("_ga*");
    assertThatThrownBy(() -> assertThatCookies(List.of(SESSION)).sets("intercom-id-*"))
        .hasMessageContaining("to set a cookie matching 'intercom-id-*'")
        .hasMessageContaining("JSESSIONID");
    assertThatThrownBy(() -> assertThatCookies(List.of(GA)).doesNotSet("_ga", "_gid"))
        .hasMessageContaining("to set no cookie matching '_ga' or '_gid'")
        .hasMessageContaining("_ga: category analytics, vendor Google Analytics, rule exact '_ga' (built-in)");
  }

  @Test
  void setsNothingFailsOnAnyCookie() {
    assertThatCookies(List.of()).setsNothing();
    assertThatThrownBy(() -> assertThatCookies(List.of(SESSION)).setsNothing())
        .hasMessageContaining("JSESSIONID: category necessary");
  }

  @Test
  void setsOnlyCookiesOfAllowsNecessaryAndTheGivenCategories() {
    assertThatCookies(List.of(SESSION, INTERCOM)).setsOnlyCookiesOf(Category.CHAT);
    assertThatThrownBy(() -> assertThatCookies(List.of(SESSION, INTERCOM, GA)).setsOnlyCookiesOf(Category.CHAT))
        .hasMessageContaining("to set only necessary or chat cookies")
        .hasMessageContaining("_ga: category analytics, vendor Google Analytics, rule exact '_ga' (built-in)")
        .hasMessageNotContaining("intercom-id-demo: ");
  }

  @Test
  void checksTheLifetimeCap() {
    assertThatCookies(List.of("intercom-id-demo=x; Max-Age=86400")).setsWithLifetimeAtMost("intercom-id-*", Duration.ofHours(24));
    assertThatThrownBy(() -> assertThatCookies(List.of(INTERCOM)).setsWithLifetimeAtMost("intercom-id-*", Duration.ofHours(24)))
        .hasMessageContaining("to set 'intercom-id-*' for at most PT24H")
        .hasMessageContaining("intercom-id-demo: category chat");
  }

  @Test
  void theLibrarysOwnCookiesAreNecessary() {
    assertThatCookies(List.of("__Host-cookie_gate_chat=v1.x.y; Path=/; Secure; HttpOnly", "cookie_gate_consent=chat; Path=/"))
        .setOnlyNecessaryCookies();
  }

  @Test
  void headersABrowserIgnoresCountAsNothingButAreCounted() {
    assertThatCookies(List.of("bad=a\u0001b")).setsNothing();
    assertThatThrownBy(() -> assertThatCookies(List.of("bad=a\u0001b")).sets("bad"))
        .hasMessageContaining("1 header(s) a browser would ignore");
  }

  @Test
  void controlCharactersInANameAreShownEscaped() {
    assertThatThrownBy(() -> assertThatCookies(List.of("_ga\u0009x=1")).setsNothing())
        .hasMessageContaining("_ga\\u0009x");
  }

  @Test
  void rejectsEmptyCategoryAndGlobLists() {
    assertThatThrownBy(() -> assertThatCookies(List.of()).setNoCookieOf()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThatCookies(List.of()).sets()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badSettingsFailNamingTheSetting() {
    assertThatThrownBy(() -> assertThatCookies(List.of()).withSettings(Map.of("unknown-cookies", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown-cookies");
  }

  @Test
  void exposesTheParsedCookies() {
    CookieAssert a = assertThatCookies(List.of(SESSION, "intercom-id-demo=; Max-Age=0"));
    assertThat(a.cookies()).extracting(c -> c.name()).containsExactly("JSESSIONID");
    assertThat(a.expiredCookies()).extracting(c -> c.name()).containsExactly("intercom-id-demo");
    assertThat(a.headers()).hasSize(2);
  }

  @Test
  void globsFollowTheDesign() {
    assertThat(Glob.matches("intercom-id-*", "intercom-id-abc")).isTrue();
    assertThat(Glob.matches("intercom-id-*", "intercom-id-")).isTrue();
    assertThat(Glob.matches("*-id-*", "x-id-y")).isTrue();
    assertThat(Glob.matches("a*a", "a")).isFalse();
    assertThat(Glob.matches("_ga", "_GA")).isFalse();
    assertThat(Glob.matches("a.b", "axb")).isFalse();
  }
}
