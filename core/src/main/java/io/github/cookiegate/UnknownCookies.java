package io.github.cookiegate;

import java.util.Objects;
import java.util.Optional;

/**
 * What the gate does with a cookie no rule classifies ({@code unknown-cookies}): {@link Blocked}
 * unless every category is consented (the default), {@link Allowed}, or decided {@link As} a
 * category.
 */
public sealed interface UnknownCookies {

  /** Returns the setting value: {@code block}, {@code allow} or a category id. */
  String id();

  /** Returns the category unknown cookies are decided as, for {@link As}; else empty. */
  default Optional<Category> category() {
    return Optional.empty();
  }

  /** Blocked unless every category is consented ({@code unknown-cookies=block}). */
  record Blocked() implements UnknownCookies {
    @Override
    public String id() {
      return "block";
    }

    @Override
    public String toString() {
      return id();
    }
  }

  /** Allowed ({@code unknown-cookies=allow}). */
  record Allowed() implements UnknownCookies {
    @Override
    public String id() {
      return "allow";
    }

    @Override
    public String toString() {
      return id();
    }
  }

  /** Decided as cookies of {@code category} ({@code unknown-cookies=analytics}); swept as they are. */
  record As(Category as) implements UnknownCookies {
    public As {
      Objects.requireNonNull(as, "as");
    }

    @Override
    public String id() {
      return as.id();
    }

    @Override
    public Optional<Category> category() {
      return Optional.of(as);
    }

    @Override
    public String toString() {
      return id();
    }
  }
}
