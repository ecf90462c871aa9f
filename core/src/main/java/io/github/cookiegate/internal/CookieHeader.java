package io.github.cookiegate.internal;

import io.github.cookiegate.internal.text.CookieNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a request's {@code Cookie} header: the names of the cookies it carries and the values of
 * one cookie, the same way whatever the container: Tomcat hands {@code
 * cookie_gate_consent="marketing} (an unbalanced quote) to {@code getCookies()} as {@code
 * marketing}, Jetty drops it, so the consent the library reads cannot come from there.
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
   * Reads a request's {@code Cookie} header lines (HTTP/2 may send several) once: the name of every
   * pair, in order, for the sweep, and each pair's value span for {@link Pairs#values}. Pairs are
   * split at {@code ;}, name and value at the first {@code =}, both trimmed of spaces and tabs; a
   * pair without {@code =} (a nameless cookie, RFC 6265bis section 5.7.4) or with an empty name is
   * not named. Work and memory are linear in the header's length, which the container bounds.
   */
  public static Pairs pairs(List<String> lines) {
    if (lines.isEmpty()) {
      return Pairs.NONE;
    }
    int length = 0;
    for (int l = 0, count = lines.size(); l < count; l++) {
      length += lines.get(l).length();
    }
    // Room for four pairs and one per 48 chars (12 for a 420-char header of 12 pairs), grown if need be.
    Pairs out = new Pairs(lines, Math.min(4 + length / 48, 256));
    for (int l = 0, count = lines.size(); l < count; l++) {
      String header = lines.get(l);
      int n = header.length();
      int start = 0;
      int nextEq = -1; // the first = at or after start, n when there is none: each char is searched once
      while (start < n) {
        int end = header.indexOf(';', start);
        if (end < 0) {
          end = n;
        }
        if (nextEq < start) {
          nextEq = header.indexOf('=', start);
          if (nextEq < 0) {
            nextEq = n;
          }
        }
        if (nextEq < end) {
          int eq = nextEq;
          int ns = skipSpace(header, start, eq);
          int ne = trimSpace(header, ns, eq);
          if (ne > ns) {
            int vs = skipSpace(header, eq + 1, end);
            out.add(CookieNames.of(header, ns, ne), l, vs, trimSpace(header, vs, end));
          }
        }
        start = end + 1;
      }
    }
    return out;
  }

  /** The named pairs of one request's {@code Cookie} header lines, read once by {@link #pairs}. */
  public static final class Pairs {
    static final Pairs NONE = new Pairs(List.of(), 0);

    /** Above this many names the distinct names are found with a hash set rather than by comparing each with each. */
    private static final int LINEAR_DISTINCT = 32;

    private final List<String> lines;
    private String[] names;
    /** Per pair: the name's hash, the line, the value's start and its end. */
    private int[] spans;
    private int size;
    private List<String> distinct;

    private Pairs(List<String> lines, int capacity) {
      this.lines = lines;
      this.names = new String[capacity];
      this.spans = new int[capacity * 4];
    }

    private void add(String name, int line, int valueStart, int valueEnd) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        spans = Arrays.copyOf(spans, size * 8);
      }
      int at = size * 4;
      names[size] = name;
      spans[at] = name.hashCode(); // a name read before keeps its hash: the lookups below compare these
      spans[at + 1] = line;
      spans[at + 2] = valueStart;
      spans[at + 3] = valueEnd;
      size++;
    }

    /** Whether the header named no cookie. */
    public boolean isEmpty() {
      return size == 0;
    }

    /**
     * The values ({@link CookieHeader#value}) of the pairs named exactly {@code name}, in order;
     * an empty list when there is none. Allocates only for the values found.
     */
    public List<String> values(String name) {
      List<String> out = null;
      int h = name.hashCode();
      int[] s = spans;
      for (int i = 0; i < size; i++) {
        int at = i * 4;
        if (s[at] == h && names[i].equals(name)) {
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(value(lines.get(s[at + 1]).substring(s[at + 2], s[at + 3])));
        }
      }
      return out == null ? List.of() : out;
    }

    /** The names of the pairs, each once, in the order they first appear; unmodifiable. */
    public List<String> distinctNames() {
      List<String> d = distinct;
      if (d == null) {
        d = size == 0 ? List.of() : size <= LINEAR_DISTINCT ? distinctByComparing() : distinctByHashing();
        distinct = d;
      }
      return d;
    }

    /**
     * The usual case, every name once, is a view of the names read: nothing copied. A name is
     * compared with the ones before it only when a bit its hash picks out of 128 is already set,
     * which an equal name always finds set: linear unless hashes meet.
     */
    private List<String> distinctByComparing() {
      int[] s = spans;
      long low = 0;
      long high = 0;
      for (int i = 0; i < size; i++) {
        int h = s[i * 4];
        int bit = (h ^ (h >>> 7) ^ (h >>> 14)) & 127;
        long mask = 1L << bit; // the shift takes the bit's low six bits
        boolean set = bit < 64 ? (low & mask) != 0 : (high & mask) != 0;
        if (set) {
          for (int j = 0; j < i; j++) {
            if (s[j * 4] == h && names[j].equals(names[i])) {
              return distinctByHashing();
            }
          }
        }
        if (bit < 64) {
          low |= mask;
        } else {
          high |= mask;
        }
      }
      return ArrayView.of(names, size);
    }

    private List<String> distinctByHashing() {
      Set<String> seen = new HashSet<>(size * 2);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (seen.add(names[i])) {
          out.add(names[i]);
        }
      }
      return Collections.unmodifiableList(out);
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
