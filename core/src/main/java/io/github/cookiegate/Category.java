package io.github.cookiegate;

import io.github.cookiegate.internal.text.Ascii;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a cookie is for, which decides when it may be stored (design section 1).
 *
 * <p>{@link #NECESSARY} cookies are always allowed. {@link #CHAT} cookies are allowed once the user
 * has activated the chat (CNIL: a cookie stored only when the user opens the chat is strictly
 * necessary to the service asked for) or has consented to the category. {@link #FUNCTIONAL}, {@link
 * #ANALYTICS} and {@link #MARKETING} cookies need consent to their category: activation is not
 * consent to anything else.
 */
public enum Category {
  /** Strictly necessary to the site: session, CSRF, load balancer, the consent choice itself. */
  NECESSARY("necessary"),
  /** Needed by the chat service the user asked for: conversation id, chat session. */
  CHAT("chat"),
  /** Preferences and personalisation. */
  FUNCTIONAL("functional"),
  /** Audience measurement, sentiment analysis, conversation analytics. */
  ANALYTICS("analytics"),
  /** Advertising, cross-site tracking, CRM enrichment. */
  MARKETING("marketing");

  /** The four categories that need consent (or, for chat, activation): all but necessary. */
  public static final Set<Category> CONSENT_REQUIRED =
      Collections.unmodifiableSet(EnumSet.of(CHAT, FUNCTIONAL, ANALYTICS, MARKETING));

  private static final Category[] VALUES = values();

  private final String id;

  Category(String id) {
    this.id = id;
  }

  /** Returns the lower-case name used in settings and the consent cookie: {@code "chat"}. */
  public String id() {
    return id;
  }

  /** Whether storing a cookie of this category needs consent (or activation, for chat). */
  public boolean requiresConsent() {
    return this != NECESSARY;
  }

  /** Returns the category with this id, ASCII case-insensitive and trimmed, or empty. */
  public static Optional<Category> fromId(String id) {
    // ASCII case only: "mar\u212Aeting" (KELVIN SIGN) is not "marketing".
    String normalized = Ascii.toLowerCase(id.strip());
    for (Category c : VALUES) {
      if (c.id.equals(normalized)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Returns the ids joined for messages: {@code necessary, chat, functional, analytics, marketing}. */
  static String ids() {
    StringBuilder sb = new StringBuilder();
    for (Category c : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(c.id);
    }
    return sb.toString();
  }
}
