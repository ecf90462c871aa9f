package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code html-cache}: how much of the pages it rewrote the filter keeps. */
class HtmlCacheSettingsTest {

  @Test
  void defaultIsEightMebibytes() {
    assertThat(CookieGate.fromSettings(Map.of()).htmlCache()).isEqualTo(8L * 1024 * 1024);
    assertThat(CookieGate.builder().build().htmlCache()).isEqualTo(CookieGate.Builder.DEFAULT_HTML_CACHE);
  }

  @ParameterizedTest
  @CsvSource({"off, 0", "OFF, 0", "0, 0", "1000, 1000", "64KB, 65536", "64 kb, 65536", "2MB, 2097152",
      "1024MB, 1073741824", "' 16mb ', 16777216"})
  void sizesInBytesKibibytesOrMebibytes(String value, long bytes) {
    assertThat(CookieGate.fromSettings(Map.of("html-cache", value)).htmlCache()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "8GB", "1025MB", "-1", "1.5MB", "MB", "8 M", "99999999999", "0x10"})
  void badValuesFailStartUpNamingSettingValueAndWhatIsAccepted(String value) {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("html-cache", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cookie-gate: html-cache is '")
        .hasMessageContaining("expected 'off', or a size in bytes with an optional KB or MB suffix (8MB), at most 1024MB");
  }

  @Test
  void builderChecksItsRangeAndOneSetting() {
    assertThat(CookieGate.builder().htmlCache(0).build().htmlCache()).isZero();
    assertThatThrownBy(() -> CookieGate.builder().htmlCache(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("html-cache is -1");
    assertThatThrownBy(() -> CookieGate.builder().htmlCache(CookieGate.Builder.MAX_HTML_CACHE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CookieGate.builder().htmlCache(1).htmlCache(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("html-cache");
  }

  @Test
  void theStartUpLineNamesIt() {
    assertThat(CookieGate.fromSettings(Map.of("html-cache", "off")).toString()).contains("html-cache=off,");
    assertThat(CookieGate.fromSettings(Map.of("html-cache", "1KB")).toString()).contains("html-cache=1024 bytes,");
  }
}
