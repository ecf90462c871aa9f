package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateRequestTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final CookieGateTest.Recorder recorder = new CookieGateTest.Recorder();
  private final CookieGate gate = CookieGate.builder().secret(CookieGateTest.SECRET).listener(recorder)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private final CookieGate reportOnly = CookieGate.builder().secret(CookieGateTest.SECRET).listener(recorder)
      .mode(CookieGate.Mode.REPORT_ONLY).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private static ConsentRequest view(String cookieHeader, Map<String, String> headers) {
    return ConsentRequest.fromCookieHeader(cookieHeader, headers);
  }

  @Test
  void readsActivationFromTheMarkerAndConsentThroughTheResolvers() {
    String marker = gate.own().newActivationMarker(false).value();
    GateRequest r = gate.request(view("cookie_gate_chat=" + marker + "; cookie_gate_consent=analytics", Map.of()));
    assertThat(r.activation().isActive()).isTrue();
    assertThat(r.consent().granted()).containsExactly(Category.ANALYTICS);
    assertThat(r.allowed()).containsExactlyInAnyOrder(Category.NECESSARY, Category.CHAT, Category.ANALYTICS);
    assertThat(r.conversationId()).contains(gate.own().pseudonym(marker));
    assertThat(r.secure()).isFalse();
    assertThat(r.toString()).doesNotContain(marker);
  }

  @Test
  void aSecureRequestReadsOnlyTheHostPrefixedMarker() {
    String marker = gate.own().newActivationMarker(true).value();
    GateRequest plain = gate.request(secureView("cookie_gate_chat=" + marker));
    assertThat(plain.activation().isActive()).isFalse();
    assertThat(plain.conversationId()).isEmpty();
    GateRequest host = gate.request(secureView("__Host-cookie_gate_chat=" + marker));
    assertThat(host.activation().isActive()).isTrue();
    assertThat(host.secure()).isTrue();
  }

  private static ConsentRequest secureView(String cookieHeader) {
    ConsentRequest v = view(cookieHeader, Map.of());
    return new ConsentRequest() {
      @Override
      public List<String> cookies(String name) {
        return v.cookies(name);
      }

      @Override
      public java.util.Optional<String> header(String name) {
        return v.header(name);
      }

      @Override
      public boolean secure() {
        return true;
      }
    };
  }

  @Test
  void forgedMarkerIsNoActivation() {
    GateRequest r = gate.request(view("cookie_gate_chat=1.forged", Map.of()));
    assertThat(r.activation().isActive()).isFalse();
    assertThat(r.allowed()).containsExactly(Category.NECESSARY);
    assertThat(r.conversationId()).isEmpty();
  }

  @Test
  void globalPrivacyControlWithdrawsItsCategoriesFromTheAllowedOnes() {
    String consent = "cookie_gate_consent=chat.functional.analytics.marketing";
    GateRequest without = gate.request(view(consent, Map.of()));
    assertThat(without.allows(Category.MARKETING)).isTrue();
    GateRequest with = gate.request(view(consent, Map.of("Sec-GPC", "1")));
    assertThat(with.allows(Category.MARKETING)).isFalse();
    assertThat(with.allowed()).containsExactlyInAnyOrder(Category.NECESSARY, Category.CHAT, Category.FUNCTIONAL,
        Category.ANALYTICS);
    assertThat(with.consent().withdrawnByGpc()).containsExactly(Category.MARKETING);
    assertThat(with.decide("_fbp=1; Path=/").writes()).isFalse();
    assertThat(with.shouldSweep("_fbp")).isTrue();
  }

  @Test
  void allowedIsComputedFromActivationAndConsentAndCannotBeChanged() {
    GateRequest r = gate.request(Activation.since(NOW), ConsentState.of("t", EnumSet.of(Category.MARKETING)), false);
    assertThat(r.allowed()).containsExactlyInAnyOrder(Category.NECESSARY, Category.CHAT, Category.MARKETING);
    assertThat(r.allows(Category.ANALYTICS)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.allowed().add(Category.ANALYTICS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withActivationAndWithConsentAreCopies() {
    GateRequest before = gate.request(Activation.none(), ConsentState.none(), true);
    GateRequest activated = before.withActivation(Activation.since(NOW));
    assertThat(before.allows(Category.CHAT)).isFalse();
    assertThat(activated.allows(Category.CHAT)).isTrue();
    assertThat(activated.secure()).isTrue();
    GateRequest consented = activated.withConsent(ConsentState.of("t", EnumSet.of(Category.ANALYTICS)));
    assertThat(consented.allowed()).containsExactlyInAnyOrder(Category.NECESSARY, Category.CHAT, Category.ANALYTICS);
    assertThat(activated.allows(Category.ANALYTICS)).isFalse();
  }

  @Test
  void enforceBlocksAndReportsOnce() {
    GateRequest r = gate.request(Activation.none(), ConsentState.none(), false);
    GateRequest.Verdict v = r.decide("intercom-id-x=v; Path=/");
    assertThat(v.writes()).isFalse();
    assertThat(v.header()).isEmpty();
    assertThat(v.toWrite()).isEmpty();
    assertThat(v.decision().reason()).isEqualTo(Decision.Reason.NOT_ACTIVATED);
    assertThat(v.cookie()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("intercom-id-x"));
    assertThat(recorder.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
      assertThat(e.reportOnly()).isFalse();
    });
  }

  @Test
  void anAllowedHeaderIsWrittenExactlyAsGiven() {
    GateRequest r = gate.request(Activation.none(), ConsentState.none(), false);
    String header = "JSESSIONID=abc;path=/;  HttpOnly";
    GateRequest.Verdict v = r.decide(header);
    assertThat(v.header()).containsSame(header);
    assertThat(v.decision().outcome()).isEqualTo(Decision.Outcome.ALLOW);
  }

  @Test
  void aRewrittenCookieIsWrittenCapped() {
    GateRequest r = gate.request(Activation.since(NOW), ConsentState.none(), false);
    GateRequest.Verdict v = r.decide("intercom-id-x=v; Max-Age=23328000; Path=/");
    assertThat(v.header()).contains("intercom-id-x=v; Path=/; Max-Age=86400");
    assertThat(v.toWrite()).hasValueSatisfying(c -> assertThat(c.maxAge()).hasValue(86400));
    GateRequest.Verdict parsed = r.decide(SetCookie.parse("intercom-id-x=v; Max-Age=23328000; Path=/").orElseThrow());
    assertThat(parsed.header()).contains("intercom-id-x=v; Path=/; Max-Age=86400");
  }

  @Test
  void reportOnlyKeepsEveryHeaderAndReportsTheEnforcingDecision() {
    GateRequest r = reportOnly.request(Activation.none(), ConsentState.none(), false);
    String header = "intercom-id-x=v; Max-Age=23328000; Path=/";
    GateRequest.Verdict v = r.decide(header);
    assertThat(r.reportOnly()).isTrue();
    assertThat(v.header()).containsSame(header);
    assertThat(v.decision().outcome()).isEqualTo(Decision.Outcome.BLOCK);
    GateRequest.Verdict activated = r.withActivation(Activation.since(NOW)).decide(header);
    assertThat(activated.decision().outcome()).isEqualTo(Decision.Outcome.REWRITE);
    assertThat(activated.header()).containsSame(header); // reported as rewritten, written as set
    SetCookie c = SetCookie.parse(header).orElseThrow();
    assertThat(r.decide(c).toWrite()).containsSame(c);
    assertThat(recorder.events).hasSize(3).allSatisfy(e -> assertThat(e.reportOnly()).isTrue());
  }

  @Test
  void anUnparseableHeaderIsReportedOnceAndBlocked() {
    GateRequest r = gate.request(Activation.since(NOW), ConsentState.of("t", Category.CONSENT_REQUIRED), false);
    GateRequest.Verdict v = r.decide("__Host-x=1");
    assertThat(v.writes()).isFalse();
    assertThat(v.cookie()).isEmpty();
    assertThat(v.decision().reason()).isEqualTo(Decision.Reason.UNPARSEABLE);
    assertThat(recorder.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
      assertThat(e.reason()).contains(Decision.Reason.UNPARSEABLE);
    });
  }

  @Test
  void anUnparseableHeaderPassesInReportOnly() {
    GateRequest r = reportOnly.request(Activation.none(), ConsentState.none(), false);
    GateRequest.Verdict v = r.decide("a=b\u0001");
    assertThat(v.header()).contains("a=b\u0001");
    assertThat(v.decision().reason()).isEqualTo(Decision.Reason.UNPARSEABLE);
    assertThat(recorder.events).singleElement().satisfies(e -> assertThat(e.reportOnly()).isTrue());
  }

  @Test
  void sweepsKnownCookiesOfCategoriesNotAllowedAndNothingElse() {
    GateRequest r = gate.request(Activation.none(), ConsentState.of("t", EnumSet.of(Category.ANALYTICS)), false);
    assertThat(r.toSweep("intercom-session-x")).hasValueSatisfying(
        c -> assertThat(c.category()).contains(Category.CHAT));
    assertThat(r.shouldSweep("_ga")).isFalse();
    assertThat(r.shouldSweep("JSESSIONID")).isFalse();
    assertThat(r.shouldSweep("cookie_gate_consent")).isFalse();
    assertThat(r.shouldSweep("__Host-cookie_gate_chat")).isFalse();
    assertThat(r.shouldSweep("no-rule-knows-this")).isFalse();
    assertThat(r.withActivation(Activation.since(NOW)).shouldSweep("intercom-session-x")).isFalse();
    CookieGate asMarketing = CookieGate.builder().unknownCookiesAs(Category.MARKETING).build();
    assertThat(asMarketing.request(Activation.none(), ConsentState.none(), false).shouldSweep("no-rule-knows-this"))
        .isTrue();
    assertThat(recorder.events).isEmpty(); // deciding a sweep reports nothing: expiring does
  }

  @Test
  void classifySentLeavesOutOwnAndUnknownCookies() {
    GateRequest r = gate.request(Activation.none(), ConsentState.none(), false);
    assertThat(r.classifySent("cookie_gate_chat")).isEmpty();
    assertThat(r.classifySent("no-rule-knows-this")).isEmpty();
    assertThat(r.classifySent("_ga")).hasValueSatisfying(c -> assertThat(c.category()).contains(Category.ANALYTICS));
  }

  /**
   * A rule whose regular expression overflows the stack on a long name the browser sent: the
   * sweep expires that cookie (fail closed) and the sent-cookie lookup answers empty, each with one
   * WARNING line naming the cookie, never its value, and neither throws.
   */
  @Test
  void aSentCookieTheCatalogFailsOnIsSweptWithOneWarning() {
    CookieGate fragile = CookieGate.builder().listener(GateListener.none())
        .rule(CookieRule.regex("(a|b)*", Category.ANALYTICS)).build();
    GateRequest r = fragile.request(Activation.none(), ConsentState.none(), false);
    String name = "ab".repeat(4000);
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(CookieGate.class.getName());
    List<java.util.logging.LogRecord> records = new java.util.ArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord record) {
        records.add(record);
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    jul.addHandler(handler);
    try {
      assertThat(r.toSweep(name)).hasValueSatisfying(c -> assertThat(c.category()).isEmpty());
      assertThat(r.classifySent(name)).isEmpty();
      // A short name is classified as usual, without a log line.
      assertThat(r.classifySent("ab")).hasValueSatisfying(c -> assertThat(c.category()).contains(Category.ANALYTICS));
    } finally {
      jul.removeHandler(handler);
    }
    assertThat(records).hasSize(2).allSatisfy(rec -> {
      assertThat(rec.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
      assertThat(rec.getMessage()).contains("StackOverflowError").contains("'abab");
    });
  }
}
