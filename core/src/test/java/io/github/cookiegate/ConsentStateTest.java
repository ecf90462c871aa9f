package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentStateTest {

  static ConsentState read(String... values) {
    return ConsentState.fromOwnCookie(Arrays.asList(values));
  }

  @Test
  void readsGrantedCategoriesJoinedByDots() {
    ConsentState s = read("chat.analytics");
    assertThat(s.granted()).containsExactlyInAnyOrder(Category.CHAT, Category.ANALYTICS);
    assertThat(s.allows(Category.CHAT)).isTrue();
    assertThat(s.allows(Category.MARKETING)).isFalse();
    assertThat(s.allows(Category.NECESSARY)).isTrue();
    assertThat(s.isChoiceMade()).isTrue();
    assertThat(s.source()).isEqualTo(ConsentState.OWN_COOKIE_SOURCE);
  }

  @Test
  void orderCaseAndWhitespaceDoNotMatter() {
    assertThat(read(" Analytics . CHAT ").granted()).containsExactlyInAnyOrder(Category.CHAT, Category.ANALYTICS);
  }

  @Test
  void percentDecodesOnce() {
    assertThat(read("chat%2Emarketing").granted()).containsExactlyInAnyOrder(Category.CHAT, Category.MARKETING);
    // Decoded once only: %252E is "%2E" after one pass, which is not a separator.
    assertThat(read("chat%252Emarketing").isChoiceMade()).isFalse();
  }

  @Test
  void onlyAsciiLettersFoldCase() {
    // U+212A KELVIN SIGN lower-cases to 'k' in Java; it is not a "k" in a cookie value.
    assertThat(read("mar\u212Aeting").isChoiceMade()).isFalse();
    assertThat(read("MARKETING").granted()).containsExactly(Category.MARKETING);
  }

  @Test
  void unknownWordsAreIgnored() {
    assertThat(read("chat.sentiment.ads").granted()).containsExactly(Category.CHAT);
  }

  @Test
  void noneIsARefusalThatIsStillAChoice() {
    ConsentState s = read("none");
    assertThat(s.granted()).isEmpty();
    assertThat(s.isChoiceMade()).isTrue();
    assertThat(read("none.chat").granted()).as("contradiction reads as refusal").isEmpty();
  }

  @Test
  void necessaryIsNeverListedAsGranted() {
    assertThat(read("necessary.chat").granted()).containsExactly(Category.CHAT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ".", "...", "garbage", "%", "%zz", "chat\u0000", "{\"chat\":true}"})
  void garbageReadsAsNoConsent(String value) {
    ConsentState s = read(value);
    if (s.isChoiceMade()) {
      assertThat(s.granted()).isSubsetOf(Category.CONSENT_REQUIRED);
    } else {
      assertThat(s).isEqualTo(ConsentState.none());
    }
  }

  @Test
  void tenKilobyteValueReadsAsNoConsent() {
    assertThat(read("chat." + "analytics.".repeat(1000))).isEqualTo(ConsentState.none());
  }

  @Test
  void severalCopiesCountOnlyWhatEveryCopyGrants() {
    assertThat(read("chat.analytics.marketing", "analytics.chat").granted())
        .containsExactlyInAnyOrder(Category.CHAT, Category.ANALYTICS);
    assertThat(read("chat", "garbage")).isEqualTo(ConsentState.none());
    assertThat(read("chat", "none").granted()).isEmpty();
  }

  @Test
  void noCookieIsNoChoice() {
    assertThat(ConsentState.fromOwnCookie(List.of())).isEqualTo(ConsentState.none());
    assertThat(ConsentState.none().isChoiceMade()).isFalse();
    assertThat(read((String) null)).isEqualTo(ConsentState.none());
  }

  @Test
  void allowsAllMeansTheFourConsentRequiredCategories() {
    assertThat(read("chat.functional.analytics.marketing").allowsAll()).isTrue();
    assertThat(read("chat.functional.analytics").allowsAll()).isFalse();
    assertThat(ConsentState.of("x", Set.of(Category.values())).allowsAll()).isTrue();
  }
}
