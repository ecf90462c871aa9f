package io.github.cookiegate.servlet;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.internal.GateAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report-path} endpoint ({@code csp=report}): reads the browser's violation reports of
 * the report-only policy, {@code application/csp-report} (CSP2 {@code report-uri}) and {@code
 * application/reports+json} (Reporting API {@code report-to}), and turns each report of a load from
 * a catalogued vendor host into a {@link GateEvent.Type#VENDOR_LOAD_REPORTED} event. Anyone can
 * post here, so it reads at most {@value #MAX_BODY} bytes and {@value #MAX_REPORTS} reports, logs
 * hosts only (never a whole URL), and answers {@code 204} whatever it read, never {@code 500}.
 */
final class CspReports {

  static final int MAX_BODY = 16 * 1024;
  static final int MAX_REPORTS = 32;
  private static final int MAX_DEPTH = 16;

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  private CspReports() {}

  static void handle(HttpServletRequest request, HttpServletResponse response, CookieGate gate) throws IOException {
    try {
      answer(request, response, gate);
    } catch (RuntimeException e) {
      // A container refusing something about the request: a client problem, never a 500 of ours.
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read a CSP report: " + e.getClass().getName());
      if (!response.isCommitted()) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      }
    }
  }

  private static void answer(HttpServletRequest request, HttpServletResponse response, CookieGate gate) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    String type = mediaType(request.getContentType());
    if (!type.equals("application/csp-report") && !type.equals("application/reports+json")
        && !type.equals("application/json")) {
      response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY) {
      ConsentEndpoints.refuseTooLarge(request, response);
      return;
    }
    byte[] body;
    try {
      body = read(request.getInputStream());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read a CSP report: " + e.getClass().getName());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    if (body == null) {
      ConsentEndpoints.refuseTooLarge(request, response);
      return;
    }
    try {
      for (Report r : reports(new String(body, StandardCharsets.UTF_8))) {
        notify(gate, r);
      }
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: dropped an unreadable CSP report: " + e.getClass().getName());
    }
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** Reads at most MAX_BODY bytes; null when there are more. */
  private static byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buf = new byte[4096];
    int total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > MAX_BODY) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static void notify(CookieGate gate, Report r) {
    String host = hostOf(r.url);
    HostRule rule = host == null ? null : gate.hostCatalog().match(host).orElse(null);
    if (rule == null) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: dropped a CSP report of a load that is not from a catalogued vendor"
          + (host == null ? "" : " (" + host + ")"));
      return;
    }
    GateAccess.notify(gate, GateAccess.vendorLoad(rule, host, r.directive));
  }

  /** The host of an absolute URL, or null ({@code inline}, {@code eval}, relative or unreadable). */
  static String hostOf(String url) {
    if (url == null || url.length() > 4096) {
      return null;
    }
    try {
      String host = URI.create(url.strip()).getHost();
      return host == null || host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One violation: the blocked URL and the directive. */
  record Report(String url, String directive) {}

  /**
   * The violations a body holds: {@code {"csp-report": {...}}}, or a list of Reporting API reports
   * {@code [{"type": "csp-violation", "body": {...}}]}, or one such report. Unknown shapes hold none.
   */
  static List<Report> reports(String body) {
    Object json = new Json(body).value(0);
    List<Report> out = new ArrayList<>();
    if (json instanceof List<?> list) {
      for (Object o : list) {
        if (out.size() >= MAX_REPORTS) {
          break;
        }
        add(out, o);
      }
    } else {
      add(out, json);
    }
    return out;
  }

  private static void add(List<Report> out, Object o) {
    if (!(o instanceof Map<?, ?> m)) {
      return;
    }
    if (m.get("csp-report") instanceof Map<?, ?> r) {
      String url = string(r, "blocked-uri", "blockedURL");
      if (url != null) {
        out.add(new Report(url, directive(string(r, "effective-directive", "violated-directive"))));
      }
      return;
    }
    Object type = m.get("type");
    if (m.get("body") instanceof Map<?, ?> b && (type == null || "csp-violation".equals(type))) {
      String url = string(b, "blockedURL", "blocked-uri");
      if (url != null) {
        out.add(new Report(url, directive(string(b, "effectiveDirective", "effective-directive"))));
      }
    }
  }

  private static String directive(String d) {
    if (d == null) {
      return "a";
    }
    String name = d.strip();
    int space = name.indexOf(' ');
    return space > 0 ? name.substring(0, space) : name; // CSP2's violated-directive carries the sources too
  }

  private static String string(Map<?, ?> m, String key, String otherKey) {
    Object v = m.get(key);
    if (!(v instanceof String)) {
      v = m.get(otherKey);
    }
    return v instanceof String s ? s : null;
  }

  /**
   * A small, tolerant JSON reader for report bodies (no library: the servlet jar adds no
   * dependency). Objects become maps, arrays lists, strings strings; numbers, booleans and null
   * are read and returned as their text. Nesting is bounded; anything it cannot read throws
   * IllegalArgumentException, and text after the first value is ignored.
   */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("nested too deep");
      }
      skipWhitespace();
      if (i >= s.length()) {
        throw new IllegalArgumentException("end of input");
      }
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipWhitespace();
        if (peek('}')) {
          i++;
          return m;
        }
        while (true) {
          skipWhitespace();
          String key = string();
          skipWhitespace();
          expect(':');
          Object v = value(depth + 1);
          m.putIfAbsent(key, v);
          skipWhitespace();
          if (peek(',')) {
            i++;
          } else {
            expect('}');
            return m;
          }
        }
      }
      if (c == '[') {
        i++;
        List<Object> l = new ArrayList<>();
        skipWhitespace();
        if (peek(']')) {
          i++;
          return l;
        }
        while (true) {
          l.add(value(depth + 1));
          skipWhitespace();
          if (peek(',')) {
            i++;
          } else {
            expect(']');
            return l;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      int start = i;
      while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException("unexpected '" + c + "'");
      }
      return new Literal(s.substring(start, i));
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw new IllegalArgumentException("short \\u escape");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e); // \" \\ \/ and, tolerantly, anything else
        }
      }
    }

    private void skipWhitespace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
          || s.charAt(i) == '\n' || s.charAt(i) == '\uFEFF')) {
        i++;
      }
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at " + i);
      }
      i++;
    }
  }

  /** A number, boolean or null, as written. */
  record Literal(String text) {}
}
