package io.github.cookiegate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The request's {@code Cookie} header read once ({@link CookieHeader#pairs}): the names the sweep
 * walks and the values the marker reader and the consent resolvers ask for, the same as reading
 * each value from the header line by splitting it, the way RFC 6265bis section 5.7.4 describes.
 */
class CookieHeaderPairsTest {

  @Test
  void namesAreDistinctTrimmedAndInOrder() {
    CookieHeader.Pairs p = CookieHeader.pairs(List.of(" b=1;a=2 ;\tb = 3; c=; =nameless; justavalue; d=\"q\""));
    assertThat(p.distinctNames()).containsExactly("b", "a", "c", "d");
    assertThat(p.values("b")).containsExactly("1", "3");
    assertThat(p.values("c")).containsExactly("");
    assertThat(p.values("d")).containsExactly("q");
    assertThat(p.values("justavalue")).isEmpty();
    assertThat(p.values("B")).isEmpty(); // case matters, as in the browser's cookie store
  }

  @Test
  void severalLinesAreOneHeader() {
    CookieHeader.Pairs p = CookieHeader.pairs(List.of("a=1; b=2", "b=3; c=4"));
    assertThat(p.distinctNames()).containsExactly("a", "b", "c");
    assertThat(p.values("b")).containsExactly("2", "3");
  }

  @Test
  void aNameSentAgainIsTheStringReadBefore() {
    String first = CookieHeader.pairs(List.of("_ga_ABC123=1")).distinctNames().get(0);
    String again = CookieHeader.pairs(List.of("x=1; _ga_ABC123=2")).distinctNames().get(1);
    assertThat(again).isEqualTo("_ga_ABC123").isSameAs(first);
    String longName = "n".repeat(65);
    assertThat(CookieHeader.pairs(List.of(longName + "=1")).distinctNames().get(0))
        .isEqualTo(longName).isNotSameAs(CookieHeader.pairs(List.of(longName + "=1")).distinctNames().get(0));
  }

  @Test
  void thousandsOfDistinctNamesAreEachReadAsSent() {
    for (int i = 0; i < 5_000; i++) {
      String name = "k" + Integer.toString(i * 7919, 36);
      assertThat(CookieHeader.pairs(List.of("a=1; " + name + "=v; b=2")).distinctNames()).containsExactly("a", name, "b");
    }
  }

  @Test
  void noHeaderNamesNothing() {
    assertThat(CookieHeader.pairs(List.of()).distinctNames()).isEmpty();
    assertThat(CookieHeader.pairs(List.of("")).isEmpty()).isTrue();
    assertThat(CookieHeader.pairs(List.of(";;; ;=;x")).distinctNames()).isEmpty();
  }

  @Test
  void manyNamesAreDistinctTheSameWayAsFewOnes() {
    StringBuilder h = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String name = "c" + (i * 7 % 90); // repeats after 90
      h.append(name).append('=').append(i).append("; ");
      if (!expected.contains(name)) {
        expected.add(name);
      }
    }
    assertThat(CookieHeader.pairs(List.of(h.toString())).distinctNames()).containsExactlyElementsOf(expected);
  }

  @Test
  void aLongRunOfPairsWithoutAnEqualsSignNamesNothingAndEndsTheRead() {
    String header = "a;".repeat(200_000) + "last=1";
    CookieHeader.Pairs p = CookieHeader.pairs(List.of(header));
    assertThat(p.distinctNames()).containsExactly("last");
    assertThat(p.values("last")).containsExactly("1");
  }

  /** Headers of up to 40 pairs drawn from a few names, repeated or not: the names each once, in order of first sight. */
  @Test
  void distinctNamesAreThoseOfAPlainSplitEachOnce() {
    Random random = new Random(1207);
    for (int run = 0; run < 20_000; run++) {
      int kinds = 1 + random.nextInt(60);
      StringBuilder h = new StringBuilder();
      LinkedHashSet<String> expected = new LinkedHashSet<>();
      for (int i = random.nextInt(41); i > 0; i--) {
        String name = "n" + random.nextInt(kinds);
        h.append(name).append('=').append(i).append("; ");
        expected.add(name);
      }
      assertThat(CookieHeader.pairs(List.of(h.toString())).distinctNames()).as(h.toString())
          .containsExactlyElementsOf(expected);
    }
  }

  /** Splits the line: pairs at ';', name and value at the first '=', each trimmed of spaces and tabs. */
  private static List<String> reference(String header, String name) {
    List<String> out = new ArrayList<>();
    for (String pair : header.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq >= 0 && trim(pair.substring(0, eq)).equals(name)) {
        out.add(CookieHeader.value(trim(pair.substring(eq + 1))));
      }
    }
    return out;
  }

  private static String trim(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /** Random headers over the characters that matter: the two readings agree on every name. */
  @Test
  void agreesWithReadingEachValueFromTheLine() {
    Random random = new Random(20261207);
    String alphabet = "ab=; \t\"=;,x\u00e9\u0001";
    for (int run = 0; run < 20_000; run++) {
      StringBuilder h = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        h.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String header = h.toString();
      CookieHeader.Pairs p = CookieHeader.pairs(List.of(header));
      LinkedHashSet<String> asked = new LinkedHashSet<>(p.distinctNames());
      asked.addAll(List.of("a", "b", "ab", "x", "a b", "\"a\"", "a\tb"));
      for (String name : asked) {
        List<String> byLine = reference(header, name);
        assertThat(p.values(name)).as("%s in [%s]", name, header).isEqualTo(byLine);
      }
      for (String name : p.distinctNames()) {
        assertThat(name).isNotEmpty().doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain(";", "=");
      }
    }
  }
}
