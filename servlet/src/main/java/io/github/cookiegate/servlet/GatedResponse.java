package io.github.cookiegate.servlet;

import static io.github.cookiegate.servlet.SetCookieHeaders.SET_COOKIE;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.servlet.internal.headers.ResponseHeaders;
import jakarta.servlet.ServletOutputStream;
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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The response as the application sees it: every way a cookie can get in ({@code addCookie},
 * {@code addHeader}/{@code setHeader} and the int and date variants with {@code Set-Cookie} in any
 * letter case) goes through the gate at the moment it is added. Cookies the container adds itself
 * (the session cookie) are reconciled right after the request creates or changes the session, and
 * once more just before the response commits, when the library's own queued cookies are written
 * and cookies the browser may no longer keep are swept.
 *
 * <p>What it delegates: {@link SetCookieHeaders} (reconcile and replace), {@link Sweep},
 * {@link CommitStreams} (the body's commit points), {@link ResponseHeaders} (CSP and cache safety)
 * and {@link HtmlGating} (the page).
 */
final class GatedResponse extends HttpServletResponseWrapper {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());
  private static final VarHandle COMMITTING;
  static {
    try {
      COMMITTING = MethodHandles.lookup().findVarHandle(GatedResponse.class, "committing", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private static final MethodHandle REDIRECT_STATUS = redirectOverload(String.class, int.class);
  private static final MethodHandle REDIRECT_CLEAR = redirectOverload(String.class, boolean.class);
  private static final MethodHandle REDIRECT_STATUS_CLEAR = redirectOverload(String.class, int.class, boolean.class);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RequestState state;
  private final CookieGate gate;
  private final HttpServletResponse container;
  // Created on first use: most responses set no cookie and sweep nothing.
  /** What this response wrote through the gate; guarded by this. */
  private SetCookieHeaders setCookies;
  /** The names this response set, which the sweep leaves alone; created and used under this. */
  private Sweep sweep;
  /** The CSP and cache headers; created when the gate filters policies or the response depends on the request's state. */
  private volatile ResponseHeaders headers;
  /** Whether the pre-commit step ran (set once by compare-and-set, cleared by a reset). */
  private volatile boolean committing;
  private CommitStreams.Output stream;
  private CommitStreams.Writer writer;
  private long contentLength = -1;
  /** The page rewriter, when this is a text/html response the gate rewrites. */
  private HtmlGating html;

  GatedResponse(HttpServletResponse response, RequestState state) {
    super(response);
    this.container = response;
    this.state = state;
    this.gate = state.gate;
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
        setCookies().wroteCookie(toWrite.getName(), toWrite.getValue());
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
      keepPrivateAfter(name);
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
      keepPrivateAfter(name); // the application cannot undo it after the gate did it
      return;
    }
    if (value == null) {
      super.setHeader(name, null); // the container's semantics: Jetty removes, Tomcat ignores
      synchronized (this) {
        if (setCookies != null && super.getHeaders(SET_COOKIE).isEmpty()) {
          setCookies.forget();
        }
      }
      return;
    }
    synchronized (this) {
      // Replace semantics: what the container would send is this one header, minus it if blocked.
      if (setCookies != null) {
        setCookies.forget();
      }
      String out = gateHeader(value);
      if (out != null) {
        super.setHeader(name, out);
      } else {
        setCookies().replace(container, List.of(), SetCookieHeaders.deletionOf(value));
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
        GateAccess.notify(gate, GateAccess.cookieEvent(GateEvent.Type.BLOCKED, parsed.name(),
            gate.classify(parsed.name()), Decision.Reason.UNPARSEABLE, reportOnly()));
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

  /** Shows only what was allowed: container-added cookies are decided first, the library's own are written. */
  @Override
  public Collection<String> getHeaders(String name) {
    if (SetCookieHeaders.isSetCookie(name)) {
      writeQueued();
      reconcile();
    }
    return super.getHeaders(name);
  }

  @Override
  public String getHeader(String name) {
    if (SetCookieHeaders.isSetCookie(name)) {
      writeQueued();
      reconcile();
    }
    return super.getHeader(name);
  }

  @Override
  public boolean containsHeader(String name) {
    if (SetCookieHeaders.isSetCookie(name)) {
      writeQueued();
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
      out = GateAccess.header(v);
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
      setCookies().wroteHeader(out);
      if (!state.requestCookieNames.isEmpty()) { // only the sweep reads the names: no Optional otherwise
        SetCookie set = GateAccess.cookie(v);
        if (set != null) {
          noteName(set.name());
        }
      }
    }
    return out;
  }

  /** Returns the cookie to write (the same, or a rewritten copy), or null; never throws. */
  private Cookie gateCookie(Cookie cookie) {
    GateRequest.Verdict v;
    try {
      v = decide(state.gateRequest(), cookie);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: blocked cookie '" + cookie.getName() + "' because the gate failed: " + e);
      return reportOnly() ? cookie : null;
    }
    Decision d = v.decision();
    if (reportOnly()) {
      return cookie;
    }
    if (dependsOnState(d)) {
      markStateDependent();
    }
    if (!v.writes()) {
      return null;
    }
    if (d.outcome() != Decision.Outcome.REWRITE) {
      return cookie;
    }
    Cookie copy = (Cookie) cookie.clone();
    OptionalLong maxAge = d.rewritten().orElseThrow().maxAge();
    copy.setMaxAge(maxAge.isPresent() ? (int) Math.min(Integer.MAX_VALUE, maxAge.getAsLong()) : -1);
    return copy;
  }

  /**
   * Decides the cookie that the {@code Set-Cookie} header a container writes for this Cookie
   * sets, read from the Cookie's parts without writing that header: the name; the value (a
   * {@code ;}, which Jetty, Tomcat and Undertow all refuse, is read as another character);
   * {@code Secure} and {@code HttpOnly} when {@code getSecure()} and {@code isHttpOnly()} say so,
   * as the containers write them; {@code Partitioned} when empty or {@code true}; {@code Max-Age}
   * when not negative; any other attribute as written, a flag when its value is empty, left out
   * when its value holds {@code ;}. Control characters stay: the cookie is then blocked as a
   * browser would ignore it.
   */
  static GateRequest.Verdict decide(GateRequest request, Cookie cookie) {
    String value = cookie.getValue() == null ? "" : cookie.getValue();
    if (value.indexOf(';') >= 0) {
      value = value.replace(';', 'x');
    }
    Map<String, String> attributes = cookie.getAttributes();
    int size = attributes.size();
    if (size == 0) {
      return GateAccess.decide(request, cookie.getName(), value, NO_PARTS, 0);
    }
    String[] parts = new String[2 * size];
    int n = 0;
    // Every entry once, in the map's order (the Cookie's map holds each name once, ignoring case,
    // so the order changes nothing a browser does): one walk of a few entries costs less than
    // looking up each attribute a browser acts on in a map that compares names ignoring case.
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      n = part(cookie, parts, n, a.getKey(), a.getValue() == null ? "" : a.getValue());
    }
    return GateAccess.decide(request, cookie.getName(), value, parts, n);
  }

  /** Adds one attribute as the containers write it; returns the new count. */
  private static int part(Cookie cookie, String[] parts, int n, String k, String v) {
    if (k.equalsIgnoreCase(SetCookie.SECURE) || k.equalsIgnoreCase(SetCookie.HTTP_ONLY)) {
      // What the Servlet API says, as the containers write it: Servlet 6.0 stores "true" or
      // "false", Servlet 6.1 an empty value for a set flag.
      boolean secure = k.length() == 6;
      if (secure ? cookie.getSecure() : cookie.isHttpOnly()) {
        parts[n++] = secure ? SetCookie.SECURE : SetCookie.HTTP_ONLY;
        parts[n++] = null;
      }
    } else if (k.equalsIgnoreCase(SetCookie.PARTITIONED)) {
      // Jetty 12.1 writes an empty value, Jetty 12.0 and Tomcat only "true": either counts.
      if (v.isEmpty() || Boolean.parseBoolean(v)) {
        parts[n++] = SetCookie.PARTITIONED;
        parts[n++] = null;
      }
    } else if (k.equalsIgnoreCase(SetCookie.MAX_AGE)) {
      if (!v.isEmpty() && v.charAt(0) != '-') {
        parts[n++] = SetCookie.MAX_AGE;
        parts[n++] = v;
      }
    } else if (v.isEmpty()) {
      parts[n++] = k;
      parts[n++] = null;
    } else if (v.indexOf(';') < 0) {
      parts[n++] = k;
      parts[n++] = v;
    }
    return n;
  }

  private static final String[] NO_PARTS = new String[0];

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

  private SetCookieHeaders setCookies() {
    SetCookieHeaders s = setCookies;
    if (s == null) {
      s = new SetCookieHeaders();
      setCookies = s;
    }
    return s;
  }

  /** Remembers a name this response set, for the sweep (only a request with cookies needs it). */
  private void noteName(String name) {
    if (!state.requestCookieNames.isEmpty()) {
      if (sweep == null) {
        sweep = new Sweep();
      }
      sweep.wrote(state, name);
    }
  }

  // ------------------------------------------------------------ the library's own cookies

  /**
   * Writes the library's own cookies that the request queued (marker, consent, deletions):
   * necessary, never gated away. After commit they can no longer go out: one DEBUG line each.
   */
  void writeQueued() {
    if (!state.hasQueued()) {
      return;
    }
    try {
      synchronized (this) {
        List<SetCookie> own = state.takeQueued();
        for (SetCookie cookie : own) {
          if (isCommitted()) {
            LOG.log(Level.DEBUG, () -> "cookie-gate: response already committed; cannot write " + cookie.name());
            continue;
          }
          String header = cookie.toHeader();
          super.addHeader(SET_COOKIE, header);
          setCookies().wroteHeader(header);
          noteName(cookie.name());
        }
        if (state.takeQueuedStateDependent()) {
          markStateDependent(); // a deletion follows from the cookies this browser sent
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: writing the library's own cookies failed: " + e);
    }
  }

  // ------------------------------------------------------------ reconciling

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
      Collection<String> headers = container.getHeaders(SET_COOKIE);
      if (headers.isEmpty() || (setCookies != null && setCookies.wroteAll(headers))) {
        return; // the usual case: every header went through the gate when it was added
      }
      setCookies().reconcile(container, headers, this::gateHeader);
    }
  }

  /**
   * Runs once, just before the response commits: the queued own cookies, reconcile, sweep, then
   * the CSP and cache headers. Own cookies queued after it ran are still written here, while the
   * response is not committed.
   */
  void beforeCommit() {
    writeQueued();
    if (!COMMITTING.compareAndSet(this, false, true)) {
      return;
    }
    try {
      reconcile();
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: reconciling cookies before commit failed: " + e);
    }
    try {
      if (gate.csp() != CookieGate.Csp.OFF) {
        headers().gatePolicies(isHtml());
      }
      ResponseHeaders h = headers;
      if (h != null) {
        h.keepOutOfSharedCaches();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: gating the Content-Security-Policy or cache headers failed: " + e);
    }
  }

  /** Expires the cookies the browser sent that it may no longer keep (the deletions are written at once). */
  private void sweep() {
    if (!gate.sweep() || isCommitted() || state.requestCookieNames.isEmpty()) {
      return;
    }
    String[] written;
    synchronized (this) { // one lock for the whole walk, not one per name
      written = sweep == null ? Sweep.NONE : sweep.written();
    }
    Sweep.run(state, written);
    writeQueued();
  }

  // ------------------------------------------------------------ Content-Security-Policy and caches

  private ResponseHeaders headers() {
    ResponseHeaders h = headers;
    if (h == null) {
      synchronized (this) {
        h = headers;
        if (h == null) {
          // The request's state at each use: activation and consent may change during the response.
          h = new ResponseHeaders(container, gate, c -> state.gateRequest().allows(c), state.contextPath, state.secure);
          headers = h;
        }
      }
    }
    return h;
  }

  /** What this response says now depends on the request's activation or consent. */
  private void markStateDependent() {
    headers().markStateDependent();
  }

  /** After the application set a cache header: keeps a state-dependent response private. */
  private void keepPrivateAfter(String name) {
    ResponseHeaders h = headers;
    if (h != null && h.stateDependent() && ResponseHeaders.isCacheHeader(name)) {
      h.keepOutOfSharedCaches();
    }
  }

  /**
   * Whether this response's policy holds chat vendors back (or will, once filtered before commit):
   * gate.js then reloads the page after activation.
   */
  boolean policyHoldsChatBack() {
    return gate.csp() != CookieGate.Csp.OFF && headers().policyHoldsChatBack();
  }

  private boolean isHtml() {
    String type = getContentType();
    return type != null && (type.regionMatches(true, 0, "text/html", 0, 9)
        || type.regionMatches(true, 0, "application/xhtml+xml", 0, 21));
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

  // Servlet 6.1 adds three sendRedirect overloads that HttpServletResponseWrapper passes straight
  // to the container. This class compiles against 6.0, so they are declared without @Override: on
  // a 6.1 container they override the wrapper's and are commit points like the others.

  /** Servlet 6.1: {@code sendRedirect(location, sc)}, after the pre-commit step. */
  public void sendRedirect(String location, int sc) throws IOException {
    beforeCommit();
    redirect(REDIRECT_STATUS, location, sc, true);
  }

  /** Servlet 6.1: {@code sendRedirect(location, clearBuffer)}, after the pre-commit step. */
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    beforeCommit();
    redirect(REDIRECT_CLEAR, location, 0, clearBuffer);
  }

  /** Servlet 6.1: {@code sendRedirect(location, sc, clearBuffer)}, after the pre-commit step. */
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    beforeCommit();
    redirect(REDIRECT_STATUS_CLEAR, location, sc, clearBuffer);
  }

  private void redirect(MethodHandle overload, String location, int sc, boolean clearBuffer) throws IOException {
    if (overload == null) {
      throw new UnsupportedOperationException("cookie-gate: this sendRedirect overload needs a Servlet 6.1 container");
    }
    try {
      if (overload == REDIRECT_STATUS) {
        overload.invoke(container, location, sc);
      } else if (overload == REDIRECT_CLEAR) {
        overload.invoke(container, location, clearBuffer);
      } else {
        overload.invoke(container, location, sc, clearBuffer);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The container's Servlet 6.1 overload, or null on Servlet 6.0. */
  private static MethodHandle redirectOverload(Class<?>... parameters) {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, "sendRedirect",
          MethodType.methodType(void.class, parameters));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    if (html != null) {
      html.interrupted(); // a page held for the cache goes to the rewriter first
    }
    super.flushBuffer();
  }

  @Override
  public void resetBuffer() {
    if (html != null) {
      html.interrupted(); // what the container discards is what it would have held without the cache
    }
    super.resetBuffer();
  }

  @Override
  public void reset() {
    if (html != null) {
      html.interrupted();
    }
    super.reset();
    synchronized (this) {
      if (setCookies != null) {
        setCookies.forget();
      }
      if (sweep != null) {
        sweep.forget();
      }
      state.discardQueued(); // as the headers already written are gone
      committing = false;
      ResponseHeaders h = headers;
      if (h != null) {
        h.reset();
      }
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
      stream = new CommitStreams.Output(this, out, target);
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
      writer = new CommitStreams.Writer(this, w, target);
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
    html = new HtmlGating(state, this, state.contextPath, xhtml, gzip);
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

  /**
   * Before the body's next {@code more} units (bytes, or chars of up to {@code unitBytes} bytes):
   * runs the pre-commit step when they may fill the buffer or the content length, and writes own
   * cookies queued since it ran.
   */
  void beforeWrite(long written, long more, int unitBytes) {
    if (committing) {
      writeQueued();
      return;
    }
    long limit = Math.max(1, getBufferSize() / unitBytes);
    if (written + more >= limit || (contentLength >= 0 && written + more >= contentLength / unitBytes)) {
      beforeCommit();
    }
  }
}
