package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import org.junit.jupiter.api.Test;

class GateScriptTest {

  @Test
  void catalogJsonCannotCloseTheScriptOrBreakTheString() {
    // Legal cookie names: '<', '/', '"', '\' and U+2028 may all appear in one.
    CookieGate gate = CookieGate.builder()
        .rule(CookieRule.exact("</script><script>alert(1)</script>", Category.ANALYTICS),
            CookieRule.exact("a\"b\\c\u2028d\u2029e\u00e9", Category.MARKETING))
        .build();
    String json = GateScript.catalogJson(gate);
    assertThat(json).doesNotContain("</", "<script", "\u2028", "\u2029", "\u00e9", "a\"b")
        .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e")
        .contains("a\\u0022b\\u005cc\\u2028d\\u2029e\\u00e9");
    assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n');
  }

  @Test
  void copiesOnlyRegexesJavaScriptReadsTheSameWay() {
    assertThat(GateScript.portable("_hj[A-Za-z]+_\\d{2,4}")).isTrue();
    assertThat(GateScript.portable("(?:ab|cd)*x?")).isTrue();
    assertThat(GateScript.portable("a*+")).as("possessive: a syntax error in JavaScript").isFalse();
    assertThat(GateScript.portable("(?i)abc")).as("inline flags").isFalse();
    assertThat(GateScript.portable("(?<=a)b")).as("lookbehind").isFalse();
    assertThat(GateScript.portable("\\p{L}+")).isFalse();
    assertThat(GateScript.portable("a\\Qb\\E")).isFalse();
    CookieGate gate = CookieGate.builder()
        .rule(CookieRule.regex("_pk_id\\.\\d+\\.[0-9a-f]+", Category.ANALYTICS),
            CookieRule.regex("(?i)track.*", Category.MARKETING))
        .build();
    String json = GateScript.catalogJson(gate);
    assertThat(json).contains("\"regexes\":[[\"_pk_id\\u005c.\\u005cd+\\u005c.[0-9a-f]+\",\"analytics\"]]")
        .doesNotContain("(?i)");
  }

  @Test
  void catalogCarriesChatMaxAgeForTheCookieGuard() {
    assertThat(GateScript.catalogJson(CookieGate.builder().build())).contains("\"chatMaxAge\":86400,");
    assertThat(GateScript.catalogJson(CookieGate.builder().chatMaxAge(java.time.Duration.ofMinutes(90)).build()))
        .contains("\"chatMaxAge\":5400,");
    assertThat(GateScript.catalogJson(CookieGate.builder().chatMaxAgeSession().build())).contains("\"chatMaxAge\":\"session\",");
    assertThat(GateScript.catalogJson(CookieGate.builder().chatMaxAgeUncapped().build())).contains("\"chatMaxAge\":null,");
  }

  // gh-13
  @Test
  void catalogCarriesTheCategoryMaxAgesForTheCookieGuard() {
    assertThat(GateScript.catalogJson(CookieGate.builder().build()))
        .contains("\"maxAge\":{\"analytics\":34128000,\"marketing\":34128000},");
    assertThat(GateScript.catalogJson(CookieGate.builder().maxAgeUncapped(Category.ANALYTICS)
        .maxAge(Category.FUNCTIONAL, java.time.Duration.ofDays(1)).build()))
        .contains("\"maxAge\":{\"functional\":86400,\"marketing\":34128000},");
  }

  @Test
  void etagIsTheHashOfTheBytes() {
    GateScript a = GateScript.of(CookieGate.builder().build());
    GateScript b = GateScript.of(CookieGate.builder().build());
    GateScript c = GateScript.of(CookieGate.builder().hosts(Category.CHAT, "chat.example.com").build());
    assertThat(a.etag()).isEqualTo(b.etag()).isNotEqualTo(c.etag());
    assertThat(a.matches(a.etag())).isTrue();
    assertThat(a.matches("W/" + a.etag())).isTrue();
    assertThat(a.matches("*")).isTrue();
    assertThat(a.matches("\"x\"")).isFalse();
    assertThat(a.matches(null)).isFalse();
  }

  @Test
  void servesTheScriptWithoutItsCommentsAndIndentationWhereThatIsSafe() {
    String script = "/*\n * header\n */\n(function () {\n  // a comment\n  var a = 'x'; // kept\n\n  /** doc */\n  return a;\n})();\n";
    assertThat(GateScript.compact(script)).endsWith("\n(function () {\nvar a = 'x'; // kept\nreturn a;\n})();\n")
        .doesNotContain("header").doesNotContain("a comment").doesNotContain("doc");
    for (String unsafe : new String[] {"var s = 'a\\\nb';\n", "var t = `x\n// y`;\n", "f(); /* open\nx */\n", "/* c */ f();\n"}) {
      assertThat(GateScript.compact(unsafe)).as(unsafe).isEqualTo(unsafe);
    }
  }

  @Test
  void staysSmall() throws Exception {
    byte[] served = GateScript.of(CookieGate.builder().build()).bytes();
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(served);
    }
    System.out.println("gate.js as served with the built-in catalogs: " + served.length + " bytes, " + gz.size() + " gzipped");
    // About a third of it is the cookie catalog, about 1,950 rules since the Open Cookie Database
    // layer (gh-13): the guard must know _ga or _fbp to let a script write them after consent. Its
    // layers are written compactly (exact names grouped by category, globs as one coded string):
    // 69 KB served where the list of [pattern, category] pairs gave 97 KB.
    assertThat(served.length).isLessThan(72 * 1024);
    assertThat(gz.size()).isLessThan(25 * 1024);
  }
}
