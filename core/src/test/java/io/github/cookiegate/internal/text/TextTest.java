package io.github.cookiegate.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void printableAsciiIsReturnedAsItIs() {
    String s = "intercom-id-x =;\"'<>\\~";
    assertThat(Text.printable(s)).isSameAs(s);
  }

  @Test
  void everythingElseIsAnUpperCaseUnicodeEscape() {
    assertThat(Text.printable("a\r\nInjected: 1")).isEqualTo("a\\u000D\\u000AInjected: 1");
    assertThat(Text.printable("\u0000\t\u007f\u0085\u00e9\u2028\u202e\ud83c"))
        .isEqualTo("\\u0000\\u0009\\u007F\\u0085\\u00E9\\u2028\\u202E\\uD83C");
    assertThat(Text.printable(null)).isEqualTo("null");
  }

  @Test
  void longTextIsCutAndCounted() {
    String s = "x".repeat(4000);
    assertThat(Text.printable(s)).isEqualTo("x".repeat(Text.MAX_PRINTABLE) + "...(4000 chars)");
    String control = "\n".repeat(200);
    assertThat(Text.printable(control)).isEqualTo("\\u000A".repeat(Text.MAX_PRINTABLE) + "...(200 chars)")
        .doesNotContain("\n");
  }

  @Test
  void jsonStringsArePlainAsciiSafeInScriptsAndAttributes() {
    assertThat(Text.jsonString("a\"b\\c")).isEqualTo("\"a\\u0022b\\u005cc\"");
    assertThat(Text.jsonString("</script><b a='1'>&amp;")).isEqualTo(
        "\"\\u003c/script\\u003e\\u003cb a=\\u00271\\u0027\\u003e\\u0026amp;\"");
    assertThat(Text.jsonString("\n\u0007\u2028\u00e9\ud83c")).isEqualTo("\"\\u000a\\u0007\\u2028\\u00e9\\ud83c\"");
    assertThat(Text.jsonString((String) null)).isEqualTo("null");
    assertThat(Text.jsonString("")).isEqualTo("\"\"");
  }
}
