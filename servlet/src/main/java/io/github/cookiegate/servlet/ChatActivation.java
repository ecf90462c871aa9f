package io.github.cookiegate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * The application's side of chat activation, keyed on the request that {@link CookieGateFilter}
 * gates.
 *
 * <p>Call {@link #activate} in the endpoint that starts the chat when the user clicked to open it
 * (CNIL: a cookie stored only when the user activates the chat is strictly necessary): chat cookies
 * added after the call, in this response and later ones, pass. Call {@link #end} when the
 * conversation is over: the chat cookies the browser sent are expired and a {@code
 * CONVERSATION_ENDED} event tells the application to erase its own conversation data.
 *
 * <pre>{@code
 * @PostMapping("/chat/start")
 * void start(HttpServletRequest request, HttpServletResponse response) {
 *   ChatActivation.activate(request);
 *   response.addCookie(new Cookie("cw_conversation", conversations.open().id()));  // passes
 * }
 * }</pre>
 *
 * <p>Activation is never consent: analytics, marketing and functional cookies still need consent.
 */
public final class ChatActivation {

  private ChatActivation() {}

  /**
   * Marks the chat activated by the user's own action: chat cookies added later in this response
   * pass, and the signed activation marker is set so later requests are activated.
   *
   * @throws IllegalStateException if {@link CookieGateFilter} did not see this request
   */
  public static void activate(HttpServletRequest request) {
    state(request).activate();
  }

  /**
   * Ends the conversation: removes the activation marker, expires the chat cookies the request
   * carries (consent or not), blocks chat cookies added later in this response (unless chat is
   * consented), and fires a {@code CONVERSATION_ENDED} event.
   *
   * @throws IllegalStateException if {@link CookieGateFilter} did not see this request
   */
  public static void end(HttpServletRequest request) {
    state(request).end();
  }

  /**
   * Whether the chat is activated for this request (a valid marker, or {@link #activate} called).
   *
   * @throws IllegalStateException if {@link CookieGateFilter} did not see this request
   */
  public static boolean isActive(HttpServletRequest request) {
    return state(request).activation().isActive();
  }

  static RequestState state(HttpServletRequest request) {
    Objects.requireNonNull(request, "request");
    Object state = request.getAttribute(RequestState.ATTRIBUTE);
    if (state instanceof RequestState s) {
      return s;
    }
    throw new IllegalStateException("cookie-gate: CookieGateFilter did not see this request; map"
        + " CookieGateFilter to /* (dispatcher REQUEST, async supported) in front of this servlet");
  }
}
