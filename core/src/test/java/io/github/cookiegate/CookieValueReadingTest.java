package io.github.cookiegate;

import static io.github.cookiegate.Category.ANALYTICS;
import static io.github.cookiegate.Category.CHAT;
import static io.github.cookiegate.Category.MARKETING;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.CookieHeader;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the library reads its own cookies and the consent platforms' from a {@code Cookie} header: a
 * value is read as a whole (a balanced pair of double quotes may wrap it, RFC 6265 section 4.1.1;
 * anything else malformed grants nothing), and on a secure request the consent cookie is read
 * under its {@code __Host-} name only.
 */
class CookieValueReadingTest {

  static final CookieGate GATE = CookieGate.builder().listener(GateListener.none())
      .clock(Clock.fixed(ConsentResolutionTest.NOW, ZoneOffset.UTC)).build();

  static ConsentState consent(String cookieHeader) {
    return GATE.resolveConsent(ConsentRequest.fromCookieHeader(cookieHeader, Map.of()));
  }

  static ConsentRequest secure(ConsentRequest r) {
    return new ConsentRequest() {
      @Override
      public List<String> cookies(String name) {
        return r.cookies(name);
      }

      @Override
      public Optional<String> header(String name) {
        return r.header(name);
      }

      @Override
      public boolean secure() {
        return true;
      }
    };
  }

  @Test
  void aBalancedPairOfQuotesWrapsTheValue() {
    assertThat(consent("cookie_gate_consent=\"marketing\"").granted()).containsExactly(MARKETING);
    assertThat(consent("cookie_gate_consent=\"chat.analytics\"").granted()).containsExactlyInAnyOrder(CHAT, ANALYTICS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "cookie_gate_consent=\"marketing",
    "cookie_gate_consent=marketing\"",
    "cookie_gate_consent=\"",
    "cookie_gate_consent=\"mark\"eting\"",
    "cookie_gate_consent=chat.\"marketing\".x",
    "cookie_gate_consent=chat.\\\"marketing",
    "cookie_gate_consent=chat.%22marketing%22",
    "cookie_gate_consent=\"chat\".\"marketing\"",
    "a=1; cookie_gate_consent=\"marketing; b=2",
    "cookie_gate_consent=\"marketing \"",
    "cookie_gate_consent=\"chat. marketing\"",
    "cookie_gate_consent=\"marketing\tx\"",
    "cookie_gate_consent=\"marketing\u00e9\"",
  })
  void anythingElseMalformedGrantsNothing(String header) {
    ConsentState s = consent(header);
    assertThat(s.granted()).as(header).isEmpty();
    assertThat(s.isChoiceMade()).as(header).isFalse();
  }

  @Test
  void aMalformedCopyVoidsTheOthers() {
    // Copies are intersected; a malformed one grants nothing, so nothing is granted.
    assertThat(consent("cookie_gate_consent=chat.marketing; cookie_gate_consent=\"marketing").granted()).isEmpty();
  }

  @Test
  void platformCookiesShareTheReader() {
    String value = "!gtag=true"; // tarteaucitron maps gtag to analytics
    assertThat(consent("tarteaucitron=" + value).granted()).containsExactly(ANALYTICS);
    assertThat(consent("tarteaucitron=\"" + value + "\"").granted()).containsExactly(ANALYTICS);
    assertThat(consent("tarteaucitron=\"" + value).granted()).isEmpty();
    assertThat(consent("tarteaucitron=" + value + "\"").granted()).isEmpty();
  }

  @Test
  void cookieHeaderValues() {
    assertThat(CookieHeader.pairs(List.of(" a = 1 ;b=\"2\";a=\"x; a=3\t;a; =4; A=5")).values("a"))
        .containsExactly("1", "", "3");
    assertThat(CookieHeader.value("\"\"")).isEmpty();
    assertThat(CookieHeader.value("{\"categories\":[\"analytics\"]}")).isEqualTo("{\"categories\":[\"analytics\"]}");
    assertThat(CookieHeader.value("ab\u0001c")).isEmpty();
    assertThat(CookieHeader.value("a\tb")).isEqualTo("a\tb");
  }

  @Test
  void onASecureRequestOnlyTheHostPrefixedConsentCookieIsRead() {
    ConsentRequest tossed = ConsentRequest.fromCookieHeader("cookie_gate_consent=chat.functional.analytics.marketing", Map.of());
    assertThat(GATE.resolveConsent(secure(tossed)).isChoiceMade()).isFalse();
    ConsentRequest both = ConsentRequest.fromCookieHeader(
        "cookie_gate_consent=chat.functional.analytics.marketing; __Host-cookie_gate_consent=chat", Map.of());
    assertThat(GATE.resolveConsent(secure(both)).granted()).containsExactly(CHAT);
    // On plain http the plain name is the one written, and read.
    assertThat(GATE.resolveConsent(tossed).granted()).contains(MARKETING);
    assertThat(GATE.resolveConsent(ConsentRequest.fromCookieHeader("__Host-cookie_gate_consent=chat", Map.of()))
        .isChoiceMade()).isFalse();
  }
}
