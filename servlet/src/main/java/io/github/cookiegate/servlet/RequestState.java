package io.github.cookiegate.servlet;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.CookieHeader;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.internal.consent.ConsentChoice;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the gate knows of one request: its {@link GateRequest} (activation and consent, built once
 * from the cookies the browser sent, replaced by {@link ChatActivation} and the consent
 * endpoints), and the library's own cookies queued for the response (marker, consent cookie,
 * deletions), which {@link GatedResponse} writes at its commit points; it never holds the
 * response. Shared by every wrapper of the request, possibly across threads (async), so its
 * mutable parts are volatile or synchronized.
 */
final class RequestState {

  static final String ATTRIBUTE = RequestState.class.getName();

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  final CookieGate gate;
  final boolean secure;
  final String contextPath;
  /** Names of the cookies the browser sent, each once, in order. */
  final List<String> requestCookieNames;
  /** The request's activation, consent and allowed categories; replaced, never changed, by activation and consent. */
  private volatile GateRequest gateRequest;
  private volatile boolean ended;
  /** The library's own cookies (marker, consent, deletions) waiting for the response's next commit point. */
  private List<SetCookie> queued;
  private volatile boolean hasQueued;
  /** Whether a queued cookie follows from the cookies this browser sent (cache safety). */
  private boolean queuedStateDependent;
  /** Deletions queued for cookies the browser sent (sweep, end of conversation, erasure). */
  private int deletions;
  private volatile String requestId;
  private volatile String conversationId;
  /** The request, read only where the launcher is written: its Accept-Language, and its origin after a {@code <base href>}. */
  private volatile HttpServletRequest request;
  /** The request's host as the container reports it, for deletions with Domain; null if unknown. */
  private volatile String serverName;

  private RequestState(GateRequest gateRequest, String contextPath, List<String> names) {
    this.gate = gateRequest.gate();
    this.secure = gateRequest.secure();
    this.contextPath = contextPath == null ? "" : contextPath;
    this.requestCookieNames = names;
    this.gateRequest = gateRequest;
  }

  /**
   * Reads activation from the request's cookies and consent through the gate's resolvers
   * ({@code consent-sources}, then {@code Sec-GPC}); never throws.
   */
  static RequestState read(CookieGate gate, HttpServletRequest request) {
    boolean secure = request.isSecure();
    // The Cookie header read once, by the library itself: the names for the sweep, the values for
    // the marker and the consent resolvers (the same on every container; no container parses the
    // cookies for the gate, so one the application never reads costs nothing more).
    CookieHeader.Pairs pairs = CookieHeader.pairs(cookieHeaderLines(request));
    List<String> names = pairs.distinctNames();
    // Activation from the marker under the name this request's kind is written under (on a secure
    // request the __Host- one, which neither a sibling subdomain nor plain http can set), consent
    // through the resolvers: read once, for every decision of the request.
    GateRequest gateRequest = gate.request(new View(request, secure, pairs));
    RequestState state = new RequestState(gateRequest, request.getContextPath(), names);
    if (secure && !names.isEmpty()) {
      try {
        state.serverName = request.getServerName();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the request's server name: " + e.getClass().getName());
      }
    }
    return state.withRequest(request);
  }

  /** The request's {@code Cookie} header lines (HTTP/1.1 sends one, HTTP/2 may send several); never throws. */
  private static List<String> cookieHeaderLines(HttpServletRequest request) {
    try {
      java.util.Enumeration<String> e = request.getHeaders("Cookie");
      if (e == null || !e.hasMoreElements()) {
        return List.of();
      }
      String first = e.nextElement();
      if (!e.hasMoreElements()) {
        return first == null ? List.of() : List.of(first);
      }
      List<String> lines = new ArrayList<>(2);
      if (first != null) {
        lines.add(first);
      }
      while (e.hasMoreElements()) {
        String line = e.nextElement();
        if (line != null) {
          lines.add(line);
        }
      }
      return lines;
    } catch (RuntimeException ex) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the request's Cookie header: " + ex.getClass().getName());
      return List.of();
    }
  }

  private RequestState withRequest(HttpServletRequest request) {
    this.request = request;
    return this;
  }

  /**
   * The request's own origin (scheme://host:port as the container reports it), for markup written
   * after a page's {@code <base href>}; null if the container cannot say.
   */
  String origin() {
    HttpServletRequest r = request;
    if (r == null) {
      return null;
    }
    try {
      return CookieGateFilter.ActivationEndpoint.ownOrigin(r);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the request's origin: " + e.getClass().getName());
      return null;
    }
  }

  /** The filter's cache of rewritten pages; {@link PageCache#OFF} unless the filter set its own. */
  volatile PageCache pages = PageCache.OFF;

  /**
   * The request's path without its query or path parameters ({@code ;jsessionid=...}): where the
   * page cache looks for pages this URL served before; null if the container cannot say.
   */
  String pagePath() {
    HttpServletRequest r = request;
    if (r == null) {
      return null;
    }
    try {
      String uri = r.getRequestURI();
      int semicolon = uri == null ? -1 : uri.indexOf(';');
      return semicolon < 0 ? uri : uri.substring(0, semicolon);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The request's Accept-Language (the launcher's language when the page names none it speaks); null if absent. */
  String acceptLanguage() {
    HttpServletRequest r = request;
    if (r == null) {
      return null;
    }
    try {
      return r.getHeader("Accept-Language"); // read only for a page that gets the launcher
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether a cookie the browser sent is a plain-named copy of the library's own cookies on a
   * secure request: never read (a sibling subdomain or plain http can plant it), and swept.
   */
  boolean isTossedOwnCookie(String name) {
    return secure && (name.equals(CookieGate.MARKER_COOKIE) || name.equals(gate.consentCookie()));
  }

  /** The Domain values a cookie planted by a sibling subdomain may carry (see ConsentEndpoints.domainVariants). */
  List<String> parentDomains() {
    String host = serverName;
    return host == null ? List.of() : ConsentEndpoints.domainVariants(host);
  }

  /**
   * The request as the marker reader and the consent resolvers see it: cookie values read from
   * the {@code Cookie} header itself ({@link CookieHeader}), the same on every container (Tomcat's
   * {@code getCookies()} turns {@code "marketing} into {@code marketing}, Jetty's drops it), and
   * headers.
   */
  private static final class View implements ConsentRequest {
    private final HttpServletRequest request;
    private final boolean secure;
    private final CookieHeader.Pairs cookies;

    View(HttpServletRequest request, boolean secure, CookieHeader.Pairs cookies) {
      this.request = request;
      this.secure = secure;
      this.cookies = cookies;
    }

    @Override
    public List<String> cookies(String name) {
      return cookies.values(name);
    }

    @Override
    public boolean secure() {
      return secure;
    }

    @Override
    public Optional<String> header(String name) {
      try {
        return Optional.ofNullable(request.getHeader(name));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * Returns this request's id for audit events: random (UUID), made on first use, so a request that
   * fires no event draws nothing from the random source.
   */
  String requestId() {
    String id = requestId;
    if (id == null) {
      synchronized (this) {
        id = requestId;
        if (id == null) {
          id = UUID.randomUUID().toString();
          requestId = id;
        }
      }
    }
    return id;
  }

  /**
   * Returns the conversation's pseudonym: a keyed HMAC of the activation marker the library
   * issued (the one set in this response, else the valid one the browser sent), or null.
   */
  String conversationId() {
    String id = conversationId;
    if (id == null) {
      id = gateRequest.conversationId().orElse(null);
      conversationId = id;
    }
    return id;
  }

  /** Reports a request event, stamped with the time, the request id and the conversation id. */
  void notify(GateEvent event) {
    if (gate.listener().wants(event.type())) {
      GateAccess.notify(gate, event.at(gate.clock().instant(), requestId(), conversationId()));
    }
  }

  /** The request's state as every decision reads it now: one immutable snapshot. */
  GateRequest gateRequest() {
    return gateRequest;
  }

  Activation activation() {
    return gateRequest.activation();
  }

  ConsentState consent() {
    return gateRequest.consent();
  }

  boolean ended() {
    return ended;
  }

  /** Queues one of the library's own cookies (marker, consent, deletions): necessary, never gated away. */
  void queue(SetCookie cookie) {
    queue(List.of(cookie), false);
  }

  /** Queues the library's own cookies; {@code stateDependent} when they follow from the cookies the browser sent. */
  synchronized void queue(List<SetCookie> cookies, boolean stateDependent) {
    if (queued == null) {
      queued = new ArrayList<>(4);
    }
    queued.addAll(cookies);
    queuedStateDependent |= stateDependent;
    hasQueued = true;
  }

  /** Whether own cookies wait to be written. */
  boolean hasQueued() {
    return hasQueued;
  }

  /** Takes the queued own cookies (empty when none); the response writes them. */
  synchronized List<SetCookie> takeQueued() {
    List<SetCookie> out = queued == null ? List.of() : queued;
    queued = null;
    hasQueued = false;
    return out;
  }

  /** Whether a cookie taken since the last call follows from the cookies the browser sent. */
  synchronized boolean takeQueuedStateDependent() {
    boolean d = queuedStateDependent;
    queuedStateDependent = false;
    return d;
  }

  /** Drops the queued own cookies: the response was reset, as it drops headers already written. */
  synchronized void discardQueued() {
    queued = null;
    hasQueued = false;
    queuedStateDependent = false;
  }

  /** Reserves {@code n} deletion headers if no more than {@code cap} are then queued for this request. */
  synchronized boolean reserveDeletions(int n, int cap) {
    if (deletions + n > cap) {
      int d = deletions;
      LOG.log(Level.DEBUG, () -> "cookie-gate: " + d + " deletions in this response already; the rest wait for the next one");
      return false;
    }
    deletions += n;
    return true;
  }

  /**
   * Expires a cookie the browser sent, classified as {@code c} (host-only, {@code Path=/});
   * reports it as {@code type}. Returns whether a deletion was queued.
   */
  boolean expire(String name, Classification c, GateEvent.Type type) {
    return Sweep.expire(this, name, c, type, List.of(), Sweep.MAX_DELETIONS_PER_RESPONSE);
  }

  /** As {@link Sweep#expire}: host-only and with each of {@code domains}, at most {@code cap} deletions. */
  boolean expire(String name, Classification c, GateEvent.Type type, List<String> domains, int cap) {
    return Sweep.expire(this, name, c, type, domains, cap);
  }

  /** The user activated the chat: chat cookies pass from now on, and the marker is set. */
  void activate() {
    update(r -> r.withActivation(Activation.since(gate.clock().instant())));
    ended = false;
    SetCookie marker = GateAccess.ownCookies(gate).newActivationMarker(secure);
    conversationId = GateAccess.ownCookies(gate).pseudonym(marker.value());
    queue(marker);
    notify(GateAccess.event(GateEvent.Type.ACTIVATED, "chat activated"));
  }

  /**
   * The conversation ended: the marker goes, chat cookies the request carries are expired (consent
   * or not), and chat cookies added later in this response are blocked again.
   */
  void end() {
    GateRequest now = update(r -> r.withActivation(Activation.none()));
    ended = true;
    int expired = 0;
    queue(GateAccess.ownCookies(gate).activationMarkerDeletions(secure), false);
    for (String name : requestCookieNames) {
      Classification c = now.classifySent(name).orElse(null);
      if (c != null && c.category().orElse(null) == Category.CHAT && expire(name, c, GateEvent.Type.SWEPT)) {
        expired++;
      }
    }
    notify(GateAccess.event(GateEvent.Type.CONVERSATION_ENDED,
        "conversation ended; " + expired + " chat cookie" + (expired == 1 ? "" : "s") + " expired"));
  }

  /**
   * The user chose on the consent endpoint: the consent cookie stores the choice, cookies of the
   * categories withdrawn (granted by the request's consent, not now) that the browser sent are
   * expired in this response, and the rest of the response is decided by the new choice.
   */
  void choose(Set<Category> granted) {
    ConsentState before = consent();
    ConsentState after = ConsentState.of(ConsentState.OWN_COOKIE_SOURCE, granted);
    if (gate.consentRevision() > 0) {
      after = after.withRevision(gate.consentRevision());
    }
    if (!before.withdrawnByGpc().isEmpty()) {
      after = after.withGlobalPrivacyControl(before.withdrawnByGpc());
    }
    ConsentState chosen = after;
    GateRequest now = update(r -> r.withConsent(chosen));
    EnumSet<Category> withdrawn = EnumSet.noneOf(Category.class);
    withdrawn.addAll(before.granted());
    withdrawn.removeAll(after.granted());
    int expired = 0;
    queue(GateAccess.ownCookies(gate).newConsentCookie(granted, secure));
    String plain = gate.consentCookie();
    if (secure && requestCookieNames.contains(plain)) {
      // A copy under the plain name would be intersected with the new choice on every request.
      queue(GateAccess.ownCookies(gate).consentCookieDeletions(false), false);
    }
    for (String name : requestCookieNames) {
      Classification c = now.classifySent(name).orElse(null);
      if (c != null && withdrawn.contains(c.category().orElseThrow()) && expire(name, c, GateEvent.Type.SWEPT)) {
        expired++;
      }
    }
    notify(GateAccess.event(GateEvent.Type.CONSENT_CHANGED,
        "consent changed from " + ConsentChoice.ids(before.granted())
        + " (source " + before.source() + ") to " + ConsentChoice.ids(after.granted()) + " (source "
        + after.source() + ")" + (withdrawn.isEmpty() ? "" : "; withdrawn " + ConsentChoice.ids(withdrawn) + ", "
        + expired + " cookie" + (expired == 1 ? "" : "s") + " expired"))
        .withConsent(before.granted(), after.granted(), after.source()));
  }

  /**
   * The user asked for erasure: consent and activation are gone for the rest of this response;
   * the caller expires the cookies. Returns the state before.
   */
  ConsentState forget() {
    GateRequest[] before = new GateRequest[1];
    update(r -> {
      before[0] = r;
      return r.withConsent(ConsentState.none()).withActivation(Activation.none());
    });
    ended = true;
    return before[0].consent();
  }

  /** Replaces the request's state (activation, consent) atomically against concurrent changes; returns the new one. */
  private synchronized GateRequest update(java.util.function.UnaryOperator<GateRequest> change) {
    GateRequest next = change.apply(gateRequest);
    gateRequest = next;
    return next;
  }

  /** The category of a cookie the browser sent, or null for the library's own and unknown ones. */
  Category categoryOf(String name) {
    return gateRequest.classifySent(name).flatMap(Classification::category).orElse(null);
  }
}
