package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.internal.consent.ConsentChoice;
import io.github.cookiegate.internal.text.Text;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The consent endpoint ({@code consent-path}) and the erasure endpoint ({@code forget-path}). */
final class ConsentEndpoints {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  /**
   * Most deletion headers one erasure response writes. Each is under ~100 bytes for the names
   * vendors use, so 64 stay under the containers' 8 KiB response-header limit; cookies past it are
   * expired by the next erasure request (the event says how many are left).
   */
  static final int MAX_ERASURE_DELETIONS = 64;
  /** Most {@code Domain} variants per cookie: the request host and its parents, never a single label. */
  static final int MAX_DOMAIN_VARIANTS = 4;

  private ConsentEndpoints() {}

  // ------------------------------------------------------------------ consent

  /**
   * {@code POST}: the banner's choice, stored in the consent cookie, {@code 204}; {@code GET}: the
   * request's consent as JSON; other methods {@code 405}; cross-site {@code 403}, and a {@code POST}
   * with neither {@code Origin} nor {@code Sec-Fetch-Site} {@code 403}.
   */
  static void consent(HttpServletRequest request, GatedResponse response, RequestState state) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    String method = request.getMethod();
    if (!"POST".equals(method) && !"GET".equals(method)) {
      response.setHeader("Allow", "GET, POST");
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    // A POST changes consent: it must prove where it comes from (Origin or Sec-Fetch-Site); a GET reads only.
    if (!CookieGateFilter.ActivationEndpoint.sameOrigin(request, "POST".equals(method))) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    if ("GET".equals(method)) {
      byte[] json = stateJson(state).getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
      return;
    }
    if (request.getContentLengthLong() > ConsentChoice.MAX_BODY_BYTES) {
      refuseTooLarge(request, response);
      return;
    }
    String type = request.getContentType() == null ? "" : request.getContentType().strip().toLowerCase(Locale.ROOT);
    boolean json = type.startsWith("application/json");
    if (!json && !type.startsWith("application/x-www-form-urlencoded")) {
      response.setHeader("Accept-Post", "application/x-www-form-urlencoded, application/json");
      response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
      return;
    }
    String body = readBounded(request);
    if (body == null) {
      refuseTooLarge(request, response);
      return;
    }
    Optional<Set<Category>> granted = json ? ConsentChoice.fromJson(body) : ConsentChoice.fromForm(formValues(body));
    if (granted.isEmpty()) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: consent endpoint: the body carries no readable '" + ConsentChoice.FIELD + "'");
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    state.choose(granted.get());
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  /** Returns the body as UTF-8, or null when it is longer than {@link ConsentChoice#MAX_BODY_BYTES}. */
  private static String readBounded(HttpServletRequest request) throws IOException {
    byte[] buf = new byte[ConsentChoice.MAX_BODY_BYTES + 1];
    int n = 0;
    try (InputStream in = request.getInputStream()) {
      int r;
      while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
        n += r;
      }
    }
    return n > ConsentChoice.MAX_BODY_BYTES ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /** The values of the {@code categories} field of a form body; malformed pairs are skipped. */
  static List<String> formValues(String body) {
    List<String> values = new ArrayList<>(4);
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf('&', start);
      if (end < 0) {
        end = body.length();
      }
      int eq = body.indexOf('=', start);
      if (eq > start && eq < end) {
        try {
          if (URLDecoder.decode(body.substring(start, eq), StandardCharsets.UTF_8).equals(ConsentChoice.FIELD)) {
            values.add(URLDecoder.decode(body.substring(eq + 1, end), StandardCharsets.UTF_8));
          }
        } catch (IllegalArgumentException e) {
          LOG.log(Level.DEBUG, "cookie-gate: consent endpoint: a malformed percent-escape in the form body");
        }
      }
      start = end + 1;
    }
    return values;
  }

  /** The request's consent for the page's banner; names, ids and times only. */
  static String stateJson(RequestState state) {
    GateRequest now = state.gateRequest(); // one snapshot: consent and activation read together
    ConsentState c = now.consent();
    StringBuilder sb = new StringBuilder(256).append("{\"choiceMade\":").append(c.isChoiceMade());
    sb.append(",\"granted\":");
    array(sb, c.granted());
    sb.append(",\"source\":");
    Text.jsonString(sb, c.source());
    sb.append(",\"timestamp\":");
    if (c.timestamp().isPresent()) {
      Text.jsonString(sb, c.timestamp().get().toString());
    } else {
      sb.append("null");
    }
    sb.append(",\"revision\":").append(c.revision().isPresent() ? String.valueOf(c.revision().getAsInt()) : "null");
    sb.append(",\"currentRevision\":").append(state.gate.consentRevision());
    sb.append(",\"gpcWithdrawn\":");
    array(sb, c.withdrawnByGpc());
    sb.append(",\"chatActive\":").append(now.activation().isActive() && !state.ended());
    return sb.append('}').toString();
  }

  private static void array(StringBuilder sb, Set<Category> categories) {
    sb.append('[');
    boolean first = true;
    for (Category cat : Category.values()) {
      if (categories.contains(cat)) {
        sb.append(first ? "" : ",").append('"').append(cat.id()).append('"');
        first = false;
      }
    }
    sb.append(']');
  }

  // ------------------------------------------------------------------ erasure

  /**
   * {@code POST}: expires every non-necessary cookie the browser sent (host-only and on the
   * request host's parent domains), and the library's own, fires {@link GateEvent.Type#ERASED},
   * {@code 204}; other methods {@code 405}; cross-site, or neither {@code Origin} nor {@code
   * Sec-Fetch-Site}, {@code 403}.
   */
  static void forget(HttpServletRequest request, GatedResponse response, RequestState state) {
    response.setHeader("Cache-Control", "no-store");
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    if (!CookieGateFilter.ActivationEndpoint.sameOrigin(request, true)) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    CookieGate gate = state.gate;
    ConsentState before = state.forget();
    state.queue(gate.activationMarkerDeletions(state.secure), false);
    state.queue(gate.consentCookieDeletions(state.secure), false);
    List<String> domains = domainVariants(request.getServerName());
    List<String> erased = new ArrayList<>();
    // report-only expires nothing but the library's own cookies; the event says what it would have.
    boolean reportOnly = gate.mode() == CookieGate.Mode.REPORT_ONLY;
    int left = 0;
    for (String name : state.requestCookieNames) {
      if (gate.isOwnCookie(name)) {
        continue;
      }
      Classification c;
      try {
        c = gate.classify(name); // once: decided here, reported by expire
      } catch (RuntimeException e) {
        c = Classification.unknown();
      }
      if (c.category().orElse(null) == Category.NECESSARY) {
        continue;
      }
      if (state.expire(name, c, GateEvent.Type.SWEPT, domains, MAX_ERASURE_DELETIONS) || reportOnly) {
        erased.add(Text.printable(name));
      } else {
        left++;
      }
    }
    if (!gate.clearSiteData().isEmpty()) {
      StringBuilder v = new StringBuilder();
      for (CookieGate.ClearSiteData d : CookieGate.ClearSiteData.values()) {
        if (gate.clearSiteData().contains(d)) {
          v.append(v.length() == 0 ? "" : ", ").append('"').append(d.id()).append('"');
        }
      }
      response.setHeader("Clear-Site-Data", v.toString());
    }
    String id = state.requestId(); // random per request: no IP, no cookie value
    response.setHeader("Cookie-Gate-Erasure-Id", id);
    state.notify(GateEvent.of(GateEvent.Type.ERASED, "erasure " + id
        + (reportOnly ? " (report-only): would have expired " : ": expired ") + erased.size() + " cookie"
        + (erased.size() == 1 ? "" : "s") + (erased.isEmpty() ? "" : " " + String.join(", ", erased))
        + " and the library's own" + (left == 0 ? "" : "; " + left + " left for the next erasure request"))
        .withConsent(before.granted(), Set.of(), before.source()));
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  /**
   * The {@code Domain} values a cookie the browser sends may have been set with, for a request to
   * {@code host}: the host itself and its parents, nearest the root first, at most {@link
   * #MAX_DOMAIN_VARIANTS}. Without a public suffix list the rule is conservative: never a single
   * label ({@code com}), never a two-label {@code <generic>.<two-letter country>} such as {@code
   * co.uk} or {@code com.au}, nothing for IP literals, {@code localhost} or names with other
   * characters than letters, digits, '-' and '.'. Browsers ignore a Domain that is a public
   * suffix, so a deletion there would do nothing anyway.
   */
  static List<String> domainVariants(String host) {
    if (host == null || host.isEmpty() || host.length() > 253) {
      return List.of();
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    boolean letter = false;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c >= 'a' && c <= 'z') {
        letter = true;
      } else if (!(c >= '0' && c <= '9') && c != '-' && c != '.') {
        return List.of(); // IPv6 literal, or a Host header no DNS name has
      }
    }
    String[] labels = h.split("\\.", -1);
    for (String l : labels) {
      if (l.isEmpty()) {
        return List.of();
      }
    }
    if (!letter || labels.length < 2 || labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      return List.of(); // single label or IPv4 literal
    }
    int shortest = 2;
    if (labels[labels.length - 1].length() == 2 && GENERIC_SECOND_LEVEL.contains(labels[labels.length - 2])) {
      shortest = 3; // co.uk, com.au: the registrable domain has three labels
    }
    List<String> out = new ArrayList<>(MAX_DOMAIN_VARIANTS);
    for (int n = shortest; n <= labels.length && out.size() < MAX_DOMAIN_VARIANTS; n++) {
      out.add(String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - n, labels.length)));
    }
    return List.copyOf(out);
  }

  /** Second-level labels that registries under two-letter country codes use as public suffixes. */
  private static final Set<String> GENERIC_SECOND_LEVEL =
      Set.of("co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil", "nic", "ltd", "plc", "gv");

  /** The most request-body bytes read and dropped before a 413, so that the client sees the answer. */
  static final int DRAIN_BYTES = 64 * 1024;

  /**
   * Answers {@code 413} to a body over the endpoint's bound. Up to {@value #DRAIN_BYTES} bytes of
   * what is left of the body are read and dropped first: a server that closes the connection while
   * the client is still sending makes many clients report a reset instead of the status (seen with
   * Jetty 12 and java.net.http). A larger body is not read further; the container decides what to do with the rest.
   */
  static void refuseTooLarge(HttpServletRequest request, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    try {
      java.io.InputStream in = request.getInputStream();
      byte[] sink = new byte[4096];
      int left = DRAIN_BYTES;
      for (int n; left > 0 && (n = in.read(sink, 0, Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not drain a refused body: " + e.getClass().getName());
    }
  }
}
