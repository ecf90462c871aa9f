package io.github.cookiegate;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code chat-max-age} caps an allowed chat cookie's lifetime, and how long the activation
 * marker lives: a {@link Capped duration}, a {@link Session session cookie}, or {@link Uncapped
 * no cap}.
 */
public sealed interface ChatMaxAge {

  /** Returns the setting value: an ISO-8601 duration ({@code PT24H}), {@code session} or {@code none}. */
  String id();

  /** Returns a cap of this duration. */
  static ChatMaxAge of(Duration maxAge) {
    return new Capped(maxAge);
  }

  /** Chat cookies live at most this long ({@code chat-max-age=PT2H}). */
  record Capped(Duration maxAge) implements ChatMaxAge {
    /**
     * @throws IllegalArgumentException if under one second
     */
    public Capped {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.getSeconds() < 1) {
        throw new IllegalArgumentException("cookie-gate: chat-max-age is '" + maxAge
            + "'; expected a positive duration of at least one second");
      }
    }

    @Override
    public String id() {
      return maxAge.toString();
    }

    @Override
    public String toString() {
      return id();
    }
  }

  /** Allowed chat cookies become session cookies ({@code chat-max-age=session}). */
  record Session() implements ChatMaxAge {
    @Override
    public String id() {
      return "session";
    }

    @Override
    public String toString() {
      return id();
    }
  }

  /** Chat cookies keep the lifetime they were written with ({@code chat-max-age=none}). */
  record Uncapped() implements ChatMaxAge {
    @Override
    public String id() {
      return "none";
    }

    @Override
    public String toString() {
      return id();
    }
  }
}
