package io.github.cookiegate.internal.html;

import java.util.Locale;

/** A complete start tag's text with its attributes' offsets, and the neutralise/restore rewrites. */
public final class StartTag {
  public static final String MARK = "data-cookie-gate";
  public static final String PREFIX = "data-cookie-gate-";
  public static final String ACTIVATE = "data-cookie-gate-activate";
  private static final String INSERTED_MARK = " data-cookie-gate=\"";
  private static final String INSERTED_TYPE = " type=\"text/plain\"";
  private static final String INSERTED_SRCDOC = " srcdoc=\"";
  /** Attribute names a neutralisation moves under the {@code data-cookie-gate-} prefix. */
  private static final String[] MOVABLE;

  static {
    java.util.List<String> names = new java.util.ArrayList<>(Loads.ATTRIBUTES);
    names.add("type");
    MOVABLE = names.toArray(new String[0]);
  }

  public final String text;
  public final int nameEnd;
  /** Per attribute: name start, name end, value start, value end (value start -1 when absent). */
  private int[] offsets = new int[32];
  int count;

  private StartTag(String text) {
    this.text = text;
    int n = text.length();
    int i = 1;
    while (i < n && !Html.endsTagName(text.charAt(i))) {
      i++;
    }
    this.nameEnd = i;
    parseAttributes(i);
  }

  /** Parses a start tag, {@code <} through {@code >}, as the HTML tokenizer does (HTML 13.2.5.32-40). */
  public static StartTag parse(String text) {
    return new StartTag(text);
  }

  private void parseAttributes(int from) {
    String s = text;
    int n = s.length();
    int i = from;
    while (true) {
      while (i < n && (Html.isWhitespace(s.charAt(i)) || s.charAt(i) == '/')) {
        i++;
      }
      if (i >= n || s.charAt(i) == '>') {
        return;
      }
      int nameStart = i;
      i++; // as in '<a =b>': a leading '=' belongs to the name
      while (i < n) {
        char c = s.charAt(i);
        if (Html.isWhitespace(c) || c == '/' || c == '>' || c == '=') {
          break;
        }
        i++;
      }
      int nameEndAt = i;
      int j = i;
      while (j < n && Html.isWhitespace(s.charAt(j))) {
        j++;
      }
      int valueStart = -1;
      int valueEnd = -1;
      if (j < n && s.charAt(j) == '=') {
        j++;
        while (j < n && Html.isWhitespace(s.charAt(j))) {
          j++;
        }
        char q = j < n ? s.charAt(j) : '>';
        if (q == '"' || q == '\'') {
          valueStart = j + 1;
          int close = s.indexOf(q, valueStart);
          valueEnd = close < 0 ? n : close;
          i = close < 0 ? n : close + 1;
        } else if (q == '>') {
          valueStart = j;
          valueEnd = j;
          i = j;
        } else {
          valueStart = j;
          while (j < n && !Html.isWhitespace(s.charAt(j)) && s.charAt(j) != '>') {
            j++;
          }
          valueEnd = j;
          i = j;
        }
      } else {
        i = nameEndAt;
      }
      add(nameStart, nameEndAt, valueStart, valueEnd);
    }
  }

  private void add(int ns, int ne, int vs, int ve) {
    if (count * 4 + 4 > offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
    }
    int k = count * 4;
    offsets[k] = ns;
    offsets[k + 1] = ne;
    offsets[k + 2] = vs;
    offsets[k + 3] = ve;
    count++;
  }

  public boolean nameIs(String lowerName) {
    return nameEnd - 1 == lowerName.length() && text.regionMatches(true, 1, lowerName, 0, lowerName.length());
  }

  public String lowerName() {
    return text.substring(1, nameEnd).toLowerCase(Locale.ROOT);
  }

  private boolean attributeNameIs(int a, String lowerName) {
    int ns = offsets[a * 4];
    int ne = offsets[a * 4 + 1];
    return ne - ns == lowerName.length() && text.regionMatches(true, ns, lowerName, 0, lowerName.length());
  }

  /** Index of the first attribute with this name (the one a browser keeps), or -1. */
  public int indexOf(String lowerName) {
    for (int a = 0; a < count; a++) {
      if (attributeNameIs(a, lowerName)) {
        return a;
      }
    }
    return -1;
  }

  public boolean has(String lowerName) {
    return indexOf(lowerName) >= 0;
  }

  /** The first such attribute's raw value (entities not decoded); "" when valueless; null when absent. */
  public String value(String lowerName) {
    int a = indexOf(lowerName);
    if (a < 0) {
      return null;
    }
    int vs = offsets[a * 4 + 2];
    return vs < 0 ? "" : text.substring(vs, offsets[a * 4 + 3]);
  }

  /** The first such attribute's value with character references decoded; null when absent. */
  public String decodedValue(String lowerName) {
    String v = value(lowerName);
    return v == null ? null : CharRefs.decodeAttribute(v);
  }

  /** The attribute names (lower case), in order, duplicates included. */
  public java.util.List<String> names() {
    java.util.List<String> out = new java.util.ArrayList<>(count);
    for (int a = 0; a < count; a++) {
      out.add(text.substring(offsets[a * 4], offsets[a * 4 + 1]).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** The value of attribute number {@code a} as written ("" when valueless). */
  public String rawValue(int a) {
    int vs = offsets[a * 4 + 2];
    return vs < 0 ? "" : text.substring(vs, offsets[a * 4 + 3]);
  }

  /**
   * Rewrites this tag so that nothing is fetched or run: the {@code moved} attributes (every
   * occurrence, since a duplicate would otherwise take effect) get the {@code data-cookie-gate-}
   * prefix; a script gets {@code type="text/plain"}; {@code data-cookie-gate="category"} goes right
   * after the tag name when the tag has none; {@code inserted} (an attribute such as a rewritten
   * {@code srcdoc}, or null) goes first of all. Everything else is copied as it was.
   */
  public String neutralise(String category, boolean script, String inserted, String... moved) {
    StringBuilder sb = new StringBuilder(text.length() + 64 + (inserted == null ? 0 : inserted.length()));
    sb.append(text, 0, nameEnd);
    if (inserted != null) {
      sb.append(inserted);
    }
    // Restore removes what sits right after the name. A script always gets the type there, so an
    // inserted mark is told apart by the type following it. Other elements: also insert when the
    // author's own mark sits exactly there in the form we would insert (a harmless duplicate with
    // the same value, which browsers drop), else restore could not tell the two apart.
    if (!has(MARK) || (!script && text.startsWith(INSERTED_MARK, nameEnd))) {
      sb.append(INSERTED_MARK).append(CharRefs.escapeAttribute(category)).append('"');
    }
    if (script) {
      sb.append(INSERTED_TYPE);
    }
    int copied = nameEnd;
    for (int a = 0; a < count; a++) {
      for (String m : moved) {
        if (attributeNameIs(a, m)) {
          int ns = offsets[a * 4];
          sb.append(text, copied, ns).append(PREFIX);
          copied = ns;
          break;
        }
      }
    }
    sb.append(text, copied, text.length());
    return sb.toString();
  }

  /** Inverse of {@link #neutralise}: gives back the original tag byte for byte. */
  public static String restore(String neutralised) {
    StartTag t = parse(neutralised);
    String s = t.text;
    StringBuilder sb = new StringBuilder(s.length());
    sb.append(s, 0, t.nameEnd);
    int p = t.nameEnd;
    if (s.startsWith(INSERTED_SRCDOC, p) && t.has(PREFIX + "srcdoc")) {
      int close = s.indexOf('"', p + INSERTED_SRCDOC.length());
      if (close >= 0) {
        p = close + 1;
      }
    }
    boolean script = t.nameIs("script");
    if (s.startsWith(INSERTED_MARK, p)) {
      int close = s.indexOf('"', p + INSERTED_MARK.length());
      if (close >= 0 && (!script || s.startsWith(INSERTED_TYPE, close + 1))) {
        p = close + 1;
      }
    }
    if (script && s.startsWith(INSERTED_TYPE, p)) {
      p += INSERTED_TYPE.length();
    }
    int copied = p;
    for (int a = 0; a < t.count; a++) {
      int ns = t.offsets[a * 4];
      int ne = t.offsets[a * 4 + 1];
      if (ns >= p && ne - ns > PREFIX.length() && s.startsWith(PREFIX, ns) && isMovedName(s, ns + PREFIX.length(), ne)) {
        sb.append(s, copied, ns);
        copied = ns + PREFIX.length();
      }
    }
    sb.append(s, copied, s.length());
    return sb.toString();
  }

  private static boolean isMovedName(String s, int from, int to) {
    for (String m : MOVABLE) {
      if (to - from == m.length() && s.regionMatches(true, from, m, 0, m.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the tag carries an attribute a neutralisation would create (then restore is not exact). */
  public boolean hasMovedAttribute() {
    for (int a = 0; a < count; a++) {
      int ns = offsets[a * 4];
      int ne = offsets[a * 4 + 1];
      if (ne - ns > PREFIX.length() && text.regionMatches(true, ns, PREFIX, 0, PREFIX.length())
          && isMovedName(text, ns + PREFIX.length(), ne)) {
        return true;
      }
    }
    return false;
  }
}
