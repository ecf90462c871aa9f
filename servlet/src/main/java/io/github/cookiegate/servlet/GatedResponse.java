package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.SetCookie;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The response as the application sees it: every way a cookie can get in ({@code addCookie},
 * {@code addHeader}/{@code setHeader} and the int and date variants with {@code Set-Cookie} in any
 * letter case) goes through the gate at the moment it is added. Cookies the container adds itself
 * (the session cookie) are reconciled right after the request creates or changes the session, and
 * once more just before the response commits, when cookies the browser may no longer keep are
 * swept.
 */
final class GatedResponse extends HttpServletResponseWrapper {

  static final String SET_COOKIE = "Set-Cookie";
  /**
   * Most deletions one response writes for cookies the browser sent (sweep and end of
   * conversation). A browser can carry 180 cookies per domain, and a deletion per cookie would
   * overflow the containers' 8 KiB response-header limit (a 500 on every page); the rest go in
   * the next responses.
   */
  static final int MAX_DELETIONS_PER_RESPONSE = 32;

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RequestState state;
  private final CookieGate gate;
  // Small lists, created on first use: a response sets a handful of cookies.
  /** Set-Cookie header values this wrapper wrote, after the gate. */
  private List<String> writtenHeaders;
  /** "name=value" of each Cookie this wrapper passed to addCookie (the container writes it first). */
  private List<String> writtenCookies;
  /** Names this response set or expired: the sweep leaves them alone. */
  private List<String> namesWritten;
  private final AtomicBoolean committing = new AtomicBoolean();
  private int deletions;
  private GatedOutputStream stream;
  private GatedWriter writer;
  private long contentLength = -1;
  /** The page rewriter, when this is a text/html response the gate rewrites. */
  private HtmlGating html;
  /** Whether what this response says depends on the request's activation or consent (cache safety). */
  private volatile boolean stateDependent;
  private boolean reportOnlyPolicyAdded;
  /** Whether the gate took a chat vendor's host out of this response's policy. */
  private volatile boolean chatRemovedFromPolicy;

  GatedResponse(HttpServletResponse response, RequestState state) {
    super(response);
    this.state = state;
    this.gate = state.gate;
    state.attach(this);
  }

  /** Whether this response is, or wraps, a gated one. */
  static boolean isGated(jakarta.servlet.ServletResponse response) {
    jakarta.servlet.ServletResponse r = response;
    while (true) {
      if (r instanceof GatedResponse) {
        return true;
      }
      if (!(r instanceof jakarta.servlet.ServletResponseWrapper w)) {
        return false;
      }
      r = w.getResponse();
    }
  }

  static boolean isSetCookie(String headerName) {
    return headerName != null && headerName.equalsIgnoreCase(SET_COOKIE);
  }

  // ------------------------------------------------------------ the ways a cookie gets in

  @Override
  public void addCookie(Cookie cookie) {
    if (cookie == null) {
      super.addCookie(null); // the container's own behaviour for null
      return;
    }
    Cookie toWrite = gateCookie(cookie);
    if (toWrite != null) {
      super.addCookie(toWrite);
      synchronized (this) {
        writtenCookies = add(writtenCookies, toWrite.getName() + "=" + (toWrite.getValue() == null ? "" : toWrite.getValue()));
        noteName(toWrite.getName());
      }
    }
  }

  @Override
  public void addHeader(String name, String value) {
    HeaderNames.Kind kind = HeaderNames.kind(name);
    if (kind != HeaderNames.Kind.OTHER && kind != HeaderNames.Kind.SET_COOKIE) {
      oddHeader(kind, name, value);
      return;
    }
    if (kind == HeaderNames.Kind.OTHER || value == null) {
      super.addHeader(name, HeaderNames.hasLineBreak(value) ? HeaderNames.withoutLineBreaks(value) : value);
      if (stateDependent && isCacheHeader(name)) {
        keepOutOfSharedCaches();
      }
      return;
    }
    String out = gateHeader(value);
    if (out != null) {
      super.addHeader(name, out);
    }
  }

  @Override
  public void setHeader(String name, String value) {
    HeaderNames.Kind kind = HeaderNames.kind(name);
    if (kind != HeaderNames.Kind.OTHER && kind != HeaderNames.Kind.SET_COOKIE) {
      // Add semantics: the container would have replaced only headers of that same odd spelling.
      oddHeader(kind, name, value);
      return;
    }
    if (kind == HeaderNames.Kind.OTHER) {
      if (HeaderNames.hasLineBreak(value)) {
        value = HeaderNames.withoutLineBreaks(value);
      }
      if ("Content-Length".equalsIgnoreCase(name) && html != null) {
        return;
      }
      if ("Content-Length".equalsIgnoreCase(name) && value != null) {
        try {
          contentLength = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
          contentLength = -1;
        }
      }
      super.setHeader(name, value);
      if (stateDependent && isCacheHeader(name)) {
        keepOutOfSharedCaches(); // the application cannot undo it after the gate did it
      }
      return;
    }
    if (value == null) {
      super.setHeader(name, null); // the container's semantics: Jetty removes, Tomcat ignores
      synchronized (this) {
        if (super.getHeaders(SET_COOKIE).isEmpty()) {
          forgetWritten();
        }
      }
      return;
    }
    synchronized (this) {
      // Replace semantics: what the container would send is this one header, minus it if blocked.
      forgetWritten();
      String out = gateHeader(value);
      if (out != null) {
        super.setHeader(name, out);
      } else {
        replaceSetCookies(List.of(), deletionOf(value));
      }
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (HeaderNames.kind(name) != HeaderNames.Kind.OTHER) {
      addHeader(name, Integer.toString(value));
    } else {
      super.addIntHeader(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (HeaderNames.kind(name) != HeaderNames.Kind.OTHER) {
      setHeader(name, Integer.toString(value));
    } else {
      if ("Content-Length".equalsIgnoreCase(name)) {
        if (html != null) {
          return;
        }
        contentLength = value;
      }
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (HeaderNames.kind(name) != HeaderNames.Kind.OTHER) {
      addHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    } else {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (HeaderNames.kind(name) != HeaderNames.Kind.OTHER) {
      setHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    } else {
      super.setDateHeader(name, date);
    }
  }

  // ------------------------------------------------------------ odd header names and trailers (#14)

  /**
   * A header name that is not plainly {@code Set-Cookie} but would reach a browser or an
   * intermediary as one ({@link HeaderNames}): gated as {@code Set-Cookie} and, when it passes,
   * written under the proper name; {@code Set-Cookie2}, which no browser reads, is dropped with an
   * event; a name with CR, LF or NUL is dropped (in every mode: it is not a cookie decision but a
   * header the container should never send).
   */
  private void oddHeader(HeaderNames.Kind kind, String name, String value) {
    if (value == null) {
      return;
    }
    switch (kind) {
      case SET_COOKIE_DISGUISED -> {
        String out = gateHeader(value);
        if (out != null) {
          super.addHeader(SET_COOKIE, out);
        }
      }
      case SET_COOKIE2 -> {
        if (dropSetCookie2(value)) {
          super.addHeader(name, value);
        }
      }
      default -> LOG.log(Level.DEBUG, "cookie-gate: dropped a response header whose name has CR, LF or NUL");
    }
  }

  /** Reports a {@code Set-Cookie2} header as blocked; returns true in report-only mode (it passes then). */
  private boolean dropSetCookie2(String value) {
    try {
      SetCookie parsed = SetCookie.parse(value).orElse(null);
      if (parsed == null) {
        gate.decide(value, state.activation(), state.consent()); // reports it as unparseable
      } else {
        gate.notify(GateEvent.cookie(GateEvent.Type.BLOCKED, parsed.name(), gate.classify(parsed.name()),
            Decision.Reason.UNPARSEABLE, reportOnly()));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: could not report a dropped Set-Cookie2 header: " + e);
    }
    LOG.log(Level.DEBUG, "cookie-gate: dropped a Set-Cookie2 header (no browser reads it; RFC 6265 obsoletes RFC 2965)");
    return reportOnly();
  }

  /**
   * Trailer fields go through the gate too: a {@code Set-Cookie} among them (any spelling) is
   * decided when the container asks for the trailers, as one added then; {@code Set-Cookie2} and
   * names with CR, LF or NUL are dropped.
   */
  @Override
  public void setTrailerFields(java.util.function.Supplier<Map<String, String>> supplier) {
    super.setTrailerFields(supplier == null ? null : () -> gateTrailers(supplier.get()));
  }

  /** The trailer fields with cookies gated; never throws (on a failure, every cookie trailer is dropped). */
  private Map<String, String> gateTrailers(Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      return fields;
    }
    boolean plain = true;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (HeaderNames.kind(e.getKey()) != HeaderNames.Kind.OTHER || HeaderNames.hasLineBreak(e.getValue())) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return fields;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      HeaderNames.Kind kind;
      try {
        kind = HeaderNames.kind(name);
        if (kind == HeaderNames.Kind.OTHER) {
          out.put(name, HeaderNames.hasLineBreak(value) ? HeaderNames.withoutLineBreaks(value) : value);
        } else if (value != null && (kind == HeaderNames.Kind.SET_COOKIE || kind == HeaderNames.Kind.SET_COOKIE_DISGUISED)) {
          String gated = gateHeader(value);
          if (gated != null) {
            out.put(SET_COOKIE, gated);
          }
        } else if (value != null && kind == HeaderNames.Kind.SET_COOKIE2 && dropSetCookie2(value)) {
          out.put(name, value);
        }
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, () -> "cookie-gate: dropped a trailer field because gating it failed: " + ex);
      }
    }
    return out;
  }

  /** Shows only what was allowed: container-added cookies are decided first. */
  @Override
  public Collection<String> getHeaders(String name) {
    if (isSetCookie(name)) {
      reconcile();
    }
    return super.getHeaders(name);
  }

  @Override
  public String getHeader(String name) {
    if (isSetCookie(name)) {
      reconcile();
    }
    return super.getHeader(name);
  }

  @Override
  public boolean containsHeader(String name) {
    if (isSetCookie(name)) {
      reconcile();
    }
    return super.containsHeader(name);
  }

  // ------------------------------------------------------------ deciding

  /** Returns the header to write, or null; never throws. */
  private String gateHeader(String header) {
    GateRequest.Verdict v;
    String out;
    try {
      v = state.gateRequest().decide(header); // parsed once; the mode applied there
      out = v.header().orElse(null);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked a Set-Cookie header because the gate failed: " + e);
      return reportOnly() ? header : null;
    }
    if (!reportOnly() && dependsOnState(v.decision())) {
      markStateDependent();
    }
    if (out == null) {
      return null;
    }
    synchronized (this) {
      writtenHeaders = add(writtenHeaders, out);
      v.cookie().ifPresent(c -> noteName(c.name()));
    }
    return out;
  }

  /** Returns the cookie to write (the same, or a rewritten copy), or null; never throws. */
  private Cookie gateCookie(Cookie cookie) {
    GateRequest.Verdict v;
    try {
      v = state.gateRequest().decide(describe(cookie));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked cookie '" + cookie.getName() + "' because the gate failed: " + e);
      return reportOnly() ? cookie : null;
    }
    Decision d = v.decision();
    if (!reportOnly() && dependsOnState(d)) {
      markStateDependent();
    }
    if (!v.writes()) {
      return null;
    }
    if (reportOnly() || d.outcome() != Decision.Outcome.REWRITE) {
      return cookie;
    }
    Cookie copy = (Cookie) cookie.clone();
    OptionalLong maxAge = d.rewritten().orElseThrow().maxAge();
    copy.setMaxAge(maxAge.isPresent() ? (int) Math.min(Integer.MAX_VALUE, maxAge.getAsLong()) : -1);
    return copy;
  }

  /** The Set-Cookie header a container writes for this Cookie, as far as deciding needs. */
  static String describe(Cookie cookie) {
    StringBuilder sb = new StringBuilder(64);
    String value = cookie.getValue() == null ? "" : cookie.getValue();
    // A ';' would end the value early; control characters stay, so the parser refuses them (fail closed).
    sb.append(cookie.getName()).append('=').append(value.indexOf(';') < 0 ? value : value.replace(';', 'x'));
    for (Map.Entry<String, String> a : cookie.getAttributes().entrySet()) {
      String k = a.getKey();
      String v = a.getValue() == null ? "" : a.getValue();
      if (k.equalsIgnoreCase("Secure") || k.equalsIgnoreCase("HttpOnly")) {
        if (!v.equalsIgnoreCase("false")) {
          sb.append("; ").append(k);
        }
      } else if (v.isEmpty()) {
        sb.append("; ").append(k);
      } else if (v.indexOf(';') < 0) {
        sb.append("; ").append(k).append('=').append(v);
      }
    }
    return sb.toString();
  }

  /**
   * Whether another user's request could be decided otherwise: every decision but a necessary
   * cookie, a deletion, an unknown cookie the settings allow and a header no browser reads.
   */
  private static boolean dependsOnState(Decision d) {
    return switch (d.reason()) {
      case NECESSARY, DELETION, UNKNOWN_ALLOWED, UNPARSEABLE -> false;
      default -> true;
    };
  }

  private boolean reportOnly() {
    return state.gateRequest().reportOnly();
  }

  private static List<String> add(List<String> list, String s) {
    List<String> l = list == null ? new ArrayList<>(4) : list;
    l.add(s);
    return l;
  }

  /** Remembers a name this response set, for the sweep (only a request with cookies needs it). */
  private void noteName(String name) {
    if (!state.requestCookieNames.isEmpty()) {
      namesWritten = add(namesWritten, name);
    }
  }

  private void forgetWritten() {
    writtenHeaders = null;
    writtenCookies = null;
  }

  /** Whether the container holds this header because this wrapper wrote it. */
  private boolean wroteHeader(String h) {
    if (writtenHeaders != null && writtenHeaders.contains(h)) {
      return true;
    }
    if (writtenCookies != null) {
      for (String nameValue : writtenCookies) {
        if (h.startsWith(nameValue) && (h.length() == nameValue.length() || h.charAt(nameValue.length()) == ';')) {
          return true;
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------ the library's own headers

  /** Writes one of the library's own cookies (marker, deletions): necessary, never gated away. */
  void writeOwnCookie(SetCookie cookie) {
    synchronized (this) {
      if (isCommitted()) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: response already committed; cannot write " + cookie.name());
        return;
      }
      String header = cookie.toHeader();
      super.addHeader(SET_COOKIE, header);
      writtenHeaders = add(writtenHeaders, header);
      noteName(cookie.name());
    }
  }

  /**
   * Expires a cookie the browser sent (host-only, {@code Path=/}); reports it as {@code type}.
   * Returns whether a deletion was written.
   */
  boolean expire(String name, GateEvent.Type type) {
    return expire(name, gate.classify(name), type, List.of(), MAX_DELETIONS_PER_RESPONSE);
  }

  /** As {@link #expire(String, GateEvent.Type)}, for a cookie the caller has classified already. */
  boolean expire(String name, Classification c, GateEvent.Type type) {
    return expire(name, c, type, List.of(), MAX_DELETIONS_PER_RESPONSE);
  }

  /**
   * Expires a cookie the browser sent: host-only and, for each of {@code domains}, with that
   * {@code Domain} (a cookie set on {@code .example.com} is not removed host-only on {@code
   * www.example.com}); at most {@code cap} deletion headers in this response. Reports it once.
   */
  boolean expire(String name, Classification c, GateEvent.Type type, List<String> domains, int cap) {
    Decision.Reason reason = c.category().orElse(null) == Category.CHAT
        ? Decision.Reason.NOT_ACTIVATED : Decision.Reason.NOT_CONSENTED;
    gate.notify(GateEvent.cookie(type, name, c, reason, reportOnly()));
    if (reportOnly()) {
      return false;
    }
    boolean hostPrefixed = name.regionMatches(true, 0, "__Host-", 0, 7);
    // A __Host- cookie cannot carry Domain: its host-only deletion is the only one.
    int variants = 1 + (hostPrefixed ? 0 : domains.size());
    synchronized (this) {
      if (deletions + variants > cap) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: " + deletions
            + " deletions in this response already; the rest wait for the next one");
        return false;
      }
      deletions += variants;
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
    for (SetCookie deletion : out) {
      writeOwnCookie(deletion);
    }
    markStateDependent(); // the deletion follows from the cookies this browser sent
    return true;
  }

  // ------------------------------------------------------------ reconciling and sweeping

  /**
   * Decides every Set-Cookie header the container holds that this wrapper did not write: the
   * session cookie that {@code getSession(true)} and {@code changeSessionId()} add past any
   * wrapper (Tomcat 10.1 and 11, Jetty 12.0 and 12.1), or a cookie a filter before this one set.
   * Blocked ones are taken out. Undertow 2.3 keeps its session cookie out of the headers, where no
   * filter can see it (docs/compatibility.md).
   */
  void reconcile() {
    synchronized (this) {
      if (isCommitted()) {
        return;
      }
      Collection<String> headers = super.getHeaders(SET_COOKIE);
      if (headers.isEmpty()) {
        return;
      }
      List<String> keep = new ArrayList<>(headers.size());
      boolean changed = false;
      String fallback = null;
      for (String h : headers) {
        if (wroteHeader(h)) {
          keep.add(h);
          continue;
        }
        String out = gateHeader(h);
        if (out == null) {
          changed = true;
          if (fallback == null) {
            fallback = deletionOf(h);
          }
        } else {
          changed |= !out.equals(h);
          keep.add(out);
        }
      }
      if (changed) {
        replaceSetCookies(keep, fallback);
      }
    }
  }

  /** The deletion of the cookie a blocked header names, or null. */
  private static String deletionOf(String header) {
    try {
      return SetCookie.parse(header).map(c -> c.toDeletion().toHeader()).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Leaves exactly {@code keep} as the Set-Cookie headers. Jetty removes a header set to null;
   * Tomcat ignores null, so there the first kept header replaces them all, and when none is kept
   * the deletion of the blocked cookie stands in (deletions always pass).
   */
  private void replaceSetCookies(List<String> keep, String fallback) {
    super.setHeader(SET_COOKIE, null);
    if (super.getHeaders(SET_COOKIE).isEmpty()) {
      for (String h : keep) {
        super.addHeader(SET_COOKIE, h);
      }
      return;
    }
    if (keep.isEmpty()) {
      // Nothing to keep and no way to remove: stand in the deletion, or an empty header that every
      // browser ignores (RFC 6265bis 5.7: empty name and value).
      super.setHeader(SET_COOKIE, fallback != null ? fallback : "");
      if (fallback != null) {
        writtenHeaders = add(writtenHeaders, fallback);
      }
      return;
    }
    super.setHeader(SET_COOKIE, keep.get(0));
    for (int i = 1; i < keep.size(); i++) {
      super.addHeader(SET_COOKIE, keep.get(i));
    }
  }

  /** Runs once, just before the response commits: reconcile, then sweep. */
  void beforeCommit() {
    if (!committing.compareAndSet(false, true)) {
      return;
    }
    try {
      reconcile();
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: reconciling cookies before commit failed: " + e);
    }
    try {
      gatePolicies();
      keepOutOfSharedCaches();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: gating the Content-Security-Policy or cache headers failed: " + e);
    }
  }

  // ------------------------------------------------------------ Content-Security-Policy and caches

  private static boolean isCacheHeader(String name) {
    return name != null && (name.equalsIgnoreCase("Cache-Control") || name.equalsIgnoreCase("Vary"));
  }

  /** Whether the request's activation and consent allow a category to load. */
  private boolean allows(Category c) {
    return state.gateRequest().allows(c);
  }

  /**
   * With {@code csp=on|report}: takes out of the application's policies the hosts of vendors not
   * allowed for this request, and with {@code csp=report} adds the report-only policy to pages.
   * Runs just before commit, when the application has set its headers; filtering again what was
   * already filtered changes nothing. In {@code report-only} mode the application's policy stays
   * as written and one DEBUG line says what would have come out.
   */
  private void gatePolicies() {
    if (gate.csp() == CookieGate.Csp.OFF || isCommitted()) {
      return;
    }
    List<String> values = new ArrayList<>(super.getHeaders(Csp.HEADER));
    if (!values.isEmpty() && values.size() <= Csp.MAX_HEADERS) {
      List<String> out = new ArrayList<>(values.size());
      boolean changed = false;
      for (String v : values) {
        Csp.Filtered f = Csp.filter(v, gate.hostCatalog(), this::allows);
        changed |= f.changed();
        chatRemovedFromPolicy |= f.chatRemoved() && !reportOnly();
        if (f.stateDependent() && !reportOnly()) {
          markStateDependent(); // report-only: the policy goes out as written, the same for everyone
        }
        out.add(f.value());
      }
      if (changed && reportOnly()) {
        LOG.log(Level.DEBUG, "cookie-gate: report-only: would have taken vendor hosts out of the Content-Security-Policy");
      } else if (changed) {
        super.setHeader(Csp.HEADER, out.get(0));
        for (int i = 1; i < out.size(); i++) {
          super.addHeader(Csp.HEADER, out.get(i));
        }
      }
    } else if (values.size() > Csp.MAX_HEADERS) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: " + values.size() + " Content-Security-Policy headers are more than "
          + Csp.MAX_HEADERS + "; they pass unchanged");
    }
    if (gate.csp() == CookieGate.Csp.REPORT && !reportOnlyPolicyAdded && isHtml()) {
      reportOnlyPolicyAdded = true;
      String uri = state.contextPath + gate.reportPath();
      String policy = !Csp.isPolicyUri(uri) ? null
          : Csp.reportOnlyPolicy(gate.hostCatalog(), this::allows, uri, state.secure);
      if (policy != null) {
        super.addHeader(Csp.REPORT_ONLY_HEADER, policy);
        if (state.secure) {
          super.addHeader("Reporting-Endpoints", Csp.REPORT_GROUP + "=\"" + uri + "\"");
        }
        markStateDependent(); // it lists the vendors this request allows
      }
    }
  }

  /**
   * Whether this response's policy holds chat vendors back (or will, once filtered before commit).
   * A browser never widens a document's policy, so after activation the page must be reloaded for
   * the widget to load: gate.js reads this from its tag.
   */
  boolean policyHoldsChatBack() {
    if (chatRemovedFromPolicy) {
      return true;
    }
    if (gate.csp() == CookieGate.Csp.OFF || reportOnly()) {
      return false;
    }
    try {
      for (String v : super.getHeaders(Csp.HEADER)) {
        if (Csp.filter(v, gate.hostCatalog(), this::allows).chatRemoved()) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the response's Content-Security-Policy: " + e);
    }
    return false;
  }

  private boolean isHtml() {
    String type = getContentType();
    return type != null && (type.regionMatches(true, 0, "text/html", 0, 9)
        || type.regionMatches(true, 0, "application/xhtml+xml", 0, 21));
  }

  /** What this response says now depends on the request's activation or consent. */
  private void markStateDependent() {
    if (!stateDependent) {
      stateDependent = true;
      keepOutOfSharedCaches();
    }
  }

  /**
   * Keeps a state-dependent response out of shared caches: {@code Vary: Cookie} merged into the
   * application's {@code Vary} (left alone when it names Cookie or says {@code *}), and {@code
   * Cache-Control} made {@code private} unless the application's is already {@code private} or
   * {@code no-store}. A shared cache would otherwise hand one user's page, with the chat or the
   * trackers that user allowed, to the next user (CNIL: no tracker before consent).
   */
  private void keepOutOfSharedCaches() {
    if (!stateDependent || isCommitted()) {
      return;
    }
    // With gpc on, the same cookies give another answer under Sec-GPC: 1, so caches must key on it too.
    String vary = gate.gpc().isEmpty() ? CacheSafety.varyWithCookie(super.getHeaders("Vary"))
        : CacheSafety.varyWith(super.getHeaders("Vary"), "Cookie", CookieGate.GPC_HEADER);
    if (vary != null) {
      super.setHeader("Vary", vary);
    }
    String cacheControl = CacheSafety.privateCacheControl(super.getHeaders("Cache-Control"));
    if (cacheControl != null) {
      super.setHeader("Cache-Control", cacheControl);
    }
  }

  /**
   * Expires cookies the browser sent whose category is not (or no longer) allowed: withdrawn
   * consent, an ended conversation, a cookie a script wrote without the right.
   */
  private void sweep() {
    if (!gate.sweep() || isCommitted()) {
      return;
    }
    GateRequest request = state.gateRequest();
    for (String name : state.requestCookieNames) {
      boolean written;
      synchronized (this) {
        written = namesWritten != null && namesWritten.contains(name);
      }
      if (written) {
        continue;
      }
      if (state.isTossedOwnCookie(name)) {
        // A plain-named marker or consent cookie on a secure request was not read; it goes, with
        // the Domain variants a sibling subdomain could have set it with (its Path is unknown).
        expire(name, gate.classify(name), GateEvent.Type.SWEPT, state.parentDomains(), MAX_DELETIONS_PER_RESPONSE);
      } else {
        Classification c = request.toSweep(name).orElse(null); // classified once: decided and reported
        if (c != null) {
          expire(name, c, GateEvent.Type.SWEPT);
        }
      }
    }
  }

  // ------------------------------------------------------------ commit points

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeCommit();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeCommit();
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit();
    super.sendRedirect(location);
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    synchronized (this) {
      forgetWritten();
      namesWritten = null;
      committing.set(false);
      stateDependent = false;
      reportOnlyPolicyAdded = false;
    }
  }

  @Override
  public void setContentLength(int len) {
    if (html != null) {
      return; // the rewritten page has another length: the container chunks it
    }
    contentLength = len;
    super.setContentLength(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    if (html != null) {
      return;
    }
    contentLength = len;
    super.setContentLengthLong(len);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream out = super.getOutputStream();
    if (stream == null || stream.container != out) {
      ServletOutputStream target = out;
      if (startRewriting(true)) {
        target = html.gzip() ? html.wrapGzip(out, charset()) : html.wrap(out, charset());
      }
      stream = new GatedOutputStream(out, target);
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter w = super.getWriter();
    if (writer == null || writer.container != w) {
      PrintWriter target = w;
      if (startRewriting(false)) {
        target = new PrintWriter(html.wrap(w), false);
      }
      writer = new GatedWriter(w, target);
    }
    return writer;
  }

  private java.nio.charset.Charset charset() {
    try {
      String name = getCharacterEncoding();
      return name == null ? java.nio.charset.StandardCharsets.ISO_8859_1 : java.nio.charset.Charset.forName(name);
    } catch (RuntimeException e) {
      return java.nio.charset.StandardCharsets.ISO_8859_1;
    }
  }

  /**
   * Whether this response's body goes through the page rewriter: {@code html=on}, enforcing, a
   * {@code text/html} or {@code application/xhtml+xml} body, not yet committed, and not encoded
   * (no Content-Encoding) or, on the output stream, compressed by the application with gzip (then
   * decoded, rewritten and compressed again). Any other encoding passes unchanged: the rewriter
   * cannot read it. Sets it up once: the length will change, and the page now depends on the
   * request's cookies.
   */
  private boolean startRewriting(boolean stream) {
    if (html != null) {
      return true;
    }
    String type = getContentType();
    if (!gate.html() || reportOnly() || isCommitted() || type == null) {
      return false;
    }
    boolean xhtml = type.regionMatches(true, 0, "application/xhtml+xml", 0, 21);
    if (!xhtml && !type.regionMatches(true, 0, "text/html", 0, 9)) {
      return false;
    }
    String encoding = super.getHeader("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
      if (!stream || !HtmlGating.isGzip(encoding)) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: a page with Content-Encoding '" + encoding.replaceAll("[^\\x20-\\x7e]", "?")
            + "' passes unrewritten: only gzip (on the output stream) is decoded");
        return false;
      }
      gzip = true;
    }
    html = new HtmlGating(state, state.contextPath, xhtml, gzip);
    contentLength = -1;
    super.setContentLengthLong(-1);
    markStateDependent(); // a shared cache must not serve this page to another user
    return true;
  }

  /** Ends the rewritten page (what the rewriter holds, the activation script); once, after the app is done. */
  void finishPage() {
    if (html != null) {
      html.finish();
    }
  }

  /** Whether writing {@code more} units now may fill the buffer or the content length. */
  private void beforeWrite(long written, long more, int unitBytes) {
    if (committing.get()) {
      return;
    }
    long limit = Math.max(1, getBufferSize() / unitBytes);
    if (written + more >= limit || (contentLength >= 0 && written + more >= contentLength / unitBytes)) {
      beforeCommit();
    }
  }

  /** Counts bytes so that the gate runs before the container's buffer fills and commits. */
  private final class GatedOutputStream extends ServletOutputStream {
    final ServletOutputStream container;
    final ServletOutputStream delegate;
    private long written;

    GatedOutputStream(ServletOutputStream container, ServletOutputStream delegate) {
      this.container = container;
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWrite(written, 1, 1);
      written++;
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWrite(written, len, 1);
      written += len;
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /** Counts characters (up to 4 bytes each) so that the gate runs before the buffer fills. */
  private final class GatedWriter extends PrintWriter {
    final PrintWriter container;
    final PrintWriter delegate;
    private long written;

    GatedWriter(PrintWriter container, PrintWriter delegate) {
      super(delegate);
      this.container = container;
      this.delegate = delegate;
    }

    @Override
    public void write(int c) {
      beforeWrite(written, 1, 4);
      written++;
      delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      beforeWrite(written, len, 4);
      written += len;
      delegate.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      beforeWrite(written, len, 4);
      written += len;
      delegate.write(s, off, len);
    }

    @Override
    public void flush() {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() {
      beforeCommit();
      delegate.close();
    }

    @Override
    public boolean checkError() {
      return delegate.checkError();
    }
  }
}
