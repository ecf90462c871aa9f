package io.github.cookiegate;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate does with one cookie: allow it as written, allow it rewritten (its lifetime
 * capped), or block it, with the reason. Allow and block decisions are shared constants, so deciding
 * allocates nothing unless a cookie is rewritten.
 */
public final class Decision {

  /** What happens to the cookie. */
  public enum Outcome {
    /** Written as the application wrote it. */
    ALLOW,
    /** Written as {@link Decision#rewritten()} says. */
    REWRITE,
    /** Not written. */
    BLOCK
  }

  /** Why. */
  public enum Reason {
    /** Strictly necessary to the site. */
    NECESSARY(Outcome.ALLOW),
    /** A chat cookie and the user activated the chat. */
    CHAT_ACTIVATED(Outcome.ALLOW),
    /** The user consented to the cookie's category. */
    CONSENTED(Outcome.ALLOW),
    /** An unknown cookie and every consent-required category is consented. */
    UNKNOWN_ALL_CONSENTED(Outcome.ALLOW),
    /** An unknown cookie and the {@code unknown-cookies} setting allows unknown cookies. */
    UNKNOWN_ALLOWED(Outcome.ALLOW),
    /** The header only deletes a cookie: deletions always pass. */
    DELETION(Outcome.ALLOW),
    /** Allowed, with {@code Max-Age} capped to the retention ({@code chat-max-age} or the rule's). */
    LIFETIME_CAPPED(Outcome.REWRITE),
    /** Allowed as a session cookie ({@code chat-max-age=session}). */
    SESSION_ONLY(Outcome.REWRITE),
    /** A chat cookie before activation and without consent to chat. */
    NOT_ACTIVATED(Outcome.BLOCK),
    /** A cookie whose category is not consented (activation is not consent). */
    NOT_CONSENTED(Outcome.BLOCK),
    /**
     * A cookie whose category Global Privacy Control withdrew ({@code Sec-GPC: 1} and the {@code gpc}
     * setting), whatever the stored consent grants.
     */
    WITHDRAWN_BY_GPC(Outcome.BLOCK),
    /** An unknown cookie while not every category is consented. */
    UNKNOWN(Outcome.BLOCK),
    /** A header a browser would ignore, or one the gate cannot read. */
    UNPARSEABLE(Outcome.BLOCK),
    /** Classification, consent or a listener failed: blocked to fail closed. */
    ERROR(Outcome.BLOCK);

    private final Outcome outcome;

    Reason(Outcome outcome) {
      this.outcome = outcome;
    }

    /** Returns the outcome that goes with this reason. */
    public Outcome outcome() {
      return outcome;
    }
  }

  private static final Map<Reason, Decision> CONSTANTS = new EnumMap<>(Reason.class);

  static {
    for (Reason r : Reason.values()) {
      if (r.outcome != Outcome.REWRITE) {
        CONSTANTS.put(r, new Decision(r, null));
      }
    }
  }

  private final Reason reason;
  private final SetCookie rewritten;

  private Decision(Reason reason, SetCookie rewritten) {
    this.reason = reason;
    this.rewritten = rewritten;
  }

  /**
   * Returns the shared allow or block decision for this reason.
   *
   * @throws IllegalArgumentException for a rewrite reason (use {@link #rewrite})
   */
  public static Decision of(Reason reason) {
    Decision d = CONSTANTS.get(Objects.requireNonNull(reason, "reason"));
    if (d == null) {
      throw new IllegalArgumentException("cookie-gate: " + reason + " needs the rewritten cookie");
    }
    return d;
  }

  /** Returns a decision to write {@code cookie} instead of what the application wrote. */
  public static Decision rewrite(Reason reason, SetCookie cookie) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(cookie, "cookie");
    if (reason.outcome != Outcome.REWRITE) {
      throw new IllegalArgumentException("cookie-gate: " + reason + " is not a rewrite reason");
    }
    return new Decision(reason, cookie);
  }

  /** Returns what happens to the cookie. */
  public Outcome outcome() {
    return reason.outcome;
  }

  /** Returns why. */
  public Reason reason() {
    return reason;
  }

  /** Whether the cookie (or its rewritten form) is written. */
  public boolean isAllowed() {
    return reason.outcome != Outcome.BLOCK;
  }

  /** Returns the cookie to write instead, for {@link Outcome#REWRITE}. */
  public Optional<SetCookie> rewritten() {
    return Optional.ofNullable(rewritten);
  }

  /** The cookie to write instead, or null. */
  SetCookie rewrittenOrNull() {
    return rewritten;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decision d && d.reason == reason && Objects.equals(d.rewritten, rewritten);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, rewritten);
  }

  @Override
  public String toString() {
    return "Decision[" + reason.outcome + ", " + reason + (rewritten == null ? "" : ", " + rewritten) + "]";
  }
}
