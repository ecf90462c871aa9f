package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestState} without a response: what it reads from the request, and the library's own
 * cookies it queues for the response (marker, consent cookie, deletions) instead of writing them.
 * {@code __hstc} is marketing, {@code intercom-id-*} chat.
 */
class RequestStateTest {

  final RecordingListener listener = new RecordingListener();
  final CookieGate gate = CookieGate.builder().listener(listener).build();

  static List<String> stored(List<SetCookie> cookies) {
    Instant now = Instant.now();
    return cookies.stream().filter(c -> !c.isDeletion(now)).map(SetCookie::name).toList();
  }

  static List<String> deleted(List<SetCookie> cookies) {
    Instant now = Instant.now();
    return cookies.stream().filter(c -> c.isDeletion(now)).map(SetCookie::name).toList();
  }

  @Test
  void aFreshVisitorHasNeitherActivationNorConsentAndNothingQueued() {
    RequestState state = RequestState.read(gate, FakeRequest.get("/").build());
    assertThat(state.activation().isActive()).isFalse();
    assertThat(state.consent().granted()).isEmpty();
    assertThat(state.requestCookieNames).isEmpty();
    assertThat(state.hasQueued()).isFalse();
    assertThat(state.takeQueued()).isEmpty();
  }

  @Test
  void readsEachCarriedCookieNameOnce() {
    RequestState state = RequestState.read(gate, FakeRequest.get("/").cookies("a=1; b=2; a=3").build());
    assertThat(state.requestCookieNames).containsExactly("a", "b");
  }

  @Test
  void activateQueuesTheMarkerAndActivatesAtOnce() {
    RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
    state.activate();
    assertThat(state.activation().isActive()).isTrue();
    assertThat(state.hasQueued()).isTrue();
    assertThat(stored(state.takeQueued())).containsExactly(CookieGate.MARKER_COOKIE);
    assertThat(state.hasQueued()).isFalse();
    assertThat(listener.ofType(GateEvent.Type.ACTIVATED)).hasSize(1);
  }

  @Test
  void aSecureRequestGetsTheHostPrefixedMarker() {
    RequestState state = RequestState.read(gate, FakeRequest.post("/chat").secure().build());
    state.activate();
    assertThat(stored(state.takeQueued())).containsExactly("__Host-" + CookieGate.MARKER_COOKIE);
  }

  @Test
  void theQueuedMarkerIsReadAsActivationOnTheNextRequest() {
    RequestState first = RequestState.read(gate, FakeRequest.post("/chat").build());
    first.activate();
    SetCookie marker = first.takeQueued().get(0);
    RequestState next = RequestState.read(gate, FakeRequest.get("/").cookies(marker.name() + "=" + marker.value()).build());
    assertThat(next.activation().isActive()).isTrue();
  }

  @Test
  void endQueuesTheMarkerDeletionsAndTheCarriedChatCookiesDeletions() {
    RequestState state = RequestState.read(gate, FakeRequest.post("/chat/end")
        .cookies("intercom-id-x=1; intercom-session-x=2; __hstc=3").build());
    state.end();
    List<SetCookie> queued = state.takeQueued();
    assertThat(stored(queued)).isEmpty();
    assertThat(deleted(queued)).contains(CookieGate.MARKER_COOKIE, "intercom-id-x", "intercom-session-x")
        .doesNotContain("__hstc");
    assertThat(state.takeQueuedStateDependent()).isTrue();
    assertThat(state.activation().isActive()).isFalse();
    assertThat(listener.ofType(GateEvent.Type.CONVERSATION_ENDED)).singleElement()
        .satisfies(e -> assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("2 chat cookies expired")));
  }

  @Test
  void chooseQueuesTheConsentCookieAndExpiresWithdrawnCategories() {
    RequestState state = RequestState.read(gate, FakeRequest.post("/consent")
        .cookies(gate.consentCookie() + "=marketing.analytics; __hstc=1").build());
    assertThat(state.consent().granted()).contains(Category.MARKETING);
    state.choose(Set.of(Category.ANALYTICS));
    List<SetCookie> queued = state.takeQueued();
    assertThat(stored(queued)).containsExactly(gate.consentCookie());
    assertThat(deleted(queued)).containsExactly("__hstc");
    assertThat(state.consent().granted()).containsExactly(Category.ANALYTICS);
  }

  @Test
  void deletionsStopAtTheCap() {
    RequestState state = RequestState.read(gate, FakeRequest.get("/").build());
    assertThat(state.reserveDeletions(30, 32)).isTrue();
    assertThat(state.reserveDeletions(3, 32)).isFalse();
    assertThat(state.reserveDeletions(2, 32)).isTrue();
    assertThat(state.reserveDeletions(1, 32)).isFalse();
  }

  @Test
  void discardDropsWhatWasQueued() {
    RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
    state.activate();
    state.discardQueued();
    assertThat(state.hasQueued()).isFalse();
    assertThat(state.takeQueued()).isEmpty();
    assertThat(state.activation().isActive()).isTrue();
  }
}
