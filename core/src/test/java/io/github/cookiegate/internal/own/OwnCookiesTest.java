package io.github.cookiegate.internal.own;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.ChatMaxAge;
import io.github.cookiegate.SetCookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnCookiesTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final byte[] KEY = new byte[32];

  private static OwnCookies own(ChatMaxAge chat, int revision, Clock clock) {
    return new OwnCookies("my_consent", KEY, chat, Duration.ofDays(30), revision, clock);
  }

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void ownCookiesAreTheMarkerAndTheConsentCookieUnderBothNames() {
    OwnCookies o = own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW));
    assertThat(List.of("cookie_gate_chat", "__Host-cookie_gate_chat", "my_consent", "__Host-my_consent"))
        .allMatch(o::isOwnCookie);
    assertThat(List.of("cookie_gate_consent", "__Host-", "my_consent2", "__Secure-my_consent", "cookie_gate_cha"))
        .noneMatch(o::isOwnCookie);
    assertThat(o.classification().category()).contains(Category.NECESSARY);
    assertThat(o.consentCookieName(true)).isEqualTo("__Host-my_consent");
    assertThat(o.markerCookieName(false)).isEqualTo("cookie_gate_chat");
  }

  @Test
  void aMarkerIsValidForChatMaxAgeAndNoLonger() {
    OwnCookies issuer = own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW));
    SetCookie marker = issuer.newActivationMarker(true);
    assertThat(marker.name()).isEqualTo("__Host-cookie_gate_chat");
    assertThat(marker.maxAge()).hasValue(7200);
    assertThat(marker.httpOnly()).isTrue();
    assertThat(own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW.plusSeconds(7199)))
        .readActivation(List.of(marker.value())).isActive()).isTrue();
    assertThat(own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW.plusSeconds(7201)))
        .readActivation(List.of(marker.value())).isActive()).isFalse();
    assertThat(issuer.readActivation(List.of("forged", marker.value())).activatedAt()).contains(NOW);
  }

  @Test
  void sessionAndUncappedMarkersLastUpToTheBrowsersCap() {
    SetCookie session = own(new ChatMaxAge.Session(), 0, at(NOW)).newActivationMarker(false);
    assertThat(session.maxAge()).isEmpty();
    SetCookie uncapped = own(new ChatMaxAge.Uncapped(), 0, at(NOW)).newActivationMarker(false);
    assertThat(uncapped.maxAge()).hasValue(Duration.ofDays(400).getSeconds());
    OwnCookies later = own(new ChatMaxAge.Session(), 0, at(NOW.plus(Duration.ofDays(399))));
    assertThat(later.readActivation(List.of(session.value())).isActive()).isTrue();
    OwnCookies tooLate = own(new ChatMaxAge.Session(), 0, at(NOW.plus(Duration.ofDays(401))));
    assertThat(tooLate.readActivation(List.of(session.value())).isActive()).isFalse();
  }

  @Test
  void theConsentCookieCarriesTheRevisionAndDeletionsCoverBothNames() {
    SetCookie c = own(ChatMaxAge.of(Duration.ofHours(2)), 3, at(NOW))
        .newConsentCookie(EnumSet.of(Category.ANALYTICS, Category.CHAT), true);
    assertThat(c.name()).isEqualTo("__Host-my_consent");
    assertThat(c.value()).isEqualTo("chat.analytics.r3");
    assertThat(c.maxAge()).hasValue(Duration.ofDays(30).getSeconds());
    assertThat(c.httpOnly()).isFalse();
    OwnCookies o = own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW));
    assertThat(o.consentCookieDeletions(true)).extracting(SetCookie::name)
        .containsExactly("my_consent", "__Host-my_consent");
    assertThat(o.consentCookieDeletions(false)).extracting(SetCookie::name).containsExactly("my_consent");
    assertThat(o.activationMarkerDeletions(true)).allMatch(d -> d.maxAge().orElse(1) == 0);
  }

  @Test
  void pseudonymsAreStableAndKeyed() {
    OwnCookies o = own(ChatMaxAge.of(Duration.ofHours(2)), 0, at(NOW));
    assertThat(o.pseudonym("v")).isEqualTo(o.pseudonym("v")).hasSize(22).isNotEqualTo(o.pseudonym("w"));
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(new OwnCookies("my_consent", other, ChatMaxAge.of(Duration.ofHours(2)), Duration.ofDays(30), 0, at(NOW))
        .pseudonym("v")).isNotEqualTo(o.pseudonym("v"));
  }
}
