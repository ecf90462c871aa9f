package io.github.cookiegate.internal.html;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The host a URL in a page makes the browser contact, read as the URL Standard's basic URL parser
 * reads it (url.spec.whatwg.org, "basic URL parser" and "host parsing"): leading and trailing C0
 * controls and spaces stripped, every ASCII tab and newline removed wherever it is, backslashes
 * read as slashes in http(s) URLs, a relative URL resolved against the document's {@code <base
 * href>}, the host percent-decoded and mapped as IDNA's UTS #46 does (ignored code points dropped,
 * compatibility forms folded: a fullwidth or mathematical letter is the ASCII one), lower-cased,
 * without user info, port or trailing dot.
 */
public final class Urls {
  private Urls() {
  }

  /** A document's base URL as far as hosts go: its scheme (lower case, "" when unknown) and host (null: the page's own). */
  public record Base(String scheme, String host) {
    /** The base of a page without {@code <base href>}: the page itself. */
    public static final Base DOCUMENT = new Base("", null);

    /** The base a {@code <base href>} value (character references decoded) sets. */
    public static Base of(String href) {
      String s = clean(href);
      String scheme = Urls.scheme(s);
      String host = Urls.host(href, DOCUMENT);
      return new Base(scheme == null ? "" : scheme, host);
    }
  }

  /** Returns the host a decoded attribute value makes the browser contact, or null (relative to the page, or not fetched by host). */
  public static String host(String url, Base base) {
    String s = clean(url);
    int n = s.length();
    String scheme = scheme(s);
    int i = 0;
    if (scheme != null) {
      if (!isNetworkScheme(scheme)) {
        return null; // data:, javascript:, blob:, mailto: ... name no host to contact
      }
      i = scheme.length() + 1;
      int slashes = slashesAt(s, i);
      if (slashes < 2 && scheme.equals(base.scheme()) && base.host() != null) {
        return base.host(); // "https:widget/x" against an https base: relative to it
      }
      i += slashes; // "http:host", "http:/host", "http:\\\\host": the host follows (special authority ignore slashes)
    } else {
      int slashes = slashesAt(s, 0);
      if (slashes < 2) {
        return base.host(); // relative: the base's host, or the page's own
      }
      i = slashes;
    }
    int end = i;
    while (end < n) {
      char c = s.charAt(end);
      if (c == '/' || c == '\\' || c == '?' || c == '#') {
        break;
      }
      end++;
    }
    return normaliseHost(s.substring(i, end));
  }

  /** The value with C0 controls and spaces trimmed and every tab, LF and CR removed. */
  static String clean(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && url.charAt(end - 1) <= ' ') {
      end--;
    }
    String s = url.substring(start, end);
    if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c != '\t' && c != '\n' && c != '\r') {
          sb.append(c);
        }
      }
      s = sb.toString();
    }
    return s;
  }

  /** The lower-case scheme when the URL starts with one ({@code letter (letter|digit|+|-|.)* ':'}), else null. */
  static String scheme(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return null;
    }
    for (int k = 1; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == ':') {
        return s.substring(0, k).toLowerCase(Locale.ROOT);
      }
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return null;
      }
    }
    return null;
  }

  private static boolean isNetworkScheme(String scheme) {
    return scheme.equals("https") || scheme.equals("http") || scheme.equals("wss") || scheme.equals("ws")
        || scheme.equals("ftp");
  }

  private static int slashesAt(String s, int from) {
    int k = from;
    while (k < s.length() && (s.charAt(k) == '/' || s.charAt(k) == '\\')) {
      k++;
    }
    return k - from;
  }

  /** User info, port and trailing dots off; percent-decoded; UTS #46 mapped; lower case; null when empty. */
  static String normaliseHost(String authority) {
    int at = authority.lastIndexOf('@');
    String h = at >= 0 ? authority.substring(at + 1) : authority;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return (close < 0 ? h : h.substring(0, close + 1)).toLowerCase(Locale.ROOT); // IPv6: never a catalogued name
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    if (h.indexOf('%') >= 0) {
      h = percentDecode(h);
    }
    boolean ascii = true;
    for (int k = 0; k < h.length(); k++) {
      if (h.charAt(k) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      h = mapIdna(h);
    }
    h = h.toLowerCase(Locale.ROOT);
    int end = h.length();
    while (end > 0 && h.charAt(end - 1) == '.') {
      end--;
    }
    return end == 0 ? null : h.substring(0, end);
  }

  /** UTF-8 percent-decoding, as the host parser does before mapping. */
  static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < bytes.length; k++) {
      byte b = bytes[k];
      if (b == '%' && k + 2 < bytes.length && hex(bytes[k + 1]) >= 0 && hex(bytes[k + 2]) >= 0) {
        out.write(hex(bytes[k + 1]) * 16 + hex(bytes[k + 2]));
        k += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
  }

  /**
   * UTS #46 mapping, close enough to find a catalogued ASCII name: the code points it ignores are
   * dropped (soft hyphen, zero-width space and joiners, variation selectors, BOM), NFKC folds
   * compatibility forms to ASCII (fullwidth, mathematical, circled letters, ligatures), and the
   * ideographic full stops are dots.
   */
  static String mapIdna(String h) {
    StringBuilder sb = new StringBuilder(h.length());
    h.codePoints().forEach(cp -> {
      if (cp == 0xAD || cp == 0x34F || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200D)
          || cp == 0x2060 || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
          || (cp >= 0xE0100 && cp <= 0xE01EF)) {
        return;
      }
      sb.appendCodePoint(cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61 ? '.' : cp);
    });
    String folded = Normalizer.normalize(sb, Normalizer.Form.NFKC);
    return folded.replace('\u3002', '.');
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
