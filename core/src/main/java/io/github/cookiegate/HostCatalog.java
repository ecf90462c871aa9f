package io.github.cookiegate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    static final HostCatalog INSTANCE = new HostCatalog(RuleLayers.none(new Shape()).with(LayerOrigin.CURATED, load()));
  }

  private static final HostCatalog EMPTY = new HostCatalog(RuleLayers.none(new Shape()));

  private final RuleLayers<HostRule, HostRule> layers; // highest priority first

  private HostCatalog(RuleLayers<HostRule, HostRule> layers) {
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
    return new HostCatalog(layers.with(LayerOrigin.APPLICATION, rules));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<HostRule>> layers() {
    return layers.declared();
  }

  /**
   * Returns where each layer comes from, in the same order as {@link #layers()} (index {@code i}
   * is the origin of {@code layers().get(i)}).
   */
  public List<LayerOrigin> origins() {
    return layers.origins();
  }

  /** Returns every rule, highest priority first. */
  public List<HostRule> rules() {
    return layers.rules();
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
    return Optional.ofNullable(layers.find(0, host));
  }

  /** The lower-case host of a host, host:port or absolute or protocol-relative URL; "" if none. */
  static String hostOf(String s) {
    // Most lookups name a host already as it is kept (the rewriter's and the page cache's
    // questions): lower-case letters, digits, '-' and '.', not ending with '.'; it is its own host.
    return isPlainHost(s) ? s : parseHost(s);
  }

  /** Whether {@code s} is a non-empty lower-case host that {@link #parseHost} gives back unchanged. */
  static boolean isPlainHost(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(n - 1) == '.') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  static String parseHost(String s) {
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
    List<HostRule> rules = new ArrayList<>(512);
    Csv.Rows rows = Csv.rows(HostCatalog.class, "hosts.csv", 5);
    String[] row = rows.fields();
    for (int count; (count = rows.next()) >= 0; ) {
      // vendor,host,category,status,source
      if (count != 5) {
        throw new IllegalStateException("cookie-gate: malformed built-in host row in hosts.csv line " + rows.line()
            + ": " + count + " fields, expected vendor,host,category,status,source");
      }
      Category c = CookieCatalog.category(row[2]);
      if (c == null) {
        throw new IllegalStateException("cookie-gate: built-in host row for '" + row[1] + "' in hosts.csv line "
            + rows.line() + " has no valid category");
      }
      rules.add(HostRule.of(row[1], c).withVendor(row[0]).withSource(row[4]));
    }
    return rules;
  }

  /** Host rules: one name space; a match returns the rule. */
  private static final class Shape extends RuleLayers.Shape<HostRule, HostRule> {
    @Override
    String pattern(HostRule rule) {
      return rule.pattern();
    }

    @Override
    Category category(HostRule rule) {
      return rule.category();
    }

    @Override
    HostRule value(HostRule rule) {
      return rule;
    }

    @Override
    String noun(HostRule rule) {
      return "host";
    }
  }
}
