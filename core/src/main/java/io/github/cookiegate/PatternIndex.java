package io.github.cookiegate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact names and globs of one catalog layer, indexed so that a lookup costs the same with ten rules
 * or ten thousand: exact names in a hash map; a glob under its literal prefix (the text before its
 * first {@code *}), or, when it starts with {@code *}, under its literal suffix; the few globs with
 * neither in a short list. A lookup hashes the name's prefixes and suffixes of the lengths the
 * layer's globs have, so it walks at most the longest prefix and suffix, never the whole rule list.
 * The same machinery serves every kind of pattern rule (cookie names, hosts, storage keys).
 *
 * <p>Among the globs that match, the one with the most literal characters wins, then the one
 * declared first: what sorting the globs by specificity and taking the first match gives.
 *
 * @param <R> the rule type
 */
final class PatternIndex<R> {

  /** One glob: its parts split on '*', its specificity and declaration order. */
  private static final class Glob<R> {
    final String[] parts;
    final int specificity;
    final int order;
    final R rule;

    Glob(String pattern, int order, R rule) {
      this.parts = CookieRule.globParts(pattern);
      int stars = parts.length - 1;
      this.specificity = pattern.length() - stars;
      this.order = order;
      this.rule = rule;
    }

    boolean beats(Glob<R> other) {
      return other == null || specificity > other.specificity
          || (specificity == other.specificity && order < other.order);
    }
  }

  /**
   * Open-addressing table from a literal (a prefix, or a suffix read backwards) to the globs that
   * start (end) with it. Keys are found by the hash a lookup computes character by character, so
   * probing allocates nothing.
   */
  private static final class AffixTable<R> {
    final boolean suffix;
    final String[] keys;
    final int[] hashes;
    final Object[][] globs; // Glob<R>[] per key
    final int mask;
    final boolean[] lengths; // lengths[n]: some key has n characters
    final int maxLength;

    AffixTable(Map<String, List<Glob<R>>> byKey, boolean suffix) {
      this.suffix = suffix;
      int capacity = Integer.highestOneBit(Math.max(4, byKey.size() * 2 - 1)) << 1;
      this.keys = new String[capacity];
      this.hashes = new int[capacity];
      this.globs = new Object[capacity][];
      this.mask = capacity - 1;
      int max = 0;
      for (String k : byKey.keySet()) {
        max = Math.max(max, k.length());
      }
      this.maxLength = max;
      this.lengths = new boolean[max + 1];
      for (Map.Entry<String, List<Glob<R>>> e : byKey.entrySet()) {
        String key = e.getKey();
        int h = hash(key, suffix);
        int i = spread(h) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = h;
        globs[i] = e.getValue().toArray();
        lengths[key.length()] = true;
      }
    }

    /** Hash of a key as a lookup computes it: the characters in reading order (backwards for a suffix). */
    private static int hash(String key, boolean suffix) {
      int h = 0;
      int n = key.length();
      for (int i = 0; i < n; i++) {
        h = 31 * h + key.charAt(suffix ? n - 1 - i : i);
      }
      return h;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }

    /** The globs under the key of {@code length} characters at the start (end) of name, or null. */
    Object[] find(String name, int length, int h) {
      for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
        String k = keys[i];
        if (hashes[i] == h && k.length() == length
            && (suffix ? name.endsWith(k) : name.startsWith(k))) {
          return globs[i];
        }
      }
      return null;
    }
  }

  private final Map<String, R> exact;
  private final AffixTable<R> prefixes;
  private final AffixTable<R> suffixes;
  private final Object[] floating; // Glob<R>[]: globs that start and end with '*'

  /** Indexes the patterns; {@code patterns.get(i)} is the pattern of {@code rules.get(i)}. Globs contain '*'. */
  PatternIndex(List<String> patterns, List<R> rules) {
    this(patterns.toArray(new String[0]), rules.toArray(), patterns.size());
  }

  /**
   * Indexes {@code patterns[0, count)}, {@code rules[i]} being the rule of {@code patterns[i]}
   * (a {@code R}); built with plain loops, as it runs once per layer at start-up.
   */
  @SuppressWarnings("unchecked")
  PatternIndex(String[] patterns, Object[] rules, int count) {
    Map<String, R> exactMap = new HashMap<>(Math.max(16, count * 2));
    Map<String, List<Glob<R>>> byPrefix = new HashMap<>();
    Map<String, List<Glob<R>>> bySuffix = new HashMap<>();
    List<Glob<R>> rest = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String p = patterns[i];
      R rule = (R) rules[i];
      int star = p.indexOf('*');
      if (star < 0) {
        exactMap.putIfAbsent(p, rule);
        continue;
      }
      Glob<R> g = new Glob<>(p, i, rule);
      String first = g.parts[0];
      String last = g.parts[g.parts.length - 1];
      if (!first.isEmpty()) {
        add(byPrefix, first, g);
      } else if (!last.isEmpty()) {
        add(bySuffix, last, g);
      } else {
        rest.add(g);
      }
    }
    this.exact = exactMap;
    this.prefixes = byPrefix.isEmpty() ? null : new AffixTable<>(byPrefix, false);
    this.suffixes = bySuffix.isEmpty() ? null : new AffixTable<>(bySuffix, true);
    this.floating = rest.toArray();
  }

  private static <R> void add(Map<String, List<Glob<R>>> byKey, String key, Glob<R> g) {
    List<Glob<R>> list = byKey.get(key);
    if (list == null) {
      list = new ArrayList<>(1);
      byKey.put(key, list);
    }
    list.add(g);
  }

  /** The rule of the exact pattern equal to name, or null. */
  R exact(String name) {
    return exact.get(name);
  }

  /** The best glob rule that matches name, or null. */
  @SuppressWarnings("unchecked")
  R glob(String name) {
    Glob<R> best = null;
    int n = name.length();
    if (prefixes != null) {
      int limit = Math.min(n, prefixes.maxLength);
      int h = 0;
      for (int len = 1; len <= limit; len++) {
        h = 31 * h + name.charAt(len - 1);
        if (prefixes.lengths[len]) {
          Object[] found = prefixes.find(name, len, h);
          if (found != null) {
            best = best(found, name, best);
          }
        }
      }
    }
    if (suffixes != null) {
      int limit = Math.min(n, suffixes.maxLength);
      int h = 0;
      for (int len = 1; len <= limit; len++) {
        h = 31 * h + name.charAt(n - len);
        if (suffixes.lengths[len]) {
          Object[] found = suffixes.find(name, len, h);
          if (found != null) {
            best = best(found, name, best);
          }
        }
      }
    }
    if (floating.length > 0) {
      best = best(floating, name, best);
    }
    return best == null ? null : best.rule;
  }

  @SuppressWarnings("unchecked")
  private static <R> Glob<R> best(Object[] candidates, String name, Glob<R> best) {
    for (Object o : candidates) {
      Glob<R> g = (Glob<R>) o;
      if (g.beats(best) && CookieRule.globMatches(g.parts, name)) {
        best = g;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "PatternIndex[exact=" + exact.size() + ", prefixes=" + (prefixes == null ? 0 : prefixes.keys.length)
        + ", suffixes=" + (suffixes == null ? 0 : suffixes.keys.length) + ", floating=" + floating.length + "]";
  }
}
