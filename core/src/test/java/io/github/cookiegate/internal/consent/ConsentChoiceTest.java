package io.github.cookiegate.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.SetCookie;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentChoiceTest {

  @Test
  void readsFormValuesOneByOneOrCommaSeparated() {
    assertThat(ConsentChoice.fromForm(List.of("chat", "analytics"))).hasValue(EnumSet.of(Category.CHAT, Category.ANALYTICS));
    assertThat(ConsentChoice.fromForm(List.of(" Chat , ANALYTICS,bogus,necessary")))
        .hasValue(EnumSet.of(Category.CHAT, Category.ANALYTICS));
  }

  @Test
  void noFieldIsNoChoiceButAnEmptyFieldIsARefusal() {
    assertThat(ConsentChoice.fromForm(List.of())).isEmpty();
    assertThat(ConsentChoice.fromForm(List.of(""))).hasValue(Set.of());
    assertThat(ConsentChoice.fromForm(List.of("none"))).hasValue(Set.of());
  }

  @Test
  void readsJsonArraysOfStringsOnly() {
    assertThat(ConsentChoice.fromJson("{\"categories\":[\"marketing\",\"x\"],\"v\":2}")).hasValue(EnumSet.of(Category.MARKETING));
    assertThat(ConsentChoice.fromJson("{\"categories\":[]}")).hasValue(Set.of());
    for (String bad : new String[] {"", "[]", "{}", "{\"categories\":\"chat\"}", "{\"categories\":[1]}",
        "{\"categories\":[null]}", "{\"categories\":" + "[".repeat(10_000), "{\"categories\":[\"chat\"]", null}) {
      assertThat(ConsentChoice.fromJson(bad)).as(String.valueOf(bad)).isEmpty();
    }
    assertThat(ConsentChoice.fromJson("{\"categories\":[\"" + "chat".repeat(2000) + "\"]}")).isEmpty();
  }

  @Test
  void kelvinSignIsNotMarketing() {
    assertThat(ConsentChoice.fromForm(List.of("mar\u212Aeting"))).hasValue(Set.of());
  }

  @Test
  void idsAreJoinedInCategoryOrderOrNone() {
    assertThat(ConsentChoice.ids(EnumSet.of(Category.MARKETING, Category.CHAT))).isEqualTo("chat.marketing");
    assertThat(ConsentChoice.ids(Set.of())).isEqualTo("none");
    assertThat(ConsentChoice.ids(EnumSet.of(Category.NECESSARY))).isEqualTo("none");
  }

  @Test
  void consentCookieCarriesRevisionAndMaxAgeAndNoHttpOnly() {
    CookieGate gate = CookieGate.builder().consentRevision(2).build();
    SetCookie c = gate.newConsentCookie(EnumSet.of(Category.ANALYTICS), true);
    assertThat(c.name()).isEqualTo("__Host-cookie_gate_consent");
    assertThat(c.value()).isEqualTo("analytics.r2");
    assertThat(c.secure()).isTrue();
    assertThat(c.httpOnly()).isFalse();
    assertThat(c.maxAge()).hasValue(182L * 86_400);
    assertThat(ConsentState.fromOwnCookie(List.of(c.value())).granted()).containsExactly(Category.ANALYTICS);
    assertThat(gate.newConsentCookie(Set.of(), false).value()).isEqualTo("none.r2");
  }
}
