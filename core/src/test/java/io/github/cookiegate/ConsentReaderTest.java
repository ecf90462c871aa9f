package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.internal.consent.ConsentPlatforms;
import io.github.cookiegate.internal.own.OwnCookies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentReaderTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static ConsentReader reader(List<String> sources, List<ConsentResolver> added, int revision) {
    OwnCookies own = new OwnCookies("cookie_gate_consent", new byte[32], ChatMaxAge.of(Duration.ofHours(24)),
        Duration.ofDays(182), revision, CLOCK);
    return new ConsentReader(own, sources, ConsentPlatforms.defaultMappings(), added, EnumSet.of(Category.MARKETING),
        Duration.ofDays(182), revision, CLOCK);
  }

  private static ConsentResolver fixed(String id, ConsentState state) {
    return new ConsentResolver() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Optional<ConsentState> resolve(ConsentRequest request) {
        return Optional.of(state);
      }
    };
  }

  private static ConsentRequest cookies(String header, Map<String, String> headers) {
    return ConsentRequest.fromCookieHeader(header, headers);
  }

  @Test
  void defaultSourcesAreTheOwnCookieThenEveryBuiltInPlatform() {
    ConsentReader r = reader(null, List.of(), 0);
    assertThat(r.sources()).startsWith(ConsentState.OWN_COOKIE_SOURCE).containsAll(ConsentPlatforms.IDS);
    assertThat(r.sources()).hasSize(1 + ConsentPlatforms.IDS.size());
  }

  @Test
  void theFirstCurrentChoiceWinsAndAnOlderRevisionIsNoChoice() {
    ConsentState old = ConsentState.of("first", Set.of(Category.ANALYTICS)).withRevision(1);
    ConsentState current = ConsentState.of("second", Set.of(Category.FUNCTIONAL)).withRevision(2);
    ConsentReader r = reader(List.of("first", "second"), List.of(fixed("first", old), fixed("second", current)), 2);
    assertThat(r.resolve(cookies("", Map.of())).source()).isEqualTo("second");
    // The own cookie without r<N> was given under revision 0: older than 2.
    ConsentReader own = reader(null, List.of(), 2);
    assertThat(own.resolve(cookies("cookie_gate_consent=analytics", Map.of())).isChoiceMade()).isFalse();
    assertThat(own.resolve(cookies("cookie_gate_consent=analytics.r2", Map.of())).granted())
        .containsExactly(Category.ANALYTICS);
  }

  @Test
  void aChoiceOlderThanConsentMaxAgeIsNoChoice() {
    ConsentState stale = ConsentState.of("stale", Set.of(Category.ANALYTICS)).withTimestamp(NOW.minus(Duration.ofDays(183)));
    ConsentState fresh = ConsentState.of("fresh", Set.of(Category.CHAT)).withTimestamp(NOW.minus(Duration.ofDays(181)));
    ConsentReader r = reader(List.of("stale", "fresh"), List.of(fixed("stale", stale), fixed("fresh", fresh)), 0);
    assertThat(r.resolve(cookies("", Map.of())).source()).isEqualTo("fresh");
  }

  @Test
  void aFailingResolverIsNoConsentFromItsSource() {
    ConsentResolver failing = new ConsentResolver() {
      @Override
      public String id() {
        return "failing";
      }

      @Override
      public Optional<ConsentState> resolve(ConsentRequest request) {
        throw new IllegalStateException("boom");
      }
    };
    ConsentReader r = reader(List.of("failing", "cookie-gate"), List.of(failing), 0);
    assertThat(r.resolve(cookies("cookie_gate_consent=chat", Map.of())).granted()).containsExactly(Category.CHAT);
  }

  @Test
  void onlySecGpcOneWithdraws() {
    ConsentReader r = reader(null, List.of(), 0);
    String all = "cookie_gate_consent=chat.functional.analytics.marketing";
    assertThat(r.resolve(cookies(all, Map.of("Sec-GPC", " 1 "))).withdrawnByGpc()).containsExactly(Category.MARKETING);
    assertThat(r.resolve(cookies(all, Map.of("Sec-GPC", "true"))).withdrawnByGpc()).isEmpty();
    assertThat(r.resolve(cookies(all, Map.of("Sec-GPC", "0"))).granted()).contains(Category.MARKETING);
  }

  @Test
  void ownCookieValuesAreReadTheSameCachedOrNot() {
    ConsentReader r = reader(null, List.of(), 0);
    assertThat(r.readOwn(List.of("chat.analytics"))).isEqualTo(r.readOwn(List.of("chat.analytics")));
    String longValue = "chat." + "x".repeat(100);
    assertThat(r.readOwn(List.of(longValue)).granted()).containsExactly(Category.CHAT);
    assertThat(r.readOwn(List.of("chat.analytics", "analytics")).granted()).containsExactly(Category.ANALYTICS);
  }

  @Test
  void anUnknownSourceFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> reader(List.of("nope"), List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consent-sources has 'nope'")
        .hasMessageContaining("onetrust");
    assertThatThrownBy(() -> ConsentReader.checkSourceId("Bad Id")).hasMessageContaining("lower-case");
    assertThat(ConsentReader.isBuiltInSource("auto")).isTrue();
  }
}
