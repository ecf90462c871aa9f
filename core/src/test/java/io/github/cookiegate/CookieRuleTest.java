package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieRuleTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "intercom-id-*, intercom-id-abc, true",
      "intercom-id-*, intercom-id-, true",
      "intercom-id-*, intercom-session-abc, false",
      "*-_zldp, 123-_zldp, true",
      "*-_zldp, 123-_zldpx, false",
      "zld*state, zld123state, true",
      "zld*state, zldstate, true",
      "zld*state, zldstat, false",
      "iadvize-*-vuid, iadvize-42-vuid, true",
      "iadvize-*-vuid, iadvize--vuid, true",
      "iadvize-*-vuid, iadvize-vuid, false",
      "a*b*c, abc, true",
      "a*b*c, aXbYc, true",
      "a*b*c, acb, false",
      "a*b*c, abcbc, true",
      "a*a, a, false",
      "a*a, aa, true",
      "transactionBundle.*, transactionBundle.x, true",
      "transactionBundle.*, transactionBundleXx, false",
      "*, anything, true",
      "**, x, true",
  })
  void globMatchesWhereStarIsAnyRun(String glob, String name, boolean matches) {
    assertThat(CookieRule.glob(glob, Category.CHAT).matches(name)).isEqualTo(matches);
  }

  @Test
  void globIsCaseSensitiveAndNothingButStarIsSpecial() {
    assertThat(CookieRule.glob("Tawk_*", Category.CHAT).matches("tawk_1")).isFalse();
    assertThat(CookieRule.glob("a?c", Category.CHAT).matches("abc")).isFalse();
    assertThat(CookieRule.glob("a?c", Category.CHAT).matches("a?c")).isTrue();
    assertThat(CookieRule.glob("a[b]*", Category.CHAT).matches("a[b]x")).isTrue();
  }

  @Test
  void globWithoutStarIsExact() {
    assertThat(CookieRule.glob("JSESSIONID", Category.NECESSARY).kind()).isEqualTo(CookieRule.Kind.EXACT);
  }

  @Test
  void regexMustMatchTheWholeName() {
    CookieRule r = CookieRule.regex("_ga(_[A-Z0-9]+)?", Category.ANALYTICS);
    assertThat(r.matches("_ga")).isTrue();
    assertThat(r.matches("_ga_ABC123")).isTrue();
    assertThat(r.matches("x_ga")).isFalse();
  }

  @Test
  void invalidRegexFailsWithItsDescription() {
    assertThatThrownBy(() -> CookieRule.regex("(", Category.CHAT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'('");
  }

  @Test
  void patternsThatNoCookieNameCanHoldFail() {
    assertThatThrownBy(() -> CookieRule.exact("", Category.CHAT)).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> CookieRule.exact("a;b", Category.CHAT)).hasMessageContaining("';'");
    assertThatThrownBy(() -> CookieRule.glob("a=*", Category.CHAT)).hasMessageContaining("'='");
    assertThatThrownBy(() -> CookieRule.glob("a\nb", Category.CHAT)).hasMessageContaining("control character");
  }

  @Test
  void retentionMustBePositive() {
    assertThatThrownBy(() -> CookieRule.exact("a", Category.CHAT).withRetention(Duration.ZERO))
        .hasMessageContaining("positive");
    assertThat(CookieRule.exact("a", Category.CHAT).withRetention(Duration.ofHours(1)).retention())
        .contains(Duration.ofHours(1));
  }

  @Test
  void specificityCountsLiteralCharacters() {
    assertThat(CookieRule.glob("intercom-session-*", Category.CHAT).specificity())
        .isGreaterThan(CookieRule.glob("intercom-*", Category.CHAT).specificity());
  }

  @Test
  void pathologicalGlobStaysLinear() {
    CookieRule r = CookieRule.glob("*a*a*a*a*a*a*a*a*a*a*b", Category.CHAT);
    String name = "a".repeat(4000);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(r.matches(name)).isFalse();
    }
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void purposeAndLifetimeAreCarriedAndOverridable() {
    CookieRule r = CookieRule.glob("cw_user_*", Category.CHAT).withVendor("Chatwoot")
        .withPurpose(" cached contact details ").withLifetime("1 hour");
    assertThat(r.purpose()).contains("cached contact details");
    assertThat(r.lifetime()).contains("1 hour");
    assertThat(r.withPurpose("other").purpose()).contains("other");
    assertThat(r.withPurpose(" ").purpose()).isEmpty();
    assertThat(r.withLifetime("").lifetime()).isEmpty();
    assertThat(r.withVendor("X").withRetention(Duration.ofHours(1)).purpose()).as("kept by other copies")
        .contains("cached contact details");
    assertThat(r).isNotEqualTo(r.withPurpose("other")).isEqualTo(r.withLifetime("1 hour"));
    assertThat(CookieRule.exact("x", Category.CHAT).purpose()).isEmpty();
  }
}
