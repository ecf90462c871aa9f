package io.github.cookiegate;

import io.github.cookiegate.internal.text.Text;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the gate knows of one request, read once: its activation, its resolved consent (consent
 * sources, then Global Privacy Control), the categories these allow, the mode and whether the
 * request is secure. Every decision of the request reads it: {@link #decide(SetCookie)} and
 * {@link #decide(String)} for the cookies the response sets, {@link #allows(Category)} for
 * vendor elements and policies, {@link #shouldSweep(String)} for the cookies the browser sent.
 *
 * <p>Immutable and thread-safe. Activating the chat or choosing consent during the request yields
 * a new one ({@link #withActivation}, {@link #withConsent}); decisions taken before keep theirs.
 *
 * <pre>{@code
 * GateRequest request = gate.request(ConsentRequest.fromCookieHeader(cookieHeader, headers));
 * GateRequest.Verdict v = request.decide("intercom-id-x=1; Path=/");
 * v.header().ifPresent(h -> response.addHeader("Set-Cookie", h));
 * }</pre>
 */
public final class GateRequest {

  private static final Logger LOG = System.getLogger(CookieGate.class.getName());

  private final CookieGate gate;
  private final Activation activation;
  private final ConsentState consent;
  private final boolean secure;
  /** The valid activation marker the browser sent, for the conversation pseudonym; null if none. */
  private final String sentMarker;
  /** The categories allowed to store and load, necessary included; computed once, never changed. */
  private final EnumSet<Category> allowed;

  /** {@code Category.values()} once: each call copies the array. */
  private static final Category[] CATEGORIES = Category.values();

  GateRequest(CookieGate gate, Activation activation, ConsentState consent, boolean secure, String sentMarker) {
    this.gate = gate;
    this.activation = activation;
    this.consent = consent;
    this.secure = secure;
    this.sentMarker = sentMarker;
    EnumSet<Category> a = EnumSet.noneOf(Category.class);
    for (Category c : CATEGORIES) {
      if (CookieGate.allows(c, activation, consent)) {
        a.add(c);
      }
    }
    this.allowed = a;
  }

  /** Returns the gate this request is decided by. */
  public CookieGate gate() {
    return gate;
  }

  /** Returns the request's activation: a valid marker, or {@link #withActivation} during the request. */
  public Activation activation() {
    return activation;
  }

  /** Returns the request's consent as the gate resolved it ({@code consent-sources}, then {@code Sec-GPC}). */
  public ConsentState consent() {
    return consent;
  }

  /** Whether the request came over a secure channel (the library's cookies are {@code __Host-} then). */
  public boolean secure() {
    return secure;
  }

  /** Returns the gate's mode: {@link CookieGate.Mode#REPORT_ONLY} decides and reports but changes nothing. */
  public CookieGate.Mode mode() {
    return gate.mode();
  }

  /** Whether decisions are only reported ({@code mode=report-only}). */
  public boolean reportOnly() {
    return gate.mode() == CookieGate.Mode.REPORT_ONLY;
  }

  /**
   * Returns the categories that may store and load for this request: necessary always, chat once
   * activated, every category with consent (design section 1).
   */
  public Set<Category> allowed() {
    return Collections.unmodifiableSet(allowed);
  }

  /** Whether what belongs to {@code category} may be stored or loaded for this request. */
  public boolean allows(Category category) {
    return allowed.contains(Objects.requireNonNull(category, "category"));
  }

  /**
   * Returns the conversation's pseudonym (22 characters, base64url, keyed by the gate's {@code
   * secret}) of the valid activation marker the browser sent, or empty.
   */
  public Optional<String> conversationId() {
    return sentMarker == null ? Optional.empty() : Optional.of(gate.own().pseudonym(sentMarker));
  }

  /** Returns this request with another activation: the chat activated, or the conversation ended. */
  public GateRequest withActivation(Activation activation) {
    Objects.requireNonNull(activation, "activation");
    return new GateRequest(gate, activation, consent, secure, sentMarker);
  }

  /** Returns this request with another consent: a choice made on the consent endpoint, or erasure. */
  public GateRequest withConsent(ConsentState consent) {
    Objects.requireNonNull(consent, "consent");
    return new GateRequest(gate, activation, consent, secure, sentMarker);
  }

  // ---------------------------------------------------------------- deciding

  /**
   * Decides one cookie the response sets and reports the decision; applies the mode: in {@code
   * report-only} the cookie is written as is and only the events tell. Never throws: a failure
   * blocks the cookie (fail closed) and is logged.
   */
  public Verdict decide(SetCookie cookie) {
    Objects.requireNonNull(cookie, "cookie");
    Decision d = gate.decide(cookie, activation, consent);
    return new Verdict(d, cookie, null, toWrite(d, cookie), null);
  }

  /**
   * Decides one {@code Set-Cookie} header value and reports the decision, parsing it once; applies
   * the mode. A header a browser would ignore is blocked ({@link Decision.Reason#UNPARSEABLE}),
   * and written as is in {@code report-only}. An allowed header is written exactly as given. Never
   * throws.
   */
  public Verdict decide(String setCookieHeader) {
    Objects.requireNonNull(setCookieHeader, "setCookieHeader");
    Object parsed;
    try {
      parsed = SetCookie.parseOrReject(setCookieHeader);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked a Set-Cookie header because parsing it failed: "
          + e.getClass().getName());
      parsed = SetCookie.Rejection.CONTROL_CHARACTER;
    }
    if (parsed instanceof SetCookie c) {
      Decision d = gate.decide(c, activation, consent);
      SetCookie out = toWrite(d, c);
      String header = out == null ? null : out == c ? setCookieHeader : out.toHeader();
      return new Verdict(d, c, setCookieHeader, out, header);
    }
    Decision d = gate.unparseable((SetCookie.Rejection) parsed);
    return new Verdict(d, null, setCookieHeader, null, reportOnly() ? setCookieHeader : null);
  }

  /**
   * Decides a cookie given as parts ({@link SetCookie#fromParts}): what {@link #decide(String)}
   * decides for the header those parts make, without writing or parsing it. The verdict carries
   * no header; the caller writes the cookie it was given, or its rewritten lifetime.
   */
  Verdict decide(String name, String value, String[] attributes, int count) {
    Object built;
    try {
      built = SetCookie.fromParts(name, value, attributes, count);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked cookie '" + Text.printable(name)
          + "' because reading it failed: " + e.getClass().getName());
      built = SetCookie.Rejection.CONTROL_CHARACTER;
    }
    if (built instanceof SetCookie c) {
      Decision d = gate.decide(c, activation, consent);
      return new Verdict(d, c, null, toWrite(d, c), null);
    }
    return new Verdict(gate.unparseable((SetCookie.Rejection) built), null, null, null, null);
  }

  /** The mode applied once: what a decision lets the response write. */
  private SetCookie toWrite(Decision d, SetCookie cookie) {
    if (reportOnly()) {
      return cookie;
    }
    return switch (d.outcome()) {
      case ALLOW -> cookie;
      case REWRITE -> d.rewrittenOrNull();
      case BLOCK -> null;
    };
  }

  /**
   * Whether a cookie the browser sends should be expired in the response (the sweep): its
   * category is known and not allowed for this request. Unknown cookies are left alone unless
   * {@code unknown-cookies} names a category; the library's own cookies are never swept here.
   * Never throws; a failure answers false.
   */
  public boolean shouldSweep(String cookieName) {
    return toSweep(cookieName).isPresent();
  }

  /**
   * Returns the classification of a cookie the browser sends when the sweep should expire it
   * ({@link #shouldSweep}), so that the caller reports it without classifying it again; else empty.
   * A name the catalog fails on (a rule's regular expression overflowing the stack on a long name,
   * say) is swept as an unclassified cookie (fail closed), with one WARNING line.
   */
  public Optional<Classification> toSweep(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    Classification c;
    try {
      c = classifyUnlessOwn(cookieName);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: could not classify cookie '" + Text.printable(cookieName)
          + "' for the sweep; expiring it: " + e.getClass().getName());
      return Optional.of(Classification.unknown());
    }
    if (c == null) {
      return Optional.empty();
    }
    Category category = c.category().orElse(null);
    if (category == null) {
      category = gate.policy().unknownCategory();
    }
    if (category == null || allowed.contains(category)) {
      return Optional.empty();
    }
    return Optional.of(c);
  }

  /**
   * Returns the category of a cookie the browser sent, or empty for the library's own cookies,
   * unknown ones and on a failure (logged at WARNING; the sweep, which classifies it again, then
   * expires it).
   */
  public Optional<Classification> classifySent(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    try {
      Classification c = classifyUnlessOwn(cookieName);
      return c != null && c.category().isPresent() ? Optional.of(c) : Optional.empty();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: could not classify cookie '" + Text.printable(cookieName)
          + "' the browser sent: " + e.getClass().getName());
      return Optional.empty();
    }
  }

  /** What the catalog says of a cookie the browser sent; null for the library's own cookies. */
  private Classification classifyUnlessOwn(String cookieName) {
    return gate.own().isOwnCookie(cookieName) ? null : gate.classify(cookieName);
  }

  /** Describes the request's state (never a cookie value or the marker). */
  @Override
  public String toString() {
    return "GateRequest[" + (activation.isActive() ? "chat active, " : "") + "allowed=" + allowed + ", mode="
        + gate.mode().id() + (secure ? ", secure" : "") + "]";
  }

  /**
   * One cookie decided: the decision as enforcing would take it (what the events report), and what
   * the response writes with the mode applied.
   */
  public static final class Verdict {
    private final Decision decision;
    private final SetCookie cookie;
    private final String given;
    private final SetCookie toWrite;
    private String header;

    Verdict(Decision decision, SetCookie cookie, String given, SetCookie toWrite, String header) {
      this.decision = decision;
      this.cookie = cookie;
      this.given = given;
      this.toWrite = toWrite;
      this.header = header;
    }

    /** Returns the decision, whatever the mode: what enforcing does. */
    public Decision decision() {
      return decision;
    }

    /** Returns the cookie as the application set it, parsed; empty when a browser would ignore the header. */
    public Optional<SetCookie> cookie() {
      return Optional.ofNullable(cookie);
    }

    /** Whether the response writes something: allowed, rewritten, or any cookie in {@code report-only}. */
    public boolean writes() {
      return toWrite != null || header != null;
    }

    /**
     * Returns the cookie to write: the one set, or its rewritten copy; empty when blocked or when
     * the header could not be parsed.
     */
    public Optional<SetCookie> toWrite() {
      return Optional.ofNullable(toWrite);
    }

    /**
     * Returns the {@code Set-Cookie} header value to write, empty when nothing is: the header as
     * given when it passes unchanged, the rewritten cookie's header otherwise.
     */
    public Optional<String> header() {
      return Optional.ofNullable(headerOrNull());
    }

    /** {@link #header()}, or null. */
    String headerOrNull() {
      String h = header;
      if (h == null && toWrite != null) {
        h = toWrite == cookie && given != null ? given : toWrite.toHeader();
        header = h; // a benign race: every thread computes the same string
      }
      return h;
    }

    /** {@link #cookie()}, or null. */
    SetCookie cookieOrNull() {
      return cookie;
    }

    @Override
    public String toString() {
      return "Verdict[" + decision + (writes() ? ", written" : ", not written") + "]";
    }
  }
}
