package io.github.cookiegate.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Character references in attribute values, HTML Standard 13.2.5.72-80. */
class CharRefsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https:&#x2F&#x2Fhost/ | https://host/",         // numeric without ';' (missing-semicolon is decoded)
      "&#47&#47host | //host",
      "&#x2f;&#X2F; | //",
      "a&#0;b | a\uFFFDb",                              // null: U+FFFD
      "&#x110000; | \uFFFD",                            // past the last code point
      "&#xD800; | \uFFFD",                              // a surrogate
      "&#x80; | \u20AC",                                // C1 read as windows-1252
      "&#x99;x | \u2122x",
      "&#; | &#;",                                      // absence of digits: text
      "&#x; | &#x;",
      "&sol;&colon;&period; | /:.",
      "&amp;&AMP;&amp | &&&",
      "&copy=1 | &copy=1",                              // legacy name before '=': text (historical reasons)
      "&copyx | &copyx",                                // legacy name before an alphanumeric: text
      "&copy. | \u00A9.",                               // legacy name before anything else: decoded
      "&notit; | &notit;",                            // in an attribute, an alphanumeric after a legacy name keeps it text
      "&not it | \u00AC it",
      "&notin; | \u2209",
      "&sol | &sol",                                    // not a legacy name: needs ';'
      "&shy. | \u00AD.",
      "&Ascr; | \uD835\uDC9C",
      "&fjlig; | fj",
      "&nosuch; | &nosuch;",
      "a & b | a & b",
  })
  void decodesAsTheTokenizerDoesInAttributes(String in, String out) {
    assertThat(CharRefs.decodeAttribute(in)).isEqualTo(out);
  }
}
