package io.github.cookiegate.internal.text;

/** ASCII-only character tests and case folding (Java's own folding maps U+017F to 's'). */
public final class Ascii {

  private Ascii() {}

  public static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Returns the value of an ASCII hex digit, or -1 ({@code Character.digit} also takes other scripts' digits). */
  public static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** Whether {@code s[start, end)} equals {@code lower}, ignoring ASCII case only. */
  public static boolean equalsIgnoreCase(String s, int start, int end, String lower) {
    if (end - start != lower.length()) {
      return false;
    }
    return startsWithIgnoreCase(s, start, end, lower);
  }

  /** Whether {@code s[start, end)} starts with {@code lower}, ignoring ASCII case only. */
  public static boolean startsWithIgnoreCase(String s, int start, int end, String lower) {
    if (end - start < lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if (toLower(s.charAt(start + i)) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  public static boolean startsWithIgnoreCase(String s, String lower) {
    return startsWithIgnoreCase(s, 0, s.length(), lower);
  }

  public static boolean equalsIgnoreCase(String s, String lower) {
    return equalsIgnoreCase(s, 0, s.length(), lower);
  }

  /** Lower-cases ASCII letters only; returns {@code s} itself when nothing changes. */
  public static String toLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = toLower(chars[j]);
        }
        return new String(chars);
      }
    }
    return s;
  }

  /** SP or HTAB: the whitespace RFC 6265bis section 5.6 trims. */
  public static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  /** A control character other than HTAB: %x00-08 / %x0A-1F / %x7F. */
  public static boolean isCtlButHtab(char c) {
    return (c < 0x20 && c != '\t') || c == 0x7F;
  }

  /**
   * Scans once: -1 if {@code s} holds a control character other than HTAB, 1 if it holds a
   * non-ASCII character, else 0.
   */
  public static int scan(String s) {
    int nonAscii = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        if (c != '\t') {
          return -1;
        }
      } else if (c >= 0x7F) {
        if (c == 0x7F) {
          return -1;
        }
        nonAscii = 1;
      }
    }
    return nonAscii;
  }

  /** Index of the first control character other than HTAB, or -1. */
  public static int indexOfCtlButHtab(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isCtlButHtab(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Octets of {@code s[start, end)} in UTF-8 (a lone surrogate counts as one replacement byte). */
  public static int utf8Length(String s, int start, int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  public static int trimStart(String s, int start, int end) {
    while (start < end && isWsp(s.charAt(start))) {
      start++;
    }
    return start;
  }

  public static int trimEnd(String s, int start, int end) {
    while (end > start && isWsp(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}
