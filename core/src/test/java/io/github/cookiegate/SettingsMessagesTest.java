package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration errors a user can act on: what is wrong, named, and what would be right. */
class SettingsMessagesTest {

  @Test
  void anUnresolvedPlaceholderInTheSecretSaysSoAndNamesTheVariable() {
    // what a copied `secret: ${COOKIE_GATE_SECRET}` gives when the variable is not set
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("secret", "${COOKIE_GATE_SECRET}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cookie-gate: secret is '${COOKIE_GATE_SECRET}': placeholder not resolved; set COOKIE_GATE_SECRET"
            + " (an environment variable or a system property) where the application starts, or give the value itself");
  }

  @Test
  void anUnresolvedPlaceholderInAnySettingSaysSo() {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("chat-max-age", "${CHAT_MAX_AGE}")))
        .hasMessageStartingWith("cookie-gate: chat-max-age is '${CHAT_MAX_AGE}': placeholder not resolved; set CHAT_MAX_AGE ");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("cookies.chat", "cw_*, ${MORE_CHAT_COOKIES}")))
        .hasMessageContaining("cookies.chat is '${MORE_CHAT_COOKIES}': placeholder not resolved");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("consent-map.onetrust.analytics", "${GROUP}")))
        .hasMessageContaining("consent-map.onetrust.analytics is '${GROUP}': placeholder not resolved");
  }

  @Test
  void anUnknownSettingOneEditFromAKnownOneGetsADidYouMean() {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("chat-max-agee", "PT2H")))
        .hasMessageStartingWith("cookie-gate: unknown setting 'chat-max-agee' (did you mean 'chat-max-age'?); accepted: secret, mode, ");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("cookies.chta", "x")))
        .hasMessageStartingWith("cookie-gate: unknown setting 'cookies.chta' (did you mean 'cookies.chat'?); accepted: ");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("nothing-like-it", "x")))
        .hasMessageStartingWith("cookie-gate: unknown setting 'nothing-like-it'; accepted: secret, mode, ");
  }
}
