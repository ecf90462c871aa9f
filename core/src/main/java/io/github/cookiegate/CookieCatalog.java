package io.github.cookiegate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules that classify cookie names, in layers: the application's rules first, then the
 * built-in ones. Immutable and thread-safe.
 *
 * <p>Lookup order: layer by layer, the most recently added layer first (so the application's rules
 * win over built-in ones); within a layer an exact name beats a glob, a glob beats a regex, the glob
 * with more literal characters beats a shorter one, and between equals the one declared first wins.
 * A name no rule matches is {@link Classification#unknown() unknown}.
 *
 * <p>Lookups are memoised in a bounded cache: cookie names may be chosen by an attacker, so the
 * cache holds at most {@link #CACHE_SIZE} names of at most {@link #MAX_CACHED_NAME_LENGTH}
 * characters, and longer names are classified without caching.
 *
 * <pre>{@code
 * CookieCatalog catalog = CookieCatalog.builtIn().with(List.of(
 *     CookieRule.glob("cw_*", Category.CHAT).withVendor("Chatwoot"),
 *     CookieRule.exact("theme", Category.FUNCTIONAL)));
 * catalog.classify("intercom-id-abc").category();   // Optional[CHAT]
 * }</pre>
 */
public final class CookieCatalog {

  /** Most names whose classification is cached. */
  public static final int CACHE_SIZE = 10_000;
  /** Longer names are classified on each call instead of cached. */
  public static final int MAX_CACHED_NAME_LENGTH = 256;

  private static final class BuiltIn {
    static final CookieCatalog INSTANCE = new CookieCatalog(List.of(
        new Layer(loadBuiltInRules(CURATED_RESOURCE)), new Layer(loadBuiltInRules(OCD_RESOURCE))));
  }

  private static final CookieCatalog EMPTY = new CookieCatalog(List.of());

  private final List<Layer> layers; // highest priority first
  private final Cache<String, Classification> cache;

  private CookieCatalog(List<Layer> layers) {
    this.layers = layers;
    this.cache = Caffeine.newBuilder()
        .maximumSize(CACHE_SIZE)
        .executor(Runnable::run) // no maintenance on the common pool of an application server
        .build();
  }

  /**
   * Returns the built-in catalog, in two layers: first the project's reviewed rows (chat vendors'
   * cookies, common necessary cookies, consent platforms' choice cookies), then the analytics,
   * marketing and functional rows derived from the Open Cookie Database, which never say necessary.
   */
  public static CookieCatalog builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** Returns a catalog without rules: every name is unknown. */
  public static CookieCatalog empty() {
    return EMPTY;
  }

  /**
   * Returns a catalog with these rules on top of this one's: they win over every rule already here.
   *
   * @throws IllegalArgumentException if two of the rules have the same exact name or glob with
   *     different categories
   */
  public CookieCatalog with(List<CookieRule> rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.isEmpty()) {
      return this;
    }
    List<Layer> newLayers = new ArrayList<>(layers.size() + 1);
    newLayers.add(new Layer(List.copyOf(rules)));
    newLayers.addAll(layers);
    return new CookieCatalog(List.copyOf(newLayers));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<CookieRule>> layers() {
    List<List<CookieRule>> all = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      all.add(List.copyOf(layer.declared));
    }
    return List.copyOf(all);
  }

  /** Returns every rule, highest priority first. */
  public List<CookieRule> rules() {
    List<CookieRule> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.declared);
    }
    return List.copyOf(all);
  }

  /** Returns the number of rules. */
  public int size() {
    int n = 0;
    for (Layer layer : layers) {
      n += layer.declared.size();
    }
    return n;
  }

  /** Returns what the catalog says of this cookie name. */
  public Classification classify(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_CACHED_NAME_LENGTH) {
      return lookup(name);
    }
    Classification cached = cache.getIfPresent(name);
    if (cached != null) {
      return cached;
    }
    Classification computed = lookup(name);
    cache.put(name, computed);
    return computed;
  }

  /** Approximate number of cached names (for tests and metrics). */
  long cachedNames() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private Classification lookup(String name) {
    for (Layer layer : layers) {
      Classification c = layer.match(name);
      if (c != null) {
        return c;
      }
    }
    return Classification.unknown();
  }

  /** The project's reviewed rows: chat vendors and common necessary cookies. */
  static final String CURATED_RESOURCE = "catalog.csv";
  /** Rows generated from the Open Cookie Database (see docs/catalog.md); never necessary. */
  static final String OCD_RESOURCE = "catalog-ocd.csv";

  /** Reads a built-in layer: vendor,pattern,category,lifetime,purpose,source. */
  static List<CookieRule> loadBuiltInRules(String resource) {
    List<CookieRule> rules = new ArrayList<>(2048);
    Map<String, String> texts = new HashMap<>(); // one copy of each repeated vendor and lifetime
    boolean generated = resource.equals(OCD_RESOURCE);
    Csv.forEachRow(CookieCatalog.class, resource, 6, (row, count) -> {
      if (count != 6) {
        throw new IllegalStateException("cookie-gate: malformed built-in catalog row in " + resource + ": "
            + java.util.Arrays.asList(row).subList(0, Math.min(count, 6)));
      }
      Category category = Category.fromId(row[2]).orElseThrow(() -> new IllegalStateException(
          "cookie-gate: built-in catalog row in " + resource + " for '" + row[1] + "' has no valid category"));
      if (category == Category.NECESSARY && generated) {
        throw new IllegalStateException("cookie-gate: " + resource + " row for '" + row[1] + "' says necessary;"
            + " only the curated catalog may");
      }
      rules.add(CookieRule.row(row[1], category, shared(texts, row[0]), shared(texts, row[3]), row[4], row[5]));
    });
    return rules;
  }

  private static String shared(Map<String, String> texts, String s) {
    String previous = texts.putIfAbsent(s, s);
    return previous == null ? s : previous;
  }

  /**
   * One set of rules: exact names hashed, globs indexed by their literal prefix or suffix (see
   * {@link PatternIndex}), regexes last, in order.
   */
  private static final class Layer {
    final List<CookieRule> declared;
    final PatternIndex<Classification> index;
    final CookieRule[] regexes;
    final Classification[] regexClassifications;

    Layer(List<CookieRule> rules) {
      this.declared = List.copyOf(rules);
      Map<String, CookieRule> seen = new HashMap<>(rules.size() * 2);
      List<String> patterns = new ArrayList<>(rules.size());
      List<Classification> classifications = new ArrayList<>(rules.size());
      List<CookieRule> regexRules = new ArrayList<>();
      for (CookieRule rule : rules) {
        CookieRule previous = seen.putIfAbsent(rule.kind() == CookieRule.Kind.REGEX ? "regex " + rule.pattern()
            : rule.pattern(), rule);
        if (previous != null) {
          if (previous.category() != rule.category()) {
            throw new IllegalArgumentException("cookie-gate: cookie '" + rule.pattern() + "' is given twice, as "
                + previous.category().id() + " and as " + rule.category().id());
          }
          continue;
        }
        if (rule.kind() == CookieRule.Kind.REGEX) {
          regexRules.add(rule);
        } else {
          patterns.add(rule.pattern());
          classifications.add(Classification.of(rule));
        }
      }
      this.index = new PatternIndex<>(patterns, classifications);
      this.regexes = regexRules.toArray(new CookieRule[0]);
      this.regexClassifications = new Classification[regexes.length];
      for (int i = 0; i < regexes.length; i++) {
        regexClassifications[i] = Classification.of(regexes[i]);
      }
    }

    Classification match(String name) {
      Classification c = index.exact(name);
      if (c != null) {
        return c;
      }
      c = index.glob(name);
      if (c != null) {
        return c;
      }
      for (int i = 0; i < regexes.length; i++) {
        if (regexes[i].matches(name)) {
          return regexClassifications[i];
        }
      }
      return null;
    }
  }
}
