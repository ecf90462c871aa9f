package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.internal.GateAccess;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * The application's own processing, checked against the same consent the gate decided the
 * request's cookies with: a chatbot backend asks before it analyses, enriches or exports a
 * conversation (CNIL: sentiment analysis and CRM enrichment need consent even after activation).
 *
 * <pre>{@code
 * @PostMapping("/chat/message")
 * void message(HttpServletRequest request, @RequestBody Message m) {
 *   ConsentCheck consent = ConsentCheck.of(request);
 *   replies.answer(m);
 *   if (consent.allows(Category.ANALYTICS, "sentiment-analysis")) {   // a PURPOSE_CHECKED event
 *     jobs.submit(() -> sentiment.analyse(m, consent));               // the check travels with the job
 *   }
 * }
 * }</pre>
 *
 * <p>An instance is an immutable snapshot, taken by {@link #of}: the consent, the activation and
 * the request's audit ids at that moment. It is thread-safe and holds no reference to the request,
 * so it is what a background job must be given: a job cannot call {@link #of} once the request is
 * over (the container recycles it), so capture the check while the request is in hand.
 *
 * <p><b>Activation is not consent.</b> {@code allows(Category.CHAT)} is true only when chat is
 * consented; whether the user opened the chat is {@link #chatActive()}, which makes chat cookies
 * pass but allows no processing beyond running the conversation the user asked for.
 */
public final class ConsentCheck {

  private final CookieGate gate;
  private final ConsentState consent;
  private final boolean chatActive;
  private final Instant takenAt;
  /** The request's audit ids, captured only when a listener wants purpose checks; else null. */
  private final String requestId;
  private final String conversationId;

  private ConsentCheck(RequestState state) {
    this.gate = state.gate;
    boolean audited = gate.listener().wants(GateEvent.Type.PURPOSE_CHECKED);
    this.requestId = audited ? state.requestId() : null;
    this.conversationId = audited ? state.conversationId() : null;
    GateRequest now = state.gateRequest(); // one snapshot: consent and activation read together
    this.consent = now.consent();
    this.chatActive = now.activation().isActive();
    this.takenAt = gate.clock().instant();
  }

  /**
   * Returns the consent of this request as the gate resolved it ({@code consent-sources}, then
   * {@code Sec-GPC}).
   *
   * @throws IllegalStateException if {@link CookieGateFilter} did not see this request
   */
  public static ConsentCheck of(HttpServletRequest request) {
    return new ConsentCheck(ChatActivation.state(request));
  }

  /** Whether the user consented to {@code category} (necessary: always), the state cookies were decided on. */
  public boolean allows(Category category) {
    return consent.allows(Objects.requireNonNull(category, "category"));
  }

  /**
   * Whether the user consented to {@code category} for this purpose, and records the check: a
   * {@code PURPOSE_CHECKED} event with the purpose label, category, result, consent source and the
   * request's audit ids (never a value from the conversation). Usable from any thread.
   *
   * @param purpose the application's own label for the processing, such as {@code
   *     sentiment-analysis} or {@code crm-export}
   */
  public boolean allows(Category category, String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    boolean allowed = allows(category);
    if (requestId != null) {
      GateAccess.notify(gate, GateAccess.purposeChecked(purpose, category, allowed, consent.source())
          .at(gate.clock().instant(), requestId, conversationId));
    }
    return allowed;
  }

  /**
   * Whether the chat was activated by the user (a valid marker, or {@link ChatActivation#activate}
   * before this check). Not consent to anything: see the class doc.
   */
  public boolean chatActive() {
    return chatActive;
  }

  /** Returns the consent state the check reads: granted categories, source, time where stored. */
  public ConsentState consent() {
    return consent;
  }

  /** Returns when this snapshot was taken. */
  public Instant takenAt() {
    return takenAt;
  }

  @Override
  public String toString() {
    return "ConsentCheck[" + consent + (chatActive ? ", chat active" : "") + ", at " + takenAt + "]";
  }
}
