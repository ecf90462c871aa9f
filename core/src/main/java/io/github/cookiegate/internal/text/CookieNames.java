package io.github.cookiegate.internal.text;

/**
 * Cookie names read lately, kept by hash: a site's responses set, and its browsers send back, the
 * same few dozen names on every request, and a name found here is neither copied out of its header
 * again nor hashed again (the catalog lookups that follow need its hash). A name is not secret
 * (values never enter). Bounded: {@value #SLOTS} names of at most {@value #MAX_LENGTH} chars; a
 * slot is overwritten by the next name that hashes there, so made-up names only replace entries.
 * The slots are read and written without locks: a String is immutable and safely published, so a
 * thread sees an older name or a newer one, and checks it before using it.
 */
public final class CookieNames {
  private CookieNames() {}

  static final int SLOTS = 512;
  static final int MAX_LENGTH = 64;
  private static final String[] KEPT = new String[SLOTS];

  /** Returns {@code s.substring(from, to)}: the kept equal string when there is one. */
  public static String of(String s, int from, int to) {
    int length = to - from;
    if (length == 0 || length > MAX_LENGTH) {
      return s.substring(from, to);
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i); // String.hashCode's formula: a kept string's hash is the same
    }
    int slot = (h ^ (h >>> 9) ^ (h >>> 18)) & (SLOTS - 1);
    String kept = KEPT[slot];
    if (kept != null && kept.length() == length && kept.hashCode() == h && s.startsWith(kept, from)) {
      return kept;
    }
    String name = s.substring(from, to);
    KEPT[slot] = name;
    return name;
  }
}
