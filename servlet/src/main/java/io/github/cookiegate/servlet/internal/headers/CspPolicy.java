package io.github.cookiegate.servlet.internal.headers;

import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Content-Security-Policy headers as the gate reads them: the header names and bounds, the
 * directive and source-expression grammar, and the nonce a tag the gate writes needs.
 *
 * <p>Parsing follows CSP Level 3: a header is a comma-separated list of policies (section 2.2.2),
 * a policy is directives split on {@code ;} whose name is ASCII case-insensitive, and a later
 * directive of the same name is ignored (2.2.1); source expressions follow the grammar of 2.3.1.
 */
public final class CspPolicy {
  public static final String HEADER = "Content-Security-Policy";
  public static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";
  /** Name of the endpoint in {@code Reporting-Endpoints} and the policy's {@code report-to}. */
  public static final String REPORT_GROUP = "cookie-gate";
  /**
   * Longest header value the gate reads; a longer one passes unchanged. Containers refuse response
   * headers of 8 KiB in all, so a policy this long is already a problem of its own.
   */
  public static final int MAX_HEADER_LENGTH = 8192;
  /** Most policy headers the gate reads per response; the rest pass unchanged. */
  public static final int MAX_HEADERS = 16;
  private static final int MAX_NONCE_LENGTH = 256;


  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  /**
   * The fetch directives (CSP3 section 6.1): where a vendor's scripts, frames, connections,
   * pixels, styles, fonts and media load from. Navigation and embedding directives ({@code
   * frame-ancestors}, {@code form-action}, {@code base-uri}) say other things and stay as written.
   */
  static final Set<String> FETCH_DIRECTIVES = Set.of("default-src", "child-src", "connect-src", "font-src",
      "frame-src", "img-src", "manifest-src", "media-src", "object-src", "prefetch-src", "script-src",
      "script-src-elem", "script-src-attr", "style-src", "style-src-elem", "style-src-attr", "worker-src");


  private CspPolicy() {}

  /** The lower-case name of a directive, or null for an empty segment. */
  static String directiveName(String segment) {
    String s = segment.strip();
    if (s.isEmpty()) {
      return null;
    }
    int end = 0;
    while (end < s.length() && !isWhitespace(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** Splits on ASCII whitespace (CSP3 2.2.1: "split on ASCII whitespace"). */
  static List<String> tokens(String segment) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = segment.length();
    while (i < n) {
      while (i < n && isWhitespace(segment.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isWhitespace(segment.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(segment.substring(start, i));
      }
    }
    return out;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  /** {@code scheme-source = scheme-part ":"}, e.g. {@code https:} or {@code data:}. */
  static boolean isSchemeSource(String token) {
    return token.length() > 1 && token.charAt(token.length() - 1) == ':' && isScheme(token, 0, token.length() - 1);
  }

  /** {@code http:}, {@code https:}, {@code ws:}, {@code wss:}: every host of that scheme. */
  static boolean isNetworkSchemeSource(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.equals("http:") || t.equals("https:") || t.equals("ws:") || t.equals("wss:");
  }

  /** RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  static boolean isScheme(String s, int from, int to) {
    if (to <= from || !isAlpha(s.charAt(from))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A host-source (CSP3 2.3.1): {@code [ scheme-part "://" ] host-part [ ":" port-part ] [
   * path-part ]}, {@code host-part = "*" / [ "*." ] 1*host-char *( "." 1*host-char ) [ "." ]}.
   */
  record Source(String host, boolean wildcard) {

    /** Whether the host part is {@code *}: every host. */
    boolean wildcardAll() {
      return wildcard && host.isEmpty();
    }

    /** Returns the host-source a token is, or null (keywords, nonces, hashes, scheme sources, anything else). */
    static Source parse(String token) {
      if (token.isEmpty() || token.charAt(0) == '\'') {
        return null;
      }
      int start = 0;
      int sep = token.indexOf("://");
      if (sep >= 0) {
        if (!isScheme(token, 0, sep)) {
          return null;
        }
        start = sep + 3;
      }
      int end = start;
      while (end < token.length() && token.charAt(end) != ':' && token.charAt(end) != '/') {
        end++;
      }
      String host = token.substring(start, end).toLowerCase(Locale.ROOT);
      if (end < token.length() && token.charAt(end) == ':') {
        int p = end + 1;
        int portEnd = p;
        while (portEnd < token.length() && token.charAt(portEnd) != '/') {
          portEnd++;
        }
        String port = token.substring(p, portEnd);
        if (!port.equals("*") && (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9'))) {
          return null; // "https:" is a scheme source; "host:x" is nothing a browser reads
        }
        end = portEnd;
      }
      if (end < token.length() && token.startsWith("//", end)) {
        return null;
      }
      if (host.equals("*")) {
        return new Source("", true);
      }
      boolean wildcard = host.startsWith("*.");
      String name = wildcard ? host.substring(2) : host;
      if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      return isHostName(name) ? new Source(name, wildcard) : null;
    }

    /** {@code 1*host-char *( "." 1*host-char )}, host-char = ALPHA / DIGIT / "-". */
    private static boolean isHostName(String name) {
      if (name.isEmpty()) {
        return false;
      }
      int label = 0;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '.') {
          if (label == 0) {
            return false;
          }
          label = 0;
        } else if (isAlpha(c) || isDigit(c) || c == '-') {
          label++;
        } else {
          return false;
        }
      }
      return label > 0;
    }
  }

  // ------------------------------------------------------------ nonce

  /**
   * Returns the nonce the response's policies give scripts, or null: the first {@code
   * 'nonce-...'} of the directive that governs script elements ({@code script-src-elem}, else
   * {@code script-src}, else {@code default-src}) in the enforced policies, then in the report-only
   * ones. Only a base64 value (CSP3 2.3.1 {@code base64-value}) is returned, so it can be written
   * into an attribute as is.
   */
  public static String nonceOf(HttpServletResponse response) {
    if (response == null) {
      return null;
    }
    try {
      String n = nonceOf(response.getHeaders(HEADER));
      return n != null ? n : nonceOf(response.getHeaders(REPORT_ONLY_HEADER));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the response's Content-Security-Policy: " + e);
      return null;
    }
  }

  /**
   * Returns the nonce a {@code <link rel=stylesheet>} needs under the response's policy: as {@link
   * #nonceOf(HttpServletResponse)}, from {@code style-src-elem}, else {@code style-src}, else
   * {@code default-src}; null when none.
   */
  public static String styleNonceOf(HttpServletResponse response) {
    if (response == null) {
      return null;
    }
    try {
      String n = nonceOf(response.getHeaders(HEADER), "style-src-elem", "style-src");
      return n != null ? n : nonceOf(response.getHeaders(REPORT_ONLY_HEADER), "style-src-elem", "style-src");
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the response's Content-Security-Policy: " + e);
      return null;
    }
  }

  static String nonceOf(Collection<String> headers) {
    return nonceOf(headers, "script-src-elem", "script-src");
  }

  private static String nonceOf(Collection<String> headers, String elemDirective, String directive) {
    if (headers == null) {
      return null;
    }
    int count = 0;
    for (String header : headers) {
      if (header == null || header.length() > MAX_HEADER_LENGTH || ++count > MAX_HEADERS) {
        continue;
      }
      for (String policy : header.split(",", -1)) {
        String n = nonceOfPolicy(policy, elemDirective, directive);
        if (n != null) {
          return n;
        }
      }
    }
    return null;
  }

  private static String nonceOfPolicy(String policy, String elemDirective, String directive) {
    String elem = null;
    String script = null;
    String fallback = null;
    for (String segment : policy.split(";", -1)) {
      String name = directiveName(segment);
      if (name == null) {
        continue;
      }
      // A later directive of the same name is ignored (CSP3 2.2.1 step 3.4).
      if (name.equals(elemDirective) && elem == null) {
        elem = segment;
      } else if (name.equals(directive) && script == null) {
        script = segment;
      } else if (name.equals("default-src") && fallback == null) {
        fallback = segment;
      }
    }
    String governing = elem != null ? elem : script != null ? script : fallback;
    if (governing == null) {
      return null;
    }
    for (String token : tokens(governing)) {
      if (token.length() > 8 && token.regionMatches(true, 0, "'nonce-", 0, 7) && token.endsWith("'")) {
        String value = token.substring(7, token.length() - 1);
        if (isBase64Value(value)) {
          return value;
        }
        LOG.log(Level.DEBUG, "cookie-gate: a nonce in the Content-Security-Policy is not base64; the activation"
            + " script's tag gets none");
      }
    }
    return null;
  }

  /** {@code base64-value = 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" )*2( "=" )}. */
  static boolean isBase64Value(String v) {
    if (v.isEmpty() || v.length() > MAX_NONCE_LENGTH) {
      return false;
    }
    int end = v.length();
    int pad = 0;
    while (end > 0 && v.charAt(end - 1) == '=' && pad < 2) {
      end--;
      pad++;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = v.charAt(i);
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '/' && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a report URI (the context path and {@code report-path}) can go into a policy and a
   * {@code Reporting-Endpoints} string as is: visible ASCII without {@code ; , " \\}.
   */
  public static boolean isPolicyUri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == ';' || c == ',' || c == '"' || c == '\\') {
        return false;
      }
    }
    return !uri.isEmpty();
  }
}
