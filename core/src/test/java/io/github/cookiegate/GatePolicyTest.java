package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Decision.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks the decision table of design section 1, row by row, cell by cell. */
class GatePolicyTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Activation ACTIVE = Activation.since(NOW.minusSeconds(10));

  static GatePolicy policy() {
    return new GatePolicy(new UnknownCookies.Blocked(), ChatMaxAge.of(Duration.ofHours(24)), CLOCK);
  }

  static SetCookie cookie(String header) {
    return SetCookie.parse(header).orElseThrow();
  }

  static Classification as(Category category) {
    return Classification.of(CookieRule.exact("c", category));
  }

  static ConsentState consent(Category... granted) {
    return ConsentState.of("test", granted.length == 0 ? EnumSet.noneOf(Category.class) : EnumSet.of(granted[0], granted));
  }

  static ConsentState allButOne(Category missing) {
    Set<Category> s = EnumSet.copyOf(Category.CONSENT_REQUIRED);
    s.remove(missing);
    return ConsentState.of("test", s);
  }

  /** Columns: no activation no consent; chat activated no consent; consent for its category. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(Category.NECESSARY, Reason.NECESSARY, Reason.NECESSARY, Reason.NECESSARY),
        Arguments.of(Category.CHAT, Reason.NOT_ACTIVATED, Reason.CHAT_ACTIVATED, Reason.CONSENTED),
        Arguments.of(Category.FUNCTIONAL, Reason.NOT_CONSENTED, Reason.NOT_CONSENTED, Reason.CONSENTED),
        Arguments.of(Category.ANALYTICS, Reason.NOT_CONSENTED, Reason.NOT_CONSENTED, Reason.CONSENTED),
        Arguments.of(Category.MARKETING, Reason.NOT_CONSENTED, Reason.NOT_CONSENTED, Reason.CONSENTED));
  }

  @ParameterizedTest(name = "{0}: {1} / {2} / {3}")
  @MethodSource("table")
  void decisionTable(Category category, Reason fresh, Reason activated, Reason consented) {
    SetCookie c = cookie("c=1; Path=/");
    assertThat(policy().decide(c, as(category), Activation.none(), ConsentState.none()).reason()).isEqualTo(fresh);
    assertThat(policy().decide(c, as(category), ACTIVE, ConsentState.none()).reason()).isEqualTo(activated);
    ConsentState own = category == Category.NECESSARY ? ConsentState.none() : consent(category);
    assertThat(policy().decide(c, as(category), Activation.none(), own).reason()).isEqualTo(consented);
  }

  @Test
  void blocksChatCookieBeforeActivation() {
    Decision d = policy().decide(cookie("intercom-id-x=1"), as(Category.CHAT), Activation.none(), ConsentState.none());
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.outcome()).isEqualTo(Decision.Outcome.BLOCK);
  }

  @Test
  void activationIsNotConsentForAnalyticsOrMarketing() {
    for (Category c : new Category[] {Category.FUNCTIONAL, Category.ANALYTICS, Category.MARKETING}) {
      assertThat(policy().decide(cookie("x=1"), as(c), ACTIVE, ConsentState.none()).isAllowed()).as(c.id()).isFalse();
    }
  }

  @Test
  void consentToOneCategoryDoesNotAllowAnother() {
    assertThat(policy().decide(cookie("x=1"), as(Category.MARKETING), ACTIVE, consent(Category.ANALYTICS)).reason())
        .isEqualTo(Reason.NOT_CONSENTED);
    assertThat(policy().decide(cookie("x=1"), as(Category.CHAT), Activation.none(), consent(Category.ANALYTICS)).reason())
        .isEqualTo(Reason.NOT_ACTIVATED);
  }

  @Test
  void refusalBlocksEverythingButNecessary() {
    ConsentState refused = ConsentState.of("test", Set.of());
    for (Category c : Category.CONSENT_REQUIRED) {
      assertThat(policy().decide(cookie("x=1"), as(c), Activation.none(), refused).isAllowed()).isFalse();
    }
  }

  @Nested
  class UnknownRow {
    final SetCookie c = cookie("mystery=1");

    @Test
    void blockedWithoutConsent() {
      assertThat(policy().decide(c, Classification.unknown(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void blockedAfterActivation() {
      assertThat(policy().decide(c, Classification.unknown(), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void blockedUnlessEveryCategoryIsConsented() {
      for (Category missing : Category.CONSENT_REQUIRED) {
        assertThat(policy().decide(c, Classification.unknown(), ACTIVE, allButOne(missing)).reason())
            .as("all but " + missing).isEqualTo(Reason.UNKNOWN);
      }
      ConsentState all = ConsentState.of("test", Category.CONSENT_REQUIRED);
      assertThat(policy().decide(c, Classification.unknown(), Activation.none(), all).reason())
          .isEqualTo(Reason.UNKNOWN_ALL_CONSENTED);
    }

    @Test
    void allowedWhenUnknownCookiesAllow() {
      GatePolicy allow = new GatePolicy(new UnknownCookies.Allowed(), ChatMaxAge.of(Duration.ofHours(24)), CLOCK);
      assertThat(allow.decide(c, Classification.unknown(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Reason.UNKNOWN_ALLOWED);
    }

    @Test
    void followsTheCategoryUnknownCookiesNames() {
      GatePolicy asChat = new GatePolicy(new UnknownCookies.As(Category.CHAT), ChatMaxAge.of(Duration.ofHours(24)), CLOCK);
      assertThat(asChat.decide(c, Classification.unknown(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Reason.NOT_ACTIVATED);
      assertThat(asChat.decide(c, Classification.unknown(), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.CHAT_ACTIVATED);
      GatePolicy asNecessary = new GatePolicy(new UnknownCookies.As(Category.NECESSARY), ChatMaxAge.of(Duration.ofHours(24)), CLOCK);
      assertThat(asNecessary.decide(c, Classification.unknown(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Reason.NECESSARY);
      GatePolicy asAnalytics = new GatePolicy(new UnknownCookies.As(Category.ANALYTICS), ChatMaxAge.of(Duration.ofHours(24)), CLOCK);
      assertThat(asAnalytics.decide(c, Classification.unknown(), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.NOT_CONSENTED);
      assertThat(asAnalytics.decide(c, Classification.unknown(), Activation.none(), consent(Category.ANALYTICS)).reason())
          .isEqualTo(Reason.CONSENTED);
    }
  }

  @Test
  void deletionsAlwaysPass() {
    for (String header : new String[] {"c=; Max-Age=0", "c=x; Max-Age=-5", "c=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"}) {
      for (Category category : Category.values()) {
        assertThat(policy().decide(cookie(header), as(category), Activation.none(), ConsentState.none()).reason())
            .as(header + " " + category).isEqualTo(Reason.DELETION);
      }
      assertThat(policy().decide(cookie(header), Classification.unknown(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Reason.DELETION);
    }
  }

  @Nested
  class Retention {
    @Test
    void capsChatCookieLifetimeAtChatMaxAge() {
      Decision d = policy().decide(cookie("intercom-id-x=1; Max-Age=23328000; Path=/"), as(Category.CHAT), ACTIVE, ConsentState.none());
      assertThat(d.outcome()).isEqualTo(Decision.Outcome.REWRITE);
      assertThat(d.reason()).isEqualTo(Reason.LIFETIME_CAPPED);
      assertThat(d.rewritten().orElseThrow().toHeader()).isEqualTo("intercom-id-x=1; Path=/; Max-Age=86400");
    }

    @Test
    void capsExpiresBeyondChatMaxAge() {
      Decision d = policy().decide(cookie("c=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT"), as(Category.CHAT), ACTIVE, ConsentState.none());
      assertThat(d.rewritten().orElseThrow().maxAge()).hasValue(86400);
      assertThat(d.rewritten().orElseThrow().expires()).isEmpty();
    }

    @Test
    void capsChatCookieAllowedByConsentToo() {
      Decision d = policy().decide(cookie("c=1; Max-Age=999999"), as(Category.CHAT), Activation.none(), consent(Category.CHAT));
      assertThat(d.reason()).isEqualTo(Reason.LIFETIME_CAPPED);
    }

    @Test
    void leavesShorterAndSessionChatCookiesAlone() {
      assertThat(policy().decide(cookie("c=1; Max-Age=3600"), as(Category.CHAT), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.CHAT_ACTIVATED);
      assertThat(policy().decide(cookie("c=1; Max-Age=86400"), as(Category.CHAT), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.CHAT_ACTIVATED);
      assertThat(policy().decide(cookie("c=1"), as(Category.CHAT), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.CHAT_ACTIVATED);
    }

    // gh-13: CNIL, audience-measurement trackers live at most 13 months.
    @Test
    void capsTrackerCookiesAtTheirCategoryMaxAge() {
      GatePolicy p = new GatePolicy(new UnknownCookies.Blocked(), ChatMaxAge.of(Duration.ofHours(24)), CLOCK, java.util.Map.of(Category.ANALYTICS, Duration.ofDays(395),
              Category.MARKETING, Duration.ofDays(30)));
      Decision d = p.decide(cookie("_ga=GA1.1.1; Max-Age=63072000; Path=/"), as(Category.ANALYTICS), Activation.none(),
          consent(Category.ANALYTICS));
      assertThat(d.outcome()).isEqualTo(Decision.Outcome.REWRITE);
      assertThat(d.reason()).isEqualTo(Reason.LIFETIME_CAPPED);
      assertThat(d.rewritten().orElseThrow().toHeader()).isEqualTo("_ga=GA1.1.1; Path=/; Max-Age=34128000");
      Decision fbp = p.decide(cookie("_fbp=fb.1; Expires=Wed, 21 Oct 2099 07:28:00 GMT"), as(Category.MARKETING),
          Activation.none(), consent(Category.MARKETING));
      assertThat(fbp.rewritten().orElseThrow().maxAge()).hasValue(30L * 86_400);
      assertThat(p.decide(cookie("_gid=1; Max-Age=86400"), as(Category.ANALYTICS), Activation.none(),
          consent(Category.ANALYTICS)).reason()).as("shorter: as written").isEqualTo(Reason.CONSENTED);
      assertThat(p.decide(cookie("theme=1; Max-Age=999999999"), as(Category.FUNCTIONAL), Activation.none(),
          consent(Category.FUNCTIONAL)).reason()).as("functional: no cap set").isEqualTo(Reason.CONSENTED);
      assertThat(p.decide(cookie("_ga=1; Max-Age=63072000"), as(Category.ANALYTICS), Activation.none(),
          ConsentState.none()).reason()).as("still blocked without consent").isEqualTo(Reason.NOT_CONSENTED);
    }

    @Test
    void doesNotCapOtherCategoriesWithoutRuleRetention() {
      assertThat(policy().decide(cookie("c=1; Max-Age=99999999"), as(Category.ANALYTICS), ACTIVE, consent(Category.ANALYTICS)).reason())
          .isEqualTo(Reason.CONSENTED);
    }

    @Test
    void sessionModeMakesChatCookiesSessionCookies() {
      GatePolicy session = new GatePolicy(new UnknownCookies.Blocked(), new ChatMaxAge.Session(), CLOCK);
      Decision d = session.decide(cookie("c=1; Max-Age=60; Path=/"), as(Category.CHAT), ACTIVE, ConsentState.none());
      assertThat(d.reason()).isEqualTo(Reason.SESSION_ONLY);
      assertThat(d.rewritten().orElseThrow().toHeader()).isEqualTo("c=1; Path=/");
    }

    @Test
    void noneModeLeavesChatLifetimes() {
      GatePolicy none = new GatePolicy(new UnknownCookies.Blocked(), new ChatMaxAge.Uncapped(), CLOCK);
      assertThat(none.decide(cookie("c=1; Max-Age=99999999"), as(Category.CHAT), ACTIVE, ConsentState.none()).reason())
          .isEqualTo(Reason.CHAT_ACTIVATED);
    }

    @Test
    void ruleRetentionCapsAnyAllowedCategoryAndTheShorterCapWins() {
      Classification analytics = Classification.of(CookieRule.exact("c", Category.ANALYTICS).withRetention(Duration.ofDays(7)));
      Decision d = policy().decide(cookie("c=1; Max-Age=99999999"), analytics, Activation.none(), consent(Category.ANALYTICS));
      assertThat(d.rewritten().orElseThrow().maxAge()).hasValue(Duration.ofDays(7).getSeconds());
      Classification chat = Classification.of(CookieRule.exact("c", Category.CHAT).withRetention(Duration.ofHours(1)));
      assertThat(policy().decide(cookie("c=1; Max-Age=7200"), chat, ACTIVE, ConsentState.none()).rewritten().orElseThrow().maxAge())
          .hasValue(3600);
      Classification longChat = Classification.of(CookieRule.exact("c", Category.CHAT).withRetention(Duration.ofDays(30)));
      assertThat(policy().decide(cookie("c=1; Max-Age=99999999"), longChat, ACTIVE, ConsentState.none()).rewritten().orElseThrow().maxAge())
          .hasValue(86400);
    }

    @Test
    void blockedCookiesAreNotRewritten() {
      Decision d = policy().decide(cookie("c=1; Max-Age=99999999"), as(Category.CHAT), Activation.none(), ConsentState.none());
      assertThat(d.rewritten()).isEmpty();
    }
  }

  @Test
  void allowAndBlockDecisionsAreSharedConstants() {
    Decision a = policy().decide(cookie("c=1"), as(Category.NECESSARY), Activation.none(), ConsentState.none());
    Decision b = policy().decide(cookie("d=2"), as(Category.NECESSARY), Activation.none(), ConsentState.none());
    assertThat(a).isSameAs(b).isSameAs(Decision.of(Reason.NECESSARY));
  }
}
