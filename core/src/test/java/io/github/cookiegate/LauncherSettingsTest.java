package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launcher's settings: launcher, launcher.position, launcher.color, launcher.label (design section 3). */
class LauncherSettingsTest {

  @Test
  void defaultsAreAutoBottomRightANeutralColourAndThePagesLanguage() {
    CookieGate g = CookieGate.fromSettings(Map.of());
    assertThat(g.launcher()).isTrue();
    assertThat(g.launcherPosition()).isEqualTo(CookieGate.LauncherPosition.BOTTOM_RIGHT);
    assertThat(g.launcherColor()).isEqualTo("#1f2937");
    assertThat(g.launcherLabel()).isEmpty();
  }

  @Test
  void settingsReachTheGate() {
    CookieGate g = CookieGate.fromSettings(Map.of("launcher", "OFF", "launcher.position", "Bottom-Left",
        "launcher.color", " #0A7 ", "launcher.label", "  Parlons-en  "));
    assertThat(g.launcher()).isFalse();
    assertThat(g.launcherPosition()).isEqualTo(CookieGate.LauncherPosition.BOTTOM_LEFT);
    assertThat(g.launcherColor()).isEqualTo("#0a7");
    assertThat(g.launcherLabel()).contains("Parlons-en");
    assertThat(CookieGate.fromSettings(Map.of("launcher", "auto", "launcher.label", "")).launcher()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"red", "#12", "#12345", "#1234567", "#ggg", "rgb(0,0,0)", "#fff;}body{display:none", "#fff}",
      "url(x)", "#ff ffff"})
  void aColourThatIsNotHexFailsStartUpNamingTheValue(String color) {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher.color", color)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("launcher.color").hasMessageContaining("#rgb or #rrggbb");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher.color", "red")))
        .hasMessageContaining("'red'");
  }

  @Test
  void badValuesFailStartUpNamingSettingValueAndWhatIsAccepted() {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher", "on")))
        .hasMessage("cookie-gate: launcher is 'on'; expected 'auto' or 'off'");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher.position", "top-left")))
        .hasMessage("cookie-gate: launcher.position is 'top-left'; expected 'bottom-right' or 'bottom-left'");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher.label", "x".repeat(61))))
        .hasMessageContaining("launcher.label").hasMessageContaining("1 to 60 characters");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("launcher.label", "a\nb")))
        .hasMessageContaining("launcher.label");
    assertThatThrownBy(() -> CookieGate.builder().launcherColor("#fff").launcherColor("#000"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("launcher.color");
  }
}
