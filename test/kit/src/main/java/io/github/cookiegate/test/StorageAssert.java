package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.StorageCatalog;
import io.github.cookiegate.StorageRule;
import io.github.cookiegate.internal.text.Text;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Assertions over the keys a browser holds in one web storage area, classified by a gate's storage
 * catalog (by default the built-in one). A key no rule names is the site's own: {@code gate.js}
 * lets it pass, and so do these assertions, except {@link #holdsOnly}. Failure messages name each
 * offending key with its category, vendor and rule (pattern, built-in or app); never a value. Get
 * one from {@link StorageAssertions#assertThatStorage}.
 *
 * <p>Not thread-safe; cheap: one instance per assertion.
 */
public final class StorageAssert {
  private static final class Default {
    static final CookieGate GATE = CookieGate.builder().listener(GateListener.none()).build();
  }

  private final StorageRule.Kind kind;
  private final List<String> keys;
  private StorageCatalog catalog;

  StorageAssert(StorageRule.Kind kind, Collection<String> keys) {
    this.kind = kind;
    this.keys = List.copyOf(keys);
    this.catalog = Default.GATE.storageCatalog();
  }

  /** Classifies with this gate's storage catalog: the application's own, as built for its filter. */
  public StorageAssert withGate(CookieGate gate) {
    this.catalog = Objects.requireNonNull(gate, "gate").storageCatalog();
    return this;
  }

  /**
   * Classifies with the gate these settings build (the filter's init param keys, without the
   * {@code cookie-gate.} prefix).
   */
  public StorageAssert withSettings(Map<String, String> settings) {
    return withGate(CookieGate.fromSettings(Objects.requireNonNull(settings, "settings")));
  }

  /** Asserts that no key of these categories is held. */
  public StorageAssert holdsNoKeyOf(Category... categories) {
    Set<Category> banned = categories(categories);
    if (banned.isEmpty()) {
      throw new IllegalArgumentException("give at least one category");
    }
    List<String> bad = new ArrayList<>();
    for (String k : keys) {
      Optional<StorageRule> r = catalog.classify(kind, k);
      if (r.isPresent() && banned.contains(r.get().category())) {
        bad.add(k);
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to hold no " + CookieAssert.words(banned) + " key", bad);
    }
    return this;
  }

  /**
   * Asserts that every catalogued key held is of one of these categories (or necessary); the
   * site's own keys, which no rule names, do not count.
   */
  public StorageAssert holdsOnlyKeysOf(Category... categories) {
    Set<Category> ok = categories(categories);
    ok.add(Category.NECESSARY);
    List<String> bad = new ArrayList<>();
    for (String k : keys) {
      Optional<StorageRule> r = catalog.classify(kind, k);
      if (r.isPresent() && !ok.contains(r.get().category())) {
        bad.add(k);
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to hold only " + CookieAssert.words(ok) + " keys", bad);
    }
    return this;
  }

  /** Asserts that, for each key or glob, at least one key it matches is held. */
  public StorageAssert holds(String... keysOrGlobs) {
    for (String glob : globs(keysOrGlobs)) {
      if (keys.stream().noneMatch(k -> Glob.matches(glob, k))) {
        throw Failures.error("Expected " + kind.id() + " to hold a key matching '" + Text.printable(glob)
            + "', but it did not.\n" + inventory());
      }
    }
    return this;
  }

  /** Asserts that no key matching any of these keys or globs is held. */
  public StorageAssert doesNotHold(String... keysOrGlobs) {
    List<String> bad = new ArrayList<>();
    for (String glob : globs(keysOrGlobs)) {
      for (String k : keys) {
        if (Glob.matches(glob, k) && !bad.contains(k)) {
          bad.add(k);
        }
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to hold no key matching " + String.join(", ", keysOrGlobs), bad);
    }
    return this;
  }

  /** Asserts that the area holds only these keys or globs' keys, and the site's own no rule names. */
  public StorageAssert holdsOnly(String... keysOrGlobs) {
    List<String> globs = globs(keysOrGlobs);
    List<String> bad = new ArrayList<>();
    for (String k : keys) {
      if (globs.stream().noneMatch(g -> Glob.matches(g, k))) {
        bad.add(k);
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to hold only keys matching " + String.join(", ", keysOrGlobs), bad);
    }
    return this;
  }

  /** Returns the keys held, as given. */
  public List<String> keys() {
    return keys;
  }

  /** One line per key: category, vendor, rule and layer; never a value. */
  String describe(String key) {
    StringBuilder sb = new StringBuilder(Text.printable(key)).append(": ");
    Optional<StorageRule> match = catalog.classify(kind, key);
    if (match.isEmpty()) {
      return sb.append("category none (the site's own), vendor unknown, rule: no rule matches").toString();
    }
    StorageRule r = match.get();
    return sb.append("category ").append(r.category().id()).append(", vendor ").append(r.vendor().orElse("unknown"))
        .append(", rule ").append(r.kind().id()).append(" '").append(Text.printable(r.pattern())).append("' (")
        .append(layerOf(r)).append(')').toString();
  }

  /** {@code built-in} when the first layer holding the rule is the built-in catalog's, else {@code app}. */
  private String layerOf(StorageRule r) {
    List<StorageRule> builtIn = StorageCatalog.builtIn().layers().get(0);
    for (List<StorageRule> layer : catalog.layers()) {
      if (layer.contains(r)) {
        return layer.equals(builtIn) ? "built-in" : "app";
      }
    }
    return "app";
  }

  private AssertionError offending(String expectation, List<String> bad) {
    StringBuilder sb = new StringBuilder("Expected ").append(kind.id()).append(' ').append(expectation)
        .append(", but it held ").append(bad.size() == 1 ? "this one" : "these " + bad.size()).append(":\n");
    for (String k : bad) {
      sb.append("  - ").append(describe(k)).append('\n');
    }
    return Failures.error(sb.append(inventory()).toString());
  }

  private String inventory() {
    StringBuilder sb = new StringBuilder("Keys in ").append(kind.id()).append(" (names only, values not shown): ");
    if (keys.isEmpty()) {
      return sb.append("none").toString();
    }
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Text.printable(keys.get(i)));
    }
    return sb.toString();
  }

  private static Set<Category> categories(Category... categories) {
    Set<Category> set = EnumSet.noneOf(Category.class);
    for (Category c : categories) {
      set.add(Objects.requireNonNull(c, "category"));
    }
    return set;
  }

  private static List<String> globs(String... keysOrGlobs) {
    if (keysOrGlobs.length == 0) {
      throw new IllegalArgumentException("give at least one key or glob");
    }
    for (String g : keysOrGlobs) {
      Objects.requireNonNull(g, "keyOrGlob");
    }
    return List.of(keysOrGlobs);
  }
}
