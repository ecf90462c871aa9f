package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.GateAccess;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Expiring what the browser sent and may no longer keep: withdrawn consent, an ended
 * conversation, a cookie a script wrote without the right. Each cookie the request carries is
 * classified once; the deletions go to the request's queue of the library's own cookies, which
 * the response writes at its commit point.
 */
final class Sweep {

  /**
   * Most deletions one response writes for cookies the browser sent (sweep and end of
   * conversation). A browser can carry 180 cookies per domain, and a deletion per cookie would
   * overflow the containers' 8 KiB response-header limit (a 500 on every page); the rest go in
   * the next responses.
   */
  static final int MAX_DELETIONS_PER_RESPONSE = 32;

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  /**
   * Names this response set or expired: the sweep leaves them alone. Guarded by the response's
   * lock, which every caller of {@link #wrote}, {@link #forget} and {@link #written} holds (the
   * response notes a name while it holds that lock for its own record of the header).
   */
  private List<String> namesWritten;

  /** Remembers a name this response set, for the sweep (only a request with cookies needs it). */
  void wrote(RequestState state, String name) {
    if (!state.requestCookieNames.isEmpty()) {
      namesWritten = SetCookieHeaders.add(namesWritten, name);
    }
  }

  /** Forgets the names written: the response was reset. */
  void forget() {
    namesWritten = null;
  }

  /**
   * Queues the deletion of every cookie the browser sent whose category is not (or no longer)
   * allowed, except those this response set or expired itself.
   */
  static void run(RequestState state, String[] written) {
    List<String> names = state.requestCookieNames;
    if (names.isEmpty()) {
      return;
    }
    CookieGate gate = state.gate;
    GateRequest request = state.gateRequest();
    for (int i = 0, n = names.size(); i < n; i++) { // indexed: no iterator per request
      String name = names.get(i);
      if (contains(written, name)) {
        continue;
      }
      if (state.isTossedOwnCookie(name)) {
        // A plain-named marker or consent cookie on a secure request was not read; it goes, with
        // the Domain variants a sibling subdomain could have set it with (its Path is unknown).
        expire(state, name, gate.classify(name), GateEvent.Type.SWEPT, state.parentDomains(), MAX_DELETIONS_PER_RESPONSE);
      } else {
        Classification c = request.toSweep(name).orElse(null); // classified once: decided and reported
        if (c != null) {
          expire(state, name, c, GateEvent.Type.SWEPT, List.of(), MAX_DELETIONS_PER_RESPONSE);
        }
      }
    }
  }

  /** The names written so far, to walk without the lock. */
  String[] written() {
    return namesWritten == null ? NONE : namesWritten.toArray(NONE);
  }

  static final String[] NONE = new String[0];

  private static boolean contains(String[] names, String name) {
    for (String n : names) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Expires a cookie the browser sent, classified as {@code c}: host-only and, for each of {@code
   * domains}, with that {@code Domain} (a cookie set on {@code .example.com} is not removed
   * host-only on {@code www.example.com}); at most {@code cap} deletion headers in this response.
   * Reports it once as {@code type}. Returns whether a deletion was queued.
   */
  static boolean expire(RequestState state, String name, Classification c, GateEvent.Type type, List<String> domains,
      int cap) {
    CookieGate gate = state.gate;
    boolean reportOnly = state.gateRequest().reportOnly();
    Decision.Reason reason = c.category().orElse(null) == Category.CHAT
        ? Decision.Reason.NOT_ACTIVATED : Decision.Reason.NOT_CONSENTED;
    GateAccess.notify(gate, GateAccess.cookieEvent(type, name, c, reason, reportOnly));
    if (reportOnly) {
      return false;
    }
    boolean hostPrefixed = name.regionMatches(true, 0, "__Host-", 0, 7);
    // A __Host- cookie cannot carry Domain: its host-only deletion is the only one.
    int variants = 1 + (hostPrefixed ? 0 : domains.size());
    if (!state.reserveDeletions(variants, cap)) {
      return false;
    }
    List<SetCookie> out = new ArrayList<>(variants);
    try {
      boolean prefixed = hostPrefixed || name.regionMatches(true, 0, "__Secure-", 0, 9);
      out.add(SetCookie.builder(name, "").path("/").maxAge(0).secure(prefixed || state.secure).build());
      for (int i = 1; i < variants; i++) {
        out.add(SetCookie.builder(name, "").domain(domains.get(i - 1)).path("/").maxAge(0)
            .secure(prefixed || state.secure).build());
      }
    } catch (IllegalArgumentException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: cannot write a deletion for a cookie name the browser sent: " + e.getMessage());
      return false;
    }
    // The deletion follows from the cookies this browser sent: the response depends on them.
    state.queue(out, true);
    return true;
  }
}
