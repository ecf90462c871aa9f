package io.github.cookiegate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    static final StorageCatalog INSTANCE = new StorageCatalog(List.of(new Layer(load())));
  }

  private static final StorageCatalog EMPTY = new StorageCatalog(List.of());

  private final List<Layer> layers; // highest priority first

  private StorageCatalog(List<Layer> layers) {
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
    List<Layer> newLayers = new ArrayList<>(layers.size() + 1);
    newLayers.add(new Layer(List.copyOf(rules)));
    newLayers.addAll(layers);
    return new StorageCatalog(List.copyOf(newLayers));
  }

  /**
   * Returns the rules layer by layer, highest priority first, each layer as declared: what a copy of
   * this catalog elsewhere (the browser's, in {@code gate.js}) needs to decide the same way.
   */
  public List<List<StorageRule>> layers() {
    List<List<StorageRule>> all = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      all.add(layer.declared);
    }
    return List.copyOf(all);
  }

  /** Returns every rule, highest priority first. */
  public List<StorageRule> rules() {
    List<StorageRule> all = new ArrayList<>();
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

  /**
   * Returns the rule for a key of a {@code Storage} area, or for an IndexedDB database name; empty
   * when no rule matches.
   */
  public Optional<StorageRule> classify(StorageRule.Kind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    for (Layer layer : layers) {
      StorageRule r = layer.match(kind, key);
      if (r != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static List<StorageRule> load() {
    List<StorageRule> rules = new ArrayList<>();
    for (List<String> row : Csv.readResource(StorageCatalog.class, "storage.csv")) {
      // vendor,pattern,kind,category,purpose,source
      if (row.size() != 6 || row.get(5).isBlank()) {
        throw new IllegalStateException("cookie-gate: malformed built-in storage row " + row
            + "; expected vendor,pattern,kind,category,purpose,source");
      }
      StorageRule.Kind kind = StorageRule.Kind.fromId(row.get(2)).orElseThrow(
          () -> new IllegalStateException("cookie-gate: built-in storage row " + row + " has no valid kind"));
      Category category = Category.fromId(row.get(3)).orElseThrow(
          () -> new IllegalStateException("cookie-gate: built-in storage row " + row + " has no valid category"));
      rules.add(StorageRule.of(kind, row.get(1), category).withVendor(row.get(0)).withPurpose(row.get(4))
          .withSource(row.get(5)));
    }
    return List.copyOf(rules);
  }

  /** One set of rules, per namespace (Storage keys, IndexedDB names): exact names hashed, globs by specificity. */
  private static final class Layer {
    final List<StorageRule> declared;
    final Map<String, StorageRule> webExact = new HashMap<>();
    final Map<String, StorageRule> dbExact = new HashMap<>();
    final List<StorageRule> webGlobs = new ArrayList<>();
    final List<StorageRule> dbGlobs = new ArrayList<>();

    Layer(List<StorageRule> rules) {
      this.declared = rules;
      Map<String, StorageRule> seen = new HashMap<>();
      for (StorageRule r : rules) {
        String key = (r.kind().isWebStorage() ? "storage " : "indexedDB ") + r.pattern();
        StorageRule previous = seen.putIfAbsent(key, r);
        if (previous != null) {
          if (previous.category() != r.category()) {
            throw new IllegalArgumentException("cookie-gate: storage " + (r.kind().isWebStorage() ? "key" : "database")
                + " '" + r.pattern() + "' is given twice, as " + previous.category().id() + " and as "
                + r.category().id());
          }
          continue;
        }
        if (r.isGlob()) {
          (r.kind().isWebStorage() ? webGlobs : dbGlobs).add(r);
        } else {
          (r.kind().isWebStorage() ? webExact : dbExact).put(r.pattern(), r);
        }
      }
      // Stable sort: equal specificity keeps declaration order.
      webGlobs.sort(Comparator.comparingInt(StorageRule::specificity).reversed());
      dbGlobs.sort(Comparator.comparingInt(StorageRule::specificity).reversed());
    }

    StorageRule match(StorageRule.Kind kind, String key) {
      StorageRule r = (kind.isWebStorage() ? webExact : dbExact).get(key);
      if (r != null) {
        return r;
      }
      for (StorageRule g : kind.isWebStorage() ? webGlobs : dbGlobs) {
        if (g.matches(kind, key)) {
          return g;
        }
      }
      return null;
    }
  }
}
