package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FailOnTest {

  @Test
  void defaultFailsOnAnyFindingInTheFreshStateOnly() {
    FailOn f = FailOn.parse(FailOn.DEFAULT);
    assertThat(f.matches("fresh", "chat")).isTrue();
    assertThat(f.matches("fresh", "unknown")).isTrue();
    assertThat(f.matches("activated", "analytics")).isFalse();
  }

  @Test
  void stateAndCategoryTermsCombine() {
    FailOn f = FailOn.parse("fresh, activated:analytics,consent:chat:marketing");
    assertThat(f.matches("activated", "analytics")).isTrue();
    assertThat(f.matches("activated", "marketing")).isFalse();
    assertThat(f.matches("consent:chat", "marketing")).isTrue();
    assertThat(f.matches("consent:chat", "analytics")).isFalse();
    assertThat(FailOn.parse("any:marketing").matches("consent:analytics", "marketing")).isTrue();
    assertThat(FailOn.parse("none").matches("fresh", "chat")).isFalse();
  }

  @Test
  void badTermsAreRefusedNamingTheTerm() {
    assertThatThrownBy(() -> FailOn.parse("fresh,activated:necessary")).hasMessageContaining("'activated:necessary' is not");
    assertThatThrownBy(() -> FailOn.parse("consent:sales")).hasMessageContaining("'consent:sales' is not");
    assertThatThrownBy(() -> FailOn.parse("fresh,")).hasMessageContaining("--fail-on is 'fresh,'");
  }
}
