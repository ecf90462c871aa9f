package io.github.cookiegate.servlet.internal.headers;

import io.github.cookiegate.Category;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.servlet.CookieGateFilter;
import io.github.cookiegate.HostRule;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Content-Security-Policy headers as the gate changes them: the host sources of vendors whose
 * category is not allowed come out of the application's policy ({@link #filter}), and the
 * report-only policy is built from the host catalog ({@link #reportOnlyPolicy}).
 *
 * <p>What a policy cannot express, it cannot be made to say: a {@code *}, a scheme source such as
 * {@code https:} or {@code 'strict-dynamic'} trusts vendors as much as any host, and no removal
 * or extra policy can subtract them (an extra policy must also pass, so it can only restrict:
 * listing what the site needs is the application's work). The gate then leaves those sources, says
 * so in one DEBUG line, and relies on the page rewriting and, with {@code csp=report}, the
 * report-only policy.
 */
public final class CspFilter {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  /** Longest report-only policy the gate adds; a catalog so large that it is longer adds none. */
  static final int MAX_REPORT_ONLY_LENGTH = 6144;

  private CspFilter() {}

  /**
   * One header value after filtering: the value to send, whether it changed, whether it depends
   * on the request's activation or consent (it names a vendor host), and whether a chat host came
   * out.
   */
  public record Filtered(String value, boolean changed, boolean stateDependent, boolean chatRemoved) {
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
  public static Filtered filter(String header, HostCatalog catalog, Predicate<Category> allowed) {
    if (header == null) {
      return Filtered.unchanged(null);
    }
    if (header.length() > CspPolicy.MAX_HEADER_LENGTH) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: a Content-Security-Policy of " + header.length()
          + " chars is longer than " + CspPolicy.MAX_HEADER_LENGTH + " and passes unchanged");
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
      String name = CspPolicy.directiveName(segment);
      String replacement = null;
      if (name != null && CspPolicy.FETCH_DIRECTIVES.contains(name)) {
        List<String> tokens = CspPolicy.tokens(segment);
        List<String> kept = new ArrayList<>(tokens.size());
        boolean removed = false;
        for (int t = 1; t < tokens.size(); t++) {
          String token = tokens.get(t);
          CspPolicy.Source s = CspPolicy.Source.parse(token);
          Verdict v = Verdict.KEEP;
          if (s != null && s.wildcardAll()) {
            cannotSubtract(name, token);
          } else if (s != null) {
            if (s.wildcard() && rules == null) {
              rules = catalog.rules();
            }
            v = s.wildcard() ? judgeWildcard(s.host(), rules, allowed, name, token) : judgeHost(s.host(), catalog, allowed);
          } else if (CspPolicy.isNetworkSchemeSource(token) || token.equalsIgnoreCase("'strict-dynamic'")) {
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
  public static String reportOnlyPolicy(HostCatalog catalog, Predicate<Category> allowed, String reportUri, boolean reportTo) {
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
        CspPolicy.Source s = CspPolicy.Source.parse(p);
        if (s != null && !s.wildcardAll() && p.indexOf('*', s.wildcard() ? 1 : 0) < 0) {
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
      sb.append("; report-to ").append(CspPolicy.REPORT_GROUP);
    }
    if (sb.length() > MAX_REPORT_ONLY_LENGTH) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: the report-only policy would be " + sb.length()
          + " chars long (more than " + MAX_REPORT_ONLY_LENGTH + "); none is added");
      return null;
    }
    return sb.toString();
  }
}
