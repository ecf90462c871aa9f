package io.github.cookiegate.servlet;

/**
 * What a response header name the application passes to {@code addHeader}/{@code setHeader} (or a
 * trailer field name) means on the wire. Containers do not validate names: {@code "Set-Cookie "}
 * goes out as {@code Set-Cookie : v}, which HTTP/1.1 intermediaries may normalise to a real {@code
 * Set-Cookie} (RFC 9112 section 5.1 says to reject it; not all do), and Tomcat turns a control
 * character into a space ({@code "Set-Cookie\r"}) or keeps a colon ({@code "Set-Cookie:"} stores a
 * cookie named {@code ": v"}). So a name is judged by what is left once whitespace, control
 * characters and other non-ASCII characters at either end and colons at the end are taken off.
 */
final class HeaderNames {

  /** What a header name is. */
  enum Kind {
    /** Any other header. */
    OTHER,
    /** {@code Set-Cookie} in any letter case, exactly. */
    SET_COOKIE,
    /** {@code Set-Cookie} with whitespace, control characters or a colon around it: gated as Set-Cookie. */
    SET_COOKIE_DISGUISED,
    /** {@code Set-Cookie2} (RFC 2965, obsolete; no browser reads it), any spelling: dropped. */
    SET_COOKIE2,
    /** A name with CR, LF or NUL: it would split or corrupt the header block on a container that passes it. */
    UNSAFE
  }

  private static final String SET_COOKIE = "Set-Cookie";
  private static final String SET_COOKIE2 = "Set-Cookie2";

  private HeaderNames() {}

  /** Returns what {@code name} is; null is {@link Kind#OTHER} (the container's own behaviour applies). */
  static Kind kind(String name) {
    if (name == null) {
      return Kind.OTHER;
    }
    int n = name.length();
    if (n == SET_COOKIE.length() && name.equalsIgnoreCase(SET_COOKIE)) {
      return Kind.SET_COOKIE;
    }
    if (isToken(name)) {
      // The common case: a well-formed name. Only Set-Cookie2 among them needs attention.
      return n == SET_COOKIE2.length() && name.equalsIgnoreCase(SET_COOKIE2) ? Kind.SET_COOKIE2 : Kind.OTHER;
    }
    int start = 0;
    int end = n;
    while (start < end && isSpaceOrControl(name.charAt(start))) {
      start++;
    }
    while (end > start && (isSpaceOrControl(name.charAt(end - 1)) || name.charAt(end - 1) == ':')) {
      end--;
    }
    int len = end - start;
    if (len == SET_COOKIE.length() && name.regionMatches(true, start, SET_COOKIE, 0, len)) {
      return Kind.SET_COOKIE_DISGUISED;
    }
    if (len == SET_COOKIE2.length() && name.regionMatches(true, start, SET_COOKIE2, 0, len)) {
      return Kind.SET_COOKIE2;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return Kind.UNSAFE;
      }
    }
    return Kind.OTHER;
  }

  /** Whether a header value has CR or LF, which would end the header line on a container that passes them. */
  static boolean hasLineBreak(String value) {
    return value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0);
  }

  /** The value with each CR and LF replaced by a space, as Jetty and Tomcat write it. */
  static String withoutLineBreaks(String value) {
    return value.replace('\r', ' ').replace('\n', ' ');
  }

  /**
   * Whitespace, a control character, or anything outside visible ASCII (NBSP, C1 controls, which
   * containers write as one byte or as a space, and which lenient parsers may strip).
   */
  private static boolean isSpaceOrControl(char c) {
    return c <= 0x20 || c >= 0x7F;
  }

  /** RFC 9110 section 5.6.2 token: {@code tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA}. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
