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
 * characters, and longer names are classified without caching. A name enters the cache the second
 * time it is looked up: names seen only once never displace the ones a site sends on every request.
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
  private static final int DOORKEEPER_SIZE = 4096;

  private static final class BuiltIn {
    static final CookieCatalog INSTANCE = buildBuiltIn();
  }

  private static final CookieCatalog EMPTY = new CookieCatalog(RuleLayers.none(new Shape()));

  private final RuleLayers<CookieRule, Classification> layers; // highest priority first
  private volatile Cache<String, Classification> cache; // made on the first lookup: building needs no cache
  private final int[] seenOnce = new int[DOORKEEPER_SIZE]; // hashes of names looked up once, not cached yet

  private CookieCatalog(RuleLayers<CookieRule, Classification> layers) {
    this.layers = layers;
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
    return new CookieCatalog(layers.with(LayerOrigin.APPLICATION, rules));
  }

  /**
   * Returns a catalog with the servlet container's session cookie (its {@code SessionCookieConfig}
   * name) as necessary, in a layer of its own on top of this one's.
   */
  CookieCatalog withContainerCookie(String name) {
    return new CookieCatalog(layers.with(LayerOrigin.CONTAINER, List.of(CookieRule.exact(name, Category.NECESSARY)
        .withVendor("Servlet container").withPurpose("server session").withLifetime("session"))));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<CookieRule>> layers() {
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
  public List<CookieRule> rules() {
    return layers.rules();
  }

  /** Returns the number of rules. */
  public int size() {
    return layers.size();
  }

  /** Returns what the catalog says of this cookie name. */
  public Classification classify(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_CACHED_NAME_LENGTH) {
      return lookup(name);
    }
    Cache<String, Classification> c = cache();
    Classification cached = c.getIfPresent(name);
    if (cached != null) {
      return cached;
    }
    Classification computed = lookup(name);
    // TinyLFU's doorkeeper: a name is cached the second time it is looked up, so a flood of names
    // sent once each (attacker-chosen, every one a miss) never pays the cache's insert and eviction.
    int h = name.hashCode();
    int slot = (h ^ (h >>> 16)) & (DOORKEEPER_SIZE - 1);
    if (seenOnce[slot] == h) {
      c.put(name, computed);
    } else {
      seenOnce[slot] = h; // a racy write of an int: at worst a name is cached one lookup late or early
    }
    return computed;
  }

  private Cache<String, Classification> cache() {
    Cache<String, Classification> c = cache;
    if (c == null) {
      synchronized (layers) { // private and final: no caller can hold it
        c = cache;
        if (c == null) {
          c = Caffeine.newBuilder()
              .maximumSize(CACHE_SIZE)
              .executor(Runnable::run) // no maintenance on the common pool of an application server
              .build();
          cache = c;
        }
      }
    }
    return c;
  }

  /** Approximate number of cached names (for tests and metrics). */
  long cachedNames() {
    Cache<String, Classification> c = cache();
    c.cleanUp();
    return c.estimatedSize();
  }

  private Classification lookup(String name) {
    Classification c = layers.find(0, name);
    return c != null ? c : Classification.unknown();
  }

  /** The project's reviewed rows: chat vendors and common necessary cookies. */
  static final String CURATED_RESOURCE = "catalog.csv";
  /** Rows generated from the Open Cookie Database (see docs/catalog.md); never necessary. */
  static final String OCD_RESOURCE = "catalog-ocd.csv";

  /** The built-in catalog: the reviewed rows over the generated ones. */
  static CookieCatalog buildBuiltIn() {
    return new CookieCatalog(RuleLayers.none(new Shape())
        .with(LayerOrigin.OPEN_COOKIE_DATABASE, loadBuiltInRules(OCD_RESOURCE))
        .with(LayerOrigin.CURATED, loadBuiltInRules(CURATED_RESOURCE)));
  }

  /**
   * Reads a built-in layer: vendor,pattern,category,lifetime,purpose,source. The last three stay
   * undecoded in the resource's bytes until the declaration reads them (see {@link Csv.Tail}); that
   * every row has its six fields is checked by the tests of the resources.
   */
  static List<CookieRule> loadBuiltInRules(String resource) {
    List<CookieRule> rules = new ArrayList<>(2048);
    Map<String, String> vendors = new HashMap<>(); // one copy of each vendor name
    boolean generated = resource.equals(OCD_RESOURCE);
    Csv.Rows rows = Csv.rows(CookieCatalog.class, resource, 3);
    String[] row = rows.fields();
    for (int count; (count = rows.next(3)) >= 0; ) {
      Csv.Tail texts = rows.tail();
      if (count != 3 || texts == null) {
        throw new IllegalStateException("cookie-gate: malformed built-in catalog row in " + resource + " line "
            + rows.line() + ": expected vendor,pattern,category,lifetime,purpose,source");
      }
      Category category = category(row[2]);
      if (category == null) {
        throw new IllegalStateException("cookie-gate: built-in catalog row in " + resource + " line " + rows.line()
            + " for '" + row[1] + "' has no valid category");
      }
      if (category == Category.NECESSARY && generated) {
        throw new IllegalStateException("cookie-gate: " + resource + " row for '" + row[1] + "' says necessary;"
            + " only the curated catalog may");
      }
      rules.add(CookieRule.row(row[1], category, shared(vendors, row[0]), texts));
    }
    return rules;
  }

  /** The category of a resource's id, written lower-case there, or null. */
  static Category category(String id) {
    for (Category c : CATEGORIES) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return Category.fromId(id).orElse(null);
  }

  private static final Category[] CATEGORIES = Category.values();

  private static String shared(Map<String, String> texts, String s) {
    String previous = texts.putIfAbsent(s, s);
    return previous == null ? s : previous;
  }

  /** Cookie rules: one name space; a match returns the rule's classification, made once. */
  private static final class Shape extends RuleLayers.Shape<CookieRule, Classification> {
    @Override
    String pattern(CookieRule rule) {
      return rule.pattern();
    }

    @Override
    Category category(CookieRule rule) {
      return rule.category();
    }

    @Override
    Classification value(CookieRule rule) {
      return Classification.of(rule);
    }

    @Override
    boolean isRegex(CookieRule rule) {
      return rule.kind() == CookieRule.Kind.REGEX;
    }

    @Override
    boolean regexMatches(CookieRule rule, String name) {
      return rule.matches(name);
    }

    @Override
    String noun(CookieRule rule) {
      return "cookie";
    }
  }
}
