package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.internal.html.Loads;
import io.github.cookiegate.internal.html.PageRewriter;
import io.github.cookiegate.internal.html.StartTag;
import io.github.cookiegate.internal.html.Urls;
import io.github.cookiegate.internal.text.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * stands, before any script runs. It reads the page with the filter's own reader and its table of
 * what loads (scripts, iframes and their {@code srcdoc}, images and pixels, media, plugins,
 * stylesheets, icons and resource hints, refreshes, and inline scripts naming a vendor host; see
 * the project's docs/html-rewriting.md) and classifies each host with the gate's host catalog
 * ({@code hosts.*} on top of the built-in one). An element the filter neutralised ({@code
 * data-cookie-gate-src}, {@code type="text/plain"}) loads nothing and is not reported.
 *
 * <p>This is a static read of one response: what scripts insert at run time needs a browser (the
 * scanner's {@code --browser} mode).
 */
public final class PageAssert {
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
        bad.add("  - <" + load.element + "> from " + Text.printable(load.host) + ": "
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

  /**
   * Reads the page with the filter's own reader and "what loads" table (HTML tokenizer, character
   * references, URL parsing, the first {@code <base href>}, inert template content, the inline
   * script hosts the rewriter looks for): so the kit passes or fails a page by the rules the
   * filter enforces.
   */
  private List<Load> loads() {
    List<Load> out = new ArrayList<>();
    PageRewriter reader = PageRewriter.wrap(Writer.nullWriter(),
        PageRewriter.Decider.of(h -> Optional.empty(), c -> true), PageRewriter.Listener.none());
    reader.observe(new PageRewriter.Observer() {
      @Override
      public void startTag(StartTag tag, boolean inert, Urls.Base base) {
        if (inert) {
          return;
        }
        String name = tag.lowerName();
        Loads.urls(tag, name, false, (attribute, url) -> {
          String label = name.equals("link") ? "link rel=" + firstLoadingRel(tag) + " " + attribute : name + " " + attribute;
          add(out, label, Urls.host(url, base));
        });
        String srcdoc = name.equals("iframe") ? tag.decodedValue("srcdoc") : null;
        if (srcdoc != null) {
          for (Load l : new PageAssert(source, srcdoc).withClassifier(classifier).loads()) {
            out.add(new Load("iframe srcdoc " + l.element, l.host, l.rule));
          }
        }
      }

      private StartTag named; // an inline script is reported once, by its first catalogued host

      @Override
      public void inlineScriptHost(StartTag script, String host) {
        if (script != named && Loads.scriptRuns(script.value("type")) && add(out, "script (inline)", host)) {
          named = script;
        }
      }
    });
    try {
      reader.write(html);
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private PageAssert withClassifier(Classifier c) {
    this.classifier = c;
    return this;
  }

  private static String firstLoadingRel(StartTag tag) {
    String rel = tag.decodedValue("rel");
    for (String r : rel.toLowerCase(Locale.ROOT).split("[\\t\\n\\f\\r ]+")) {
      if (Loads.LINK_RELS.contains(r)) {
        return r;
      }
    }
    return rel;
  }

  private boolean add(List<Load> out, String element, String host) {
    Optional<HostRule> rule = host == null ? Optional.empty() : classifier.host(host);
    rule.ifPresent(r -> out.add(new Load(element, host, r)));
    return rule.isPresent();
  }
}
