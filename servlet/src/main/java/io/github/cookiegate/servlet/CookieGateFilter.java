package io.github.cookiegate.servlet;

import io.github.cookiegate.AuditLog;
import io.github.cookiegate.CookieGate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Gates every cookie a response tries to set, by the user's chat activation and consent (design
 * section 1), and answers the activation endpoint and serves the cookie declaration.
 *
 * <p>Map it to {@code /*} for {@code REQUEST} dispatches, async supported, ahead of anything that
 * sets cookies. Configure it with init params (or {@code cookie-gate.}-prefixed context params,
 * which init params override), or pass a {@link CookieGate} built in code:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>cookie-gate</filter-name>
 *   <filter-class>io.github.cookiegate.servlet.CookieGateFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param><param-name>cookies.chat</param-name><param-value>cw_*</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>cookie-gate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 *
 * // or in code (embedded Jetty, Tomcat, Spring's FilterRegistrationBean):
 * new CookieGateFilter(CookieGate.builder().secret(key).build());
 * }</pre>
 *
 * <p>An unknown param or a bad value makes {@link #init} throw, naming the param, the value and what
 * is accepted, so the application does not start ungated.
 */
public class CookieGateFilter implements Filter {

  /** Prefix of the context params the filter reads. */
  public static final String CONTEXT_PARAM_PREFIX = "cookie-gate.";

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  private final CookieGate configured;
  private volatile CookieGate gate;
  private volatile GateScript script;
  private volatile DeclarationEndpoint declaration;
  private volatile StaticBody launcherStyle;
  private volatile String launcherStylePath;
  private volatile PageCache pages = PageCache.OFF;

  /** Creates a filter configured by its init params and the {@code cookie-gate.*} context params. */
  public CookieGateFilter() {
    this.configured = null;
  }

  /** Creates a filter that uses this gate; init params are then an error. */
  public CookieGateFilter(CookieGate gate) {
    this.configured = Objects.requireNonNull(gate, "gate");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    ServletContext context = config.getServletContext();
    CookieGate g;
    try {
      g = configured != null ? fromCode(config) : CookieGate.fromSettings(settings(config));
      g = g.withNecessaryCookie(sessionCookieName(context));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ServletException(e.getMessage(), e);
    }
    this.script = GateScript.of(g); // before the gate: a request that sees the gate sees its script
    this.declaration = DeclarationEndpoint.of(g);
    this.launcherStyle = Launcher.stylesheet(g);
    this.launcherStylePath = Launcher.stylesheetPath(g);
    this.pages = PageCache.of(g.html() ? g.htmlCache() : 0);
    this.gate = g;
    extendToErrorDispatches(config);
    LOG.log(Level.INFO, () -> "cookie-gate: filter '" + config.getFilterName() + "' started: " + gate);
  }

  private CookieGate fromCode(FilterConfig config) {
    for (String name : Collections.list(config.getInitParameterNames())) {
      throw new IllegalArgumentException("cookie-gate: the filter was given a CookieGate in code and also init param '"
          + name + "'; configure it one way");
    }
    return configured;
  }

  private static Map<String, String> settings(FilterConfig config) {
    Map<String, String> settings = new LinkedHashMap<>();
    ServletContext context = config.getServletContext();
    for (String name : Collections.list(context.getInitParameterNames())) {
      if (name.startsWith(CONTEXT_PARAM_PREFIX)) {
        settings.put(name.substring(CONTEXT_PARAM_PREFIX.length()), context.getInitParameter(name));
      }
    }
    for (String name : Collections.list(config.getInitParameterNames())) {
      settings.put(name, config.getInitParameter(name));
    }
    return settings;
  }

  private static String sessionCookieName(ServletContext context) {
    try {
      String name = context.getSessionCookieConfig().getName();
      return name == null || name.isBlank() ? "JSESSIONID" : name;
    } catch (RuntimeException e) {
      return "JSESSIONID";
    }
  }

  /**
   * Error pages are dispatched with the container's own request and response, past any wrapper;
   * a mapping for ERROR dispatches lets the filter gate them too. Containers allow adding it while
   * the application starts; where one refuses, the INFO line says to map ERROR in web.xml.
   */
  private static void extendToErrorDispatches(FilterConfig config) {
    try {
      FilterRegistration registration = config.getServletContext().getFilterRegistration(config.getFilterName());
      if (registration != null) {
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.ERROR), true, "/*");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, () -> "cookie-gate: could not map filter '" + config.getFilterName()
          + "' to ERROR dispatches (" + e.getClass().getSimpleName() + "); add <dispatcher>ERROR</dispatcher>"
          + " to its mapping so cookies set by error pages are gated");
    }
  }

  /** The pages this filter keeps ({@code html-cache}); {@link PageCache#OFF} before {@link #init}. */
  PageCache pages() {
    return pages;
  }

  /** Returns the gate in use; null before {@link #init}. */
  public CookieGate gate() {
    return gate;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    CookieGate g = gate;
    if (g == null || !(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    Object existing = request.getAttribute(RequestState.ATTRIBUTE);
    if (existing instanceof RequestState state) {
      // Seen before: a forward or include through our wrappers needs nothing; an error dispatch
      // with the container's own objects gets wrapped again around the same state.
      if (GatedResponse.isGated(res)) {
        chain.doFilter(req, res);
      } else {
        GatedResponse gated = new GatedResponse(response, state);
        chain.doFilter(new GatedRequest(request, state, gated), gated);
        if (!request.isAsyncStarted()) {
          gated.beforeCommit();
          gated.finishPage();
        }
      }
      return;
    }
    RequestState state = RequestState.read(g, request);
    state.pages = pages;
    request.setAttribute(RequestState.ATTRIBUTE, state);
    GatedResponse gated = new GatedResponse(response, state);
    String uri = request.getRequestURI(); // once for the endpoints' paths
    if (isPath(uri, request, g.gateScriptPath())) {
      script.serve(request, response);
      return;
    }
    if (g.html() && isPath(uri, request, launcherStylePath)) {
      launcherStyle.serve(request, response, null);
      return;
    }
    if (isPath(uri, request, g.declarationPath())) {
      declaration.handle(request, response);
      return;
    }
    if (g.csp() == CookieGate.Csp.REPORT && isPath(uri, request, g.reportPath())) {
      CspReports.handle(request, response, g);
      return;
    }
    if (isPath(uri, request, g.activationPath())) {
      ActivationEndpoint.handle(request, gated, state);
      gated.beforeCommit();
      return;
    }
    if (isPath(uri, request, g.consentPath())) {
      ConsentEndpoints.consent(request, gated, state);
      gated.beforeCommit();
      return;
    }
    if (isPath(uri, request, g.forgetPath())) {
      ConsentEndpoints.forget(request, gated, state);
      gated.beforeCommit();
      return;
    }
    GatedRequest gatedRequest = new GatedRequest(request, state, gated);
    chain.doFilter(gatedRequest, gated);
    if (!gatedRequest.isAsyncStarted()) {
      gated.beforeCommit();
      gated.finishPage();
    }
  }

  /** Whether the request's path within the context ({@code uri}: its request URI) is exactly {@code path}, without copying it. */
  private static boolean isPath(String uri, HttpServletRequest request, String path) {
    if (uri == null || !uri.endsWith(path)) {
      return false;
    }
    String contextPath = request.getContextPath();
    int prefix = contextPath == null ? 0 : contextPath.length();
    return uri.length() == prefix + path.length() && (prefix == 0 || uri.startsWith(contextPath));
  }

  @Override
  public void destroy() {
    CookieGate g = gate;
    if (g != null && configured == null) {
      // The filter opened the audit-log file from its params: it closes it. A gate built in code
      // belongs to the application, which closes its own AuditLog.
      g.auditLog().ifPresent(AuditLog::close);
    }
    gate = null;
    script = null;
    declaration = null;
    launcherStyle = null;
  }

  /** The activation endpoint: POST only, same-origin only. */
  static final class ActivationEndpoint {
    private ActivationEndpoint() {}

    static void handle(HttpServletRequest request, GatedResponse response, RequestState state) throws IOException {
      response.setHeader("Cache-Control", "no-store");
      if (!"POST".equals(request.getMethod())) {
        response.setHeader("Allow", "POST");
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        return;
      }
      if (!sameOrigin(request)) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
      state.activate();
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * Accepted: no {@code Sec-Fetch-Site}, or {@code same-origin} or {@code none}; and no {@code
     * Origin}, or one equal to the request's own scheme://host:port.
     */
    static boolean sameOrigin(HttpServletRequest request) {
      return sameOrigin(request, false);
    }

    /**
     * As {@link #sameOrigin(HttpServletRequest)}, and with {@code provenRequired} a request that
     * carries neither {@code Origin} nor {@code Sec-Fetch-Site} is refused too: the consent and
     * erasure endpoints change what every category may do, and a cross-site form POST from a
     * browser that sends neither header (old Safari and Firefox, some embedded webviews) must not
     * reach them (OWASP CSRF cheat sheet, "verifying origin with standard headers").
     */
    static boolean sameOrigin(HttpServletRequest request, boolean provenRequired) {
      String site = request.getHeader("Sec-Fetch-Site");
      if (provenRequired && site == null && request.getHeader("Origin") == null) {
        return false;
      }
      if (site != null) {
        String s = site.strip().toLowerCase(Locale.ROOT);
        if (!s.equals("same-origin") && !s.equals("none")) {
          return false;
        }
      }
      String origin = request.getHeader("Origin");
      return origin == null || origin.strip().equalsIgnoreCase(ownOrigin(request));
    }

    static String ownOrigin(HttpServletRequest request) {
      String scheme = request.getScheme().toLowerCase(Locale.ROOT);
      int port = request.getServerPort();
      String host = request.getServerName();
      if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
        host = "[" + host + "]"; // IPv6 literal
      }
      boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
  }
}
