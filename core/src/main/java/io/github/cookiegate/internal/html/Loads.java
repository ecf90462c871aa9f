package io.github.cookiegate.internal.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one table of what in a page makes the browser contact a host before any script runs:
 * element, attribute and how its value is read, the {@code link rel} tokens that fetch, and the
 * host names an inline script's text can name. The filter's rewriter holds by it, the test kit's
 * {@code PageAssert} and the scanner read pages by it, and {@code gate.js} receives it as JSON.
 */
public final class Loads {
  private Loads() {
  }

  /** How an attribute's value is read. */
  public enum Kind {
    /** One URL. */
    URL,
    /** A srcset: comma-separated candidates, each a URL and a descriptor (HTML 4.8.4.3.1). */
    SRCSET,
    /** A document in the value ({@code iframe srcdoc}): its own markup loads what it names. */
    DOCUMENT,
    /** A {@code meta http-equiv=refresh} content: a delay, then the URL to navigate to. */
    REFRESH
  }

  /** One attribute that loads. */
  public record Attribute(String name, Kind kind) {
  }

  private static Attribute url(String name) {
    return new Attribute(name, Kind.URL);
  }

  private static final Attribute SRCSET = new Attribute("srcset", Kind.SRCSET);
  private static final List<Attribute> BACKGROUND = List.of(url("background"));

  /**
   * Element (lower case) to the attributes through which it loads. {@code script href} and
   * {@code xlink:href} are SVG's script; {@code image} is SVG's, and in HTML the parser turns it into
   * {@code img}; {@code input} loads only as {@code type=image}, {@code link} only for a
   * {@linkplain #LINK_RELS fetching rel}, {@code meta} only as {@code http-equiv=refresh}; the
   * {@code background} attribute is still honoured by browsers on these table elements and body.
   */
  public static final Map<String, List<Attribute>> ELEMENTS = Map.ofEntries(
      Map.entry("script", List.of(url("src"), url("href"), url("xlink:href"))),
      Map.entry("iframe", List.of(url("src"), new Attribute("srcdoc", Kind.DOCUMENT))),
      Map.entry("frame", List.of(url("src"))),
      Map.entry("img", List.of(url("src"), SRCSET)),
      Map.entry("image", List.of(url("src"), SRCSET, url("href"), url("xlink:href"))),
      Map.entry("feimage", List.of(url("href"), url("xlink:href"))),
      Map.entry("source", List.of(url("src"), SRCSET)),
      Map.entry("video", List.of(url("src"), url("poster"))),
      Map.entry("audio", List.of(url("src"))),
      Map.entry("track", List.of(url("src"))),
      Map.entry("input", List.of(url("src"))),
      Map.entry("embed", List.of(url("src"))),
      Map.entry("object", List.of(url("data"))),
      Map.entry("link", List.of(url("href"), new Attribute("imagesrcset", Kind.SRCSET))),
      Map.entry("meta", List.of(new Attribute("content", Kind.REFRESH))),
      Map.entry("body", BACKGROUND),
      Map.entry("table", BACKGROUND),
      Map.entry("thead", BACKGROUND),
      Map.entry("tbody", BACKGROUND),
      Map.entry("tfoot", BACKGROUND),
      Map.entry("tr", BACKGROUND),
      Map.entry("td", BACKGROUND),
      Map.entry("th", BACKGROUND));

  /**
   * The {@code link rel} tokens that make the browser fetch {@code href}: stylesheets (a vendor's
   * stylesheet is a request to the vendor: its IP, Referer and cookies), icons, the manifest, and
   * the resource hints.
   */
  public static final Set<String> LINK_RELS = Set.of("stylesheet", "icon", "apple-touch-icon",
      "apple-touch-icon-precomposed", "mask-icon", "manifest", "preconnect", "dns-prefetch", "prefetch", "preload",
      "modulepreload", "prerender");

  /** Every attribute name of the table; the rewriter moves these under {@code data-cookie-gate-}. */
  public static final Set<String> ATTRIBUTES = Set.of("src", "srcset", "href", "xlink:href", "imagesrcset", "data",
      "poster", "srcdoc", "content", "background");

  /** The attributes of an element through which it loads; empty for any other. */
  public static List<Attribute> of(String lowerName) {
    return ELEMENTS.getOrDefault(lowerName, List.of());
  }

  /** Whether this start tag loads through its table attributes at all (the rel, type and http-equiv conditions). */
  public static boolean applies(StartTag t, String lowerName) {
    switch (lowerName) {
      case "script" -> {
        return scriptRuns(t.decodedValue("type"));
      }
      case "link" -> {
        return linkLoads(t.decodedValue("rel"));
      }
      case "input" -> {
        String type = t.decodedValue("type");
        return type != null && type.strip().equalsIgnoreCase("image");
      }
      case "meta" -> {
        String equiv = t.decodedValue("http-equiv");
        return equiv != null && equiv.strip().equalsIgnoreCase("refresh");
      }
      default -> {
        return ELEMENTS.containsKey(lowerName);
      }
    }
  }

  /**
   * Calls {@code found} with each URL the tag loads by the table ({@code held}: each URL the
   * filter's neutralisation moved under {@code data-cookie-gate-}), character references decoded, a
   * srcset split into its candidates, a refresh reduced to its URL; {@code srcdoc} documents are
   * not entered. Returns nothing for a tag the table does not name.
   */
  public static void urls(StartTag t, String lowerName, boolean held, java.util.function.BiConsumer<String, String> found) {
    List<Attribute> attributes = of(lowerName);
    if (attributes.isEmpty()) {
      return;
    }
    if (held) {
      if (lowerName.equals("script") && !scriptRuns(t.decodedValue(StartTag.PREFIX + "type"))) {
        return;
      }
      if (!lowerName.equals("script") && !applies(t, lowerName)) {
        return;
      }
    } else if (!applies(t, lowerName)) {
      return;
    }
    for (Attribute a : attributes) {
      String v = t.decodedValue(held ? StartTag.PREFIX + a.name() : a.name());
      if (v == null) {
        continue;
      }
      switch (a.kind()) {
        case URL -> found.accept(a.name(), v.strip());
        case SRCSET -> srcsetUrls(v).forEach(u -> found.accept(a.name(), u));
        case REFRESH -> {
          String u = refreshUrl(v);
          if (u != null) {
            found.accept(a.name(), u.strip());
          }
        }
        case DOCUMENT -> {
          // a document of its own: read by a reader of its own
        }
      }
    }
  }

  /** Whether a {@code rel} value has a token of {@link #LINK_RELS}. */
  public static boolean linkLoads(String rel) {
    if (rel == null) {
      return false;
    }
    for (String token : rel.toLowerCase(Locale.ROOT).split("[\\t\\n\\f\\r ]+")) {
      if (LINK_RELS.contains(token)) {
        return true;
      }
    }
    return false;
  }

  /** Each candidate URL of a srcset value, as HTML's srcset parsing splits it. */
  public static List<String> srcsetUrls(String v) {
    List<String> out = new ArrayList<>(2);
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
      int e = url.length();
      while (e > 0 && url.charAt(e - 1) == ',') {
        e--;
      }
      boolean endedByComma = e < url.length();
      url = url.substring(0, e);
      if (!endedByComma) {
        int depth = 0; // the descriptor, to the next comma outside parentheses
        while (i < n && (v.charAt(i) != ',' || depth > 0)) {
          depth += v.charAt(i) == '(' ? 1 : v.charAt(i) == ')' ? -1 : 0;
          i++;
        }
      }
      if (!url.isEmpty()) {
        out.add(url);
      }
    }
    return out;
  }

  /**
   * The URL of a {@code meta http-equiv=refresh} content value (HTML "shared declarative refresh
   * steps"): after the delay, a {@code ;} or {@code ,}, an optional {@code url=}, an optional quote;
   * null when it only reloads the page.
   */
  public static String refreshUrl(String content) {
    String s = content;
    int n = s.length();
    int i = 0;
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    while (i < n && ((s.charAt(i) >= '0' && s.charAt(i) <= '9') || s.charAt(i) == '.')) {
      i++;
    }
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    if (i < n && (s.charAt(i) == ';' || s.charAt(i) == ',')) {
      i++;
    }
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    if (i >= n) {
      return null;
    }
    int mark = i;
    if (s.regionMatches(true, i, "url", 0, 3)) {
      int j = i + 3;
      while (j < n && isSpace(s.charAt(j))) {
        j++;
      }
      if (j < n && s.charAt(j) == '=') {
        j++;
        while (j < n && isSpace(s.charAt(j))) {
          j++;
        }
        mark = j;
      }
    }
    int end = n;
    if (mark < n && (s.charAt(mark) == '"' || s.charAt(mark) == '\'')) {
      char q = s.charAt(mark);
      mark++;
      int close = s.indexOf(q, mark);
      end = close < 0 ? n : close;
    }
    return s.substring(mark, end);
  }

  /** Whether a script's {@code type} runs as script or fetches by its text: JavaScript, module, speculation rules. */
  public static boolean scriptRuns(String type) {
    if (type == null) {
      return true;
    }
    String t = type.strip().toLowerCase(Locale.ROOT);
    return t.isEmpty() || t.equals("module") || t.equals("speculationrules") || t.contains("javascript")
        || t.contains("ecmascript") || t.equals("text/jscript") || t.equals("text/livescript");
  }

  /**
   * Calls {@code found} with each host an inline script's text names, in order, each once in a
   * row: after {@code //} ({@code "https://widget.intercom.io/widget/"}, {@code '//code.tidio.co'}),
   * after {@code \/\/} (JSON), or right inside a quote when a {@code /}, {@code :} or the closing
   * quote follows ({@code 'www.googletagmanager.com/gtm.js'}). A host has a dot.
   */
  public static void hostsInScript(CharSequence text, int from, int to, Consumer<String> found) {
    String last = null;
    for (int i = from; i + 1 < to; i++) {
      char c = text.charAt(i);
      int hostStart;
      boolean quoted = false;
      if (c == '/' && text.charAt(i + 1) == '/') {
        hostStart = i + 2;
      } else if (c == '\\' && i + 3 < to && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '\\'
          && text.charAt(i + 3) == '/') {
        hostStart = i + 4;
      } else if (c == '\'' || c == '"' || c == '`') {
        hostStart = i + 1;
        quoted = true;
      } else {
        continue;
      }
      int e = hostStart;
      boolean dot = false;
      while (e < to && isHostChar(text.charAt(e))) {
        dot |= text.charAt(e) == '.';
        e++;
      }
      if (!dot || e == hostStart) {
        continue;
      }
      if (quoted) {
        char after = e < to ? text.charAt(e) : 0;
        if (after != '/' && after != ':' && after != c) {
          continue;
        }
      }
      i = e - 1;
      int hostEnd = e;
      while (hostEnd > hostStart && text.charAt(hostEnd - 1) == '.') {
        hostEnd--;
      }
      if (hostEnd == hostStart) {
        continue;
      }
      String h = text.subSequence(hostStart, hostEnd).toString().toLowerCase(Locale.ROOT);
      if (!h.equals(last)) {
        last = h;
        found.accept(h);
      }
    }
  }

  static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
  }

  /** The table as JSON for {@code gate.js}: {@code {"elements":{"img":["src","srcset"],...},"rels":[...]}}. */
  public static String json() {
    StringBuilder sb = new StringBuilder(1024).append("{\"elements\":{");
    boolean first = true;
    for (String element : new java.util.TreeSet<>(ELEMENTS.keySet())) {
      sb.append(first ? "" : ",").append('"').append(element).append("\":[");
      first = false;
      boolean f = true;
      for (Attribute a : ELEMENTS.get(element)) {
        sb.append(f ? "" : ",").append('"').append(a.name()).append('"');
        f = false;
      }
      sb.append(']');
    }
    sb.append("},\"srcsets\":[\"srcset\",\"imagesrcset\"],\"rels\":[");
    first = true;
    for (String rel : new java.util.TreeSet<>(LINK_RELS)) {
      sb.append(first ? "" : ",").append('"').append(rel).append('"');
      first = false;
    }
    return sb.append("]}").toString();
  }
}
