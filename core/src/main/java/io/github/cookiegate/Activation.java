package io.github.cookiegate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the user activated the chat (clicked the chat window or a button that opens it), and
 * since when. Activation is a fact about the user's own action and never consent to anything else:
 * it lets {@link Category#CHAT} cookies through, nothing more (CNIL chatbot guidance, 2021).
 */
public final class Activation {

  private static final Activation NONE = new Activation(null);

  private final Instant since;

  private Activation(Instant since) {
    this.since = since;
  }

  /** Returns the state of a user who has not activated the chat. */
  public static Activation none() {
    return NONE;
  }

  /** Returns the state of a user who activated the chat at {@code since}. */
  public static Activation since(Instant since) {
    return new Activation(Objects.requireNonNull(since, "since"));
  }

  /** Whether the chat is activated. */
  public boolean isActive() {
    return since != null;
  }

  /** Returns when the chat was activated, if it is. */
  public Optional<Instant> activatedAt() {
    return Optional.ofNullable(since);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Activation a && Objects.equals(a.since, since);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(since);
  }

  @Override
  public String toString() {
    return since == null ? "Activation[none]" : "Activation[since " + since + "]";
  }
}
