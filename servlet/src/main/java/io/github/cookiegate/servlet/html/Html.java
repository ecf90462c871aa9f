package io.github.cookiegate.servlet.html;

import java.util.Locale;

/** Character classes, entity decoding and host extraction shared by the rewriter's parts. */
final class Html {
  /** Attribute names a neutralisation moves under the {@code data-cookie-gate-} prefix. */
  static final String[] MOVABLE = {"src", "srcset", "href", "imagesrcset", "data", "type"};

  private Html() {
  }

  /** HTML whitespace: tab, LF, FF, CR, space (HTML 13.2.5: CR is normalised to LF before). */
  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
  }

  static boolean endsTagName(char c) {
    return isWhitespace(c) || c == '/' || c == '>';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  static String escapeAttribute(String v) {
    if (v.indexOf('"') < 0 && v.indexOf('&') < 0) {
      return v;
    }
    return v.replace("&", "&amp;").replace("\"", "&quot;");
  }

  /** Decodes the character references a URL's host part could hide behind; used for lookups only. */
  static String decodeEntities(String v) {
    int amp = v.indexOf('&');
    if (amp < 0) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length());
    sb.append(v, 0, amp);
    int i = amp;
    int n = v.length();
    while (i < n) {
      char c = v.charAt(i);
      if (c != '&') {
        sb.append(c);
        i++;
        continue;
      }
      int semi = v.indexOf(';', i);
      if (semi < 0 || semi - i > 12) {
        sb.append(c);
        i++;
        continue;
      }
      String ref = v.substring(i + 1, semi);
      int cp = -1;
      try {
        if (ref.startsWith("#x") || ref.startsWith("#X")) {
          cp = Integer.parseInt(ref.substring(2), 16);
        } else if (ref.startsWith("#")) {
          cp = Integer.parseInt(ref.substring(1));
        } else {
          switch (ref) {
            case "amp" -> cp = '&';
            case "sol" -> cp = '/';
            case "colon" -> cp = ':';
            case "period" -> cp = '.';
            case "quot" -> cp = '"';
            case "apos" -> cp = '\'';
            case "bsol" -> cp = '\\';
            default -> cp = -1;
          }
        }
      } catch (NumberFormatException e) {
        cp = -1;
      }
      if (cp < 0 || !Character.isValidCodePoint(cp)) {
        sb.append(c);
        i++;
      } else {
        sb.appendCodePoint(cp);
        i = semi + 1;
      }
    }
    return sb.toString();
  }

  /**
   * The host of an absolute ({@code https://h/x}) or protocol-relative ({@code //h/x}) URL,
   * lower-cased, without user info, port or trailing dot; null for a relative URL. Backslashes
   * count as slashes, as browsers treat them in http(s) URLs (URL Standard, special schemes).
   */
  static String host(String rawUrl) {
    String url = decodeEntities(rawUrl);
    int n = url.length();
    int i = 0;
    while (i < n && url.charAt(i) <= ' ') {
      i++;
    }
    int start = i;
    // scheme
    int j = i;
    if (j < n && isAsciiLetter(url.charAt(j))) {
      j++;
      while (j < n) {
        char c = url.charAt(j);
        if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
          j++;
        } else {
          break;
        }
      }
      if (j < n && url.charAt(j) == ':') {
        i = j + 1;
      }
    }
    int slashes = 0;
    while (i < n && (url.charAt(i) == '/' || url.charAt(i) == '\\' || url.charAt(i) == '\t' || url.charAt(i) == '\n')) {
      if (url.charAt(i) == '/' || url.charAt(i) == '\\') {
        slashes++;
      }
      i++;
    }
    boolean hasScheme = i > start && url.charAt(start) != '/' && url.charAt(start) != '\\';
    if (hasScheme ? slashes < 1 : slashes < 2) {
      return null;
    }
    int hostEnd = i;
    while (hostEnd < n) {
      char c = url.charAt(hostEnd);
      if (c == '/' || c == '\\' || c == '?' || c == '#') {
        break;
      }
      hostEnd++;
    }
    String authority = url.substring(i, hostEnd);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']', colon) < 0) {
      authority = authority.substring(0, colon);
    }
    authority = authority.replace("\t", "").replace("\n", "").replace("\r", "");
    while (authority.endsWith(".")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    return authority.isEmpty() ? null : authority.toLowerCase(Locale.ROOT);
  }

  static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }
}
