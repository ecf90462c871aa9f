package io.github.cookiegate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
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
    static final CookieCatalog INSTANCE = new CookieCatalog(List.of(new Layer(loadBuiltInRules())));
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

  /** Returns the built-in catalog: chat vendors' cookies and common necessary cookies. */
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

  private static List<CookieRule> loadBuiltInRules() {
    List<CookieRule> rules = new ArrayList<>();
    for (List<String> row : Csv.readResource(CookieCatalog.class, "catalog.csv")) {
      // vendor,pattern,category,lifetime,purpose,source
      if (row.size() != 6) {
        throw new IllegalStateException("cookie-gate: malformed built-in catalog row " + row);
      }
      Category category = Category.fromId(row.get(2)).orElseThrow(
          () -> new IllegalStateException("cookie-gate: built-in catalog row " + row + " has no valid category"));
      rules.add(CookieRule.glob(row.get(1), category).withVendor(row.get(0))
          .withLifetime(row.get(3)).withPurpose(row.get(4)));
    }
    return rules;
  }

  /** One set of rules: exact names hashed, globs by specificity, regexes in order. */
  private static final class Layer {
    final List<CookieRule> declared;
    final Map<String, Classification> exact = new HashMap<>();
    final List<CookieRule> globs = new ArrayList<>();
    final List<Classification> globClassifications = new ArrayList<>();
    final List<CookieRule> regexes = new ArrayList<>();
    final List<Classification> regexClassifications = new ArrayList<>();

    Layer(List<CookieRule> rules) {
      this.declared = rules;
      Map<String, CookieRule> seen = new HashMap<>();
      List<CookieRule> globRules = new ArrayList<>();
      for (CookieRule rule : rules) {
        CookieRule previous = seen.putIfAbsent(rule.kind() + " " + rule.pattern(), rule);
        if (previous != null) {
          if (previous.category() != rule.category()) {
            throw new IllegalArgumentException("cookie-gate: cookie '" + rule.pattern() + "' is given twice, as "
                + previous.category().id() + " and as " + rule.category().id());
          }
          continue;
        }
        switch (rule.kind()) {
          case EXACT -> exact.put(rule.pattern(), Classification.of(rule));
          case GLOB -> globRules.add(rule);
          case REGEX -> {
            regexes.add(rule);
            regexClassifications.add(Classification.of(rule));
          }
        }
      }
      // Stable sort: equal specificity keeps declaration order.
      globRules.sort(Comparator.comparingInt(CookieRule::specificity).reversed());
      for (CookieRule rule : globRules) {
        globs.add(rule);
        globClassifications.add(Classification.of(rule));
      }
    }

    Classification match(String name) {
      Classification c = exact.get(name);
      if (c != null) {
        return c;
      }
      for (int i = 0; i < globs.size(); i++) {
        if (globs.get(i).matches(name)) {
          return globClassifications.get(i);
        }
      }
      for (int i = 0; i < regexes.size(); i++) {
        if (regexes.get(i).matches(name)) {
          return regexClassifications.get(i);
        }
      }
      return null;
    }
  }
}
