package io.github.cookiegate.internal.html;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decodes character references in an attribute value as the HTML tokenizer does (HTML Standard
 * 13.2.5.72-80): named references from the standard's table, the longest match; the legacy names
 * ({@code &amp}, {@code &lt}, {@code &copy}, ...) also without {@code ;} unless a {@code =} or an
 * ASCII letter or digit follows; numeric references with or without {@code ;}, with the standard's
 * replacements (0 and out-of-range to U+FFFD, 0x80-0x9F as windows-1252).
 */
public final class CharRefs {
  private static final String RESOURCE = "entities.txt";
  /** Names of more than this many chars do not exist (the longest is 31, CounterClockwiseContourIntegral). */
  private static final int LONGEST = 32;

  /** The names the standard matches without a semicolon too (its table lists them twice). */
  static final Set<String> LEGACY = Set.of("AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml",
      "COPY", "Ccedil", "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
      "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN", "Uacute", "Ucirc",
      "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave", "amp", "aring", "atilde", "auml",
      "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg", "divide", "eacute", "ecirc", "egrave", "eth",
      "euml", "frac12", "frac14", "frac34", "gt", "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt",
      "macr", "micro", "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
      "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1", "sup2", "sup3",
      "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml", "yacute", "yen", "yuml");

  /** windows-1252 for the C1 range, which numeric references are read as (HTML 13.2.5.80). */
  private static final int[] C1 = {0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
      0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178};

  private CharRefs() {
  }

  private static final class Table {
    static final Map<String, String> NAMED = load();

    private static Map<String, String> load() {
      Map<String, String> m = new HashMap<>(4096);
      try (InputStream in = CharRefs.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("cookie-gate: " + RESOURCE + " is missing from the jar");
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isEmpty() || line.charAt(0) == '#') {
            continue;
          }
          String[] parts = line.split(" ");
          StringBuilder value = new StringBuilder(2);
          for (int i = 1; i < parts.length; i++) {
            value.appendCodePoint(Integer.parseInt(parts[i], 16));
          }
          m.put(parts[0], value.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.copyOf(m);
    }
  }

  /** Returns the value of a named reference without its {@code &} and {@code ;}, or null. */
  static String named(String name) {
    return Table.NAMED.get(name);
  }

  /** Decodes the character references of an attribute value; returns {@code v} itself when it has none. */
  public static String decodeAttribute(String v) {
    int amp = v.indexOf('&');
    if (amp < 0) {
      return v;
    }
    int n = v.length();
    StringBuilder sb = new StringBuilder(n);
    sb.append(v, 0, amp);
    int i = amp;
    while (i < n) {
      char c = v.charAt(i);
      if (c != '&' || i + 1 >= n) {
        sb.append(c);
        i++;
        continue;
      }
      char d = v.charAt(i + 1);
      if (d == '#') {
        i = numeric(v, i, sb);
      } else if (isAlphanumeric(d)) {
        i = named(v, i, sb);
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  /** {@code &#...} at {@code amp}: appends what it stands for and returns where reading goes on. */
  private static int numeric(String v, int amp, StringBuilder sb) {
    int n = v.length();
    int i = amp + 2;
    boolean hex = i < n && (v.charAt(i) == 'x' || v.charAt(i) == 'X');
    if (hex) {
      i++;
    }
    int start = i;
    long cp = 0;
    while (i < n) {
      int digit = Character.digit(v.charAt(i), hex ? 16 : 10);
      if (digit < 0 || v.charAt(i) > 'f') {
        break;
      }
      cp = Math.min(cp * (hex ? 16 : 10) + digit, 0x110000L);
      i++;
    }
    if (i == start) {
      sb.append(v, amp, i); // absence of digits: "&#" or "&#x" stays text
      return i;
    }
    if (i < n && v.charAt(i) == ';') {
      i++;
    }
    int c = (int) cp;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      c = 0xFFFD;
    } else if (c >= 0x80 && c <= 0x9F) {
      c = C1[c - 0x80];
    }
    sb.appendCodePoint(c);
    return i;
  }

  /** {@code &name} at {@code amp}: the longest name of the table that the text starts with. */
  private static int named(String v, int amp, StringBuilder sb) {
    int n = v.length();
    int end = amp + 1;
    while (end < n && end - amp <= LONGEST && isAlphanumeric(v.charAt(end))) {
      end++;
    }
    // "&notit;" is "¬it;": try "name;" first, then ever shorter legacy names without ';'.
    if (end < n && v.charAt(end) == ';') {
      String value = named(v.substring(amp + 1, end));
      if (value != null) {
        sb.append(value);
        return end + 1;
      }
    }
    for (int e = end; e > amp + 1; e--) {
      String name = v.substring(amp + 1, e);
      if (LEGACY.contains(name)) {
        char next = e < n ? v.charAt(e) : 0;
        if (next == '=' || isAlphanumeric(next)) {
          break; // in an attribute, "&copy=" and "&copyx" stay text (historical reasons)
        }
        sb.append(named(name));
        return e;
      }
    }
    sb.append('&');
    return amp + 1;
  }

  static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Escapes an attribute value for a double-quoted attribute: {@code &} and {@code "}. */
  public static String escapeAttribute(String v) {
    if (v.indexOf('"') < 0 && v.indexOf('&') < 0) {
      return v;
    }
    return v.replace("&", "&amp;").replace("\"", "&quot;");
  }
}
