package io.github.cookiegate;

import static io.github.cookiegate.Category.ANALYTICS;
import static io.github.cookiegate.Category.CHAT;
import static io.github.cookiegate.Category.FUNCTIONAL;
import static io.github.cookiegate.Category.MARKETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.internal.consent.ConsentPlatformsTest;
import io.github.cookiegate.internal.consent.TcStrings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link CookieGate#resolveConsent}: consent-sources, GPC, consent-max-age, consent-revision. */
class ConsentResolutionTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final String TC = ConsentPlatformsTest.Tcf.OBSERVED; // last updated 2022-10-27, purposes 1-10
  static final String ONETRUST = ConsentPlatformsTest.OneTrust.VALUE; // C0003 only: chat, functional

  static CookieGate gate(Map<String, String> settings) {
    return Settings.apply(settings, CookieGate.builder().listener(GateListener.none())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))).build();
  }

  static ConsentRequest cookies(String... nameValue) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < nameValue.length; i += 2) {
      sb.append(sb.length() == 0 ? "" : "; ").append(nameValue[i]).append('=').append(nameValue[i + 1]);
    }
    return ConsentRequest.fromCookieHeader(sb.toString(), Map.of());
  }

  @Test
  void defaultOrderIsTheOwnCookieThenEveryPlatform() {
    CookieGate g = gate(Map.of());
    assertThat(g.consentSources()).containsExactly("cookie-gate", "tarteaucitron", "axeptio", "didomi", "onetrust",
        "cookiebot", "klaro", "orestbida", "cookieyes", "complianz", "tcf");
    ConsentState s = g.resolveConsent(cookies("OptanonConsent", ONETRUST, "cookie_gate_consent", "analytics"));
    assertThat(s.source()).isEqualTo("cookie-gate");
    assertThat(s.granted()).containsExactly(ANALYTICS);
    // The platform's own cookie before the TCF string it also writes.
    s = g.resolveConsent(cookies("euconsent-v2", TC, "OptanonConsent", ONETRUST));
    assertThat(s.source()).isEqualTo("onetrust");
  }

  @Test
  void firstSourceThatYieldsAChoiceWins() {
    CookieGate g = Settings.apply(Map.of("consent-sources", "tcf, onetrust", "consent-map.tcf.functional", "5,6"),
        CookieGate.builder().listener(GateListener.none())
            .clock(Clock.fixed(Instant.parse("2022-11-01T00:00:00Z"), ZoneOffset.UTC))).build();
    ConsentState s = g.resolveConsent(cookies("OptanonConsent", ONETRUST, "euconsent-v2", TcStrings.withPurposes(TC, 1, 5, 6)));
    assertThat(s.source()).isEqualTo("tcf");
    assertThat(s.granted()).containsExactly(FUNCTIONAL);
    // The own cookie is not read when not listed.
    assertThat(g.resolveConsent(cookies("cookie_gate_consent", "chat")).isChoiceMade()).isFalse();
  }

  @Test
  void anUnreadableSourceFallsThroughToTheNext() {
    CookieGate g = gate(Map.of());
    ConsentState s = g.resolveConsent(cookies("cookie_gate_consent", "garbage", "cookieyes-consent",
        "consent:yes,action:yes,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no"));
    assertThat(s.source()).isEqualTo("cookieyes");
    assertThat(s.granted()).containsExactlyInAnyOrder(CHAT, FUNCTIONAL);
  }

  @Test
  void unknownSourceFailsStartUpNamingSettingValueAndAcceptedIds() {
    assertThatThrownBy(() -> gate(Map.of("consent-sources", "cookie-gate,usercentrics")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consent-sources has 'usercentrics'")
        .hasMessageContaining("auto, cookie-gate, tarteaucitron, axeptio, didomi, onetrust, cookiebot, klaro, orestbida, cookieyes, complianz, tcf");
    assertThatThrownBy(() -> gate(Map.of("consent-sources", "tcf,tcf"))).hasMessageContaining("twice");
  }

  @Test
  void consentMapSettingsAreValidated() {
    assertThatThrownBy(() -> gate(Map.of("consent-map.usercentrics.analytics", "x")))
        .hasMessageContaining("unknown setting 'consent-map.usercentrics.analytics'");
    assertThatThrownBy(() -> gate(Map.of("consent-map.onetrust.necessary", "C0001")))
        .hasMessageContaining("consent-map.<platform>.<category>");
    assertThatThrownBy(() -> gate(Map.of("consent-map.tcf.analytics", "8,12")))
        .hasMessageContaining("consent-map.tcf.analytics has '12'").hasMessageContaining("1 to 11");
    CookieGate g = gate(Map.of("consent-map.onetrust.analytics", "C0003", "consent-map.onetrust.chat", "none"));
    assertThat(g.resolveConsent(cookies("OptanonConsent", ONETRUST)).granted()).containsExactlyInAnyOrder(FUNCTIONAL, ANALYTICS);
  }

  @Test
  void gpcWithdrawsMarketingWhateverTheCookieSays() {
    CookieGate g = gate(Map.of());
    ConsentRequest r = ConsentRequest.fromCookieHeader("cookie_gate_consent=chat.analytics.marketing", Map.of("sec-gpc", "1"));
    ConsentState s = g.resolveConsent(r);
    assertThat(s.granted()).containsExactlyInAnyOrder(CHAT, ANALYTICS);
    assertThat(s.withdrawnByGpc()).containsExactly(MARKETING);
    assertThat(s.source()).isEqualTo("cookie-gate");
    SetCookie ad = SetCookie.parse("hubspotutk=1; Max-Age=3600").orElseThrow();
    assertThat(g.decide(ad, Activation.none(), s).reason()).isEqualTo(Decision.Reason.WITHDRAWN_BY_GPC);
    // Only "1" states a preference.
    ConsentRequest zero = ConsentRequest.fromCookieHeader("cookie_gate_consent=marketing", Map.of("Sec-GPC", "0"));
    assertThat(g.resolveConsent(zero).granted()).containsExactly(MARKETING);
  }

  @Test
  void gpcIsConfigurable() {
    ConsentRequest r = ConsentRequest.fromCookieHeader("cookie_gate_consent=chat.analytics.marketing", Map.of("Sec-GPC", "1"));
    assertThat(gate(Map.of("gpc", "off")).resolveConsent(r).granted()).containsExactlyInAnyOrder(CHAT, ANALYTICS, MARKETING);
    assertThat(gate(Map.of("gpc", "analytics, marketing")).resolveConsent(r).granted()).containsExactly(CHAT);
    assertThat(gate(Map.of("gpc", "off")).gpc()).isEmpty();
    assertThatThrownBy(() -> gate(Map.of("gpc", "necessary"))).hasMessageContaining("gpc is 'necessary'");
    assertThatThrownBy(() -> gate(Map.of("gpc", "ads"))).hasMessageContaining("gpc is 'ads'; expected 'off' or");
  }

  @Test
  void aChoiceOlderThanConsentMaxAgeIsNoConsent() {
    // 2022-10-27 is more than 182 days before NOW.
    assertThat(gate(Map.of()).resolveConsent(cookies("euconsent-v2", TC)).isChoiceMade()).isFalse();
    assertThat(gate(Map.of("consent-max-age", "P395D")).resolveConsent(cookies("euconsent-v2", TC)).isChoiceMade()).isFalse();
    CookieGate recent = CookieGate.builder().listener(GateListener.none())
        .clock(Clock.fixed(Instant.ofEpochSecond(1666828800L).plus(Duration.ofDays(100)), ZoneOffset.UTC)).build();
    assertThat(recent.resolveConsent(cookies("euconsent-v2", TC)).granted()).containsExactlyInAnyOrder(FUNCTIONAL, ANALYTICS, MARKETING);
    CookieGate shorter = CookieGate.builder().listener(GateListener.none()).consentMaxAge(Duration.ofDays(30))
        .clock(Clock.fixed(Instant.ofEpochSecond(1666828800L).plus(Duration.ofDays(100)), ZoneOffset.UTC)).build();
    assertThat(shorter.resolveConsent(cookies("euconsent-v2", TC)).isChoiceMade()).isFalse();
  }

  @Test
  void consentMaxAgeIsNeverOver13Months() {
    assertThatThrownBy(() -> gate(Map.of("consent-max-age", "P396D"))).hasMessageContaining("consent-max-age is 'P396D'");
    assertThatThrownBy(() -> gate(Map.of("consent-max-age", "0"))).hasMessageContaining("consent-max-age");
    assertThat(gate(Map.of("consent-max-age", "86400")).consentMaxAge()).isEqualTo(Duration.ofDays(1));
    assertThat(gate(Map.of()).consentMaxAge()).isEqualTo(Duration.ofDays(182));
  }

  @Test
  void aChoiceUnderAnOlderRevisionIsNoConsent() {
    CookieGate g = gate(Map.of("consent-revision", "2"));
    assertThat(g.resolveConsent(cookies("cookie_gate_consent", "chat.analytics")).isChoiceMade()).isFalse();
    assertThat(g.resolveConsent(cookies("cookie_gate_consent", "chat.analytics.r1")).isChoiceMade()).isFalse();
    ConsentState current = g.resolveConsent(cookies("cookie_gate_consent", "chat.analytics.r2"));
    assertThat(current.granted()).containsExactlyInAnyOrder(CHAT, ANALYTICS);
    assertThat(current.revision()).hasValue(2);
    // orestbida's revision is compared; platforms without one are not.
    String cc = "{\"categories\":[\"analytics\"],\"revision\":1}";
    assertThat(g.resolveConsent(cookies("cc_cookie", cc)).isChoiceMade()).isFalse();
    assertThat(g.resolveConsent(cookies("cc_cookie", cc.replace(":1", ":2"))).granted()).containsExactly(ANALYTICS);
    assertThat(g.resolveConsent(cookies("OptanonConsent", ONETRUST)).source()).isEqualTo("onetrust");
    assertThatThrownBy(() -> gate(Map.of("consent-revision", "-1"))).hasMessageContaining("consent-revision is '-1'");
  }

  @Test
  void revisionWordIsBackwardCompatible() {
    // An older reader ignores the unknown word; alone it is no choice.
    assertThat(ConsentState.fromOwnCookie(List.of("chat.r7")).granted()).containsExactly(CHAT);
    assertThat(ConsentState.fromOwnCookie(List.of("chat.r7")).revision()).hasValue(7);
    assertThat(ConsentState.fromOwnCookie(List.of("r7")).isChoiceMade()).isFalse();
    assertThat(ConsentState.fromOwnCookie(List.of("none.r3")).granted()).isEmpty();
    // Two copies: the older revision counts.
    assertThat(ConsentState.fromOwnCookie(List.of("chat.r7", "chat.r2")).revision()).hasValue(2);
    assertThat(ConsentState.fromOwnCookie(List.of("chat.r7", "chat")).revision()).isEmpty();
  }

  @Test
  void builderRegisteredResolversJoinAutoAndCanBeNamed() {
    ConsentResolver crm = new ConsentResolver() {
      @Override
      public String id() {
        return "crm";
      }

      @Override
      public Optional<ConsentState> resolve(ConsentRequest request) {
        return request.cookies("crm_optin").equals(List.of("all"))
            ? Optional.of(ConsentState.of(id(), Category.CONSENT_REQUIRED)) : Optional.empty();
      }
    };
    CookieGate g = CookieGate.builder().listener(GateListener.none()).addConsentResolver(crm).build();
    assertThat(g.consentSources()).endsWith("tcf", "crm");
    assertThat(g.resolveConsent(cookies("crm_optin", "all")).source()).isEqualTo("crm");
    CookieGate first = CookieGate.builder().listener(GateListener.none()).addConsentResolver(crm)
        .consentSources("crm", "cookie-gate").build();
    assertThat(first.consentSources()).containsExactly("crm", "cookie-gate");
    assertThatThrownBy(() -> CookieGate.builder().addConsentResolver(new ThrowingResolver("tcf")))
        .hasMessageContaining("'tcf' is already known");
    assertThatThrownBy(() -> CookieGate.builder().addConsentResolver(new ThrowingResolver("My CRM")))
        .hasMessageContaining("consent resolver id 'My CRM'; expected");
  }

  @Test
  void aThrowingResolverIsNoConsentFromItsSource() {
    CookieGate g = CookieGate.builder().listener(GateListener.none()).addConsentResolver(new ThrowingResolver("boom"))
        .consentSources("boom", "cookie-gate").build();
    assertThat(g.resolveConsent(cookies("cookie_gate_consent", "chat")).source()).isEqualTo("cookie-gate");
  }

  @Test
  void serviceLoaderResolversAreAskedWhenNamed() {
    // src/test/resources/META-INF/services/io.github.cookiegate.ConsentResolver names TestServiceResolver.
    CookieGate g = gate(Map.of("consent-sources", "test-service,cookie-gate"));
    assertThat(g.consentSources()).containsExactly("test-service", "cookie-gate");
    assertThat(g.resolveConsent(cookies("test_service_consent", "yes")).source()).isEqualTo("test-service");
    assertThat(gate(Map.of()).consentSources()).doesNotContain("test-service");
  }

  @Test
  void consentKeysAreInTheSettingsKeys() {
    Map<String, String> all = new HashMap<>();
    all.put("consent-sources", "cookie-gate,auto");
    all.put("gpc", "marketing");
    all.put("consent-max-age", "P182D");
    all.put("consent-revision", "0");
    all.put("consent-map.cookiebot.chat", "preferences");
    CookieGate g = gate(all);
    assertThat(g.toString()).contains("consent-sources=cookie-gate,tarteaucitron").contains("gpc=[MARKETING]");
    assertThat(Settings.KEYS).contains("consent-sources", "gpc", "consent-max-age", "consent-revision");
    assertThat(g.gpc()).isEqualTo(Set.of(MARKETING));
  }

  static final class ThrowingResolver implements ConsentResolver {
    private final String id;

    ThrowingResolver(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Optional<ConsentState> resolve(ConsentRequest request) {
      throw new IllegalStateException("boom");
    }
  }
}
