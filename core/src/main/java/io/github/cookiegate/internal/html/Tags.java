package io.github.cookiegate.internal.html;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the rewriter's fast paths need to pass a complete tag without holding it, over the page's
 * bytes and over chars alike (each method has a twin for the other): the kind of a tag name,
 * where a tag ends (the tokenizer's tag states, HTML 13.2.5.8 and 13.2.5.32-40, so a quoted
 * {@code >} does not end it), and whether an element of the table of what loads may name a host
 * in one of its table attributes. A char from 0x80 on (a byte below 0) is never markup: it is part
 * of a name or a value, as in the tokenizer. Stateless.
 */
final class Tags {
  private Tags() {
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** A name neither in the table nor one the char reader must see. */
  static final int OTHER = 0;
  /** An element of the table of what loads ({@link Loads#ELEMENTS}) other than those of {@link #READ}. */
  static final int LOADS = 1;
  /** A name the char reader reads itself: raw text, and the elements with rules of their own. */
  static final int READ = 2;

  private static final String[] READ_NAMES = {"script", "iframe", "base", "template", "html", "head", "style",
      "textarea", "title", "xmp", "noembed", "noframes", "plaintext"};

  // Tag states (as in PageRewriter) and char classes; NEXT[state << 3 | class] is the next state.
  static final int T_NAME = 0;
  static final int T_BEFORE_ATTR = 1;
  static final int T_ATTR_NAME = 2;
  static final int T_AFTER_ATTR_NAME = 3;
  static final int T_BEFORE_VALUE = 4;
  static final int T_DQ = 5;
  static final int T_SQ = 6;
  static final int T_UNQUOTED = 7;
  static final int T_AFTER_QUOTED = 8;
  static final int T_SELF_CLOSING = 9;
  static final int T_END = 10;

  private static final int C_OTHER = 0;
  private static final int C_SPACE = 1;
  private static final int C_SLASH = 2;
  private static final int C_GT = 3;
  private static final int C_EQUALS = 4;
  private static final int C_DQ = 5;
  private static final int C_SQ = 6;
  /** Class of each char below 0x100 (a byte read as {@code b & 0xFF}); from 0x80 on, C_OTHER. */
  private static final byte[] CLASS = new byte[256];
  private static final byte[] NEXT = new byte[11 << 3];

  static {
    for (char c : new char[] {' ', '\n', '\t', '\f', '\r'}) {
      CLASS[c] = C_SPACE;
    }
    CLASS['/'] = C_SLASH;
    CLASS['>'] = C_GT;
    CLASS['='] = C_EQUALS;
    CLASS['"'] = C_DQ;
    CLASS['\''] = C_SQ;
    char[] sample = {'a', ' ', '/', '>', '=', '"', '\''};
    for (int s = 0; s < 11; s++) {
      for (int k = 0; k < sample.length; k++) {
        NEXT[s << 3 | k] = (byte) step(s, sample[k]);
      }
    }
  }

  /** One step of the tag states (HTML 13.2.5.32-40): what {@link #NEXT} is made of. */
  private static int step(int s, char c) {
    boolean ws = Html.isWhitespace(c);
    switch (s) {
      case T_NAME:
        return ws ? T_BEFORE_ATTR : c == '/' ? T_SELF_CLOSING : c == '>' ? T_END : T_NAME;
      case T_BEFORE_ATTR:
        return ws ? T_BEFORE_ATTR : c == '/' ? T_SELF_CLOSING : c == '>' ? T_END : T_ATTR_NAME;
      case T_ATTR_NAME:
        return ws ? T_AFTER_ATTR_NAME : c == '/' ? T_SELF_CLOSING : c == '>' ? T_END : c == '=' ? T_BEFORE_VALUE : T_ATTR_NAME;
      case T_AFTER_ATTR_NAME:
        return ws ? T_AFTER_ATTR_NAME : c == '/' ? T_SELF_CLOSING : c == '>' ? T_END : c == '=' ? T_BEFORE_VALUE : T_ATTR_NAME;
      case T_BEFORE_VALUE:
        return ws ? T_BEFORE_VALUE : c == '"' ? T_DQ : c == '\'' ? T_SQ : c == '>' ? T_END : T_UNQUOTED;
      case T_DQ:
        return c == '"' ? T_AFTER_QUOTED : T_DQ;
      case T_SQ:
        return c == '\'' ? T_AFTER_QUOTED : T_SQ;
      case T_UNQUOTED:
        return ws ? T_BEFORE_ATTR : c == '>' ? T_END : T_UNQUOTED;
      case T_AFTER_QUOTED:
        return ws ? T_BEFORE_ATTR : c == '/' ? T_SELF_CLOSING : c == '>' ? T_END : T_ATTR_NAME;
      case T_SELF_CLOSING:
        return c == '>' ? T_END : ws ? T_BEFORE_ATTR : T_ATTR_NAME;
      default:
        return T_END;
    }
  }

  /** {@link #step} by table. */
  static int next(int s, char c) {
    return NEXT[s << 3 | (c < 0x100 ? CLASS[c] : C_OTHER)];
  }

  // ---- tag names: packed one lower-case letter a byte into a long, found by hash ----

  private static final int SLOTS = 128;
  private static final long[] KEYS = new long[SLOTS];
  private static final byte[] KINDS = new byte[SLOTS];
  private static final byte[] TYPE = {'t', 'y', 'p', 'e'};
  /** The table attributes of a LOADS element, lower case, by slot. */
  private static final byte[][][] ATTRIBUTES = new byte[SLOTS][][];
  /** By slot, a bit for each length of its table attributes' names (and of {@code type} for input). */
  private static final long[] ATTRIBUTE_LENGTHS = new long[SLOTS];
  private static final long PLAINTEXT_HEAD = key("plaintex");
  private static final long INPUT = key("input");
  /** By first letter, a bit for each length of a name in the table: most names are rejected by it. */
  private static final int[] LENGTHS = new int[26];

  static {
    for (Map.Entry<String, List<Loads.Attribute>> e : Loads.ELEMENTS.entrySet()) {
      List<Loads.Attribute> as = e.getValue();
      byte[][] names = new byte[as.size()][];
      for (int k = 0; k < names.length; k++) {
        names[k] = ascii(as.get(k).name());
      }
      int slot = put(key(e.getKey()), LOADS);
      for (byte[] name : names) {
        ATTRIBUTE_LENGTHS[slot] |= 1L << name.length;
      }
      if (e.getKey().equals("input")) {
        ATTRIBUTE_LENGTHS[slot] |= 1L << TYPE.length;
      }
      LENGTHS[e.getKey().charAt(0) - 'a'] |= 1 << e.getKey().length();
      ATTRIBUTES[slot] = names;
    }
    for (String n : READ_NAMES) {
      if (n.length() <= 8) {
        put(key(n), READ);
      }
      LENGTHS[n.charAt(0) - 'a'] |= 1 << n.length();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static long key(String lower) {
    long k = 0;
    for (int i = 0; i < lower.length(); i++) {
      k = k << 8 | lower.charAt(i);
    }
    return k;
  }

  private static int hash(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 57);
  }

  private static int put(long key, int kind) {
    int h = hash(key);
    while (KEYS[h] != 0 && KEYS[h] != key) {
      h = (h + 1) & (SLOTS - 1);
    }
    KEYS[h] = key;
    KINDS[h] = (byte) kind; // READ overrides LOADS (script, iframe)
    return h;
  }

  private static int slot(long key) {
    int h = hash(key);
    while (true) {
      long k = KEYS[h];
      if (k == key) {
        return h;
      }
      if (k == 0) {
        return -1;
      }
      h = (h + 1) & (SLOTS - 1);
    }
  }

  /**
   * Reads a tag name from {@code b[p]} (a letter) to the whitespace, {@code /} or {@code >} after
   * it; returns -1 when it reaches {@code end} first, else the index after the name, with its
   * slot in the name table + 2 in the upper 32 bits (slot -1: none, -2: {@code plaintext}; see
   * {@link #nameEnd}, {@link #nameSlot}). The letters are packed into a long, one byte each ORed
   * with 0x20: that is a lower-case letter only when the byte was a letter, so no other name
   * takes a table name's key.
   */
  static long name(byte[] b, int p, int end) {
    long k = 0;
    int i = p;
    while (i < end) {
      int c = b[i];
      int cls = CLASS[c & 0xFF];
      if (cls >= C_SPACE && cls <= C_GT) {
        break;
      }
      k = k << 8 | (c | 0x20) & 0xFF;
      i++;
    }
    if (i == end) {
      return -1;
    }
    int n = i - p;
    int slot = n > 9 || (LENGTHS[(b[p] | 0x20) - 'a'] & 1 << n) == 0 ? -1
        : n <= 8 ? slot(k) : regionIs(b, p, "plaintext") ? -2 : -1;
    return (long) (slot + 2) << 32 | i;
  }

  /** {@link #name(byte[], int, int)} over chars. */
  static long name(char[] b, int p, int end) {
    long k = 0;
    int i = p;
    boolean ascii = true;
    while (i < end) {
      char c = b[i];
      if (c >= 0x80) {
        ascii = false;
      } else {
        int cls = CLASS[c];
        if (cls >= C_SPACE && cls <= C_GT) {
          break;
        }
      }
      k = k << 8 | (c | 0x20) & 0xFF;
      i++;
    }
    if (i == end) {
      return -1;
    }
    int n = i - p;
    int slot = !ascii || n > 9 || (LENGTHS[(b[p] | 0x20) - 'a'] & 1 << n) == 0 ? -1
        : n <= 8 ? slot(k) : regionIs(b, p, "plaintext") ? -2 : -1;
    return (long) (slot + 2) << 32 | i;
  }

  static int nameEnd(long name) {
    return (int) name;
  }

  static int nameSlot(long name) {
    return (int) (name >>> 32) - 2;
  }

  /** OTHER, LOADS or READ for a slot of {@link #nameSlot}. */
  static int kind(int slot) {
    return slot == -2 ? READ : slot < 0 ? OTHER : KINDS[slot];
  }

  // ---- where a complete tag ends ----

  /** Bit of {@link #end}'s result: the tag ended with {@code />}. */
  static final long SELF_CLOSING = 1L << 32;
  /** Bit of {@link #end}'s result: an attribute name starts with {@code d} or {@code D} (it may be the mark). */
  static final long STARTS_WITH_D = 1L << 33;
  /** Bit of {@link #end(byte[], int, int, int)}'s result: the table element was checked for a host on the way. */
  static final long CHECKED = 1L << 34;
  /** Bit of {@link #end(byte[], int, int, int)}'s result: checked, and it may name a host. */
  static final long MAY_NAME = 1L << 35;

  /**
   * Reads the tag states from {@code b[i]}, right after a tag name, to the {@code >} that ends the
   * tag; returns the index after it with the {@link #SELF_CLOSING} and {@link #STARTS_WITH_D}
   * bits, or -1 when the tag does not end before {@code stop}. The common form, attributes
   * {@code name="value"} or {@code name='value'} each after one space, is read by a loop of its
   * own (the same states, taken in order); at anything else, the table of states goes on from
   * where that loop stopped.
   */
  static long end(byte[] b, int i, int stop) {
    return end(b, i, stop, -1);
  }

  /**
   * {@link #end(byte[], int, int)} that also tells, for the table element in {@code slot} (-1: none),
   * whether the tag may name a host as {@link #mayName} does, when the tag had the common form
   * throughout: then {@link #CHECKED} is set, and {@link #MAY_NAME} when it may.
   */
  static long end(byte[] b, int i, int stop, int slot) {
    byte[][] loads = slot >= 0 ? ATTRIBUTES[slot] : null;
    boolean input = loads != null && KEYS[slot] == INPUT;
    boolean named = false;
    boolean image = !input;
    long flags = 0;
    int s = T_NAME; // at the loop's top: right after the name, or T_AFTER_QUOTED
    while (i + 1 < stop) {
      int c = b[i];
      if (c == '>') {
        return i + 1 | flags | (loads == null ? 0 : CHECKED | (named && image ? MAY_NAME : 0));
      }
      if (c != ' ') {
        break;
      }
      int d = b[i + 1];
      if (CLASS[d & 0xFF] != C_OTHER) {
        break;
      }
      s = T_ATTR_NAME;
      if ((d | 0x20) == 'd') {
        flags = STARTS_WITH_D;
      }
      int ns = i + 1;
      int or = d;
      i += 2;
      while (i < stop && CLASS[b[i] & 0xFF] == C_OTHER) {
        or |= b[i];
        i++;
      }
      int ne = i;
      if (i + 1 >= stop || b[i] != '=') {
        break;
      }
      int q = b[i + 1];
      if (q != '"' && q != '\'') {
        break;
      }
      i += 2;
      int vs = i;
      long quotes = q == '"' ? ONES * '"' : ONES * '\'';
      while (i + 8 <= stop) { // eight bytes at a time (see Bytes.indexOf)
        long w = (long) LONGS.get(b, i) ^ quotes;
        long hit = (w - ONES) & ~w & HIGHS;
        if (hit != 0) {
          i += Long.numberOfTrailingZeros(hit) >>> 3;
          break;
        }
        i += 8;
      }
      while (i < stop && b[i] != q) {
        i++;
      }
      if (i == stop) {
        return -1;
      }
      if (loads != null) {
        if (or < 0) {
          named = true; // a name with a char from 0x80 on: StartTag reads it (see attributesMayName)
          image = true;
        } else if ((ATTRIBUTE_LENGTHS[slot] & 1L << Math.min(ne - ns, 63)) != 0) {
          named |= nameIn(b, ns, ne, loads) && suspect(b, vs, i, i);
          image |= input && nameIs(b, ns, ne, TYPE) && mayBeImage(b, vs, i);
        }
      }
      i++;
      s = T_AFTER_QUOTED;
    }
    return states(b, i, stop, s, flags);
  }

  /** {@link #end(byte[], int, int)} of an end tag whose name starts at {@code b[n]}; {@code </name>} at once. */
  static long endTagEnd(byte[] b, int n, int stop) {
    int i = n + 1;
    while (i < stop && CLASS[b[i] & 0xFF] != C_SPACE && b[i] != '/' && b[i] != '>') {
      i++;
    }
    return i < stop && b[i] == '>' ? i + 1 : end(b, i, stop);
  }

  /** {@link #endTagEnd(byte[], int, int)} over chars. */
  static long endTagEnd(char[] c, int n, int stop) {
    int i = n + 1;
    while (i < stop && !Html.endsTagName(c[i])) {
      i++;
    }
    return i < stop && c[i] == '>' ? i + 1 : end(c, i, stop);
  }

  /** The tag states by table from state {@code s} at {@code b[i]}; see {@link #end(byte[], int, int)}. */
  private static long states(byte[] b, int i, int stop, int s, long flags) {
    while (i < stop) {
      if (s == T_DQ || s == T_SQ) {
        i = Bytes.indexOf(b, i, stop, s == T_DQ ? (byte) '"' : (byte) '\'');
        if (i == stop) {
          return -1;
        }
        i++;
        s = T_AFTER_QUOTED;
        continue;
      }
      if (s == T_NAME || s == T_ATTR_NAME || s == T_UNQUOTED) {
        while (i < stop && (CLASS[b[i] & 0xFF] == C_OTHER || s == T_UNQUOTED && CLASS[b[i] & 0xFF] >= C_EQUALS)) {
          i++;
        }
        if (i == stop) {
          return -1;
        }
      }
      int ch = b[i++] & 0xFF;
      int before = s;
      s = NEXT[s << 3 | CLASS[ch]];
      if (s == T_END) {
        return i | flags | (before == T_SELF_CLOSING ? SELF_CLOSING : 0);
      }
      if (s == T_ATTR_NAME && before != T_ATTR_NAME && (ch | 0x20) == 'd') {
        flags = STARTS_WITH_D;
      }
    }
    return -1;
  }

  /** {@link #end(byte[], int, int)} over chars. */
  static long end(char[] b, int i, int stop) {
    return end(b, i, stop, -1);
  }

  /**
   * {@link #end(char[], int, int)} that also tells, for the table element in {@code slot} (-1: none),
   * whether the tag may name a host as {@link #mayName} does, when the tag had the common form
   * throughout: then {@link #CHECKED} is set, and {@link #MAY_NAME} when it may.
   */
  static long end(char[] b, int i, int stop, int slot) {
    byte[][] loads = slot >= 0 ? ATTRIBUTES[slot] : null;
    boolean input = loads != null && KEYS[slot] == INPUT;
    boolean named = false;
    boolean image = !input;
    long flags = 0;
    int s = T_NAME;
    while (i + 1 < stop) {
      char c = b[i];
      if (c == '>') {
        return i + 1 | flags | (loads == null ? 0 : CHECKED | (named && image ? MAY_NAME : 0));
      }
      if (c != ' ') {
        break;
      }
      char d = b[i + 1];
      if (d < 0x80 && CLASS[d] != C_OTHER) {
        break;
      }
      s = T_ATTR_NAME;
      if ((d | 0x20) == 'd') {
        flags = STARTS_WITH_D;
      }
      int ns = i + 1;
      int or = d;
      i += 2;
      while (i < stop && (b[i] >= 0x80 || CLASS[b[i]] == C_OTHER)) {
        or |= b[i];
        i++;
      }
      int ne = i;
      if (i + 1 >= stop || b[i] != '=') {
        break;
      }
      char q = b[i + 1];
      if (q != '"' && q != '\'') {
        break;
      }
      i += 2;
      int vs = i;
      while (i < stop && b[i] != q) {
        i++;
      }
      if (i == stop) {
        return -1;
      }
      if (loads != null) {
        if (or >= 0x80) {
          named = true; // a name with a char from 0x80 on: StartTag reads it (see attributesMayName)
          image = true;
        } else if ((ATTRIBUTE_LENGTHS[slot] & 1L << Math.min(ne - ns, 63)) != 0) {
          named |= nameIn(b, ns, ne, loads) && suspect(b, vs, i, i);
          image |= input && nameIs(b, ns, ne, TYPE) && mayBeImage(b, vs, i);
        }
      }
      i++;
      s = T_AFTER_QUOTED;
    }
    return states(b, i, stop, s, flags);
  }

  /** {@link #states(byte[], int, int, int, long)} over chars. */
  private static long states(char[] c, int i, int stop, int s, long flags) {
    while (i < stop) {
      if (s == T_DQ || s == T_SQ) {
        char quote = s == T_DQ ? '"' : '\'';
        while (i < stop && c[i] != quote) {
          i++;
        }
        if (i == stop) {
          return -1;
        }
        i++;
        s = T_AFTER_QUOTED;
        continue;
      }
      if (s == T_NAME || s == T_ATTR_NAME || s == T_UNQUOTED) {
        while (i < stop && (c[i] >= 0x80 || CLASS[c[i]] == C_OTHER || s == T_UNQUOTED && CLASS[c[i]] >= C_EQUALS)) {
          i++;
        }
        if (i == stop) {
          return -1;
        }
      }
      char ch = c[i++];
      int before = s;
      s = next(s, ch);
      if (s == T_END) {
        return i | flags | (before == T_SELF_CLOSING ? SELF_CLOSING : 0);
      }
      if (s == T_ATTR_NAME && before != T_ATTR_NAME && (ch | 0x20) == 'd') {
        flags = STARTS_WITH_D;
      }
    }
    return -1;
  }

  // ---- the author's mark ----

  /** Whether {@code data-cookie-gate} (in any ASCII letter case) starts somewhere in {@code b[from, to)}. */
  static boolean markIn(byte[] b, int from, int to) {
    String mark = StartTag.MARK;
    int last = to - mark.length();
    for (int i = from; i <= last; i++) {
      if ((b[i] | 0x20) == 'd' && regionIs(b, i, mark)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #markIn(byte[], int, int)} over chars. */
  static boolean markIn(char[] c, int from, int to) {
    String mark = StartTag.MARK;
    int last = to - mark.length();
    for (int i = from; i <= last; i++) {
      if ((c[i] | 0x20) == 'd' && regionIs(c, i, mark)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code b[at...]} starts with {@code lower} in any ASCII letter case (the caller checked the length). */
  static boolean regionIs(byte[] b, int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      int c = b[at + k];
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** {@link #regionIs(byte[], int, String)} over chars. */
  static boolean regionIs(char[] c, int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      if (Html.lower(c[at + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // ---- may a table element name a host? ----


  /** High bit of each byte of {@code w} equal to {@code c}, and maybe of bytes above such a byte (never of none). */
  private static long zeros(long w, char c) {
    long x = w ^ (ONES * c);
    return (x - ONES) & ~x & HIGHS;
  }

  /**
   * Whether the complete start tag {@code b[nameEnd, to)} (from the end of its name through its
   * {@code >}) of the table element in {@code slot} may name a host in one of its table
   * attributes: one whose value holds a {@code ':'}, a character reference, or two slashes or
   * backslashes (or one followed by a tab or newline, which URL parsing removes), the only ways a
   * value names a host ({@link Urls#host}); an {@code input} only when its type may be
   * {@code image}. False means the rewriter would pass the tag unchanged (with no mark on it and no
   * {@code <base href>} in force). Eight bytes at a time, the tag is first searched for any of
   * these at all.
   */
  static boolean mayName(byte[] b, int nameEnd, int to, int slot) {
    int i = nameEnd;
    for (; i + 9 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long after = (long) LONGS.get(b, i + 1);
      long slashes = zeros(w, '/') | zeros(w, '\\');
      long follow = zeros(after, '/') | zeros(after, '\\') | zeros(after, '\t') | zeros(after, '\n')
          | zeros(after, '\r');
      if ((zeros(w, ':') | zeros(w, '&') | (slashes & follow)) != 0 && suspect(b, i, i + 8, to)) {
        return attributesMayName(b, nameEnd, to, slot);
      }
    }
    return suspect(b, i, to, to) && attributesMayName(b, nameEnd, to, slot);
  }

  /** {@link #mayName(byte[], int, int, int)} over chars. */
  static boolean mayName(char[] c, int nameEnd, int to, int slot) {
    return suspect(c, nameEnd, to, to) && attributesMayName(c, nameEnd, to, slot);
  }

  /** Whether {@code b[from, end)} holds a ':', '&', or a slash or backslash followed (before {@code to}) by one or a tab or newline. */
  private static boolean suspect(byte[] b, int from, int end, int to) {
    for (int i = from; i < end; i++) {
      int c = b[i];
      if (c == ':' || c == '&') {
        return true;
      }
      if ((c == '/' || c == '\\') && i + 1 < to && slashFollows(b[i + 1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean suspect(char[] s, int from, int end, int to) {
    for (int i = from; i < end; i++) {
      char c = s[i];
      if (c == ':' || c == '&') {
        return true;
      }
      if ((c == '/' || c == '\\') && i + 1 < to && slashFollows(s[i + 1])) {
        return true;
      }
    }
    return false;
  }

  private static boolean slashFollows(int d) {
    return d == '/' || d == '\\' || d == '\t' || d == '\n' || d == '\r';
  }

  /**
   * The exact check of {@link #mayName}: reads the attributes as {@link StartTag#parse} does and
   * looks only at the values of the element's table attributes (and an input's type). An
   * attribute name with a char from 0x80 on leaves the tag to the char reader.
   */
  private static boolean attributesMayName(byte[] b, int nameEnd, int n, int slot) {
    byte[][] loads = ATTRIBUTES[slot];
    boolean input = KEYS[slot] == INPUT;
    boolean named = false;
    boolean image = !input;
    int i = nameEnd;
    while (true) {
      while (i < n && (CLASS[b[i] & 0xFF] == C_SPACE || b[i] == '/')) {
        i++;
      }
      if (i >= n || b[i] == '>') {
        break;
      }
      int ns = i;
      i++; // as in '<a =b>': a leading '=' belongs to the name
      while (i < n && (CLASS[b[i] & 0xFF] == C_OTHER || b[i] == '"' || b[i] == '\'')) {
        i++;
      }
      int ne = i;
      int j = i;
      while (j < n && CLASS[b[j] & 0xFF] == C_SPACE) {
        j++;
      }
      int vs = -1;
      int ve = -1;
      if (j < n && b[j] == '=') {
        j++;
        while (j < n && CLASS[b[j] & 0xFF] == C_SPACE) {
          j++;
        }
        int q = j < n ? b[j] : '>';
        if (q == '"' || q == '\'') {
          vs = j + 1;
          int close = vs;
          while (close < n && b[close] != q) {
            close++;
          }
          ve = close;
          i = close < n ? close + 1 : n;
        } else if (q == '>') {
          vs = j;
          ve = j;
          i = j;
        } else {
          vs = j;
          while (j < n && CLASS[b[j] & 0xFF] != C_SPACE && b[j] != '>') {
            j++;
          }
          ve = j;
          i = j;
        }
      } else {
        i = ne;
      }
      for (int k = ns; k < ne; k++) {
        if (b[k] < 0) {
          return true; // Java's case folding may read it as a name of the table, or as the mark: let StartTag read it
        }
      }
      if (vs < 0) {
        continue; // valueless: "", which names no host and is no type
      }
      if (nameIn(b, ns, ne, loads)) {
        named |= suspect(b, vs, ve, ve);
      }
      if (input && nameIs(b, ns, ne, TYPE)) {
        image |= mayBeImage(b, vs, ve);
      }
    }
    return named && image;
  }

  /** {@link #attributesMayName(byte[], int, int, int)} over chars. */
  private static boolean attributesMayName(char[] c, int nameEnd, int n, int slot) {
    byte[][] loads = ATTRIBUTES[slot];
    boolean input = KEYS[slot] == INPUT;
    boolean named = false;
    boolean image = !input;
    int i = nameEnd;
    while (true) {
      while (i < n && (Html.isWhitespace(c[i]) || c[i] == '/')) {
        i++;
      }
      if (i >= n || c[i] == '>') {
        break;
      }
      int ns = i;
      i++;
      while (i < n && !Html.isWhitespace(c[i]) && c[i] != '/' && c[i] != '>' && c[i] != '=') {
        i++;
      }
      int ne = i;
      int j = i;
      while (j < n && Html.isWhitespace(c[j])) {
        j++;
      }
      int vs = -1;
      int ve = -1;
      if (j < n && c[j] == '=') {
        j++;
        while (j < n && Html.isWhitespace(c[j])) {
          j++;
        }
        char q = j < n ? c[j] : '>';
        if (q == '"' || q == '\'') {
          vs = j + 1;
          int close = vs;
          while (close < n && c[close] != q) {
            close++;
          }
          ve = close;
          i = close < n ? close + 1 : n;
        } else if (q == '>') {
          vs = j;
          ve = j;
          i = j;
        } else {
          vs = j;
          while (j < n && !Html.isWhitespace(c[j]) && c[j] != '>') {
            j++;
          }
          ve = j;
          i = j;
        }
      } else {
        i = ne;
      }
      for (int k = ns; k < ne; k++) {
        if (c[k] >= 0x80) {
          return true; // Java's case folding may read it as a name of the table, or as the mark: let StartTag read it
        }
      }
      if (vs < 0) {
        continue;
      }
      if (nameIn(c, ns, ne, loads)) {
        named |= suspect(c, vs, ve, ve);
      }
      if (input && nameIs(c, ns, ne, TYPE)) {
        image |= mayBeImage(c, vs, ve);
      }
    }
    return named && image;
  }

  private static boolean nameIn(byte[] b, int from, int to, byte[][] names) {
    for (byte[] name : names) {
      if (nameIs(b, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameIn(char[] c, int from, int to, byte[][] names) {
    for (byte[] name : names) {
      if (nameIs(c, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nameIs(byte[] b, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int k = 0; k < lower.length; k++) {
      int c = b[from + k];
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean nameIs(char[] s, int from, int to, byte[] lower) {
    if (to - from != lower.length) {
      return false;
    }
    for (int k = 0; k < lower.length; k++) {
      if (Html.lower(s[from + k]) != lower[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a raw type value may read as {@code image} ({@link Loads#applies}: decoded, stripped,
   * compared ignoring case): it has a character reference, a char from 0x80 on, or {@code image}
   * in it in any ASCII letter case.
   */
  private static boolean mayBeImage(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = b[i];
      if (c == '&' || c < 0 || (c | 0x20) == 'i' && i + 5 <= to && regionIs(b, i, "image")) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayBeImage(char[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s[i];
      if (c == '&' || c >= 0x80 || (c | 0x20) == 'i' && i + 5 <= to && regionIs(s, i, "image")) {
        return true;
      }
    }
    return false;
  }
}
