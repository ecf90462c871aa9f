package io.github.cookiegate;

import java.util.Objects;
import java.util.Optional;

/**
 * Something the gate did, for logging, metrics and audit: a cookie allowed, rewritten, blocked or
 * swept, the chat activated or a conversation ended, consent changed. Carries names, categories,
 * vendors and reasons, never a cookie's value.
 */
public final class GateEvent {

  /** What happened. */
  public enum Type {
    /** A cookie was written as the application wrote it. */
    ALLOWED,
    /** A cookie was written with its lifetime capped. */
    REWRITTEN,
    /** A cookie was not written (in report-only mode: would not have been). */
    BLOCKED,
    /** A cookie the browser sent was expired in the response (withdrawal, end, script-written). */
    SWEPT,
    /** The user activated the chat. */
    ACTIVATED,
    /** The conversation ended: the application should erase its conversation data. */
    CONVERSATION_ENDED,
    /** The user's consent changed. */
    CONSENT_CHANGED,
    /**
     * A browser reported, through the report-only Content-Security-Policy ({@code csp=report}), a
     * load from a catalogued vendor host that the page rewriting and the policy did not hold back.
     */
    VENDOR_LOAD_REPORTED
  }

  private final Type type;
  private final String cookieName;
  private final Category category;
  private final String vendor;
  private final Decision.Reason reason;
  private final boolean reportOnly;
  private final String detail;

  private GateEvent(Type type, String cookieName, Category category, String vendor,
      Decision.Reason reason, boolean reportOnly, String detail) {
    this.type = Objects.requireNonNull(type, "type");
    this.cookieName = cookieName;
    this.category = category;
    this.vendor = vendor;
    this.reason = reason;
    this.reportOnly = reportOnly;
    this.detail = detail;
  }

  /** Returns an event about one cookie. */
  public static GateEvent cookie(Type type, String cookieName, Classification classification,
      Decision.Reason reason, boolean reportOnly) {
    Objects.requireNonNull(cookieName, "cookieName");
    Objects.requireNonNull(classification, "classification");
    return new GateEvent(type, cookieName, classification.category().orElse(null),
        classification.vendor().orElse(null), reason, reportOnly, null);
  }

  /** Returns an event about a cookie the gate could not read (no name is known). */
  static GateEvent unparseable(String detail, boolean reportOnly) {
    return new GateEvent(Type.BLOCKED, null, null, null, Decision.Reason.UNPARSEABLE, reportOnly, detail);
  }

  /** Returns an event about the request as a whole (activation, end of conversation, consent). */
  public static GateEvent of(Type type, String detail) {
    return new GateEvent(type, null, null, null, null, false, Objects.requireNonNull(detail, "detail"));
  }

  /**
   * Returns an event about a load from a vendor host that a browser reported: the host's rule
   * gives category and vendor; the detail names the directive and the host (never the whole URL,
   * which may carry identifiers).
   */
  public static GateEvent vendorLoad(HostRule rule, String host, String directive) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(directive, "directive");
    return new GateEvent(Type.VENDOR_LOAD_REPORTED, null, rule.category(), rule.vendor().orElse(null), null, false,
        printable(directive) + " load from " + printable(host));
  }

  GateEvent withReason(Decision.Reason newReason, String newDetail) {
    return new GateEvent(type, cookieName, category, vendor, newReason, reportOnly, newDetail);
  }

  /** Returns what happened. */
  public Type type() {
    return type;
  }

  /** Returns the cookie's name, for cookie events. */
  public Optional<String> cookieName() {
    return Optional.ofNullable(cookieName);
  }

  /** Returns the cookie's category; empty for unknown cookies and request events. */
  public Optional<Category> category() {
    return Optional.ofNullable(category);
  }

  /** Returns the vendor of the rule that classified the cookie, when known. */
  public Optional<String> vendor() {
    return Optional.ofNullable(vendor);
  }

  /** Returns the decision's reason, for cookie events. */
  public Optional<Decision.Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** Whether the gate runs in {@code report-only} mode: a BLOCKED event was not enforced. */
  public boolean reportOnly() {
    return reportOnly;
  }

  /** Returns a short explanation (never a cookie value), when there is one. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** Returns one line for a log: type, cookie name, category, vendor, reason, detail. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("cookie-gate: ");
    if (reportOnly && type == Type.BLOCKED) {
      sb.append("would have blocked (report-only)");
    } else {
      sb.append(type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    if (cookieName != null) {
      sb.append(" cookie '").append(printable(cookieName)).append('\'');
      sb.append(" [").append(category == null ? "unknown" : category.id());
      if (vendor != null) {
        sb.append(", ").append(vendor);
      }
      sb.append(']');
    } else if (category != null) {
      sb.append(" [").append(category.id());
      if (vendor != null) {
        sb.append(", ").append(vendor);
      }
      sb.append(']');
    }
    if (reason != null) {
      sb.append(": ").append(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    if (detail != null) {
      sb.append(" (").append(detail).append(')');
    }
    return sb.toString();
  }

  /** Keeps a log line on one line whatever a cookie name holds. */
  static String printable(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(String.format("\\x%02x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    String out = sb == null ? s : sb.toString();
    return out.length() > 128 ? out.substring(0, 128) + "...(" + s.length() + " chars)" : out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GateEvent e
        && e.type == type
        && Objects.equals(e.cookieName, cookieName)
        && e.category == category
        && Objects.equals(e.vendor, vendor)
        && e.reason == reason
        && e.reportOnly == reportOnly
        && Objects.equals(e.detail, detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, cookieName, category, vendor, reason, reportOnly, detail);
  }
}
