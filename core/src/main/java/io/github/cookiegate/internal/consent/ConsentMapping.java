package io.github.cookiegate.internal.consent;

import io.github.cookiegate.Category;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * How one platform's stored keys (categories, purposes, groups or services) map onto cookie-gate's
 * four consent-required categories. A category is granted when at least one key mapped to it is in
 * the stored choice and every mapped key the choice holds is granted.
 */
public final class ConsentMapping {

  /** A platform's stored choice: TRUE granted, FALSE refused, null when it does not hold the key. */
  interface Choice {
    Boolean get(String key);
  }

  private final Map<Category, List<String>> keys;

  private ConsentMapping(Map<Category, List<String>> keys) {
    this.keys = keys;
  }

  /** Returns a mapping from the keys of chat, functional, analytics and marketing, in that order. */
  public static ConsentMapping of(List<String> chat, List<String> functional, List<String> analytics,
      List<String> marketing) {
    EnumMap<Category, List<String>> m = new EnumMap<>(Category.class);
    m.put(Category.CHAT, List.copyOf(chat));
    m.put(Category.FUNCTIONAL, List.copyOf(functional));
    m.put(Category.ANALYTICS, List.copyOf(analytics));
    m.put(Category.MARKETING, List.copyOf(marketing));
    return new ConsentMapping(Collections.unmodifiableMap(m));
  }

  public static List<String> keys(String... keys) {
    return Arrays.asList(keys);
  }

  /** Returns a copy where {@code category} maps to exactly these keys. */
  public ConsentMapping with(Category category, List<String> categoryKeys) {
    EnumMap<Category, List<String>> m = new EnumMap<>(keys);
    m.put(category, List.copyOf(categoryKeys));
    return new ConsentMapping(Collections.unmodifiableMap(m));
  }

  public List<String> keys(Category category) {
    return keys.getOrDefault(category, List.of());
  }

  /** Returns the categories the stored choice grants under this mapping. */
  EnumSet<Category> grant(Choice choice) {
    EnumSet<Category> granted = EnumSet.noneOf(Category.class);
    for (Map.Entry<Category, List<String>> e : keys.entrySet()) {
      boolean any = false;
      boolean all = true;
      for (String key : e.getValue()) {
        Boolean b = choice.get(key);
        if (b != null) {
          any = true;
          all &= b;
        }
      }
      if (any && all) {
        granted.add(e.getKey());
      }
    }
    return granted;
  }

  @Override
  public String toString() {
    return keys.toString();
  }
}
