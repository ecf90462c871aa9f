package io.github.cookiegate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules that classify web storage (localStorage and sessionStorage keys, IndexedDB database
 * names) by category, in layers like {@link CookieCatalog}: the application's rules win over the
 * built-in ones; within a layer an exact name beats a glob and the glob with more literal characters
 * wins (then the one declared first). Immutable and thread-safe.
 *
 * <p>A key no rule matches is not classified ({@link Optional#empty()}): the site's own code keeps
 * much of its state in web storage, so {@code gate.js} lets such keys pass (see {@code
 * docs/web-storage.md}).
 *
 * <pre>{@code
 * StorageCatalog storage = StorageCatalog.builtIn().with(List.of(
 *     StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "acme_chat_*", Category.CHAT)));
 * storage.classify(StorageRule.Kind.LOCAL_STORAGE, "twk_token_abc");   // the tawk.to rule, chat
 * }</pre>
 */
public final class StorageCatalog {

  private static final class BuiltIn {
    static final StorageCatalog INSTANCE =
        new StorageCatalog(RuleLayers.none(new Shape()).with(LayerOrigin.CURATED, load()));
  }

  private static final StorageCatalog EMPTY = new StorageCatalog(RuleLayers.none(new Shape()));

  private final RuleLayers<StorageRule, StorageRule> layers; // highest priority first

  private StorageCatalog(RuleLayers<StorageRule, StorageRule> layers) {
    this.layers = layers;
  }

  /** Returns the built-in catalog: chat widgets' and trackers' storage keys, each with its source. */
  public static StorageCatalog builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** Returns a catalog without rules. */
  public static StorageCatalog empty() {
    return EMPTY;
  }

  /**
   * Returns a catalog with these rules on top of this one's: they win over every rule already here.
   *
   * @throws IllegalArgumentException if two of the rules give one kind and pattern different categories
   */
  public StorageCatalog with(List<StorageRule> rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.isEmpty()) {
      return this;
    }
    return new StorageCatalog(layers.with(LayerOrigin.APPLICATION, rules));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<StorageRule>> layers() {
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
  public List<StorageRule> rules() {
    return layers.rules();
  }

  /** Returns the number of rules. */
  public int size() {
    return layers.size();
  }

  /**
   * Returns the rule for a key of a {@code Storage} area, or for an IndexedDB database name; empty
   * when no rule matches.
   */
  public Optional<StorageRule> classify(StorageRule.Kind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(layers.find(kind.isWebStorage() ? 0 : 1, key));
  }

  private static List<StorageRule> load() {
    List<StorageRule> rules = new ArrayList<>(128);
    Csv.Rows rows = Csv.rows(StorageCatalog.class, "storage.csv", 6);
    String[] row = rows.fields();
    for (int count; (count = rows.next()) >= 0; ) {
      // vendor,pattern,kind,category,purpose,source
      if (count != 6 || row[5].isBlank()) {
        throw new IllegalStateException("cookie-gate: malformed built-in storage row in storage.csv line "
            + rows.line() + "; expected vendor,pattern,kind,category,purpose,source");
      }
      StorageRule.Kind kind = StorageRule.Kind.fromId(row[2]).orElse(null);
      Category category = CookieCatalog.category(row[3]);
      if (kind == null || category == null) {
        throw new IllegalStateException("cookie-gate: built-in storage row for '" + row[1] + "' in storage.csv line "
            + rows.line() + " has no valid " + (kind == null ? "kind" : "category"));
      }
      rules.add(StorageRule.of(kind, row[1], category).withVendor(row[0]).withPurpose(row[4]).withSource(row[5]));
    }
    return rules;
  }

  /** Storage rules: Storage keys (name space 0) apart from IndexedDB names (1); a match returns the rule. */
  private static final class Shape extends RuleLayers.Shape<StorageRule, StorageRule> {
    @Override
    int namespaces() {
      return 2;
    }

    @Override
    int namespace(StorageRule rule) {
      return rule.kind().isWebStorage() ? 0 : 1;
    }

    @Override
    String pattern(StorageRule rule) {
      return rule.pattern();
    }

    @Override
    Category category(StorageRule rule) {
      return rule.category();
    }

    @Override
    StorageRule value(StorageRule rule) {
      return rule;
    }

    @Override
    String noun(StorageRule rule) {
      return rule.kind().isWebStorage() ? "storage key" : "storage database";
    }
  }
}
