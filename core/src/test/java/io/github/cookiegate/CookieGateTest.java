package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieGateTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

  static CookieGate gate(Map<String, String> settings) {
    return CookieGate.fromSettings(settings);
  }

  /** A listener that records every event. */
  static final class Recorder implements GateListener {
    final List<GateEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(GateEvent event) {
      events.add(event);
    }
  }

  @Nested
  class Settings {
    @Test
    void defaultsFollowTheDesign() {
      CookieGate g = gate(Map.of());
      assertThat(g.mode()).isEqualTo(CookieGate.Mode.ENFORCE);
      assertThat(g.activationPath()).isEqualTo("/cookie-gate/activate");
      assertThat(g.consentCookie()).isEqualTo("cookie_gate_consent");
      assertThat(g.chatMaxAge().id()).isEqualTo("PT24H");
      assertThat(g.unknownCookies().id()).isEqualTo("block");
      assertThat(g.sweep()).isTrue();
      assertThat(g.secretConfigured()).isFalse();
    }

    @Test
    void readsEverySetting() {
      Map<String, String> s = new HashMap<>();
      s.put("secret", SECRET);
      s.put("mode", "Report-Only");
      s.put("activation-path", "/chat/start");
      s.put("cookies.chat", " cw_conversation , cw_user_* ");
      s.put("cookies.necessary", "MYLB");
      s.put("cookies.functional", "theme");
      s.put("cookies.analytics", "_pk_*");
      s.put("cookies.marketing", "_fbp");
      s.put("unknown-cookies", "ANALYTICS");
      s.put("consent-cookie", "my_consent");
      s.put("chat-max-age", "3600");
      s.put("sweep", "FALSE");
      CookieGate g = gate(s);
      assertThat(g.mode()).isEqualTo(CookieGate.Mode.REPORT_ONLY);
      assertThat(g.activationPath()).isEqualTo("/chat/start");
      assertThat(g.classify("cw_user_42").category()).contains(Category.CHAT);
      assertThat(g.classify("cw_conversation").category()).contains(Category.CHAT);
      assertThat(g.classify("MYLB").category()).contains(Category.NECESSARY);
      assertThat(g.classify("theme").category()).contains(Category.FUNCTIONAL);
      assertThat(g.classify("_pk_id.1").category()).contains(Category.ANALYTICS);
      assertThat(g.classify("_fbp").category()).contains(Category.MARKETING);
      assertThat(g.unknownCookies().id()).isEqualTo("analytics");
      assertThat(g.consentCookie()).isEqualTo("my_consent");
      assertThat(g.chatMaxAge().id()).isEqualTo("PT1H");
      assertThat(g.sweep()).isFalse();
      assertThat(g.secretConfigured()).isTrue();
    }

    @Test
    void cspIsOffByDefaultAndReadsItsValues() {
      assertThat(gate(Map.of()).csp()).isEqualTo(CookieGate.Csp.OFF);
      assertThat(gate(Map.of()).reportPath()).isEqualTo("/cookie-gate/csp-report");
      assertThat(gate(Map.of("csp", "ON")).csp()).isEqualTo(CookieGate.Csp.ON);
      CookieGate g = gate(Map.of("csp", "report", "report-path", "/r/csp"));
      assertThat(g.csp()).isEqualTo(CookieGate.Csp.REPORT);
      assertThat(g.reportPath()).isEqualTo("/r/csp");
      assertThat(g.toString()).contains("csp=report");
    }

    @Test
    void reportPathMustDifferFromTheOtherEndpoints() {
      assertThatThrownBy(() -> gate(Map.of("report-path", "/cookie-gate/activate")))
          .hasMessageContaining("report-path").hasMessageContaining("activation-path");
      assertThatThrownBy(() -> gate(Map.of("report-path", "/cookie-gate/gate.js")))
          .hasMessageContaining("report-path").hasMessageContaining("gate-script-path");
    }

    @Test
    void declarationPathHasADefaultAndMustDifferFromTheOtherEndpoints() {
      assertThat(gate(Map.of()).declarationPath()).isEqualTo("/cookie-gate/cookies");
      assertThat(gate(Map.of("declaration-path", "/legal/cookies")).declarationPath()).isEqualTo("/legal/cookies");
      assertThatThrownBy(() -> gate(Map.of("declaration-path", "/cookie-gate/activate")))
          .hasMessageContaining("declaration-path").hasMessageContaining("activation-path");
      assertThatThrownBy(() -> gate(Map.of("declaration-path", "/cookie-gate/gate.js")))
          .hasMessageContaining("declaration-path").hasMessageContaining("gate-script-path");
      assertThatThrownBy(() -> gate(Map.of("declaration-path", "/cookie-gate/csp-report")))
          .hasMessageContaining("declaration-path").hasMessageContaining("report-path");
    }

    @Test
    void consentAndForgetPathsHaveDefaultsAndMustDifferFromTheOtherEndpoints() {
      assertThat(gate(Map.of()).consentPath()).isEqualTo("/cookie-gate/consent");
      assertThat(gate(Map.of()).forgetPath()).isEqualTo("/cookie-gate/forget");
      assertThat(gate(Map.of("consent-path", "/c", "forget-path", "/f")).forgetPath()).isEqualTo("/f");
      assertThatThrownBy(() -> gate(Map.of("consent-path", "/cookie-gate/activate")))
          .hasMessageContaining("consent-path").hasMessageContaining("activation-path");
      assertThatThrownBy(() -> gate(Map.of("forget-path", "/cookie-gate/consent")))
          .hasMessageContaining("forget-path").hasMessageContaining("consent-path");
      assertThatThrownBy(() -> gate(Map.of("consent-path", "/cookie-gate/cookies")))
          .hasMessageContaining("consent-path").hasMessageContaining("declaration-path");
      assertThatThrownBy(() -> gate(Map.of("forget-path", "/cookie-gate/csp-report")))
          .hasMessageContaining("forget-path").hasMessageContaining("report-path");
      assertThatThrownBy(() -> gate(Map.of("consent-path", "consent")))
          .hasMessageContaining("consent-path is 'consent'").hasMessageContaining("starting with '/'");
    }

    @Test
    void clearSiteDataIsNoneByDefaultAndAListOfKnownDirectives() {
      assertThat(gate(Map.of()).clearSiteData()).isEmpty();
      assertThat(gate(Map.of("clear-site-data", "none")).clearSiteData()).isEmpty();
      assertThat(gate(Map.of("clear-site-data", "Cookies, storage,cache")).clearSiteData())
          .containsExactlyInAnyOrder(CookieGate.ClearSiteData.values());
      assertThatThrownBy(() -> gate(Map.of("clear-site-data", "cookies,executionContexts")))
          .hasMessageContaining("clear-site-data is 'cookies,executionContexts'")
          .hasMessageContaining("'cookies', 'storage', 'cache'");
      assertThatThrownBy(() -> gate(Map.of("clear-site-data", "storage,,cache"))).hasMessageContaining("clear-site-data");
    }

    @Test
    void emptyValueMeansNotSet() {
      CookieGate g = gate(Map.of("mode", "", "chat-max-age", " ", "cookies.chat", ""));
      assertThat(g.mode()).isEqualTo(CookieGate.Mode.ENFORCE);
      assertThat(g.chatMaxAge().id()).isEqualTo("PT24H");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "mode|block-all|'enforce' or 'report-only'",
        "unknown-cookies|maybe|'block', 'allow' or a category",
        "chat-max-age|P1X|ISO-8601 duration (PT24H), seconds, 'session' or 'none'",
        "chat-max-age|-PT1H|positive duration",
        "chat-max-age|0|positive duration",
        "max-age.analytics|13 months|ISO-8601 duration (P395D), seconds or 'none'",
        "max-age.marketing|session|ISO-8601 duration (P395D), seconds or 'none'",
        "max-age.functional|0|positive duration",
        "sweep|yes|'true' or 'false'",
        "activation-path|cookie-gate/activate|starting with '/'",
        "activation-path|/a b|visible ASCII",
        "consent-cookie|my consent|a cookie name",
        "consent-cookie|__Host-consent|without a __Host- or __Secure- prefix",
        "csp|enforce|'off', 'on' or 'report'",
        "report-path|csp-report|starting with '/'",
        "report-path|/csp;report|without ';' or ','",
        "declaration-path|cookies|starting with '/'",
        "declaration-path|/cookies?x|visible ASCII",
    })
    void badValueFailsNamingKeyValueAndAcceptedValues(String key, String value, String accepted) {
      assertThatThrownBy(() -> gate(Map.of(key, value)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key + " is '" + value + "'")
          .hasMessageContaining(accepted);
    }

    // gh-13
    @Test
    void trackerMaxAgesDefaultTo13MonthsAndAreSetLikeChatMaxAge() {
      CookieGate defaults = gate(Map.of());
      assertThat(defaults.maxAge(Category.ANALYTICS)).contains(Duration.ofDays(395));
      assertThat(defaults.maxAge(Category.MARKETING)).contains(Duration.ofDays(395));
      assertThat(defaults.maxAge(Category.FUNCTIONAL)).isEmpty();
      CookieGate set = gate(Map.of("max-age.analytics", "none", "max-age.marketing", "2592000",
          "max-age.functional", "p30d"));
      assertThat(set.maxAge(Category.ANALYTICS)).isEmpty();
      assertThat(set.maxAge(Category.MARKETING)).contains(Duration.ofDays(30));
      assertThat(set.maxAge(Category.FUNCTIONAL)).contains(Duration.ofDays(30));
      assertThat(set.filter("_ga=1; Max-Age=63072000", Activation.none(), ConsentState.of("t", EnumSet.of(Category.ANALYTICS))))
          .contains("_ga=1; Max-Age=63072000");
      assertThat(defaults.filter("_ga=1; Max-Age=63072000", Activation.none(), ConsentState.of("t", EnumSet.of(Category.ANALYTICS))))
          .contains("_ga=1; Max-Age=34128000");
      assertThatThrownBy(() -> CookieGate.builder().maxAge(Category.ANALYTICS, Duration.ofDays(1))
          .maxAgeUncapped(Category.ANALYTICS)).hasMessageContaining("max-age.analytics was already set");
      assertThatThrownBy(() -> CookieGate.builder().maxAge(Category.CHAT, Duration.ofDays(1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat-max-age");
      assertThatThrownBy(() -> gate(Map.of("max-age.chat", "P1D"))).hasMessageContaining("unknown setting 'max-age.chat'");
    }

    @Test
    void unknownKeyFailsListingTheAcceptedKeys() {
      assertThatThrownBy(() -> gate(Map.of("chat-maxage", "PT1H")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown setting 'chat-maxage'")
          .hasMessageContaining("chat-max-age");
    }

    @Test
    void nameInTwoCookieParamsFailsNamingBoth() {
      Map<String, String> s = new java.util.LinkedHashMap<>();
      s.put("cookies.chat", "a, shared");
      s.put("cookies.analytics", "shared");
      assertThatThrownBy(() -> gate(s))
          .hasMessageContaining("'shared'").hasMessageContaining("cookies.chat").hasMessageContaining("cookies.analytics");
    }

    @Test
    void invalidCookiePatternFailsNamingTheParam() {
      assertThatThrownBy(() -> gate(Map.of("cookies.chat", "ok, bad;name")))
          .hasMessageContaining("cookies.chat").hasMessageContaining("bad;name");
    }

    @Test
    void badSecretFailsWithoutEchoingIt() {
      assertThatThrownBy(() -> gate(Map.of("secret", "not base64 !!secretstuff")))
          .hasMessageContaining("secret is not valid base64").hasMessageNotContaining("secretstuff");
      String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
      assertThatThrownBy(() -> gate(Map.of("secret", shortKey)))
          .hasMessageContaining("16 bytes").hasMessageContaining("at least 32").hasMessageNotContaining(shortKey);
    }

    @Test
    void acceptsUrlSafeSecret() {
      byte[] key = new byte[32];
      key[0] = (byte) 0xfb; // makes '-' or '_' appear in URL-safe base64
      key[1] = (byte) 0xff;
      String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
      assertThat(gate(Map.of("secret", urlSafe)).secretConfigured()).isTrue();
    }

    @Test
    void sessionAndNoneChatMaxAge() {
      assertThat(gate(Map.of("chat-max-age", "Session")).chatMaxAge().id()).isEqualTo("session");
      assertThat(gate(Map.of("chat-max-age", "NONE")).chatMaxAge().id()).isEqualTo("none");
      assertThat(gate(Map.of("chat-max-age", "pt2h")).chatMaxAge().id()).isEqualTo("PT2H");
    }

    @Test
    void builderScalarSetTwiceFails() {
      assertThatThrownBy(() -> CookieGate.builder().mode(CookieGate.Mode.ENFORCE).mode(CookieGate.Mode.REPORT_ONLY))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("mode was already set");
      assertThatThrownBy(() -> CookieGate.builder().chatMaxAgeSession().chatMaxAge(Duration.ofHours(1)))
          .hasMessageContaining("chat-max-age was already set");
    }

    @Test
    void builderRejectsShortKey() {
      assertThatThrownBy(() -> CookieGate.builder().secret(new byte[31]))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 bytes");
    }

    @Test
    void toStringShowsConfigurationButNotTheSecret() {
      String s = gate(Map.of("secret", SECRET)).toString();
      assertThat(s).contains("mode=enforce", "chat-max-age=PT24H", "secret=configured").doesNotContain(SECRET);
    }
  }

  @Nested
  class OwnCookies {
    @Test
    void areNecessaryWhateverTheRulesSay() {
      CookieGate g = gate(Map.of("cookies.marketing", "cookie_gate_chat, __Host-cookie_gate_consent, my_consent",
          "consent-cookie", "my_consent"));
      for (String name : new String[] {"cookie_gate_chat", "__Host-cookie_gate_chat", "my_consent", "__Host-my_consent"}) {
        assertThat(g.classify(name).category()).as(name).contains(Category.NECESSARY);
      }
      assertThat(g.filter("my_consent=chat; Path=/", Activation.none(), ConsentState.none())).isPresent();
    }
  }

  @Nested
  class Marker {
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    CookieGate gateAt(Clock c) {
      return CookieGate.builder().secret(SECRET).clock(c).build();
    }

    @Test
    void markerIsSignedHttpOnlyLaxAndLivesAsLongAsChatMaxAge() {
      SetCookie m = gateAt(clock).newActivationMarker(false);
      assertThat(m.name()).isEqualTo("cookie_gate_chat");
      assertThat(m.httpOnly()).isTrue();
      assertThat(m.sameSite()).contains(SetCookie.SameSite.LAX);
      assertThat(m.path()).contains("/");
      assertThat(m.maxAge()).hasValue(86400);
      assertThat(m.secure()).isFalse();
      assertThat(gateAt(clock).readActivation(List.of(m.value())).activatedAt()).contains(NOW);
    }

    @Test
    void secureRequestsGetHostPrefixedMarker() {
      SetCookie m = gateAt(clock).newActivationMarker(true);
      assertThat(m.name()).isEqualTo("__Host-cookie_gate_chat");
      assertThat(m.secure()).isTrue();
      assertThat(SetCookie.parse(m.toHeader())).contains(m);
    }

    @Test
    void sessionChatMaxAgeGivesSessionMarker() {
      CookieGate g = CookieGate.builder().secret(SECRET).chatMaxAgeSession().build();
      assertThat(g.newActivationMarker(false).persistent()).isFalse();
    }

    @Test
    void forgedTamperedOrForeignMarkerIsNoActivation() {
      CookieGate g = gateAt(clock);
      String value = g.newActivationMarker(false).value();
      String tampered = value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A");
      String otherTime = "v1." + (NOW.getEpochSecond() - 5) + value.substring(value.lastIndexOf('.'));
      CookieGate otherKey = CookieGate.builder().secret(Base64.getEncoder().encodeToString(new byte[] {
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}))
          .clock(clock).build();
      for (String bad : new String[] {"", "1", "v1.", "v1.123.", tampered, otherTime, "v1." + NOW.getEpochSecond() + ".x",
          value + "x", "v2" + value.substring(2), "x".repeat(10_000), "v1.-5.abc", "v1.99999999999999999999.abc"}) {
        assertThat(g.readActivation(List.of(bad)).isActive()).as(bad.length() > 40 ? bad.substring(0, 40) : bad).isFalse();
      }
      assertThat(otherKey.readActivation(List.of(value)).isActive()).isFalse();
    }

    @Test
    void expiredMarkerIsNoActivation() {
      String value = gateAt(clock).newActivationMarker(false).value();
      Clock later = Clock.offset(clock, Duration.ofHours(24).plusSeconds(1));
      Clock justInTime = Clock.offset(clock, Duration.ofHours(24));
      assertThat(gateAt(later).readActivation(List.of(value)).isActive()).isFalse();
      assertThat(gateAt(justInTime).readActivation(List.of(value)).isActive()).isTrue();
    }

    @Test
    void markerFromTheFutureBeyondSkewIsNoActivation() {
      String value = gateAt(Clock.offset(clock, Duration.ofMinutes(10))).newActivationMarker(false).value();
      assertThat(gateAt(clock).readActivation(List.of(value)).isActive()).isFalse();
      String nearFuture = gateAt(Clock.offset(clock, Duration.ofMinutes(2))).newActivationMarker(false).value();
      assertThat(gateAt(clock).readActivation(List.of(nearFuture)).isActive()).isTrue();
    }

    @Test
    void onlyTheIssuedSpellingOfTheTagActivates() {
      // The 43rd base64url character of a 32-byte tag carries 4 data bits and 2 that a decoder
      // ignores: the 3 other characters of its group decode to the same tag.
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      for (int t = 0; t < 4; t++) {
        CookieGate g = gateAt(Clock.offset(clock, Duration.ofSeconds(t)));
        String value = g.newActivationMarker(false).value();
        int last = alphabet.indexOf(value.charAt(value.length() - 1));
        assertThat(last % 4).as("issued with the ignored bits zero").isZero();
        for (int bits = 1; bits < 4; bits++) {
          String sameBytes = value.substring(0, value.length() - 1) + alphabet.charAt(last + bits);
          assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
              .isEqualTo(Base64.getUrlDecoder().decode(value.substring(value.lastIndexOf('.') + 1)));
          assertThat(g.readActivation(List.of(sameBytes)).isActive()).as(sameBytes).isFalse();
        }
        assertThat(g.readActivation(List.of(value)).isActive()).isTrue();
        // Non-ASCII in place of a tag character, and padding, are not the issued text either.
        assertThat(g.readActivation(List.of(value.substring(0, value.length() - 1) + "\u0100")).isActive()).isFalse();
        assertThat(g.readActivation(List.of(value + "=")).isActive()).isFalse();
      }
    }

    @Test
    void anyValidCopyActivates() {
      String value = gateAt(clock).newActivationMarker(false).value();
      assertThat(gateAt(clock).readActivation(List.of("garbage", value)).isActive()).isTrue();
    }

    @Test
    void randomKeyPerStartDoesNotAcceptAnotherStartsMarkers() {
      String value = CookieGate.builder().build().newActivationMarker(false).value();
      assertThat(CookieGate.builder().build().readActivation(List.of(value)).isActive()).isFalse();
    }

    @Test
    void deletionsCoverBothNames() {
      List<SetCookie> d = gateAt(clock).activationMarkerDeletions(true);
      assertThat(d).extracting(SetCookie::name).containsExactly("cookie_gate_chat", "__Host-cookie_gate_chat");
      assertThat(d).allSatisfy(c -> assertThat(c.isDeletion(NOW)).isTrue());
    }
  }

  @Nested
  class Filtering {
    final Recorder recorder = new Recorder();
    final CookieGate g = CookieGate.builder().listener(recorder).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    @Test
    void allowedHeaderIsWrittenAsTheApplicationWroteIt() {
      String header = "JSESSIONID=abc;path=/;HttpOnly";
      assertThat(g.filter(header, Activation.none(), ConsentState.none())).contains(header);
      assertThat(recorder.events).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(GateEvent.Type.ALLOWED);
        assertThat(e.cookieName()).contains("JSESSIONID");
        assertThat(e.category()).contains(Category.NECESSARY);
      });
    }

    @Test
    void blockedHeaderIsDroppedWithAnEvent() {
      assertThat(g.filter("intercom-id-x=v; Path=/", Activation.none(), ConsentState.none())).isEmpty();
      assertThat(recorder.events).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
        assertThat(e.vendor()).contains("Intercom");
        assertThat(e.reason()).contains(Decision.Reason.NOT_ACTIVATED);
      });
    }

    @Test
    void rewrittenHeaderIsTheCappedOne() {
      Optional<String> out = g.filter("intercom-id-x=v; Max-Age=23328000; Path=/", Activation.since(NOW), ConsentState.none());
      assertThat(out).contains("intercom-id-x=v; Path=/; Max-Age=86400");
      assertThat(recorder.events).singleElement().extracting(GateEvent::type).isEqualTo(GateEvent.Type.REWRITTEN);
    }

    @Test
    void unparseableHeaderIsDroppedWithAnEvent() {
      assertThat(g.filter("__Host-x=1", Activation.since(NOW), ConsentState.of("t", Category.CONSENT_REQUIRED))).isEmpty();
      assertThat(g.filter("a=b\u0001", Activation.none(), ConsentState.none())).isEmpty();
      assertThat(recorder.events).hasSize(2).allSatisfy(e -> {
        assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
        assertThat(e.reason()).contains(Decision.Reason.UNPARSEABLE);
      });
    }

    @Test
    void reportOnlyWritesEverythingButReportsWhatItWouldBlock() {
      CookieGate ro = CookieGate.builder().mode(CookieGate.Mode.REPORT_ONLY).listener(recorder).build();
      assertThat(ro.filter("intercom-id-x=v", Activation.none(), ConsentState.none())).contains("intercom-id-x=v");
      assertThat(recorder.events).singleElement().satisfies(e -> {
        assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
        assertThat(e.reportOnly()).isTrue();
        assertThat(e.toString()).contains("would have blocked");
      });
    }

    @Test
    void deletionOfABlockedCategoryPasses() {
      assertThat(g.filter("__hstc=; Max-Age=0; Path=/", Activation.none(), ConsentState.none())).isPresent();
    }
  }

  @Nested
  class FailClosed {
    final Recorder recorder = new Recorder();

    @Test
    void failureWhileDecidingBlocksTheCookie() {
      Clock broken = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { throw new IllegalStateException("clock broken"); }
      };
      CookieGate g = CookieGate.builder().clock(broken).listener(recorder).build();
      // Expires without Max-Age: the only case where deciding reads the clock.
      assertThat(g.filter("JSESSIONID=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT", Activation.none(), ConsentState.none()))
          .isEmpty();
      assertThat(recorder.events).singleElement().extracting(e -> e.reason().orElseThrow()).isEqualTo(Decision.Reason.ERROR);
    }

    @Test
    void listenerFailureOnAnAllowedCookieBlocksIt() {
      CookieGate g = CookieGate.builder().listener(e -> { throw new RuntimeException("listener down"); }).build();
      assertThat(g.filter("JSESSIONID=1", Activation.none(), ConsentState.none())).isEmpty();
      assertThat(g.decide(SetCookie.parse("JSESSIONID=1").orElseThrow(), Activation.none(), ConsentState.none()).reason())
          .isEqualTo(Decision.Reason.ERROR);
    }

    @Test
    void listenerFailureOnRequestEventsIsSwallowed() {
      CookieGate g = CookieGate.builder().listener(e -> { throw new RuntimeException("listener down"); }).build();
      g.notify(GateEvent.of(GateEvent.Type.ACTIVATED, "test"));
    }

    @Test
    void ruleThatBlowsTheStackBlocksTheCookie() {
      // A catastrophic application regex: java.util.regex recurses per character, so a 4000-character
      // name overflows the stack; the StackOverflowError is caught and the cookie blocked.
      CookieGate g = CookieGate.builder().rule(CookieRule.regex("(a|b)*", Category.NECESSARY)).listener(recorder).build();
      assertThat(g.filter("abab=1", Activation.none(), ConsentState.none())).isPresent();
      assertThat(g.filter("ab".repeat(2000) + "=1", Activation.none(), ConsentState.none())).isEmpty();
      assertThat(recorder.events).last().extracting(e -> e.reason().orElseThrow()).isEqualTo(Decision.Reason.ERROR);
    }
  }

  @Nested
  class Sweep {
    final CookieGate g = gate(Map.of());

    @Test
    void sweepsKnownCookiesWhoseCategoryIsNotAllowed() {
      assertThat(g.shouldSweep("__hstc", Activation.none(), ConsentState.none())).isTrue();
      assertThat(g.shouldSweep("intercom-id-x", Activation.none(), ConsentState.none())).isTrue();
      assertThat(g.shouldSweep("intercom-id-x", Activation.since(NOW), ConsentState.none())).isFalse();
      assertThat(g.shouldSweep("__hstc", Activation.since(NOW), ConsentState.none())).isTrue();
      assertThat(g.shouldSweep("__hstc", Activation.none(), ConsentState.of("t", java.util.Set.of(Category.MARKETING)))).isFalse();
    }

    @Test
    void leavesNecessaryOwnAndUnknownCookiesAlone() {
      assertThat(g.shouldSweep("JSESSIONID", Activation.none(), ConsentState.none())).isFalse();
      assertThat(g.shouldSweep("cookie_gate_consent", Activation.none(), ConsentState.none())).isFalse();
      assertThat(g.shouldSweep("some_app_cookie", Activation.none(), ConsentState.none())).isFalse();
      assertThat(gate(Map.of("unknown-cookies", "analytics")).shouldSweep("some_app_cookie", Activation.none(), ConsentState.none()))
          .isTrue();
    }
  }

  @Test
  void logLinesNameTheCookieButNeverItsValue() {
    GateEvent e = GateEvent.cookie(GateEvent.Type.BLOCKED, "intercom-id-x\r\nInjected: 1",
        CookieCatalog.builtIn().classify("intercom-id-x"), Decision.Reason.NOT_ACTIVATED, false);
    assertThat(e.toString()).contains("intercom-id-x\\u000D\\u000AInjected: 1").doesNotContain("\n")
        .contains("[chat, Intercom]").contains("not activated");
  }

  @Test
  void configuredGateMayBeSharedAcrossThreads() throws Exception {
    CookieGate g = CookieGate.builder().secret(SECRET).listener(GateListener.none()).build();
    String marker = g.newActivationMarker(false).value();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        tasks.add(() -> {
          for (int i = 0; i < 20_000; i++) {
            Activation a = g.readActivation(List.of(marker));
            String name = (i % 2 == 0 ? "intercom-id-" : "__hstc") + (seed * 100_000 + i);
            Optional<String> out = g.filter(name + "=v; Path=/", a, ConsentState.none());
            boolean expected = i % 2 == 0;
            if (out.isPresent() != expected || !a.isActive()) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
