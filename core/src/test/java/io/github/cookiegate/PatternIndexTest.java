package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefix/suffix index answers exactly what sorting every glob by specificity and scanning did. */
class PatternIndexTest {

  /** The previous lookup: exact first, then globs by specificity (stable), first match wins. */
  static String linear(List<String> patterns, String name) {
    if (patterns.contains(name)) {
      return name;
    }
    List<String> globs = new ArrayList<>();
    for (String p : patterns) {
      if (p.indexOf('*') >= 0 && !globs.contains(p)) {
        globs.add(p);
      }
    }
    globs.sort(Comparator.comparingInt((String p) -> p.length() - (int) p.chars().filter(c -> c == '*').count())
        .reversed());
    for (String g : globs) {
      if (CookieRule.globMatches(g.split("\\*", -1), name)) {
        return g;
      }
    }
    return null;
  }

  static String indexed(List<String> patterns, String name) {
    PatternIndex<String> index = new PatternIndex<>(patterns, patterns);
    String exact = index.exact(name);
    return exact != null ? exact : index.glob(name);
  }

  @Test
  void agreesWithTheLinearScanOnRandomPatternsAndNames() {
    Random random = new Random(13);
    String alphabet = "ab_*";
    for (int round = 0; round < 2_000; round++) {
      List<String> patterns = new ArrayList<>();
      int n = 1 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        patterns.add(word(random, alphabet, 1 + random.nextInt(6)));
      }
      PatternIndex<String> index = new PatternIndex<>(patterns, patterns);
      for (int k = 0; k < 20; k++) {
        String name = word(random, "ab_", random.nextInt(8));
        String exact = index.exact(name);
        String got = exact != null ? exact : index.glob(name);
        assertThat(got).as("patterns %s, name '%s'", patterns, name).isEqualTo(linear(patterns, name));
      }
    }
  }

  private static String word(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Test
  void prefersTheMoreLiteralGlobThenTheFirstDeclared() {
    List<String> p = List.of("a*", "*c", "ab*", "*bc", "a*c");
    assertThat(indexed(p, "abc")).isEqualTo("ab*"); // ab* and *bc and a*c have 2 literals: ab* first
    assertThat(indexed(p, "axc")).isEqualTo("a*c");
    assertThat(indexed(p, "xbc")).isEqualTo("*bc");
    assertThat(indexed(List.of("*", "*x*"), "axb")).isEqualTo("*x*");
  }

  @Test
  void aTenKilobyteNameIsClassifiedInBoundedTime() {
    CookieCatalog catalog = CookieCatalog.builtIn();
    String[] names = {"_ga_" + "x".repeat(10_240), "x".repeat(10_240), "_".repeat(10_240), "*".repeat(10_240),
        "intercom-" + "-".repeat(10_240) + "-id", "a".repeat(5_000) + "-_zldp"};
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      for (int i = 0; i < 1_000; i++) {
        for (String name : names) {
          catalog.classify(name);
        }
      }
    });
    assertThat(catalog.classify(names[0]).category()).contains(Category.ANALYTICS);
    assertThat(catalog.classify(names[5]).category()).contains(Category.ANALYTICS);
  }
}
