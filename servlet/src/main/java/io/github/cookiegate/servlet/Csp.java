package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Content-Security-Policy headers as the gate reads and changes them: the host sources of vendors
 * whose category is not allowed come out of the application's policy, the nonce for the
 * activation script's tag, the report-only policy built from the host catalog, and the {@code
 * Vary}/{@code Cache-Control} values that keep state-dependent responses out of shared caches.
 *
 * <p>Parsing follows CSP Level 3: a header is a comma-separated list of policies (section 2.2.2),
 * a policy is directives split on {@code ;} whose name is ASCII case-insensitive, and a later
 * directive of the same name is ignored (2.2.1); source expressions follow the grammar of 2.3.1.
 * What a policy cannot express, it cannot be made to say: a {@code *}, a scheme source such as
 * {@code https:} or {@code 'strict-dynamic'} trusts vendors as much as any host, and no removal
 * or extra policy can subtract them (an extra policy must also pass, so it can only restrict:
 * listing what the site needs is the application's work). The gate then leaves those sources, says
 * so in one DEBUG line, and relies on the page rewriting and, with {@code csp=report}, the
 * report-only policy.
 */
final class Csp {

  static final String HEADER = "Content-Security-Policy";
  static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";
  /** Name of the endpoint in {@code Reporting-Endpoints} and the policy's {@code report-to}. */
  static final String REPORT_GROUP = "cookie-gate";
  /**
   * Longest header value the gate reads; a longer one passes unchanged. Containers refuse response
   * headers of 8 KiB in all, so a policy this long is already a problem of its own.
   */
  static final int MAX_HEADER_LENGTH = 8192;
  /** Most policy headers the gate reads per response; the rest pass unchanged. */
  static final int MAX_HEADERS = 16;
  /** Longest report-only policy the gate adds; a catalog so large that it is longer adds none. */
  static final int MAX_REPORT_ONLY_LENGTH = 6144;
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

  private Csp() {}

  /**
   * One header value after filtering: the value to send, whether it changed, whether it depends
   * on the request's activation or consent (it names a vendor host), and whether a chat host came
   * out.
   */
  record Filtered(String value, boolean changed, boolean stateDependent, boolean chatRemoved) {
    static Filtered unchanged(String value) {
      return new Filtered(value, false, false, false);
    }
  }

  // ------------------------------------------------------------ filtering

  /**
   * Removes from every fetch directive of a header value the host sources of catalogued vendors
   * whose category {@code allowed} refuses. A value that is too long or holds control or non-ASCII
   * characters passes unchanged: the policy is the application's, not the client's, and a browser
   * reads it with its own rules; the rewriter still holds the vendors back. Never throws.
   */
  static Filtered filter(String header, HostCatalog catalog, Predicate<Category> allowed) {
    if (header == null) {
      return Filtered.unchanged(null);
    }
    if (header.length() > MAX_HEADER_LENGTH) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: a Content-Security-Policy of " + header.length()
          + " chars is longer than " + MAX_HEADER_LENGTH + " and passes unchanged");
      return Filtered.unchanged(header);
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7F) {
        LOG.log(Level.DEBUG, "cookie-gate: a Content-Security-Policy holds control or non-ASCII characters"
            + " and passes unchanged");
        return Filtered.unchanged(header);
      }
    }
    try {
      return filterChecked(header, catalog, allowed);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: filtering a Content-Security-Policy failed; it passes unchanged: " + e);
      return Filtered.unchanged(header);
    }
  }

  private static Filtered filterChecked(String header, HostCatalog catalog, Predicate<Category> allowed) {
    StringBuilder out = null;
    boolean stateDependent = false;
    boolean chatRemoved = false;
    List<HostRule> rules = null;
    int segmentStart = 0;
    // Directive values hold neither ',' nor ';' (CSP3 2.2.1 grammar): splitting on both is exact.
    for (int i = 0; i <= header.length(); i++) {
      if (i < header.length() && header.charAt(i) != ';' && header.charAt(i) != ',') {
        continue;
      }
      String segment = header.substring(segmentStart, i);
      String name = directiveName(segment);
      String replacement = null;
      if (name != null && FETCH_DIRECTIVES.contains(name)) {
        List<String> tokens = tokens(segment);
        List<String> kept = new ArrayList<>(tokens.size());
        boolean removed = false;
        for (int t = 1; t < tokens.size(); t++) {
          String token = tokens.get(t);
          Source s = Source.parse(token);
          Verdict v = Verdict.KEEP;
          if (s != null && s.wildcardAll()) {
            cannotSubtract(name, token);
          } else if (s != null) {
            if (s.wildcard && rules == null) {
              rules = catalog.rules();
            }
            v = s.wildcard ? judgeWildcard(s.host, rules, allowed, name, token) : judgeHost(s.host, catalog, allowed);
          } else if (isNetworkSchemeSource(token) || token.equalsIgnoreCase("'strict-dynamic'")) {
            cannotSubtract(name, token);
          }
          if (v != Verdict.KEEP) {
            stateDependent = true;
          }
          if (v == Verdict.REMOVE || v == Verdict.REMOVE_CHAT) {
            removed = true;
            chatRemoved |= v == Verdict.REMOVE_CHAT;
          } else {
            kept.add(token);
          }
        }
        if (removed) {
          // An empty source list is 'none' (CSP3 6.7.2.5); written out so that nobody misreads it.
          String lead = segment.substring(0, segment.length() - segment.stripLeading().length());
          replacement = lead + tokens.get(0) + " " + (kept.isEmpty() ? "'none'" : String.join(" ", kept));
        }
      }
      if (replacement != null && out == null) {
        out = new StringBuilder(header.length()).append(header, 0, segmentStart);
      }
      if (out != null) {
        out.append(replacement != null ? replacement : segment);
        if (i < header.length()) {
          out.append(header.charAt(i));
        }
      }
      segmentStart = i + 1;
    }
    return out == null ? new Filtered(header, false, stateDependent, false)
        : new Filtered(out.toString(), true, stateDependent, chatRemoved);
  }

  private enum Verdict { KEEP, KEEP_BY_STATE, REMOVE, REMOVE_CHAT }

  private static Verdict judgeHost(String host, HostCatalog catalog, Predicate<Category> allowed) {
    HostRule rule = catalog.match(host).orElse(null);
    if (rule == null) {
      return Verdict.KEEP;
    }
    if (allowed.test(rule.category())) {
      return Verdict.KEEP_BY_STATE;
    }
    return rule.category() == Category.CHAT ? Verdict.REMOVE_CHAT : Verdict.REMOVE;
  }

  /**
   * {@code *.suffix} comes out only when every host it names belongs to a vendor that is not
   * allowed: a glob {@code *literal} of the catalog covers it, and no allowed rule names a host
   * under it. A wildcard that also names other hosts (the site's own CDN beside a vendor) stays:
   * taking it out would break the site, keeping it is what the application wrote.
   */
  private static Verdict judgeWildcard(String suffix, List<HostRule> rules, Predicate<Category> allowed,
      String directive, String token) {
    String dotted = "." + suffix;
    HostRule cover = null;
    boolean vendorUnder = false;
    boolean allowedUnder = false;
    for (HostRule r : rules) {
      String p = r.pattern();
      boolean covers = p.length() > 1 && p.charAt(0) == '*' && p.indexOf('*', 1) < 0 && dotted.endsWith(p.substring(1));
      boolean under = p.replace("*", "").endsWith(dotted);
      if (covers && cover == null) {
        cover = r;
      }
      if (covers || under) {
        vendorUnder = true;
        allowedUnder |= under && allowed.test(r.category());
      }
    }
    if (cover == null) {
      if (vendorUnder) {
        cannotSubtract(directive, token);
      }
      return Verdict.KEEP;
    }
    if (allowed.test(cover.category()) || allowedUnder) {
      return Verdict.KEEP_BY_STATE;
    }
    return cover.category() == Category.CHAT ? Verdict.REMOVE_CHAT : Verdict.REMOVE;
  }

  private static void cannotSubtract(String directive, String token) {
    LOG.log(Level.DEBUG, () -> "cookie-gate: " + directive + " trusts '" + shorten(token)
        + "', which a policy cannot take vendor hosts out of; the page rewriting still holds them back");
  }

  private static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

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
  private static boolean isNetworkSchemeSource(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.equals("http:") || t.equals("https:") || t.equals("ws:") || t.equals("wss:");
  }

  /** RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  private static boolean isScheme(String s, int from, int to) {
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

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
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
  static String nonceOf(HttpServletResponse response) {
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
   * Returns the activation script tag's attributes that come from the response's policy: {@code
   * nonce="..."} when the policy has a usable nonce, and {@code data-reload-on-activate} when the
   * gate holds chat vendors back in it (gate.js then reloads the page after activation instead of
   * restoring in place). "" when neither.
   */
  static String gateScriptAttributes(HttpServletResponse response) {
    String n = nonceOf(response);
    String nonce = n == null ? "" : " nonce=\"" + n + "\"";
    return response instanceof GatedResponse g && g.policyHoldsChatBack() ? nonce + " data-reload-on-activate" : nonce;
  }

  /**
   * Returns the nonce a {@code <link rel=stylesheet>} needs under the response's policy: as {@link
   * #nonceOf(HttpServletResponse)}, from {@code style-src-elem}, else {@code style-src}, else
   * {@code default-src}; null when none.
   */
  static String styleNonceOf(HttpServletResponse response) {
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

  // ------------------------------------------------------------ report-only policy

  /**
   * Returns the report-only policy for a request, or null when every category is allowed (nothing
   * can slip through) or the policy would be too long. A policy can only list what may load, so
   * it lists the site itself, inline code, {@code data:} and {@code blob:}, and the hosts of
   * allowed vendors under {@code default-src} (which governs scripts, frames, connections and
   * images), and leaves styles, fonts and media free; any other load is reported, and the
   * endpoint keeps only those from catalogued vendors. Catalog globs a host source cannot say
   * (anything but {@code *.suffix}) are left out: their loads are reported even when allowed.
   * {@code report-to} only with {@code reportTo} (secure pages): the Reporting API sends only to
   * secure endpoints, and a browser that reads {@code report-to} ignores {@code report-uri}.
   */
  static String reportOnlyPolicy(HostCatalog catalog, Predicate<Category> allowed, String reportUri, boolean reportTo) {
    boolean everyCategory = true;
    for (Category c : Category.values()) {
      everyCategory &= c == Category.NECESSARY || allowed.test(c);
    }
    if (everyCategory) {
      return null;
    }
    Set<String> hosts = new LinkedHashSet<>();
    for (HostRule r : catalog.rules()) {
      if (allowed.test(r.category())) {
        String p = r.pattern();
        Source s = Source.parse(p);
        if (s != null && !s.wildcardAll() && p.indexOf('*', s.wildcard ? 1 : 0) < 0) {
          hosts.add(p);
        }
      }
    }
    StringBuilder sb = new StringBuilder(256 + hosts.size() * 24);
    sb.append("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:");
    for (String h : hosts) {
      sb.append(' ').append(h);
    }
    sb.append("; style-src * data: blob: 'unsafe-inline'; font-src * data:; media-src * data: blob:; manifest-src *");
    sb.append("; report-uri ").append(reportUri);
    if (reportTo) {
      sb.append("; report-to ").append(REPORT_GROUP);
    }
    if (sb.length() > MAX_REPORT_ONLY_LENGTH) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: the report-only policy would be " + sb.length()
          + " chars long (more than " + MAX_REPORT_ONLY_LENGTH + "); none is added");
      return null;
    }
    return sb.toString();
  }

  /**
   * Whether a report URI (the context path and {@code report-path}) can go into a policy and a
   * {@code Reporting-Endpoints} string as is: visible ASCII without {@code ; , " \\}.
   */
  static boolean isPolicyUri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == ';' || c == ',' || c == '"' || c == '\\') {
        return false;
      }
    }
    return !uri.isEmpty();
  }
}
