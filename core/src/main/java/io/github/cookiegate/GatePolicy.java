package io.github.cookiegate;

import io.github.cookiegate.internal.DecisionTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The decision table of design section 1 as a function: a cookie, its classification and the
 * request's activation and consent in, a {@link Decision} out. Immutable and thread-safe; it reads
 * only its clock, to tell deletions and lifetimes.
 *
 * <table>
 *   <caption>Decision table</caption>
 *   <tr><th>category</th><th>no activation, no consent</th><th>chat activated</th><th>consent to its category</th></tr>
 *   <tr><td>necessary</td><td>allow</td><td>allow</td><td>allow</td></tr>
 *   <tr><td>chat</td><td>block</td><td>allow</td><td>allow</td></tr>
 *   <tr><td>functional, analytics, marketing</td><td>block</td><td>block</td><td>allow</td></tr>
 *   <tr><td>unknown</td><td>block</td><td>block</td><td>allow when every category is consented
 *       ({@code unknown-cookies}: block, allow, or a category)</td></tr>
 * </table>
 *
 * <p>A header that only deletes a cookie always passes. An allowed chat cookie's lifetime is capped
 * by {@code chat-max-age}, a functional, analytics or marketing cookie's by {@code
 * max-age.<category>}, and any allowed cookie's by its rule's retention.
 */
final class GatePolicy implements DecisionTable {

  private final UnknownCookies unknown;
  /** The category unknown cookies are decided as, or null. */
  private final Category unknownCategory;
  private final ChatMaxAge chatMaxAge;
  /** chat-max-age in seconds when it is a duration; Long.MAX_VALUE otherwise. */
  private final long chatCap;
  private final Clock clock;
  /** Seconds an allowed cookie of each category (by ordinal) may live; Long.MAX_VALUE: no cap. */
  private final long[] categoryCaps;

  GatePolicy(UnknownCookies unknown, ChatMaxAge chatMaxAge, Clock clock) {
    this(unknown, chatMaxAge, clock, java.util.Map.of());
  }

  /** As above, with {@code max-age.<category>} caps (absent: no cap). */
  GatePolicy(UnknownCookies unknown, ChatMaxAge chatMaxAge, Clock clock,
      java.util.Map<Category, Duration> categoryMaxAge) {
    this.unknown = Objects.requireNonNull(unknown, "unknown");
    this.unknownCategory = unknown.category().orElse(null);
    this.chatMaxAge = Objects.requireNonNull(chatMaxAge, "chatMaxAge");
    this.clock = clock;
    this.categoryCaps = new long[Category.values().length];
    java.util.Arrays.fill(categoryCaps, Long.MAX_VALUE);
    categoryMaxAge.forEach((c, d) -> categoryCaps[c.ordinal()] = d.getSeconds());
    if (chatMaxAge instanceof ChatMaxAge.Capped c) {
      chatCap = c.maxAge().getSeconds();
    } else {
      chatCap = Long.MAX_VALUE;
    }
  }

  /** The defaults: unknown cookies blocked, chat cookies capped at 24 hours, the system clock. */
  static GatePolicy defaults() {
    return new GatePolicy(new UnknownCookies.Blocked(), ChatMaxAge.of(Duration.ofHours(24)), Clock.systemUTC());
  }

  /** The category unknown cookies are treated as, or null. */
  Category unknownCategory() {
    return unknownCategory;
  }

  /** Decides one cookie. */
  @Override
  public Decision decide(SetCookie cookie, Classification classification, Activation activation, ConsentState consent) {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(consent, "consent");
    // The clock is read only where the answer depends on it: Expires without Max-Age.
    long now = cookie.dependsOnClock() ? clock.millis() : 0L;
    if (cookie.isDeletion(now)) {
      return Decision.of(Decision.Reason.DELETION);
    }
    CookieRule rule = classification.ruleOrNull();
    Category category;
    if (rule != null) {
      category = rule.category();
    } else {
      if (unknownCategory != null) {
        category = unknownCategory;
      } else if (unknown instanceof UnknownCookies.Allowed) {
        return Decision.of(Decision.Reason.UNKNOWN_ALLOWED);
      } else {
        return consent.allowsAll()
            ? Decision.of(Decision.Reason.UNKNOWN_ALL_CONSENTED)
            : Decision.of(Decision.Reason.UNKNOWN);
      }
    }
    if (category == Category.NECESSARY) {
      return allow(Decision.Reason.NECESSARY, cookie, category, rule, now);
    }
    if (category == Category.CHAT && activation.isActive()) {
      return allow(Decision.Reason.CHAT_ACTIVATED, cookie, category, rule, now);
    }
    if (consent.allows(category)) {
      return allow(Decision.Reason.CONSENTED, cookie, category, rule, now);
    }
    if (consent.withdrawnByGpc().contains(category)) {
      return Decision.of(Decision.Reason.WITHDRAWN_BY_GPC);
    }
    return Decision.of(category == Category.CHAT ? Decision.Reason.NOT_ACTIVATED : Decision.Reason.NOT_CONSENTED);
  }

  private Decision allow(Decision.Reason reason, SetCookie cookie, Category category, CookieRule rule, long now) {
    if (!cookie.persistent()) {
      return Decision.of(reason); // a session cookie is within any cap
    }
    Duration retention = rule == null ? null : rule.retention().orElse(null);
    long capSeconds = retention == null ? Long.MAX_VALUE : retention.getSeconds();
    // max-age.<category>: CNIL recommends at most 13 months for audience-measurement trackers.
    capSeconds = Math.min(capSeconds, categoryCaps[category.ordinal()]);
    if (category == Category.CHAT) {
      if (chatMaxAge instanceof ChatMaxAge.Session) {
        return Decision.rewrite(Decision.Reason.SESSION_ONLY, cookie.withoutExpiry());
      }
      capSeconds = Math.min(capSeconds, chatCap);
    }
    if (capSeconds != Long.MAX_VALUE && cookie.lifetimeSeconds(now) > capSeconds) {
      return Decision.rewrite(Decision.Reason.LIFETIME_CAPPED, cookie.withMaxAge(capSeconds));
    }
    return Decision.of(reason);
  }

  @Override
  public String toString() {
    return "GatePolicy[unknown-cookies=" + unknown.id() + ", chat-max-age=" + chatMaxAge.id() + "]";
  }
}
