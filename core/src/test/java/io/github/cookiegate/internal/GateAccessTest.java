package io.github.cookiegate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.SetCookie;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateAccessTest {

  @Test
  void reachesTheGatesOwnCookiesPolicyAndListener() {
    List<GateEvent> events = new ArrayList<>();
    GateListener listener = events::add;
    CookieGate gate = CookieGate.builder().consentCookie("my_consent").cookies(Category.CHAT, "cw_*")
        .listener(listener).build();
    assertThat(GateAccess.ownCookies(gate).consentCookieName(true)).isEqualTo("__Host-my_consent");
    assertThat(GateAccess.ownCookies(gate).isOwnCookie("__Host-cookie_gate_chat")).isTrue();

    SetCookie chat = SetCookie.parse("cw_conversation=1; Max-Age=60").orElseThrow();
    Activation active = gate.readActivation(List.of(GateAccess.ownCookies(gate).newActivationMarker(false).value()));
    assertThat(active.isActive()).isTrue();
    assertThat(GateAccess.policy(gate).decide(chat, gate.classify(chat.name()), active, ConsentState.none()).reason())
        .isEqualTo(Decision.Reason.CHAT_ACTIVATED);
    assertThat(GateAccess.policy(gate).decide(chat, gate.classify(chat.name()), Activation.none(), ConsentState.none())
        .reason()).isEqualTo(Decision.Reason.NOT_ACTIVATED);

    GateAccess.notify(gate, GateAccess.event(GateEvent.Type.ACTIVATED, "chat activated"));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(GateEvent.Type.ACTIVATED);
      assertThat(e.detail()).contains("chat activated");
    });
  }

  @Test
  void onlyCookieGateRegistersTheBridge() {
    CookieGate gate = CookieGate.builder().build();
    GateAccess.Bridge foreign = (GateAccess.Bridge) Proxy.newProxyInstance(
        GateAccessTest.class.getClassLoader(), new Class<?>[] {GateAccess.Bridge.class}, (proxy, m, args) -> null);
    assertThatThrownBy(() -> GateAccess.register(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateAccess.register(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(GateAccess.ownCookies(gate)).isNotNull();
  }

  @Test
  void whatOnlyTheLibraryCallsIsNotPublicOnTheFacade() {
    Set<String> internalOnly = Set.of("newActivationMarker", "activationMarkerDeletions", "newConsentCookie",
        "consentCookieDeletions", "markerCookieName", "consentCookieName", "pseudonym", "notify", "isOwnCookie",
        "policy");
    List<String> publicOnGate = Arrays.stream(CookieGate.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).toList();
    assertThat(publicOnGate).doesNotContainAnyElementsOf(internalOnly).contains("readActivation", "classify");
    List<String> publicFactories = Arrays.stream(GateEvent.class.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
        .map(Method::getName).toList();
    assertThat(publicFactories).doesNotContain("of", "cookie", "purposeChecked", "vendorLoad");
  }
}
