package io.github.cookiegate.internal.consent;

import io.github.cookiegate.Category;
import io.github.cookiegate.internal.text.Json;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the choice a page's banner posts to the consent endpoint: the granted categories, as form
 * values ({@code categories=chat&categories=analytics} or {@code categories=chat,analytics}) or as
 * JSON ({@code {"categories":["chat","analytics"]}}). Unknown words are ignored, {@code necessary}
 * needs no consent and is dropped, and no category (or {@code none}) is a refusal, which is a
 * choice too (CNIL: refusing must be as easy as accepting, and is remembered).
 *
 * <pre>{@code
 * Optional<Set<Category>> granted = ConsentChoice.fromJson("{\"categories\":[\"chat\"]}"); // [CHAT]
 * }</pre>
 */
public final class ConsentChoice {

  /** The longest body the consent endpoint reads, in bytes. */
  public static final int MAX_BODY_BYTES = 4096;
  /** The form field and JSON member that carry the categories. */
  public static final String FIELD = "categories";
  /** At most this many words are looked at; a hostile body cannot make the reader work longer. */
  static final int MAX_WORDS = 64;

  private ConsentChoice() {}

  /**
   * Returns the categories these form values grant (each value one category or a comma list); empty
   * when there is no value at all, so a POST without the field is not read as a refusal.
   */
  public static Optional<Set<Category>> fromForm(List<String> values) {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      return Optional.empty();
    }
    EnumSet<Category> granted = EnumSet.noneOf(Category.class);
    int words = 0;
    for (String value : values) {
      if (value == null) {
        continue;
      }
      int start = 0;
      while (start <= value.length() && words++ < MAX_WORDS) {
        int end = value.indexOf(',', start);
        if (end < 0) {
          end = value.length();
        }
        add(value.substring(start, end), granted);
        start = end + 1;
      }
    }
    return Optional.of(granted);
  }

  /**
   * Returns the categories a JSON body grants: an object whose {@code categories} member is an
   * array of strings (other members ignored); empty when the body is not that (bounded: see
   * {@link #MAX_BODY_BYTES}, and the reader's depth and size limits). Never throws.
   */
  public static Optional<Set<Category>> fromJson(String body) {
    if (body == null || body.length() > MAX_BODY_BYTES) {
      return Optional.empty();
    }
    Optional<Map<String, Object>> object = Json.object(body, false);
    if (object.isEmpty() || !(object.get().get(FIELD) instanceof List<?> list)) {
      return Optional.empty();
    }
    EnumSet<Category> granted = EnumSet.noneOf(Category.class);
    int words = 0;
    for (Object o : list) {
      if (!(o instanceof String word)) {
        return Optional.empty();
      }
      if (words++ < MAX_WORDS) {
        add(word, granted);
      }
    }
    return Optional.of(granted);
  }

  private static void add(String word, EnumSet<Category> granted) {
    if (word.length() <= 16) {
      Category.fromId(word).filter(c -> c != Category.NECESSARY).ifPresent(granted::add);
    }
  }

  /** Returns the ids joined by {@code .}, in the categories' order, or {@code none}: for events and logs. */
  public static String ids(Set<Category> categories) {
    StringBuilder sb = new StringBuilder();
    for (Category c : Category.values()) {
      if (c != Category.NECESSARY && categories.contains(c)) {
        sb.append(sb.length() == 0 ? "" : ".").append(c.id());
      }
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }
}
