package io.github.cookiegate;

import io.github.cookiegate.internal.text.Text;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
     * The user asked for erasure: the detail names the cookies expired and a pseudonymous request
     * id, so the application can erase its own records of this browser.
     */
    ERASED,
    /**
     * A browser reported, through the report-only Content-Security-Policy ({@code csp=report}), a
     * load from a catalogued vendor host that the page rewriting and the policy did not hold back.
     */
    VENDOR_LOAD_REPORTED,
    /**
     * The application asked whether a purpose of its own processing (sentiment analysis, CRM
     * enrichment) is consented, with a purpose label ({@code ConsentCheck.allows(category,
     * purpose)} in the servlet adapter): category, purpose, result and consent source.
     */
    PURPOSE_CHECKED
  }

  private final Type type;
  private final String cookieName;
  private final Category category;
  private final String vendor;
  private final Decision.Reason reason;
  private final boolean reportOnly;
  private final String detail;
  /** The proof fields (time, pseudonymous ids, consent before/after, purpose); null on cookie events. */
  private final Proof proof;

  private GateEvent(Type type, String cookieName, Category category, String vendor,
      Decision.Reason reason, boolean reportOnly, String detail) {
    this(type, cookieName, category, vendor, reason, reportOnly, detail, null);
  }

  private GateEvent(Type type, String cookieName, Category category, String vendor,
      Decision.Reason reason, boolean reportOnly, String detail, Proof proof) {
    this.type = Objects.requireNonNull(type, "type");
    this.cookieName = cookieName;
    this.category = category;
    this.vendor = vendor;
    this.reason = reason;
    this.reportOnly = reportOnly;
    this.detail = detail;
    this.proof = proof;
  }

  /** What a request event carries for consent proof; each field may be absent. */
  private record Proof(Instant time, String requestId, String conversationId, Set<Category> before,
      Set<Category> after, String source, String purpose, Boolean allowed) {
    static final Proof EMPTY = new Proof(null, null, null, null, null, null, null, null);
  }

  private Proof proof() {
    return proof == null ? Proof.EMPTY : proof;
  }

  /**
   * Returns an event saying the application checked {@code category} for one purpose of its own
   * processing ({@code sentiment-analysis}) and got {@code allowed}, from consent read at {@code
   * source}. The purpose label is the application's own, never user data.
   */
  public static GateEvent purposeChecked(String purpose, Category category, boolean allowed, String source) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(source, "source");
    return new GateEvent(Type.PURPOSE_CHECKED, null, category, null, null, false,
        Text.printable(purpose) + (allowed ? " allowed" : " not allowed"),
        new Proof(null, null, null, null, null, source, Text.printable(purpose), allowed));
  }

  /**
   * Returns a copy that says when it happened and on which request: {@code requestId} is random per
   * request, {@code conversationId} (may be null) a keyed pseudonym of the activation marker the
   * library issued, the same from activation to the end of the conversation. Neither is derived
   * from an IP address, a session id or a cookie value the application or a vendor wrote.
   */
  public GateEvent at(Instant time, String requestId, String conversationId) {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(requestId, "requestId");
    Proof p = proof();
    return new GateEvent(type, cookieName, category, vendor, reason, reportOnly, detail,
        new Proof(time, requestId, conversationId, p.before, p.after, p.source, p.purpose, p.allowed));
  }

  /**
   * Returns a copy that carries the granted categories before and after a consent change (or an
   * erasure), and the consent source ({@code cookie-gate}, {@code tcf}, ...).
   */
  public GateEvent withConsent(Set<Category> before, Set<Category> after, String source) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(source, "source");
    Proof p = proof();
    return new GateEvent(type, cookieName, category, vendor, reason, reportOnly, detail,
        new Proof(p.time, p.requestId, p.conversationId, copy(before), copy(after), source, p.purpose, p.allowed));
  }

  private static Set<Category> copy(Set<Category> s) {
    EnumSet<Category> c = EnumSet.noneOf(Category.class);
    c.addAll(s);
    return Collections.unmodifiableSet(c);
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
        Text.printable(directive) + " load from " + Text.printable(host));
  }

  GateEvent withReason(Decision.Reason newReason, String newDetail) {
    return new GateEvent(type, cookieName, category, vendor, newReason, reportOnly, newDetail, proof);
  }

  /** Returns when it happened, where the adapter stamped it ({@link #at}). */
  public Optional<Instant> time() {
    return Optional.ofNullable(proof().time);
  }

  /** Returns the random id of the request it happened on, where stamped ({@link #at}). */
  public Optional<String> requestId() {
    return Optional.ofNullable(proof().requestId);
  }

  /** Returns the pseudonymous id of the conversation (activation to end), where there is one. */
  public Optional<String> conversationId() {
    return Optional.ofNullable(proof().conversationId);
  }

  /** Returns the categories granted before a consent change, where the event carries them. */
  public Optional<Set<Category>> before() {
    return Optional.ofNullable(proof().before);
  }

  /** Returns the categories granted after a consent change, where the event carries them. */
  public Optional<Set<Category>> after() {
    return Optional.ofNullable(proof().after);
  }

  /** Returns the consent source the event's decision rests on, where it carries one. */
  public Optional<String> source() {
    return Optional.ofNullable(proof().source);
  }

  /** Returns the application's purpose label, for {@link Type#PURPOSE_CHECKED}. */
  public Optional<String> purpose() {
    return Optional.ofNullable(proof().purpose);
  }

  /** Returns the result of a purpose check, for {@link Type#PURPOSE_CHECKED}. */
  public Optional<Boolean> allowed() {
    return Optional.ofNullable(proof().allowed);
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
      sb.append(" cookie '").append(Text.printable(cookieName)).append('\'');
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

  @Override
  public boolean equals(Object o) {
    return o instanceof GateEvent e
        && e.type == type
        && Objects.equals(e.cookieName, cookieName)
        && e.category == category
        && Objects.equals(e.vendor, vendor)
        && e.reason == reason
        && e.reportOnly == reportOnly
        && Objects.equals(e.detail, detail)
        && Objects.equals(e.proof, proof);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, cookieName, category, vendor, reason, reportOnly, detail, proof);
  }
}
