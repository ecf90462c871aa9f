package io.github.cookiegate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts chat vendors and trackers load from, by category: what the page rewriting and a
 * consent-derived Content-Security-Policy gate. Immutable and thread-safe; layered like {@link
 * CookieCatalog}: the application's rules win over built-in ones, an exact host beats a glob, the
 * glob with more literal characters wins.
 *
 * <pre>{@code
 * HostCatalog hosts = HostCatalog.builtIn().with(List.of(HostRule.of("chat.example.com", Category.CHAT)));
 * hosts.match("https://WIDGET.intercom.io:443/widget/x")   // the Intercom rule, category chat
 * }</pre>
 */
public final class HostCatalog {

  private static final class BuiltIn {
    static final HostCatalog INSTANCE = new HostCatalog(List.of(new Layer(load())));
  }

  private static final HostCatalog EMPTY = new HostCatalog(List.of());

  private final List<Layer> layers;

  private HostCatalog(List<Layer> layers) {
    this.layers = layers;
  }

  /** Returns the built-in catalog: every host of the researched chat vendors and common tags. */
  public static HostCatalog builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** Returns a catalog without rules. */
  public static HostCatalog empty() {
    return EMPTY;
  }

  /**
   * Returns a catalog with these rules on top of this one's.
   *
   * @throws IllegalArgumentException if two rules give one host pattern different categories
   */
  public HostCatalog with(List<HostRule> rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.isEmpty()) {
      return this;
    }
    List<Layer> newLayers = new ArrayList<>(layers.size() + 1);
    newLayers.add(new Layer(List.copyOf(rules)));
    newLayers.addAll(layers);
    return new HostCatalog(List.copyOf(newLayers));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<HostRule>> layers() {
    List<List<HostRule>> all = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      all.add(List.copyOf(layer.declared));
    }
    return List.copyOf(all);
  }

  /** Returns every rule, highest priority first. */
  public List<HostRule> rules() {
    List<HostRule> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.declared);
    }
    return List.copyOf(all);
  }

  /**
   * Returns the rule for a host or URL: {@code widget.intercom.io}, {@code Widget.Intercom.IO:443},
   * {@code https://widget.intercom.io/x} or {@code //widget.intercom.io/x}. A relative URL has no
   * host and matches nothing.
   */
  public Optional<HostRule> match(String hostOrUrl) {
    Objects.requireNonNull(hostOrUrl, "hostOrUrl");
    String host = hostOf(hostOrUrl);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    for (Layer layer : layers) {
      HostRule r = layer.match(host);
      if (r != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The lower-case host of a host, host:port or absolute or protocol-relative URL; "" if none. */
  static String hostOf(String s) {
    String t = s.strip();
    int start = 0;
    int scheme = t.indexOf("://");
    if (t.startsWith("//")) {
      start = 2;
    } else if (scheme > 0 && t.substring(0, scheme).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
      start = scheme + 3;
    } else if (t.indexOf('/') >= 0 || t.indexOf(':') > 0 && !t.substring(t.indexOf(':') + 1).chars().allMatch(Character::isDigit)) {
      return ""; // a relative URL, or something else that names no host
    }
    int end = t.length();
    for (int i = start; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    String authority = t.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? "" : authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
    }
    int colon = authority.indexOf(':');
    String host = colon >= 0 ? authority.substring(0, colon) : authority;
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1); // "widget.intercom.io." is the same host
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private static List<HostRule> load() {
    List<HostRule> rules = new ArrayList<>();
    for (List<String> row : Csv.readResource(HostCatalog.class, "hosts.csv")) {
      // vendor,host,category,status,source
      if (row.size() != 5) {
        throw new IllegalStateException("cookie-gate: malformed built-in host row " + row);
      }
      Category c = Category.fromId(row.get(2)).orElseThrow(
          () -> new IllegalStateException("cookie-gate: built-in host row " + row + " has no valid category"));
      rules.add(HostRule.of(row.get(1), c).withVendor(row.get(0)).withSource(row.get(4)));
    }
    return rules;
  }

  /** One set of rules, indexed as cookie names are (see {@link PatternIndex}). */
  private static final class Layer {
    final List<HostRule> declared;
    final PatternIndex<HostRule> index;

    Layer(List<HostRule> rules) {
      this.declared = rules;
      Map<String, HostRule> seen = new HashMap<>();
      List<String> patterns = new ArrayList<>(rules.size());
      List<HostRule> kept = new ArrayList<>(rules.size());
      for (HostRule r : rules) {
        HostRule previous = seen.putIfAbsent(r.pattern(), r);
        if (previous != null) {
          if (previous.category() != r.category()) {
            throw new IllegalArgumentException("cookie-gate: host '" + r.pattern() + "' is given twice, as "
                + previous.category().id() + " and as " + r.category().id());
          }
          continue;
        }
        patterns.add(r.pattern());
        kept.add(r);
      }
      this.index = new PatternIndex<>(patterns, kept);
    }

    HostRule match(String host) {
      HostRule r = index.exact(host);
      return r != null ? r : index.glob(host);
    }
  }
}
