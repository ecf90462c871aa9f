package io.github.cookiegate.scan;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the start tags of an HTML page the way a browser tokenises them (HTML 13.2.5, enough for
 * tags, attributes, comments and raw text), for the scanner's two questions: which same-site pages
 * it links to, and which URLs it makes the browser fetch (or holds, neutralised by cookie-gate).
 * Never throws on malformed input; bounded by the input's length.
 */
final class PageParser {

  /** A URL the page references: how (element and attribute), and whether cookie-gate holds it. */
  record Ref(String element, String attribute, String url, boolean held, String heldCategory) {}

  /** What a page links to and what it loads. */
  record Parsed(List<String> links, List<Ref> refs) {}

  private static final Set<String> RAW_TEXT = Set.of("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes");
  private static final Set<String> HINT_RELS = Set.of("preconnect", "dns-prefetch", "preload", "prefetch", "modulepreload",
      "stylesheet", "prerender", "icon");
  private static final Set<String> SCRIPT_TYPES = Set.of("", "text/javascript", "application/javascript", "module",
      "text/ecmascript", "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript");
  static final String HELD_PREFIX = "data-cookie-gate-";
  /** Inline script text read for host names, as cookie-gate's rewriter reads it. */
  static final int MAX_INLINE = 256 * 1024;
  /** A host after {@code //} or inside quotes, as vendors' snippets write their loader URLs. */
  private static final java.util.regex.Pattern HOST_IN_SCRIPT =
      java.util.regex.Pattern.compile("(?://|['\"`])((?:[a-z0-9-]+\\.)+[a-z]{2,63})(?=[/:'\"`])", java.util.regex.Pattern.CASE_INSENSITIVE);

  private PageParser() {}

  /** Parses a page; URLs are returned as written (entities decoded), not resolved. */
  static Parsed parse(String html) {
    List<String> links = new ArrayList<>();
    List<Ref> refs = new ArrayList<>();
    int n = html.length();
    int i = 0;
    while (i < n) {
      int lt = html.indexOf('<', i);
      if (lt < 0 || lt + 1 >= n) {
        break;
      }
      char c = html.charAt(lt + 1);
      if (html.startsWith("<!--", lt)) {
        int end = html.indexOf("-->", lt + 4);
        i = end < 0 ? n : end + 3;
      } else if (c == '!' || c == '?' || c == '/') {
        int end = html.indexOf('>', lt + 2);
        i = end < 0 ? n : end + 1;
      } else if (isAsciiLetter(c)) {
        Map<String, String> attrs = new HashMap<>();
        int[] pos = {lt + 1};
        String name = tag(html, pos, attrs);
        i = pos[0];
        element(name, attrs, links, refs);
        if (RAW_TEXT.contains(name)) {
          int end = endOfRawText(html, i, name);
          if (name.equals("script") && !attrs.containsKey("src") && !attrs.containsKey(HELD_PREFIX + "src")) {
            inline(html.substring(i, Math.min(end, i + MAX_INLINE)), attrs, refs);
          }
          i = end;
        }
      } else {
        i = lt + 1;
      }
    }
    return new Parsed(links, refs);
  }

  /** Reads a start tag from {@code pos[0]} (just after '<'); leaves pos after its '>'. */
  private static String tag(String s, int[] pos, Map<String, String> attrs) {
    int n = s.length();
    int i = pos[0];
    int start = i;
    while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != '>') {
      i++;
    }
    String name = s.substring(start, i).toLowerCase(Locale.ROOT);
    while (i < n) {
      char c = s.charAt(i);
      if (isSpace(c) || c == '/') {
        i++;
        continue;
      }
      if (c == '>') {
        i++;
        break;
      }
      int ns = i;
      i++; // an attribute name may start with '='
      while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '/' && s.charAt(i) != '>' && s.charAt(i) != '=') {
        i++;
      }
      String attr = s.substring(ns, i).toLowerCase(Locale.ROOT);
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      String value = "";
      if (i < n && s.charAt(i) == '=') {
        i++;
        while (i < n && isSpace(s.charAt(i))) {
          i++;
        }
        if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
          char q = s.charAt(i);
          int end = s.indexOf(q, i + 1);
          end = end < 0 ? n : end;
          value = s.substring(i + 1, end);
          i = Math.min(n, end + 1);
        } else {
          int vs = i;
          while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '>') {
            i++;
          }
          value = s.substring(vs, i);
        }
      }
      attrs.putIfAbsent(attr, decode(value)); // a duplicate attribute is ignored (HTML 13.2.5.33)
    }
    pos[0] = i;
    return name;
  }

  private static int endOfRawText(String s, int from, String name) {
    int n = s.length();
    int i = from;
    while (true) {
      int lt = s.indexOf("</", i);
      if (lt < 0) {
        return n;
      }
      int e = lt + 2 + name.length();
      if (e <= n && s.regionMatches(true, lt + 2, name, 0, name.length())
          && (e == n || isSpace(s.charAt(e)) || s.charAt(e) == '>' || s.charAt(e) == '/')) {
        return lt;
      }
      i = lt + 2;
    }
  }

  private static void element(String name, Map<String, String> a, List<String> links, List<Ref> refs) {
    String held = a.get("data-cookie-gate");
    switch (name) {
      case "a", "area" -> {
        if (a.containsKey("href")) {
          links.add(a.get("href"));
        }
      }
      case "script" -> {
        String type = a.getOrDefault("type", "").strip().toLowerCase(Locale.ROOT);
        if (a.containsKey("src") && SCRIPT_TYPES.contains(type)) {
          refs.add(new Ref(name, "src", a.get("src"), false, null));
        }
        held(name, "src", a, held, refs);
      }
      case "iframe", "embed", "audio", "video", "track", "input" -> {
        if (name.equals("input") && !"image".equalsIgnoreCase(a.getOrDefault("type", ""))) {
          return;
        }
        url(name, "src", a, refs);
        held(name, "src", a, held, refs);
      }
      case "img", "source" -> {
        url(name, "src", a, refs);
        srcset(name, "srcset", a.get("srcset"), false, null, refs);
        held(name, "src", a, held, refs);
        srcset(name, "srcset", a.get(HELD_PREFIX + "srcset"), true, held, refs);
      }
      case "object" -> {
        url(name, "data", a, refs);
        held(name, "data", a, held, refs);
      }
      case "link" -> {
        boolean hint = false;
        for (String rel : a.getOrDefault("rel", "").toLowerCase(Locale.ROOT).split("[\\t\\n\\f\\r ]+")) {
          hint |= HINT_RELS.contains(rel);
        }
        if (hint) {
          url(name, "href", a, refs);
          srcset(name, "imagesrcset", a.get("imagesrcset"), false, null, refs);
          held(name, "href", a, held, refs);
          srcset(name, "imagesrcset", a.get(HELD_PREFIX + "imagesrcset"), true, held, refs);
        }
      }
      default -> {
        // not a link or a load
      }
    }
  }

  /**
   * Hosts an inline script names ({@code 'https://widget.intercom.io/widget/' + id}): the vendors'
   * standard snippets build their loader's URL this way. Held when cookie-gate neutralised the script.
   */
  private static void inline(String text, Map<String, String> a, List<Ref> refs) {
    String type = a.getOrDefault("type", "").strip().toLowerCase(Locale.ROOT);
    boolean held = a.containsKey("data-cookie-gate") && type.equals("text/plain");
    if (!held && !SCRIPT_TYPES.contains(type)) {
      return;
    }
    java.util.regex.Matcher m = HOST_IN_SCRIPT.matcher(text);
    Set<String> once = new java.util.HashSet<>();
    while (m.find()) {
      String host = m.group(1).toLowerCase(Locale.ROOT);
      if (once.add(host)) {
        refs.add(new Ref("script", "inline", "//" + host + "/", held, held ? a.get("data-cookie-gate") : null));
      }
    }
  }

  private static void url(String element, String attribute, Map<String, String> a, List<Ref> refs) {
    String v = a.get(attribute);
    if (v != null && !v.isBlank()) {
      refs.add(new Ref(element, attribute, v.strip(), false, null));
    }
  }

  private static void held(String element, String attribute, Map<String, String> a, String category, List<Ref> refs) {
    String v = a.get(HELD_PREFIX + attribute);
    if (v != null && !v.isBlank()) {
      refs.add(new Ref(element, attribute, v.strip(), true, category == null ? "" : category));
    }
  }

  /** Each candidate URL of a srcset (HTML 4.8.4.3.1: URL, optional descriptor, comma-separated). */
  private static void srcset(String element, String attribute, String v, boolean held, String category, List<Ref> refs) {
    if (v == null) {
      return;
    }
    int n = v.length();
    int i = 0;
    while (i < n) {
      while (i < n && (isSpace(v.charAt(i)) || v.charAt(i) == ',')) {
        i++;
      }
      int s = i;
      while (i < n && !isSpace(v.charAt(i))) {
        i++;
      }
      String url = v.substring(s, i);
      if (url.endsWith(",")) {
        url = url.substring(0, url.length() - 1);
      } else {
        while (i < n && v.charAt(i) != ',') {
          i++; // the descriptor
        }
      }
      if (!url.isEmpty()) {
        refs.add(new Ref(element, attribute, url, held, held ? (category == null ? "" : category) : null));
      }
    }
  }

  /** Decodes the character references that appear in URLs: named basics and numeric ones. */
  static String decode(String v) {
    if (v.indexOf('&') < 0) {
      return v;
    }
    StringBuilder b = new StringBuilder(v.length());
    int n = v.length();
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c != '&') {
        b.append(c);
        continue;
      }
      int semi = v.indexOf(';', i);
      if (semi < 0 || semi - i > 10) {
        b.append(c);
        continue;
      }
      String ref = v.substring(i + 1, semi);
      String out = switch (ref) {
        case "amp" -> "&";
        case "quot" -> "\"";
        case "apos" -> "'";
        case "lt" -> "<";
        case "gt" -> ">";
        case "sol" -> "/";
        case "colon" -> ":";
        default -> numeric(ref);
      };
      if (out == null) {
        b.append(c);
      } else {
        b.append(out);
        i = semi;
      }
    }
    return b.toString();
  }

  private static String numeric(String ref) {
    try {
      if (ref.startsWith("#x") || ref.startsWith("#X")) {
        return new String(Character.toChars(Integer.parseInt(ref.substring(2), 16)));
      }
      if (ref.startsWith("#")) {
        return new String(Character.toChars(Integer.parseInt(ref.substring(1))));
      }
    } catch (IllegalArgumentException e) {
      // not a reference: kept as written
    }
    return null;
  }

  /** Resolves a reference against the page, or null when it is no http(s) URL. */
  static URI resolve(URI page, String ref) {
    try {
      String r = ref.strip();
      URI u = page.resolve(new URI(encodeSpaces(r)));
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      // an unparseable URL loads nothing the scanner can name
    }
    return null;
  }

  private static String encodeSpaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
        b.append('%').append(String.format("%02X", (int) c));
      } else if (c > 0x7e || c < 0x20) {
        for (byte x : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          b.append('%').append(String.format("%02X", x & 0xff));
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
}
