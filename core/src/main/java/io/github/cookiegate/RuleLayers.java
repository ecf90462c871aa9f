package io.github.cookiegate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of rules behind a catalog (cookie names, hosts, web storage), highest priority first,
 * each with its {@link LayerOrigin}. The first layer with a match decides; within a layer an exact
 * pattern beats a glob, the glob with more literal characters beats a shorter one (then the one
 * declared first, see {@link PatternIndex}), and globs beat regexes, tried in order. Immutable.
 *
 * @param <R> the rule type
 * @param <V> what a match returns (the rule, or a value built once per rule)
 */
final class RuleLayers<R, V> {

  /** What the layers need to know of a rule type. Plain subclasses: nothing here runs a lambda at start-up. */
  abstract static class Shape<R, V> {

    /** How many separate name spaces rules live in (web storage keys and IndexedDB names: two). */
    int namespaces() {
      return 1;
    }

    /** The name space of a rule, from 0. */
    int namespace(R rule) {
      return 0;
    }

    abstract String pattern(R rule);

    abstract Category category(R rule);

    /** What a lookup returns when this rule matches. */
    abstract V value(R rule);

    boolean isRegex(R rule) {
      return false;
    }

    boolean regexMatches(R rule, String name) {
      return false;
    }

    /** What a pattern names, for messages: {@code cookie}, {@code host}, {@code storage key}. */
    abstract String noun(R rule);
  }

  /** One set of rules: per name space an index of exact names and globs, then regexes in order. */
  private static final class Layer<R, V> {
    final LayerOrigin origin;
    final List<R> declared;
    final PatternIndex<V>[] indexes;
    final Object[] regexes; // R[]
    final Object[] regexValues; // V[]

    @SuppressWarnings("unchecked")
    Layer(Shape<R, V> shape, LayerOrigin origin, List<R> rules) {
      this.origin = origin;
      this.declared = List.copyOf(rules);
      int n = declared.size();
      int spaces = shape.namespaces();
      String[][] patterns = new String[spaces][n];
      Object[][] values = new Object[spaces][n];
      int[] counts = new int[spaces];
      Map<String, R>[] seen = new Map[spaces];
      for (int s = 0; s < spaces; s++) {
        seen[s] = new HashMap<>(Math.max(16, n * 2));
      }
      Map<String, R> seenRegexes = null;
      List<R> regexRules = null;
      for (int i = 0; i < n; i++) {
        R rule = declared.get(i);
        int space = shape.namespace(rule);
        String pattern = shape.pattern(rule);
        boolean regex = shape.isRegex(rule);
        if (regex && seenRegexes == null) {
          seenRegexes = new HashMap<>();
          regexRules = new ArrayList<>();
        }
        R previous = (regex ? seenRegexes : seen[space]).putIfAbsent(pattern, rule);
        if (previous != null) {
          if (shape.category(previous) != shape.category(rule)) {
            throw new IllegalArgumentException("cookie-gate: " + shape.noun(rule) + " '" + pattern
                + "' is given twice, as " + shape.category(previous).id() + " and as " + shape.category(rule).id());
          }
          continue; // the first one declared wins
        }
        if (regex) {
          regexRules.add(rule);
        } else {
          patterns[space][counts[space]] = pattern;
          values[space][counts[space]++] = shape.value(rule);
        }
      }
      this.indexes = new PatternIndex[spaces];
      for (int s = 0; s < spaces; s++) {
        indexes[s] = new PatternIndex<>(patterns[s], values[s], counts[s]);
      }
      this.regexes = regexRules == null ? new Object[0] : regexRules.toArray();
      this.regexValues = new Object[regexes.length];
      for (int i = 0; i < regexes.length; i++) {
        regexValues[i] = shape.value((R) regexes[i]);
      }
    }

    @SuppressWarnings("unchecked")
    V match(Shape<R, V> shape, int space, String name) {
      PatternIndex<V> index = indexes[space];
      V v = index.exact(name);
      if (v != null) {
        return v;
      }
      v = index.glob(name);
      if (v != null) {
        return v;
      }
      for (int i = 0; i < regexes.length; i++) {
        R rule = (R) regexes[i];
        if (shape.namespace(rule) == space && shape.regexMatches(rule, name)) {
          return (V) regexValues[i];
        }
      }
      return null;
    }
  }

  private final Shape<R, V> shape;
  private final Layer<R, V>[] layers; // highest priority first

  private RuleLayers(Shape<R, V> shape, Layer<R, V>[] layers) {
    this.shape = shape;
    this.layers = layers;
  }

  /** Layers without rules. */
  @SuppressWarnings("unchecked")
  static <R, V> RuleLayers<R, V> none(Shape<R, V> shape) {
    return new RuleLayers<>(shape, new Layer[0]);
  }

  /**
   * Returns these layers with the rules as a new layer on top, winning over every rule already here.
   *
   * @throws IllegalArgumentException if two of the rules give one pattern different categories
   */
  @SuppressWarnings("unchecked")
  RuleLayers<R, V> with(LayerOrigin origin, List<R> rules) {
    Layer<R, V>[] more = new Layer[layers.length + 1];
    more[0] = new Layer<>(shape, origin, rules);
    System.arraycopy(layers, 0, more, 1, layers.length);
    return new RuleLayers<>(shape, more);
  }

  /** What the first layer with a matching rule returns for the name, or null. */
  V find(int namespace, String name) {
    for (Layer<R, V> layer : layers) {
      V v = layer.match(shape, namespace, name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The number of layers. */
  int count() {
    return layers.length;
  }

  /** The origin of layer {@code i}, 0 being the highest priority. */
  LayerOrigin origin(int i) {
    return layers[i].origin;
  }

  /** The origins, highest priority first. */
  List<LayerOrigin> origins() {
    LayerOrigin[] out = new LayerOrigin[layers.length];
    for (int i = 0; i < layers.length; i++) {
      out[i] = layers[i].origin;
    }
    return List.of(out);
  }

  /** The rules layer by layer, highest priority first, each layer as declared. */
  List<List<R>> declared() {
    List<List<R>> all = new ArrayList<>(layers.length);
    for (Layer<R, V> layer : layers) {
      all.add(layer.declared);
    }
    return List.copyOf(all);
  }

  /** Every rule, highest priority first. */
  List<R> rules() {
    List<R> all = new ArrayList<>(size());
    for (Layer<R, V> layer : layers) {
      all.addAll(layer.declared);
    }
    return List.copyOf(all);
  }

  /** The number of rules, duplicates included. */
  int size() {
    int n = 0;
    for (Layer<R, V> layer : layers) {
      n += layer.declared.size();
    }
    return n;
  }
}
