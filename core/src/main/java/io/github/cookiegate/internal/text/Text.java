package io.github.cookiegate.internal.text;

/**
 * How the library writes text it did not choose (cookie names, hosts, settings, ids from other
 * platforms) into logs, messages, events and JSON. One escaping everywhere: a character outside
 * printable ASCII is written {@code \}{@code uXXXX}.
 */
public final class Text {

  /** The longest text {@link #printable} shows; the rest is counted, not shown. */
  public static final int MAX_PRINTABLE = 128;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

  private Text() {}

  /**
   * Returns the text as one plain line of printable ASCII: every character outside U+0020 to
   * U+007E (control characters, DEL, line and paragraph separators, bidirectional overrides,
   * anything non-ASCII) as {@code \}{@code uXXXX} with upper-case hex; past {@value
   * #MAX_PRINTABLE} characters cut, with the length said: {@code ...(4000 chars)}. Null reads
   * {@code null}.
   */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    int n = Math.min(s.length(), MAX_PRINTABLE);
    int i = 0;
    while (i < n && isPrintable(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s; // the usual case: nothing to escape, nothing to cut
    }
    StringBuilder sb = new StringBuilder(n + 24).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (isPrintable(c)) {
        sb.append(c);
      } else {
        unicodeEscape(sb, c, HEX);
      }
    }
    if (s.length() > MAX_PRINTABLE) {
      sb.append("...(").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }

  /**
   * Appends a JSON string (RFC 8259 section 7), or {@code null} for null: every character outside
   * printable ASCII, and {@code " \ < > & '}, as {@code \}{@code uxxxx} with lower-case hex. The result is plain ASCII and safe as it is inside
   * an HTML {@code <script>} element, a JavaScript string, an HTML attribute and a header.
   */
  public static void jsonString(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isPrintable(c) || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '\'') {
        unicodeEscape(sb, c, HEX_LOWER);
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  /** Returns {@link #jsonString} as a string. */
  public static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s == null ? 4 : s.length() + 2);
    jsonString(sb, s);
    return sb.toString();
  }

  private static boolean isPrintable(char c) {
    return c >= 0x20 && c < 0x7F;
  }

  private static void unicodeEscape(StringBuilder sb, char c, char[] hex) {
    sb.append('\\').append('u').append(hex[(c >> 12) & 0xF]).append(hex[(c >> 8) & 0xF])
        .append(hex[(c >> 4) & 0xF]).append(hex[c & 0xF]);
  }
}
