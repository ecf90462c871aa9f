package io.github.cookiegate.internal;

import java.util.List;

/**
 * Reads the values of one cookie from a request's {@code Cookie} header, the same way whatever
 * the container: Tomcat hands {@code cookie_gate_consent="marketing} (an unbalanced quote) to
 * {@code getCookies()} as {@code marketing}, Jetty drops it, so the consent the library reads
 * cannot come from there.
 *
 * <p>Pairs are split at {@code ;}, name and value at the first {@code =}, and both trimmed of
 * spaces and tabs (RFC 6265bis section 5.7.4, as a browser writes the header). A value is then
 * read as a whole ({@link #value}): a balanced pair of double quotes may wrap it (RFC 6265
 * section 4.1.1, {@code cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )}); any
 * other quote at its start or end, anything but cookie-octets between the quotes, or a control
 * character makes it malformed, and a malformed value reads as empty, which grants nothing. An
 * unquoted value is otherwise taken as it is: the consent platforms store JSON, commas and spaces.
 */
public final class CookieHeader {

  private CookieHeader() {}

  /**
   * Adds to {@code into}, in order, the value of every pair named exactly {@code name} (case
   * matters, as in the browser's cookie store) in one {@code Cookie} header. Allocates only for
   * the values found.
   */
  public static void values(String header, String name, List<String> into) {
    int n = header.length();
    int start = 0;
    while (start < n) {
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = n;
      }
      int eq = header.indexOf('=', start);
      if (eq >= 0 && eq < end) {
        int ns = skipSpace(header, start, eq);
        int ne = trimSpace(header, ns, eq);
        if (ne - ns == name.length() && header.startsWith(name, ns)) {
          int vs = skipSpace(header, eq + 1, end);
          int ve = trimSpace(header, vs, end);
          into.add(value(header.substring(vs, ve)));
        }
      }
      start = end + 1;
    }
  }

  /**
   * Returns a cookie value as the library reads it: without the double quotes of a balanced pair
   * that wraps it; empty when it is malformed (a quote at its start or end that is not such a pair,
   * anything but cookie-octets inside the pair, or a control character other than a tab).
   */
  public static String value(String raw) {
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return "";
      }
    }
    boolean opens = n > 0 && raw.charAt(0) == '"';
    boolean closes = n > 1 && raw.charAt(n - 1) == '"';
    if (!opens && !closes) {
      return raw;
    }
    if (!opens || !closes) {
      return "";
    }
    for (int i = 1; i < n - 1; i++) {
      if (!isCookieOctet(raw.charAt(i))) {
        return "";
      }
    }
    return raw.substring(1, n - 1);
  }

  /**
   * RFC 6265 section 4.1.1: {@code cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E},
   * visible ASCII but the double quote, comma, semicolon and backslash.
   */
  private static boolean isCookieOctet(char c) {
    return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
  }

  private static int skipSpace(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    return from;
  }

  private static int trimSpace(String s, int from, int to) {
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return to;
  }
}
