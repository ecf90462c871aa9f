package io.github.cookiegate.servlet.internal.headers;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One response's headers besides {@code Set-Cookie} that depend on the request's activation or
 * consent: the application's Content-Security-Policy with disallowed vendor hosts taken out, the
 * report-only policy, and the {@code Vary}/{@code Cache-Control} values that keep such a response
 * out of shared caches. Works on the container's response, below the gate's wrapper.
 */
public final class ResponseHeaders {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  private final HttpServletResponse container;
  private final CookieGate gate;
  private final Predicate<Category> allowed;
  private final boolean reportOnly;
  private final String contextPath;
  private final boolean secure;
  /** Whether what this response says depends on the request's activation or consent (cache safety). */
  private volatile boolean stateDependent;
  private boolean reportOnlyPolicyAdded;
  /** Whether the gate took a chat vendor's host out of this response's policy. */
  private volatile boolean chatRemovedFromPolicy;

  /**
   * Headers of {@code container}, the response below the gate's wrapper; {@code allowed} reads the
   * request's activation and consent each time (they change when the chat is activated).
   */
  public ResponseHeaders(HttpServletResponse container, CookieGate gate, Predicate<Category> allowed,
      String contextPath, boolean secure) {
    this.container = container;
    this.gate = gate;
    this.allowed = allowed;
    this.reportOnly = gate.mode() == CookieGate.Mode.REPORT_ONLY;
    this.contextPath = contextPath;
    this.secure = secure;
  }

  /** Whether a header name is one this class may have to rewrite to keep the response private. */
  public static boolean isCacheHeader(String name) {
    return name != null && (name.equalsIgnoreCase("Cache-Control") || name.equalsIgnoreCase("Vary"));
  }

  /** Whether what this response says depends on the request's activation or consent. */
  public boolean stateDependent() {
    return stateDependent;
  }

  /** Forgets what a reset took out of the response (the chat removal stays known to gate.js). */
  public void reset() {
    stateDependent = false;
    reportOnlyPolicyAdded = false;
  }

  /** What this response says now depends on the request's activation or consent. */
  public void markStateDependent() {
    if (!stateDependent) {
      stateDependent = true;
      keepOutOfSharedCaches();
    }
  }

  /**
   * With {@code csp=on|report}: takes out of the application's policies the hosts of vendors not
   * allowed for this request, and with {@code csp=report} adds the report-only policy to pages.
   * Runs just before commit, when the application has set its headers; filtering again what was
   * already filtered changes nothing. In {@code report-only} mode the application's policy stays
   * as written and one DEBUG line says what would have come out.
   */
  public void gatePolicies(boolean html) {
    if (gate.csp() == CookieGate.Csp.OFF || container.isCommitted()) {
      return;
    }
    List<String> values = new ArrayList<>(container.getHeaders(CspPolicy.HEADER));
    if (!values.isEmpty() && values.size() <= CspPolicy.MAX_HEADERS) {
      List<String> out = new ArrayList<>(values.size());
      boolean changed = false;
      for (String v : values) {
        CspFilter.Filtered f = CspFilter.filter(v, gate.hostCatalog(), allowed);
        changed |= f.changed();
        chatRemovedFromPolicy |= f.chatRemoved() && !reportOnly;
        if (f.stateDependent() && !reportOnly) {
          markStateDependent(); // report-only: the policy goes out as written, the same for everyone
        }
        out.add(f.value());
      }
      if (changed && reportOnly) {
        LOG.log(Level.DEBUG, "cookie-gate: report-only: would have taken vendor hosts out of the Content-Security-Policy");
      } else if (changed) {
        container.setHeader(CspPolicy.HEADER, out.get(0));
        for (int i = 1; i < out.size(); i++) {
          container.addHeader(CspPolicy.HEADER, out.get(i));
        }
      }
    } else if (values.size() > CspPolicy.MAX_HEADERS) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: " + values.size() + " Content-Security-Policy headers are more than "
          + CspPolicy.MAX_HEADERS + "; they pass unchanged");
    }
    if (gate.csp() == CookieGate.Csp.REPORT && !reportOnlyPolicyAdded && html) {
      reportOnlyPolicyAdded = true;
      String reportUri = contextPath + gate.reportPath();
      String policy = !CspPolicy.isPolicyUri(reportUri) ? null
          : CspFilter.reportOnlyPolicy(gate.hostCatalog(), allowed, reportUri, secure);
      if (policy != null) {
        container.addHeader(CspPolicy.REPORT_ONLY_HEADER, policy);
        if (secure) {
          container.addHeader("Reporting-Endpoints", CspPolicy.REPORT_GROUP + "=\"" + reportUri + "\"");
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
  public boolean policyHoldsChatBack() {
    if (chatRemovedFromPolicy) {
      return true;
    }
    if (gate.csp() == CookieGate.Csp.OFF || reportOnly) {
      return false;
    }
    try {
      for (String v : container.getHeaders(CspPolicy.HEADER)) {
        if (CspFilter.filter(v, gate.hostCatalog(), allowed).chatRemoved()) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not read the response's Content-Security-Policy: " + e);
    }
    return false;
  }

  /**
   * Keeps a state-dependent response out of shared caches: {@code Vary: Cookie} merged into the
   * application's {@code Vary} (left alone when it names Cookie or says {@code *}), and {@code
   * Cache-Control} made {@code private} unless the application's is already {@code private} or
   * {@code no-store}. A shared cache would otherwise hand one user's page, with the chat or the
   * trackers that user allowed, to the next user (CNIL: no tracker before consent).
   */
  public void keepOutOfSharedCaches() {
    if (!stateDependent || container.isCommitted()) {
      return;
    }
    // With gpc on, the same cookies give another answer under Sec-GPC: 1, so caches must key on it too.
    String vary = gate.gpc().isEmpty() ? CacheSafety.varyWithCookie(container.getHeaders("Vary"))
        : CacheSafety.varyWithCookieAndGpc(container.getHeaders("Vary"));
    if (vary != null) {
      container.setHeader("Vary", vary);
    }
    String cacheControl = CacheSafety.privateCacheControl(container.getHeaders("Cache-Control"));
    if (cacheControl != null) {
      container.setHeader("Cache-Control", cacheControl);
    }
  }
}
