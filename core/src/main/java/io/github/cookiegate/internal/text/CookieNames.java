package io.github.cookiegate.internal.text;

/**
 * Cookie names read lately: a site's responses set, and its browsers send back, the same few
 * dozen names on every request, and a name found here is not copied out of its header again
 * (its hash, which the catalog lookups that follow need, is then already known). A name is not
 * secret (values never enter).
 *
 * <p>Bounded: {@value #SLOTS} names of at most {@value #MAX_LENGTH} chars, in sets of
 * {@value #WAYS}. A name's set comes from its length and four of its chars (its first, last, middle
 * and first-quarter ones): constant work whatever its length, and the names a site uses side by side
 * ({@code _ga_ABC123}, {@code intercom-id-app1}) differ in those. Up to {@value #WAYS} names that
 * fall in the same set are all kept; a new one takes the first place and the oldest falls out, so
 * made-up names only replace entries. The slots are read and written without locks: a String is
 * immutable and safely published, so a thread sees an older name or a newer one (or, when two
 * threads insert at once, one name twice and another not at all), and compares the name it finds
 * with the text before using it.
 */
public final class CookieNames {
  private CookieNames() {}

  static final int WAYS = 4;
  /** 128 sets. */
  private static final int SET_BITS = 7;
  static final int SLOTS = WAYS << SET_BITS;
  static final int MAX_LENGTH = 64;
  private static final String[] KEPT = new String[SLOTS];

  /** Returns {@code s.substring(from, to)}: the kept equal string when there is one. */
  public static String of(String s, int from, int to) {
    int length = to - from;
    if (length <= 0 || length > MAX_LENGTH) {
      return s.substring(from, to);
    }
    int h = length;
    h = 31 * h + s.charAt(from);
    h = 31 * h + s.charAt(to - 1);
    h = 31 * h + s.charAt(from + (length >> 1));
    h = 31 * h + s.charAt(from + (length >> 2));
    h *= 0x9E3779B9; // spreads the chars' low bits over the high ones the set is taken from
    int first = (h >>> (32 - SET_BITS)) * WAYS;
    String[] kept = KEPT;
    for (int i = first, end = first + WAYS; i < end; i++) {
      String k = kept[i];
      if (k == null) {
        break;
      }
      if (k.length() == length && s.startsWith(k, from)) {
        return k;
      }
    }
    String name = s.substring(from, to);
    for (int i = first + WAYS - 1; i > first; i--) {
      kept[i] = kept[i - 1];
    }
    kept[first] = name;
    return name;
  }
}
