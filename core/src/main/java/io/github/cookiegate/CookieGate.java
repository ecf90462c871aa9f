package io.github.cookiegate;

import io.github.cookiegate.internal.DecisionTable;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.internal.consent.ConsentMapping;
import io.github.cookiegate.internal.consent.ConsentPlatforms;
import io.github.cookiegate.internal.own.OwnCookies;
import io.github.cookiegate.internal.text.Ascii;
import io.github.cookiegate.internal.text.Text;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The gate: classifies every cookie an application tries to store and decides it against the
 * request's activation and consent (design section 1). Immutable and thread-safe; build one per
 * filter (or application) and share it.
 *
 * <pre>{@code
 * CookieGate gate = CookieGate.builder()
 *     .secret(System.getenv("COOKIE_GATE_SECRET"))        // same on every node
 *     .cookies(Category.CHAT, "cw_conversation", "cw_user_*")
 *     .chatMaxAge(Duration.ofHours(2))
 *     .build();
 *
 * // or from the same keys as the servlet filter's init params:
 * CookieGate gate = CookieGate.fromSettings(Map.of("chat-max-age", "PT2H", "cookies.chat", "cw_*"));
 *
 * GateRequest request = gate.request(ConsentRequest.fromCookieHeader(cookieHeader, headers));
 * Optional<String> header = request.decide("intercom-id-x=1; Path=/").header();
 * }</pre>
 *
 * <p>Nothing it does on a request throws: a header it cannot read, or any failure while deciding,
 * blocks the cookie (fail closed) and is reported.
 */
public final class CookieGate {

  /** Default path of the activation endpoint. */
  public static final String DEFAULT_ACTIVATION_PATH = "/cookie-gate/activate";
  /** Default name of the library's own consent cookie. */
  public static final String DEFAULT_CONSENT_COOKIE = "cookie_gate_consent";
  /** Name of the activation marker cookie ({@code __Host-} prefixed on secure requests). */
  public static final String MARKER_COOKIE = "cookie_gate_chat";
  /** Prefix of the library's own cookies on secure requests. */
  public static final String HOST_PREFIX = "__Host-";
  /** Default path of the activation script the rewritten pages load. */
  public static final String DEFAULT_GATE_SCRIPT_PATH = "/cookie-gate/gate.js";
  /** Default path of the endpoint that receives the report-only Content-Security-Policy's reports. */
  public static final String DEFAULT_REPORT_PATH = "/cookie-gate/csp-report";
  /** Default path of the cookie declaration (the effective catalog as HTML and JSON). */
  public static final String DEFAULT_DECLARATION_PATH = "/cookie-gate/cookies";
  /** Default path of the consent endpoint ({@code consent-path}). */
  public static final String DEFAULT_CONSENT_PATH = "/cookie-gate/consent";
  /** Default path of the erasure endpoint ({@code forget-path}). */
  public static final String DEFAULT_FORGET_PATH = "/cookie-gate/forget";
  /** Default {@code chat-max-age}. */
  public static final Duration DEFAULT_CHAT_MAX_AGE = Duration.ofHours(24);
  /**
   * Default {@code max-age.analytics} and {@code max-age.marketing}: 13 months, counted as 395 days
   * (CNIL: audience-measurement trackers live at most 13 months).
   */
  public static final Duration DEFAULT_TRACKER_MAX_AGE = Duration.ofDays(395);
  /** {@link #DEFAULT_TRACKER_MAX_AGE} as the settings write it. */
  public static final String DEFAULT_TRACKER_MAX_AGE_TEXT = "P395D";
  /** Default {@code consent-max-age}: a stored choice older than this reads as no consent. */
  public static final Duration DEFAULT_CONSENT_MAX_AGE = Duration.ofDays(182);
  /** The longest {@code consent-max-age}: 13 months (CNIL), counted as 395 days. */
  public static final Duration MAX_CONSENT_MAX_AGE = Duration.ofDays(395);
  /** The {@code consent-sources} id that stands for every built-in resolver, in the documented order. */
  public static final String AUTO_SOURCES = "auto";
  /** The request header of Global Privacy Control. */
  public static final String GPC_HEADER = "Sec-GPC";

  private static final Logger LOG = System.getLogger(CookieGate.class.getName());

  /** Whether decisions are enforced or only reported. */
  public enum Mode {
    /** Block and sweep. */
    ENFORCE("enforce"),
    /** Decide and report every decision; block and sweep nothing. */
    REPORT_ONLY("report-only");

    private final String id;

    Mode(String id) {
      this.id = id;
    }

    /** Returns the setting value: {@code enforce} or {@code report-only}. */
    public String id() {
      return id;
    }
  }

  /**
   * What the gate does with the application's {@code Content-Security-Policy} ({@code csp}
   * setting): the browser refuses what the page rewriter could not see, such as script built at
   * run time.
   */
  public enum Csp {
    /** Leave the application's policy alone (the default). */
    OFF("off"),
    /** Remove from the application's policy the hosts of vendors whose category is not allowed. */
    ON("on"),
    /**
     * As {@link #ON}, and add a {@code Content-Security-Policy-Report-Only} built from the host
     * catalog whose reports of vendor loads that slipped through become listener events.
     */
    REPORT("report");

    private final String id;

    Csp(String id) {
      this.id = id;
    }

    /** Returns the setting value: {@code off}, {@code on} or {@code report}. */
    public String id() {
      return id;
    }
  }

  /** Where the chat launcher sits ({@code launcher.position}). */
  public enum LauncherPosition {
    /** The bottom right corner of the window (the default), where most vendors put theirs. */
    BOTTOM_RIGHT("bottom-right"),
    /** The bottom left corner of the window. */
    BOTTOM_LEFT("bottom-left");

    private final String id;

    LauncherPosition(String id) {
      this.id = id;
    }

    /** Returns the setting value: {@code bottom-right} or {@code bottom-left}. */
    public String id() {
      return id;
    }
  }

  /** The launcher's colour when {@code launcher.color} is not set: a neutral dark slate. */
  public static final String DEFAULT_LAUNCHER_COLOR = "#1f2937";

  /**
   * What the erasure endpoint asks the browser to clear with {@code Clear-Site-Data}
   * ({@code clear-site-data}); none by default, because {@link #COOKIES} also removes the site's
   * session cookies and so logs the user out of the whole site.
   */
  public enum ClearSiteData {
    /** Every cookie of the registrable domain, the session's included. */
    COOKIES("cookies"),
    /** localStorage, sessionStorage, IndexedDB, service workers of the origin. */
    STORAGE("storage"),
    /** The browser's HTTP cache for the origin. */
    CACHE("cache");

    private final String id;

    ClearSiteData(String id) {
      this.id = id;
    }

    /** Returns the setting value and the directive's name: {@code cookies}, {@code storage} or {@code cache}. */
    public String id() {
      return id;
    }
  }

  /** The launcher settings ({@code launcher.*}). */
  private record Launcher(boolean insert, LauncherPosition position, String color, String label) {}

  /**
   * Everything but the catalog, built once and shared with the gates {@link #withNecessaryCookie}
   * returns.
   */
  private record Parts(Mode mode, boolean sweep, boolean html, long htmlCache, Csp csp, Endpoints endpoints,
      Set<ClearSiteData> clearSiteData, Launcher launcher, HostCatalog hostCatalog, StorageCatalog storageCatalog,
      boolean secretConfigured, OwnCookies own, ConsentReader consent, ChatMaxAge chatMaxAge,
      Map<Category, Duration> categoryMaxAge, UnknownCookies unknownCookies, GatePolicy policy,
      GateListener listener, AuditLog auditLog, Clock clock, CookieCatalog baseCatalog, List<CookieRule> appRules) {}

  private final Parts p;
  /** The effective catalog: the application's rules over the base catalog (and the container's session cookie). */
  private final CookieCatalog catalog;

  static {
    GateAccess.register(new Access());
  }

  /** What the library's own modules reach through {@link GateAccess}; users never see it. */
  private static final class Access implements GateAccess.Bridge {

    @Override
    public OwnCookies ownCookies(CookieGate gate) {
      return gate.p.own;
    }

    @Override
    public DecisionTable policy(CookieGate gate) {
      return gate.p.policy;
    }

    @Override
    public void notify(CookieGate gate, GateEvent event) {
      gate.notify(event);
    }

    @Override
    public GateEvent event(GateEvent.Type type, String detail) {
      return GateEvent.of(type, detail);
    }

    @Override
    public GateEvent cookieEvent(GateEvent.Type type, String cookieName, Classification classification,
        Decision.Reason reason, boolean reportOnly) {
      return GateEvent.cookie(type, cookieName, classification, reason, reportOnly);
    }

    @Override
    public GateEvent purposeChecked(String purpose, Category category, boolean allowed, String source) {
      return GateEvent.purposeChecked(purpose, category, allowed, source);
    }

    @Override
    public GateEvent vendorLoad(HostRule rule, String host, String directive) {
      return GateEvent.vendorLoad(rule, host, directive);
    }

    @Override
    public ConsentState consentState(String source, Set<Category> granted, java.time.Instant timestamp, int revision) {
      return ConsentState.read(source, granted, timestamp, revision);
    }

    @Override
    public GateRequest.Verdict decide(GateRequest request, String name, String value, String[] attributes, int count) {
      return request.decide(name, value, attributes, count);
    }

    @Override
    public String header(GateRequest.Verdict verdict) {
      return verdict.headerOrNull();
    }

    @Override
    public SetCookie cookie(GateRequest.Verdict verdict) {
      return verdict.cookieOrNull();
    }
  }

  private CookieGate(Parts parts, CookieCatalog catalog) {
    this.p = parts;
    this.catalog = catalog;
  }

  private static CookieGate build(Builder b) {
    Clock clock = b.clock;
    AuditLog auditLog = b.auditLog == null ? null : AuditLog.toFile(b.auditLog);
    GateListener listener = auditLog == null ? b.listener : b.listener.andThen(auditLog);
    Map<Category, Duration> categoryMaxAge = Collections.unmodifiableMap(new java.util.EnumMap<>(b.categoryMaxAge));
    GatePolicy policy = new GatePolicy(b.unknownCookies, b.chatMaxAge, clock, categoryMaxAge);
    byte[] key = b.secret;
    if (key == null) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
      LOG.log(Level.INFO, "cookie-gate: no 'secret' set: activation markers are signed with a random key"
          + " that lasts until restart; on several nodes, set the same 'secret' on each");
    }
    OwnCookies own = new OwnCookies(b.consentCookie, key, b.chatMaxAge, b.consentMaxAge, b.consentRevision, clock);
    Set<Category> gpc = b.gpc.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.gpc));
    ConsentReader consent = new ConsentReader(own, b.consentSources, b.mappings, b.addedResolvers, gpc,
        b.consentMaxAge, b.consentRevision, clock);
    Set<ClearSiteData> clearSiteData = b.clearSiteData.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(b.clearSiteData));
    List<CookieRule> appRules = List.copyOf(b.rules);
    Parts parts = new Parts(b.mode, b.sweep, b.html, b.htmlCache, b.csp, b.endpoints(), clearSiteData,
        new Launcher(b.launcher, b.launcherPosition, b.launcherColor, b.launcherLabel),
        b.hostCatalog.with(b.hostRules), b.storageCatalog.with(b.storageRules), b.secret != null, own, consent,
        b.chatMaxAge, categoryMaxAge, b.unknownCookies, policy, listener, auditLog, clock, b.catalog, appRules);
    return new CookieGate(parts, b.catalog.with(appRules));
  }

  /** Returns a builder with the defaults of design section 3. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a gate configured by settings with the keys of the servlet filter's init params
   * ({@code secret}, {@code mode}, {@code activation-path}, {@code cookies.<category>}, {@code
   * unknown-cookies}, {@code consent-cookie}, {@code chat-max-age}, {@code sweep}). An empty value
   * means "not set".
   *
   * @throws IllegalArgumentException naming the key, the bad value and the accepted values, for an
   *     unknown key or a bad value
   */
  public static CookieGate fromSettings(Map<String, String> settings) {
    return Settings.apply(Objects.requireNonNull(settings, "settings"), builder()).build();
  }

  // ---------------------------------------------------------------- deciding

  /**
   * Returns what the catalog says of a cookie name; the library's own cookies (the activation
   * marker and the consent cookie, with or without {@code __Host-}) are necessary whatever the rules say.
   */
  public Classification classify(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    if (p.own.isOwnCookie(cookieName)) {
      return p.own.classification();
    }
    return catalog.classify(cookieName);
  }


  /**
   * Decides one cookie and reports the decision to the listener. Whatever the mode, the decision
   * is what enforcing would do. Never throws: a failure blocks the cookie (reason {@link
   * Decision.Reason#ERROR}) and is logged at WARNING.
   */
  public Decision decide(SetCookie cookie, Activation activation, ConsentState consent) {
    Objects.requireNonNull(cookie, "cookie");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(consent, "consent");
    Classification classification = Classification.unknown();
    Decision decision;
    try {
      classification = classify(cookie.name());
      decision = p.policy.decide(cookie, classification, activation, consent);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked cookie '" + Text.printable(cookie.name())
          + "' because deciding it failed: " + e);
      decision = Decision.of(Decision.Reason.ERROR);
    }
    return report(cookie.name(), classification, decision);
  }

  /**
   * Decides one {@code Set-Cookie} header value and reports the decision. A header a browser would
   * ignore is blocked with {@link Decision.Reason#UNPARSEABLE}. Whatever the mode, the decision is
   * what enforcing would do; {@link GateRequest#decide(String)} applies the mode. Never throws.
   */
  public Decision decide(String setCookieHeader, Activation activation, ConsentState consent) {
    Objects.requireNonNull(setCookieHeader, "setCookieHeader");
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(consent, "consent");
    return new GateRequest(this, activation, consent, false, null).decide(setCookieHeader).decision();
  }

  /** Reports a header a browser would ignore and returns its decision: blocked, {@code UNPARSEABLE}. */
  Decision unparseable(SetCookie.Rejection r) {
    LOG.log(Level.DEBUG, () -> "cookie-gate: dropped a Set-Cookie header a browser would ignore: " + r.description());
    deliver(GateEvent.unparseable(r.description(), p.mode == Mode.REPORT_ONLY));
    return Decision.of(Decision.Reason.UNPARSEABLE);
  }

  /**
   * Gates one {@code Set-Cookie} header value: returns the header to write (as written, or
   * rewritten), or empty to write nothing. In {@link Mode#REPORT_ONLY} the header is always
   * returned as written and only the events tell. A header a browser would ignore is dropped.
   * Never throws. The same as {@code request(activation, consent, false).decide(header).header()}.
   */
  public Optional<String> filter(String setCookieHeader, Activation activation, ConsentState consent) {
    Objects.requireNonNull(setCookieHeader, "setCookieHeader");
    return request(activation, consent, false).decide(setCookieHeader).header();
  }

  /**
   * Reads a request once: its activation from the marker cookie it carries under the name for its
   * kind ({@code cookie_gate_chat}; on a secure request {@code __Host-cookie_gate_chat} only),
   * its consent through the resolvers and {@code Sec-GPC} ({@link #resolveConsent}). Never throws.
   */
  public GateRequest request(ConsentRequest request) {
    Objects.requireNonNull(request, "request");
    boolean secure = request.secure();
    List<String> markers;
    try {
      markers = request.cookies(p.own.markerCookieName(secure));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the activation marker: " + e.getClass().getName());
      markers = List.of();
    }
    String sent = null;
    Activation activation = Activation.none();
    if (markers != null && !markers.isEmpty()) {
      activation = readActivation(markers);
      sent = activation.isActive() ? markers.get(0) : null;
    }
    return new GateRequest(this, activation, resolveConsent(request), secure, sent);
  }

  /** Returns a request state of this activation and consent (tests, tools, code outside a request). */
  public GateRequest request(Activation activation, ConsentState consent, boolean secure) {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(consent, "consent");
    return new GateRequest(this, activation, consent, secure, null);
  }

  /**
   * Returns a gate that classifies this cookie name as necessary unless the application's own rules
   * classify it (the container's session cookie: design section 3). Everything else, the signing
   * key included, is shared with this gate.
   */
  public CookieGate withNecessaryCookie(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    for (CookieRule r : p.appRules) {
      if (r.matches(cookieName)) {
        return this;
      }
    }
    CookieCatalog withName = p.baseCatalog.withContainerCookie(cookieName).with(p.appRules);
    return new CookieGate(p, withName);
  }

  private Decision report(String name, Classification classification, Decision decision) {
    GateEvent.Type type = switch (decision.outcome()) {
      case ALLOW -> GateEvent.Type.ALLOWED;
      case REWRITE -> GateEvent.Type.REWRITTEN;
      case BLOCK -> GateEvent.Type.BLOCKED;
    };
    boolean wanted;
    try {
      wanted = p.listener.wants(type);
    } catch (RuntimeException e) {
      return listenerFailed(name, decision, e);
    }
    if (!wanted) {
      return decision;
    }
    GateEvent event = GateEvent.cookie(type, name, classification, decision.reason(), p.mode == Mode.REPORT_ONLY);
    try {
      p.listener.onEvent(event);
      return decision;
    } catch (RuntimeException e) {
      return listenerFailed(name, decision, e);
    }
  }

  private Decision listenerFailed(String name, Decision decision, RuntimeException e) {
    LOG.log(Level.WARNING, () -> "cookie-gate: listener failed on cookie '" + Text.printable(name)
        + "'" + (decision.isAllowed() ? ", so the cookie is blocked" : "") + ": " + e);
    return decision.isAllowed() ? Decision.of(Decision.Reason.ERROR) : decision;
  }

  /**
   * Reports a request event (activation, end of conversation, consent change, sweep) to the
   * listener; a listener failure is logged at WARNING and otherwise ignored.
   */
  void notify(GateEvent event) {
    deliver(Objects.requireNonNull(event, "event"));
  }

  private void deliver(GateEvent event) {
    try {
      if (p.listener.wants(event.type())) {
        p.listener.onEvent(event);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: listener failed on " + event.type() + " event: " + e);
    }
  }

  /**
   * Whether a cookie the browser sends should be expired in the response (the sweep): its category
   * is known and not allowed for this activation and consent. Unknown cookies are left alone unless
   * {@code unknown-cookies} names a category. Never throws; a failure answers false. See {@link
   * GateRequest#shouldSweep}.
   */
  public boolean shouldSweep(String cookieName, Activation activation, ConsentState consent) {
    return request(activation, consent, false).shouldSweep(cookieName);
  }

  /**
   * Whether what belongs to a category may be stored or loaded: necessary always, chat once the
   * chat is activated, every category with consent to it (design section 1).
   */
  public static boolean allows(Category category, Activation activation, ConsentState consent) {
    if (category == Category.CHAT && activation.isActive()) {
      return true;
    }
    return consent.allows(category);
  }

  // ---------------------------------------------------------------- activation and consent





  /**
   * Reads the activation from the values of the marker cookie the request carries under the name
   * for its kind ({@code cookie_gate_chat}; on a secure request {@code __Host-cookie_gate_chat} only: a
   * plain-named copy may be planted by a sibling subdomain or over plain http). A missing, forged
   * or expired marker is no activation; only the exact text issued is accepted, compared in
   * constant time. Never throws.
   */
  public Activation readActivation(List<String> markerValues) {
    return p.own.readActivation(Objects.requireNonNull(markerValues, "markerValues"));
  }

  /**
   * Reads the consent from the values of the library's consent cookie the request carries (under
   * the name for its kind, {@code __Host-} prefixed on a secure request, as {@link #resolveConsent}
   * does); see {@link
   * ConsentState#fromOwnCookie}. Never throws: anything unreadable is no consent.
   */
  public ConsentState readConsent(List<String> consentCookieValues) {
    return p.consent.readOwn(Objects.requireNonNull(consentCookieValues, "consentCookieValues"));
  }

  /**
   * Reads the request's consent through the configured resolvers ({@code consent-sources}): the
   * first that yields a current choice wins. A choice older than {@code consent-max-age} (where
   * the source stores when it was given), or given under a revision older than {@code
   * consent-revision}, reads as no consent from that source, and the next one is asked. Then, when
   * the request sends {@code Sec-GPC: 1}, the {@code gpc} categories are withdrawn whatever the
   * choice grants ({@link ConsentState#withdrawnByGpc()}). Never throws: a resolver that fails is
   * no consent from its source.
   */
  public ConsentState resolveConsent(ConsentRequest request) {
    return p.consent.resolve(Objects.requireNonNull(request, "request"));
  }




  /** The library's own cookies: the activation marker and the consent cookie. */
  OwnCookies own() {
    return p.own;
  }

  /** The decision table this gate applies. */
  GatePolicy policy() {
    return p.policy;
  }

  // ---------------------------------------------------------------- configuration

  /** Returns the paths the filter answers itself. */
  public Endpoints endpoints() {
    return p.endpoints;
  }

  /** Returns where the filter serves the consent endpoint ({@code consent-path}). */
  public String consentPath() {
    return p.endpoints.consent();
  }

  /** Returns where the filter serves the erasure endpoint ({@code forget-path}). */
  public String forgetPath() {
    return p.endpoints.forget();
  }

  /** Returns the path of the activation endpoint. */
  public String activationPath() {
    return p.endpoints.activation();
  }

  /** Returns where the filter serves its activation script. */
  public String gateScriptPath() {
    return p.endpoints.gateScript();
  }

  /** Returns where the filter receives the report-only policy's reports ({@code csp=report}). */
  public String reportPath() {
    return p.endpoints.report();
  }

  /** Returns where the filter serves the cookie declaration ({@code declaration-path}). */
  public String declarationPath() {
    return p.endpoints.declaration();
  }

  /** Returns what the erasure endpoint clears with {@code Clear-Site-Data} ({@code clear-site-data}); empty: nothing. */
  public Set<ClearSiteData> clearSiteData() {
    return p.clearSiteData;
  }

  /** Returns the ids of the resolvers consent is read through, in order ({@code auto} expanded). */
  public List<String> consentSources() {
    return p.consent.sources();
  }

  /** Returns the categories {@code Sec-GPC: 1} withdraws; empty with {@code gpc=off}. */
  public Set<Category> gpc() {
    return p.consent.gpc();
  }

  /** Returns how old a stored choice may be ({@code consent-max-age}). */
  public Duration consentMaxAge() {
    return p.consent.maxAge();
  }

  /** Returns the current policy revision ({@code consent-revision}). */
  public int consentRevision() {
    return p.consent.revision();
  }

  /** Returns {@link Mode#ENFORCE} or {@link Mode#REPORT_ONLY}. */
  public Mode mode() {
    return p.mode;
  }

  /** Returns the consent cookie's base name (without {@code __Host-}). */
  public String consentCookie() {
    return p.own.consentCookie();
  }

  /** Whether cookies the browser sends but may no longer keep are expired in responses. */
  public boolean sweep() {
    return p.sweep;
  }

  /** Whether {@code text/html} responses are rewritten so vendor elements wait for activation or consent. */
  public boolean html() {
    return p.html;
  }

  /**
   * Returns the most bytes the filter keeps of pages it rewrote, to serve the same page again without
   * reading it ({@code html-cache}); 0 when off.
   */
  public long htmlCache() {
    return p.htmlCache;
  }

  /** Returns what the gate does with the application's Content-Security-Policy ({@code csp}). */
  public Csp csp() {
    return p.csp;
  }

  /**
   * Whether the page rewriter inserts a chat launcher where it held a chat vendor and the page has
   * no {@code data-cookie-gate-activate} element ({@code launcher=auto}, the default).
   */
  public boolean launcher() {
    return p.launcher.insert();
  }

  /** Returns where the launcher sits ({@code launcher.position}). */
  public LauncherPosition launcherPosition() {
    return p.launcher.position();
  }

  /** Returns the launcher's colour, {@code #rgb} or {@code #rrggbb} lower-case ({@code launcher.color}). */
  public String launcherColor() {
    return p.launcher.color();
  }

  /** Returns the launcher's label for every language ({@code launcher.label}); empty: the page language's text. */
  public Optional<String> launcherLabel() {
    return Optional.ofNullable(p.launcher.label());
  }

  /** Returns the effective host catalog: the application's {@code hosts.*} rules over the built-in ones. */
  public HostCatalog hostCatalog() {
    return p.hostCatalog;
  }

  /**
   * Returns the effective web storage catalog: the application's storage rules over the built-in
   * ones; {@code gate.js} applies it to localStorage, sessionStorage and IndexedDB in the browser.
   */
  public StorageCatalog storageCatalog() {
    return p.storageCatalog;
  }

  /** Whether a {@code secret} was configured (false: a random key for this start only). */
  public boolean secretConfigured() {
    return p.secretConfigured;
  }

  /** Returns the effective catalog: the application's rules over the base catalog. */
  public CookieCatalog catalog() {
    return catalog;
  }


  /** Returns the consent-proof log the {@code audit-log} setting opened, if set; close it on shutdown. */
  public Optional<AuditLog> auditLog() {
    return Optional.ofNullable(p.auditLog);
  }

  /** Returns the listener events go to. */
  public GateListener listener() {
    return p.listener;
  }

  /** Returns the clock used for lifetimes and markers. */
  public Clock clock() {
    return p.clock;
  }

  /** Returns {@code chat-max-age}: a duration, {@code session} or {@code none}. */
  public ChatMaxAge chatMaxAge() {
    return p.chatMaxAge;
  }

  /**
   * Returns the {@code max-age.<category>} cap on an allowed cookie of a functional, analytics or
   * marketing category, or empty when that category is not capped (chat: {@link #chatMaxAge()}).
   */
  public Optional<Duration> maxAge(Category category) {
    return Optional.ofNullable(p.categoryMaxAge.get(Objects.requireNonNull(category, "category")));
  }

  /** Returns {@code unknown-cookies}: blocked, allowed or decided as a category. */
  public UnknownCookies unknownCookies() {
    return p.unknownCookies;
  }

  /** Describes the configuration in one line (no secret): for the start-up log. */
  @Override
  public String toString() {
    return "CookieGate[mode=" + p.mode.id() + ", rules=" + catalog.size() + ", unknown-cookies=" + p.unknownCookies.id()
        + ", chat-max-age=" + p.chatMaxAge.id() + ", max-age=" + p.categoryMaxAge + ", sweep=" + p.sweep
        + ", activation-path=" + activationPath() + ", consent-cookie=" + consentCookie() + ", html="
        + (p.html ? "on" : "off") + ", html-cache=" + (p.htmlCache == 0 ? "off" : p.htmlCache + " bytes") + ", csp=" + p.csp.id() + ", consent-sources=" + String.join(",", consentSources())
        + ", gpc=" + (gpc().isEmpty() ? "off" : gpc().toString()) + ", consent-path=" + consentPath()
        + ", forget-path=" + forgetPath() + ", clear-site-data=" + (p.clearSiteData.isEmpty() ? "none"
            : p.clearSiteData.stream().map(ClearSiteData::id).sorted().toList())
        + ", secret=" + (p.secretConfigured ? "configured" : "random per start") + "]";
  }

  /**
   * Builds a {@link CookieGate}. Each setter validates its argument at once; a scalar set twice is
   * an error.
   */
  public static final class Builder {
    private Mode mode = Mode.ENFORCE;
    private String activationPath = DEFAULT_ACTIVATION_PATH;
    private String consentCookie = DEFAULT_CONSENT_COOKIE;
    private boolean sweep = true;
    private boolean html = true;
    private long htmlCache = DEFAULT_HTML_CACHE;
    private String gateScriptPath = DEFAULT_GATE_SCRIPT_PATH;
    private Csp csp = Csp.OFF;
    private String reportPath = DEFAULT_REPORT_PATH;
    private String declarationPath = DEFAULT_DECLARATION_PATH;
    private String consentPath = DEFAULT_CONSENT_PATH;
    private String forgetPath = DEFAULT_FORGET_PATH;
    private Set<ClearSiteData> clearSiteData = Set.of();
    private boolean launcher = true;
    private LauncherPosition launcherPosition = LauncherPosition.BOTTOM_RIGHT;
    private String launcherColor = DEFAULT_LAUNCHER_COLOR;
    private String launcherLabel;
    private HostCatalog hostCatalog = HostCatalog.builtIn();
    private final List<HostRule> hostRules = new ArrayList<>();
    private StorageCatalog storageCatalog = StorageCatalog.builtIn();
    private final List<StorageRule> storageRules = new ArrayList<>();
    private byte[] secret;
    private CookieCatalog catalog = CookieCatalog.builtIn();
    private final List<CookieRule> rules = new ArrayList<>();
    private UnknownCookies unknownCookies = new UnknownCookies.Blocked();
    private ChatMaxAge chatMaxAge = ChatMaxAge.of(DEFAULT_CHAT_MAX_AGE);
    private final Map<Category, Duration> categoryMaxAge = new java.util.EnumMap<>(Map.of(
        Category.ANALYTICS, DEFAULT_TRACKER_MAX_AGE, Category.MARKETING, DEFAULT_TRACKER_MAX_AGE));
    private GateListener listener = GateListener.logging();
    private java.nio.file.Path auditLog;
    private Clock clock = Clock.systemUTC();
    private List<String> consentSources;
    private final List<ConsentResolver> addedResolvers = new ArrayList<>();
    private final Map<String, ConsentMapping> mappings = ConsentPlatforms.defaultMappings();
    private EnumSet<Category> gpc = EnumSet.of(Category.MARKETING);
    private Duration consentMaxAge = DEFAULT_CONSENT_MAX_AGE;
    private int consentRevision;
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    private void once(String key) {
      if (!set.add(key)) {
        throw new IllegalStateException("cookie-gate: " + key + " was already set");
      }
    }

    /**
     * Sets the key that signs activation markers; every node must share it.
     *
     * @throws IllegalArgumentException if shorter than 32 bytes
     */
    public Builder secret(byte[] key) {
      Objects.requireNonNull(key, "key");
      once("secret");
      if (key.length < 32) {
        throw new IllegalArgumentException("cookie-gate: secret is " + key.length
            + " bytes; expected at least 32 bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
      }
      this.secret = key.clone();
      return this;
    }

    /**
     * Sets the signing key from base64 (standard or URL-safe alphabet).
     *
     * @throws IllegalArgumentException if not base64 or shorter than 32 bytes (the message does not
     *     repeat the value)
     */
    public Builder secret(String base64) {
      Objects.requireNonNull(base64, "base64");
      byte[] key;
      try {
        key = Base64Keys.decode(base64.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cookie-gate: secret is not valid base64 (value not shown);"
            + " expected the base64 of at least 32 random bytes, e.g. `openssl rand -base64 32`");
      }
      return secret(key);
    }

    /** Sets {@link Mode#ENFORCE} (default) or {@link Mode#REPORT_ONLY}. */
    public Builder mode(Mode mode) {
      once("mode");
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the path of the activation endpoint (default {@value #DEFAULT_ACTIVATION_PATH}).
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a
     *     path cannot
     */
    public Builder activationPath(String path) {
      Objects.requireNonNull(path, "path");
      once("activation-path");
      this.activationPath = Settings.checkPath("activation-path", path);
      return this;
    }

    /**
     * Sets the base name of the library's consent cookie (default {@value #DEFAULT_CONSENT_COOKIE}).
     *
     * @throws IllegalArgumentException if it is not a valid cookie name
     */
    public Builder consentCookie(String name) {
      Objects.requireNonNull(name, "name");
      once("consent-cookie");
      this.consentCookie = Settings.checkCookieName("consent-cookie", name);
      return this;
    }

    /** Whether to expire cookies the browser sends but may no longer keep (default true). */
    public Builder sweep(boolean sweep) {
      once("sweep");
      this.sweep = sweep;
      return this;
    }

    /** Whether to rewrite {@code text/html} responses (default true, {@code html=on}). */
    public Builder html(boolean html) {
      once("html");
      this.html = html;
      return this;
    }

    /** The default {@code html-cache}: 8 MiB. */
    public static final long DEFAULT_HTML_CACHE = 8L * 1024 * 1024;
    /** The largest {@code html-cache}: 1 GiB. */
    public static final long MAX_HTML_CACHE = 1024L * 1024 * 1024;

    /**
     * Sets how many bytes (pages as the application wrote them plus their rewrites) the filter keeps
     * to serve a page it already rewrote, when the application writes exactly the same page again
     * for the same decisions; 0 turns it off (default {@value #DEFAULT_HTML_CACHE}, {@code html-cache=8MB}).
     *
     * @throws IllegalArgumentException if negative or over {@value #MAX_HTML_CACHE}
     */
    public Builder htmlCache(long bytes) {
      once("html-cache");
      if (bytes < 0 || bytes > MAX_HTML_CACHE) {
        throw new IllegalArgumentException("cookie-gate: html-cache is " + bytes + "; expected 0 (off) to "
            + MAX_HTML_CACHE + " bytes");
      }
      this.htmlCache = bytes;
      return this;
    }

    /**
     * Sets where the filter serves its activation script (default {@value #DEFAULT_GATE_SCRIPT_PATH}).
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a path cannot
     */
    public Builder gateScriptPath(String path) {
      Objects.requireNonNull(path, "path");
      once("gate-script-path");
      this.gateScriptPath = Settings.checkPath("gate-script-path", path);
      return this;
    }

    /** Sets what the gate does with the application's Content-Security-Policy (default {@link Csp#OFF}). */
    public Builder csp(Csp csp) {
      once("csp");
      this.csp = Objects.requireNonNull(csp, "csp");
      return this;
    }

    /**
     * Sets where the filter receives the report-only policy's reports (default {@value
     * #DEFAULT_REPORT_PATH}); served only with {@code csp=report}.
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a path cannot
     */
    public Builder reportPath(String path) {
      Objects.requireNonNull(path, "path");
      once("report-path");
      Settings.checkPath("report-path", path);
      if (path.indexOf(';') >= 0 || path.indexOf(',') >= 0) {
        // It goes into a policy's report-uri, where ';' and ',' end the directive and the policy.
        throw new IllegalArgumentException("cookie-gate: report-path is '" + path
            + "'; expected a path without ';' or ',' (it is written into a Content-Security-Policy)");
      }
      this.reportPath = path;
      return this;
    }

    /**
     * Sets where the filter serves the cookie declaration (default {@value #DEFAULT_DECLARATION_PATH}).
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a path cannot
     */
    public Builder declarationPath(String path) {
      Objects.requireNonNull(path, "path");
      once("declaration-path");
      this.declarationPath = Settings.checkPath("declaration-path", path);
      return this;
    }

    /**
     * Sets where the filter serves the consent endpoint (default {@value #DEFAULT_CONSENT_PATH}).
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a path cannot
     */
    public Builder consentPath(String path) {
      Objects.requireNonNull(path, "path");
      once("consent-path");
      this.consentPath = Settings.checkPath("consent-path", path);
      return this;
    }

    /**
     * Sets where the filter serves the erasure endpoint (default {@value #DEFAULT_FORGET_PATH}).
     *
     * @throws IllegalArgumentException if it does not start with {@code /} or holds characters a path cannot
     */
    public Builder forgetPath(String path) {
      Objects.requireNonNull(path, "path");
      once("forget-path");
      this.forgetPath = Settings.checkPath("forget-path", path);
      return this;
    }

    /**
     * Sets what the erasure endpoint asks the browser to clear with {@code Clear-Site-Data} (default
     * none). Be careful with {@link ClearSiteData#COOKIES}: it removes every cookie of the site,
     * its login session included.
     */
    public Builder clearSiteData(Set<ClearSiteData> what) {
      Objects.requireNonNull(what, "what");
      once("clear-site-data");
      this.clearSiteData = Set.copyOf(what);
      return this;
    }

    /**
     * Whether the page rewriter inserts its chat launcher where it held a chat vendor and the page
     * has no {@code data-cookie-gate-activate} element (default true, {@code launcher=auto}).
     */
    public Builder launcher(boolean insert) {
      once("launcher");
      this.launcher = insert;
      return this;
    }

    /** Sets where the launcher sits (default {@link LauncherPosition#BOTTOM_RIGHT}). */
    public Builder launcherPosition(LauncherPosition position) {
      once("launcher.position");
      this.launcherPosition = Objects.requireNonNull(position, "position");
      return this;
    }

    /**
     * Sets the launcher's colour (default {@value #DEFAULT_LAUNCHER_COLOR}). Its icon and label
     * are white or black, whichever contrasts more, so the contrast ratio stays at least 4.5:1.
     *
     * @throws IllegalArgumentException unless it is {@code #rgb} or {@code #rrggbb} (it is written into CSS)
     */
    public Builder launcherColor(String color) {
      Objects.requireNonNull(color, "color");
      once("launcher.color");
      this.launcherColor = Settings.checkColor("launcher.color", color.strip());
      return this;
    }

    /**
     * Sets the launcher's label for every language, instead of the page language's text.
     *
     * @throws IllegalArgumentException if blank, longer than 60 characters, or holding control characters
     */
    public Builder launcherLabel(String label) {
      Objects.requireNonNull(label, "label");
      once("launcher.label");
      this.launcherLabel = Settings.checkLabel("launcher.label", label.strip());
      return this;
    }

    /** Sets the host catalog the application's host rules go on top of (default {@link HostCatalog#builtIn()}). */
    public Builder hostCatalog(HostCatalog catalog) {
      once("host-catalog");
      this.hostCatalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Classifies these hosts or host globs in {@code category}; they win over built-in ones. */
    public Builder hosts(Category category, String... hostsOrGlobs) {
      Objects.requireNonNull(category, "category");
      for (String h : hostsOrGlobs) {
        hostRules.add(HostRule.of(h, category));
      }
      return this;
    }

    /**
     * Sets the web storage catalog the application's storage rules go on top of (default {@link
     * StorageCatalog#builtIn()}).
     */
    public Builder storageCatalog(StorageCatalog catalog) {
      once("storage-catalog");
      this.storageCatalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Adds web storage rules (localStorage, sessionStorage keys, IndexedDB names); they win over built-in ones. */
    public Builder storage(StorageRule... rules) {
      for (StorageRule r : rules) {
        storageRules.add(Objects.requireNonNull(r, "rule"));
      }
      return this;
    }

    /** Sets the catalog the application's rules go on top of (default {@link CookieCatalog#builtIn()}). */
    public Builder catalog(CookieCatalog catalog) {
      once("catalog");
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Adds application rules; they win over the catalog's. */
    public Builder rule(CookieRule... rules) {
      for (CookieRule r : rules) {
        this.rules.add(Objects.requireNonNull(r, "rule"));
      }
      return this;
    }

    /** Classifies these names or globs ({@code *}) in {@code category}; they win over built-in rules. */
    public Builder cookies(Category category, String... namesOrGlobs) {
      Objects.requireNonNull(category, "category");
      for (String n : namesOrGlobs) {
        rules.add(CookieRule.glob(n, category));
      }
      return this;
    }

    /** Blocks unknown cookies unless every category is consented (the default). */
    public Builder unknownCookiesBlocked() {
      once("unknown-cookies");
      return this;
    }

    /** Allows unknown cookies. */
    public Builder unknownCookiesAllowed() {
      once("unknown-cookies");
      this.unknownCookies = new UnknownCookies.Allowed();
      return this;
    }

    /** Treats unknown cookies as {@code category}. */
    public Builder unknownCookiesAs(Category category) {
      once("unknown-cookies");
      this.unknownCookies = new UnknownCookies.As(Objects.requireNonNull(category, "category"));
      return this;
    }

    /**
     * Caps an allowed chat cookie's lifetime (default 24 hours); the activation marker lives as long.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder chatMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      once("chat-max-age");
      this.chatMaxAge = ChatMaxAge.of(maxAge); // refuses less than one second
      return this;
    }

    /**
     * Caps the lifetime of an allowed cookie of {@code category} ({@code max-age.<category>}):
     * a longer {@code Max-Age} or {@code Expires} is rewritten, as {@code chat-max-age} does for chat
     * cookies. Defaults: analytics and marketing 13 months ({@code P395D}), functional
     * none.
     *
     * @throws IllegalArgumentException if the category is not functional, analytics or marketing, or
     *     the duration is under one second
     * @throws IllegalStateException if that category's cap was already set
     */
    public Builder maxAge(Category category, Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      String key = maxAgeKey(category);
      if (maxAge.isNegative() || maxAge.getSeconds() < 1) {
        throw new IllegalArgumentException("cookie-gate: " + key + " is '" + maxAge
            + "'; expected a positive duration of at least one second");
      }
      once(key);
      categoryMaxAge.put(category, maxAge);
      return this;
    }

    /**
     * Leaves the lifetime of allowed cookies of {@code category} as written ({@code
     * max-age.<category>=none}).
     *
     * @throws IllegalArgumentException if the category is not functional, analytics or marketing
     * @throws IllegalStateException if that category's cap was already set
     */
    public Builder maxAgeUncapped(Category category) {
      once(maxAgeKey(category));
      categoryMaxAge.remove(category);
      return this;
    }

    private static String maxAgeKey(Category category) {
      Objects.requireNonNull(category, "category");
      if (category == Category.NECESSARY || category == Category.CHAT) {
        throw new IllegalArgumentException("cookie-gate: max-age." + category.id() + " is not a setting;"
            + " expected max-age.functional, max-age.analytics or max-age.marketing (chat cookies: chat-max-age)");
      }
      return Settings.MAX_AGE_PREFIX + category.id();
    }

    /** Makes allowed chat cookies session cookies ({@code chat-max-age=session}). */
    public Builder chatMaxAgeSession() {
      once("chat-max-age");
      this.chatMaxAge = new ChatMaxAge.Session();
      return this;
    }

    /** Leaves chat cookies' lifetimes as written ({@code chat-max-age=none}). */
    public Builder chatMaxAgeUncapped() {
      once("chat-max-age");
      this.chatMaxAge = new ChatMaxAge.Uncapped();
      return this;
    }

    /**
     * Writes consent proof as JSON lines to {@code file} ({@code audit-log}), beside the listener:
     * see {@link AuditLog}. The file is opened by {@link #build()}.
     *
     * @throws IllegalArgumentException if {@code file} is a directory or its directory does not exist
     * @throws IllegalStateException if the audit log was already set
     */
    public Builder auditLog(java.nio.file.Path file) {
      once("audit-log");
      AuditLog.checkFile(file);
      this.auditLog = file;
      return this;
    }

    /**
     * Applies string settings with the keys of the servlet filter's init params, exactly as {@link
     * CookieGate#fromSettings} does, so code (the Spring Boot starter) can add a listener or consent
     * resolvers to a gate configured by settings. An empty value means "not set".
     *
     * @throws IllegalArgumentException naming the key, the bad value and the accepted values
     */
    public Builder settings(Map<String, String> settings) {
      return Settings.apply(Objects.requireNonNull(settings, "settings"), this);
    }

    /** Returns every settings key {@link #settings} accepts (besides {@code consent-map.<platform>.<category>}). */
    public static List<String> settingKeys() {
      return Settings.KEYS;
    }

    /** Sets the listener (default {@link GateListener#logging()}). */
    public Builder listener(GateListener listener) {
      once("listener");
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets where consent is read, in order ({@code consent-sources}): resolver ids, {@code auto}
     * for every built-in resolver in the documented order plus those added with {@link
     * #addConsentResolver} (default: {@code cookie-gate, auto}). A resolver found with {@link
     * ServiceLoader} is asked only when named here. The first that yields a choice wins.
     *
     * @throws IllegalArgumentException if empty or an id is given twice (unknown ids fail in
     *     {@link #build()}, which knows every resolver)
     */
    public Builder consentSources(String... ids) {
      once("consent-sources");
      List<String> list = new ArrayList<>();
      for (String id : ids) {
        String v = Ascii.toLowerCase(Objects.requireNonNull(id, "id").strip());
        if (list.contains(v)) {
          throw new IllegalArgumentException("cookie-gate: consent-sources names '" + Text.printable(v)
              + "' twice; name each source once");
        }
        list.add(v);
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException("cookie-gate: consent-sources is empty; expected at least one source");
      }
      this.consentSources = list;
      return this;
    }

    /**
     * Adds a consent resolver, asked in the place {@code consent-sources} gives its id ({@code
     * auto} includes it after the built-in ones).
     *
     * @throws IllegalArgumentException if its id is a built-in one or already added
     */
    public Builder addConsentResolver(ConsentResolver resolver) {
      Objects.requireNonNull(resolver, "resolver");
      String id = ConsentReader.checkSourceId(Objects.requireNonNull(resolver.id(), "resolver.id()"));
      if (ConsentReader.isBuiltInSource(id) || addedResolvers.stream().anyMatch(r -> r.id().equals(id))) {
        throw new IllegalArgumentException("cookie-gate: a consent resolver with id '" + Text.printable(id)
            + "' is already known; give yours another id");
      }
      addedResolvers.add(resolver);
      return this;
    }

    /**
     * Maps {@code category} of cookie-gate to exactly these keys of a built-in platform's stored
     * choice ({@code consent-map.<platform>.<category>}): OneTrust group ids, TCF purpose numbers,
     * tarteaucitron/Axeptio/Klaro service keys, ... No key: the platform never grants it.
     *
     * @throws IllegalArgumentException for an unknown platform, {@code necessary}, or a bad key
     */
    public Builder consentMapping(String platform, Category category, String... keys) {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(category, "category");
      String setting = Settings.CONSENT_MAP_PREFIX + platform + "." + category.id();
      if (!mappings.containsKey(platform)) {
        throw new IllegalArgumentException("cookie-gate: " + setting + ": no built-in platform '"
            + Text.printable(platform) + "'; expected one of " + String.join(", ", ConsentPlatforms.IDS));
      }
      if (category == Category.NECESSARY) {
        throw new IllegalArgumentException("cookie-gate: " + setting + ": necessary needs no consent;"
            + " expected chat, functional, analytics or marketing");
      }
      once(setting);
      List<String> list = new ArrayList<>();
      for (String k : keys) {
        String key = Objects.requireNonNull(k, "key").strip();
        try {
          ConsentPlatforms.checkKey(platform, key);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("cookie-gate: " + setting + " has " + e.getMessage(), e);
        }
        list.add(key);
      }
      mappings.put(platform, mappings.get(platform).with(category, list));
      return this;
    }

    /**
     * Sets the categories {@code Sec-GPC: 1} (Global Privacy Control) withdraws, whatever a stored
     * choice grants (default marketing). Activation still allows chat cookies.
     *
     * @throws IllegalArgumentException if empty or naming necessary
     */
    public Builder gpc(Category... categories) {
      once("gpc");
      EnumSet<Category> set = EnumSet.noneOf(Category.class);
      for (Category c : categories) {
        if (Objects.requireNonNull(c, "category") == Category.NECESSARY) {
          throw new IllegalArgumentException("cookie-gate: gpc names necessary, which needs no consent;"
              + " expected chat, functional, analytics or marketing");
        }
        set.add(c);
      }
      if (set.isEmpty()) {
        throw new IllegalArgumentException("cookie-gate: gpc names no category; use gpcOff() to ignore Sec-GPC");
      }
      this.gpc = set;
      return this;
    }

    /** Ignores {@code Sec-GPC} ({@code gpc=off}). */
    public Builder gpcOff() {
      once("gpc");
      this.gpc = EnumSet.noneOf(Category.class);
      return this;
    }

    /**
     * Sets how old a stored choice may be where its source says when it was given (default 182
     * days); an older one reads as no consent, so the banner asks again.
     *
     * @throws IllegalArgumentException if under one second or over 13 months (395 days)
     */
    public Builder consentMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      once("consent-max-age");
      if (maxAge.getSeconds() < 1 || maxAge.compareTo(MAX_CONSENT_MAX_AGE) > 0) {
        throw new IllegalArgumentException("cookie-gate: consent-max-age is '" + maxAge
            + "'; expected a duration from one second to 13 months (P395D)");
      }
      this.consentMaxAge = maxAge;
      return this;
    }

    /**
     * Sets the current policy revision (default 0): a choice given under an older one reads as no
     * consent, so the banner asks again. The own cookie carries its revision as an {@code r<N>}
     * word ({@code chat.analytics.r3}; none = 0); orestbida's {@code cc_cookie} its {@code revision}.
     *
     * @throws IllegalArgumentException if negative or over 999999999
     */
    public Builder consentRevision(int revision) {
      once("consent-revision");
      if (revision < 0 || revision > ConsentState.MAX_REVISION) {
        throw new IllegalArgumentException("cookie-gate: consent-revision is '" + revision
            + "'; expected an integer from 0 to " + ConsentState.MAX_REVISION);
      }
      this.consentRevision = revision;
      return this;
    }

    /** Sets the clock for lifetimes and activation markers (tests). */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the gate.
     *
     * @throws IllegalArgumentException if two rules give one name different categories
     */
    public CookieGate build() {
      return CookieGate.build(this);
    }

    /** The endpoint paths, each its own. */
    private Endpoints endpoints() {
      return new Endpoints(activationPath, gateScriptPath, reportPath, declarationPath, consentPath, forgetPath);
    }
  }
}
