package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The typed setting values and the endpoint paths say their setting and reject what the design forbids. */
class SettingTypesTest {

  @Test
  void typedSettingsSayTheirSettingValue() {
    assertThat(ChatMaxAge.of(Duration.ofHours(24)).id()).isEqualTo("PT24H");
    assertThat(new ChatMaxAge.Session().id()).isEqualTo("session");
    assertThat(new ChatMaxAge.Uncapped().id()).isEqualTo("none");
    assertThatThrownBy(() -> ChatMaxAge.of(Duration.ofMillis(500))).hasMessageContaining("chat-max-age");
    assertThat(new UnknownCookies.Blocked().id()).isEqualTo("block");
    assertThat(new UnknownCookies.Allowed().category()).isEmpty();
    assertThat(new UnknownCookies.As(Category.ANALYTICS).id()).isEqualTo("analytics");
    assertThat(new UnknownCookies.As(Category.ANALYTICS).category()).contains(Category.ANALYTICS);
  }

  @Test
  void endpointPathsMustDiffer() {
    assertThat(Endpoints.DEFAULTS.activation()).isEqualTo(CookieGate.DEFAULT_ACTIVATION_PATH);
    assertThatThrownBy(() -> new Endpoints("/a", "/b", "/c", "/d", "/e", "/a"))
        .hasMessage("cookie-gate: forget-path is '/a', the same as activation-path; give each its own path");
    assertThatThrownBy(() -> new Endpoints("/a", "/a", "/c", "/d", "/e", "/f"))
        .hasMessageContaining("gate-script-path").hasMessageContaining("activation-path");
    assertThatThrownBy(() -> CookieGate.builder().reportPath("/x").declarationPath("/x").build())
        .hasMessageContaining("declaration-path is '/x', the same as report-path");
  }
}
