package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.HostRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Assertions over the HTML a response serves: which vendor hosts the page would load from as it
 * stands, before any script runs. It reads the elements the filter's rewriter gates ({@code
 * script src}, {@code iframe}, {@code img}, {@code source}, {@code embed}, {@code object data},
 * resource hints {@code link rel=preconnect|dns-prefetch|prefetch|preload|modulepreload|prerender},
 * and inline scripts naming a vendor host) and classifies each host with the gate's host catalog
 * ({@code hosts.*} on top of the built-in one). An element the filter neutralised ({@code
 * data-cookie-gate-src}, {@code type="text/plain"}) loads nothing and is not reported.
 *
 * <p>This is a static read of one response: what scripts insert at run time needs a browser (the
 * scanner's {@code --browser} mode).
 */
public final class PageAssert {
  private static final Set<String> HINTS = Set.of("preconnect", "dns-prefetch", "prefetch", "preload",
      "modulepreload", "prerender");

  private static final Set<String> LOADING = Set.of("script", "iframe", "frame", "img", "embed", "video", "audio",
      "track", "source", "object", "link");

  private final String source;
  private final String html;
  private Classifier classifier = Classifier.defaults();

  PageAssert(String source, String html) {
    this.source = source;
    this.html = html;
  }

  /** Classifies hosts with this gate's host catalog. */
  public PageAssert withGate(CookieGate gate) {
    this.classifier = Classifier.of(Objects.requireNonNull(gate, "gate"));
    return this;
  }

  /** Classifies hosts with the gate these settings build. */
  public PageAssert withSettings(Map<String, String> settings) {
    return withGate(CookieGate.fromSettings(Objects.requireNonNull(settings, "settings")));
  }

  /** Asserts that the page loads nothing from a host of these categories. */
  public PageAssert loadsNoVendorOf(Category... categories) {
    Set<Category> banned = EnumSet.noneOf(Category.class);
    for (Category c : categories) {
      banned.add(Objects.requireNonNull(c, "category"));
    }
    if (banned.isEmpty()) {
      throw new IllegalArgumentException("give at least one category");
    }
    List<String> bad = new ArrayList<>();
    for (Load load : loads()) {
      if (banned.contains(load.rule.category())) {
        bad.add("  - <" + load.element + "> from " + Classifier.printable(load.host) + ": "
            + classifier.describe(load.rule));
      }
    }
    if (!bad.isEmpty()) {
      throw Failures.error("Expected " + source + " to load nothing from a " + CookieAssert.words(banned)
          + " vendor, but it loads " + (bad.size() == 1 ? "this" : "these " + bad.size())
          + " (not neutralised by the gate: is the page served outside the filter's mapping, or with html=off?):\n"
          + String.join("\n", bad));
    }
    return this;
  }

  /** Asserts that the page loads nothing from a chat, functional, analytics or marketing host. */
  public PageAssert loadsNoVendor() {
    return loadsNoVendorOf(Category.CHAT, Category.FUNCTIONAL, Category.ANALYTICS, Category.MARKETING);
  }

  /** Returns the catalogued hosts the page loads from, as {@code element host}, in page order. */
  public List<String> vendorLoads() {
    List<String> out = new ArrayList<>();
    for (Load l : loads()) {
      out.add(l.element + " " + l.host);
    }
    return out;
  }

  private record Load(String element, String host, HostRule rule) {}

  /** A small tokenizer: start tags, comments skipped, script text read raw (HTML 13.2.5). */
  private List<Load> loads() {
    List<Load> out = new ArrayList<>();
    int i = 0;
    int n = html.length();
    while (i < n) {
      int lt = html.indexOf('<', i);
      if (lt < 0 || lt + 1 >= n) {
        break;
      }
      if (html.startsWith("<!--", lt)) {
        int end = html.indexOf("-->", lt + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      int j = lt + 1;
      while (j < n && isNameChar(html.charAt(j))) {
        j++;
      }
      if (j == lt + 1) {
        i = lt + 1;
        continue;
      }
      String tag = html.substring(lt + 1, j).toLowerCase(Locale.ROOT);
      if (!LOADING.contains(tag)) {
        i = skipTag(j); // a <p> or <a> loads nothing: skip its attributes unread
        continue;
      }
      List<String[]> attrs = new ArrayList<>();
      int end = attributes(j, attrs);
      i = end;
      switch (tag) {
        case "script" -> {
          int close = indexOfIgnoreCase("</script", end);
          String text = html.substring(end, close < 0 ? n : close);
          i = close < 0 ? n : close;
          String type = attr(attrs, "type");
          if (type != null && !isJavaScript(type)) {
            break;
          }
          String src = attr(attrs, "src");
          if (src != null) {
            add(out, "script src", src);
          } else {
            inlineHosts(out, text);
          }
        }
        case "iframe", "frame", "img", "embed", "video", "audio", "track" -> addIfPresent(out, tag, attrs, "src");
        case "source" -> {
          addIfPresent(out, tag, attrs, "src");
          srcset(out, tag, attr(attrs, "srcset"));
        }
        case "object" -> addIfPresent(out, tag, attrs, "data");
        case "link" -> {
          String rel = attr(attrs, "rel");
          if (rel != null) {
            for (String r : rel.toLowerCase(Locale.ROOT).split("\\s+")) {
              if (HINTS.contains(r)) {
                addIfPresent(out, "link rel=" + r, attrs, "href");
                break;
              }
            }
          }
        }
        default -> { }
      }
      if (tag.equals("img")) {
        srcset(out, tag, attr(attrs, "srcset"));
      }
    }
    return out;
  }

  private void addIfPresent(List<Load> out, String element, List<String[]> attrs, String name) {
    String v = attr(attrs, name);
    if (v != null) {
      add(out, element + " " + name, v);
    }
  }

  private void srcset(List<Load> out, String tag, String srcset) {
    if (srcset == null) {
      return;
    }
    for (String candidate : srcset.split(",")) {
      String url = candidate.strip().split("\\s+")[0];
      if (!url.isEmpty()) {
        add(out, tag + " srcset", url);
      }
    }
  }

  private void add(List<Load> out, String element, String url) {
    Optional<HostRule> rule = classifier.host(url);
    rule.ifPresent(r -> out.add(new Load(element, hostOf(url), r)));
  }

  /** Hosts after {@code //} in an inline script: the rewriter neutralises a script whose text names a vendor host. */
  private void inlineHosts(List<Load> out, String text) {
    int from = 0;
    while (true) {
      int s = text.indexOf("//", from);
      if (s < 0) {
        return;
      }
      int e = s + 2;
      while (e < text.length() && isHostChar(text.charAt(e))) {
        e++;
      }
      if (e > s + 2) {
        String host = text.substring(s + 2, e);
        Optional<HostRule> rule = classifier.host(host);
        if (rule.isPresent()) {
          out.add(new Load("script (inline)", host.toLowerCase(Locale.ROOT), rule.get()));
          return; // one is enough to name the script
        }
      }
      from = e;
    }
  }

  /** Returns the index after the {@code >} that ends the start tag, quotes respected. */
  private int skipTag(int pos) {
    int n = html.length();
    char quote = 0;
    for (int i = pos; i < n; i++) {
      char c = html.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        // only a quote that starts an attribute value opens a quoted run
        quote = i > pos && html.charAt(i - 1) == '=' ? c : 0;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return n;
  }

  /** Reads attributes from {@code pos} to the end of the start tag; returns the index after {@code >}. */
  private int attributes(int pos, List<String[]> attrs) {
    int n = html.length();
    int i = pos;
    while (i < n) {
      char c = html.charAt(i);
      if (c == '>') {
        return i + 1;
      }
      if (Character.isWhitespace(c) || c == '/') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '=' && html.charAt(i) != '>'
          && !(html.charAt(i) == '/' && i > nameStart)) {
        i++;
      }
      String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
      while (i < n && Character.isWhitespace(html.charAt(i))) {
        i++;
      }
      String value = "";
      if (i < n && html.charAt(i) == '=') {
        i++;
        while (i < n && Character.isWhitespace(html.charAt(i))) {
          i++;
        }
        if (i < n && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
          char q = html.charAt(i);
          int close = html.indexOf(q, i + 1);
          int stop = close < 0 ? n : close;
          value = html.substring(i + 1, stop);
          i = close < 0 ? n : close + 1;
        } else {
          int vs = i;
          while (i < n && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
            i++;
          }
          value = html.substring(vs, i);
        }
      }
      attrs.add(new String[] {name, value});
    }
    return n;
  }

  private static String attr(List<String[]> attrs, String name) {
    for (String[] a : attrs) {
      if (a[0].equals(name)) {
        return a[1]; // the first wins, as in HTML
      }
    }
    return null;
  }

  private static boolean isJavaScript(String type) {
    String t = type.strip().toLowerCase(Locale.ROOT);
    return t.isEmpty() || t.equals("module") || t.equals("text/javascript") || t.equals("application/javascript")
        || t.equals("text/ecmascript") || t.equals("application/ecmascript");
  }

  private int indexOfIgnoreCase(String needle, int from) {
    for (int k = html.indexOf('<', from); k >= 0; k = html.indexOf('<', k + 1)) {
      if (html.regionMatches(true, k, needle, 0, needle.length())) {
        return k;
      }
    }
    return -1;
  }

  private static String hostOf(String url) {
    String t = url.strip();
    int s = t.indexOf("//");
    int start = s < 0 ? 0 : s + 2;
    int e = start;
    while (e < t.length() && isHostChar(t.charAt(e))) {
      e++;
    }
    return t.substring(start, e).toLowerCase(Locale.ROOT);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
}
