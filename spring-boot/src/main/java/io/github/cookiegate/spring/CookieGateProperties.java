package io.github.cookiegate.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cookie-gate.*} properties: one per init param of {@code CookieGateFilter}, with the same
 * name, plus {@code enabled} and {@code filter-order}. Values are kept as the strings they were
 * written as and given to {@code CookieGate.Builder.settings}, so every value means exactly what it
 * means in {@code web.xml}. List-valued ones take a comma-separated string or a YAML/indexed list.
 */
@ConfigurationProperties(prefix = CookieGateProperties.PREFIX, ignoreUnknownFields = false)
public class CookieGateProperties {

  /** The prefix of every property. */
  public static final String PREFIX = "cookie-gate";

  /** Whether the starter registers the cookie-gate filter (Spring Boot starter only). */
  private boolean enabled = true;

  /**
   * Order of the cookie-gate filter registration (Spring Boot starter only): after Spring's
   * ForwardedHeaderFilter (highest precedence), before Spring Session (MIN_VALUE + 50) and Spring
   * Security (-100), so the session cookie is gated too.
   */
  private int filterOrder = CookieGateAutoConfiguration.DEFAULT_FILTER_ORDER;

  /**
   * Base64 (standard or URL-safe) of at least 32 bytes that signs the activation marker. Set the
   * same value on every node; never logged. Generate one with `openssl rand -base64 32`.
   */
  private String secret;

  /** 'enforce', or 'report-only': decide and report, block and sweep nothing. */
  private String mode;

  /** Path (relative to the context path) that a POST marks the chat as activated. */
  private String activationPath;

  /**
   * Cookie names or globs per category (necessary, chat, functional, analytics, marketing) added to
   * the catalog; the application's rules win over built-in ones.
   */
  private Map<String, List<String>> cookies = new LinkedHashMap<>();

  /**
   * 'block' (allowed only when every category is consented), 'allow', or a category name to treat
   * unknown cookies as.
   */
  private String unknownCookies;

  /** Name of the library's own consent cookie (__Host- prefixed on secure requests). */
  private String consentCookie;

  /**
   * Cap on an allowed chat cookie's lifetime, and the activation marker's: an ISO-8601 duration or
   * seconds; 'session' for session cookies; 'none' leaves lifetimes alone.
   */
  private String chatMaxAge;

  /**
   * Cap on an allowed cookie's lifetime per category (functional, analytics, marketing): an ISO-8601
   * duration or seconds; 'none' leaves lifetimes alone. Defaults: analytics and marketing P395D
   * (13 months, CNIL), functional none.
   */
  private Map<String, String> maxAge = new LinkedHashMap<>();

  /** 'true' or 'false': expire cookies the browser sends whose category is not allowed. */
  private String sweep;

  /** 'on' or 'off': rewrite text/html responses so vendor scripts, iframes and pixels wait for activation or consent. */
  private String html;

  /** 'off', or bytes with an optional KB or MB suffix: how much of the pages it rewrote the filter keeps to serve them again. */
  private String htmlCache;

  /**
   * Hosts or globs per category (chat, functional, analytics, marketing) added to the built-in vendor
   * host catalog; the application's rules win.
   */
  private Map<String, List<String>> hosts = new LinkedHashMap<>();

  /** Where the filter serves its activation script (GET/HEAD). */
  private String gateScriptPath;

  /** 'off', 'on' (strip hosts of vendors not allowed from the CSP) or 'report' (also a report-only policy). */
  private String csp;

  /** Where the filter receives CSP reports; served only with csp=report. */
  private String reportPath;

  /**
   * Where consent is read, in order: cookie-gate, tarteaucitron, axeptio, didomi, onetrust, cookiebot,
   * klaro, orestbida, cookieyes, complianz, tcf, auto, or the id of a resolver found with ServiceLoader.
   */
  private List<String> consentSources;

  /**
   * Per consent platform and category, the platform keys that grant the category, comma-separated,
   * or 'none' (consent-map.onetrust.analytics=C0002,C0007).
   */
  private Map<String, Map<String, String>> consentMap = new LinkedHashMap<>();

  /** 'off', or the categories that Sec-GPC: 1 withdraws whatever a stored choice grants. */
  private List<String> gpc;

  /** A stored choice older than this reads as no consent: an ISO-8601 duration or seconds, at most P395D. */
  private String consentMaxAge;

  /** Your cookie policy's revision (0 to 999999999): a choice given under an older one reads as no consent. */
  private String consentRevision;

  /** Where the filter serves the cookie declaration (GET/HEAD; HTML, or JSON). */
  private String declarationPath;

  /** A file (its directory must exist) to which consent proof is appended as JSON lines. */
  private String auditLog;

  /** The consent endpoint: POST the granted categories, GET the request's consent as JSON. */
  private String consentPath;

  /** The erasure endpoint: POST expires every non-necessary cookie the browser sends. */
  private String forgetPath;

  /** 'none', or 'cookies', 'storage', 'cache': what the erasure response asks the browser to clear. */
  private List<String> clearSiteData;

  /**
   * The chat launcher: 'auto' or 'off' as {@code cookie-gate.launcher}, and its {@code position},
   * {@code color} and {@code label} as {@code cookie-gate.launcher.*}.
   */
  private Launcher launcher = new Launcher();

  /**
   * Returns the properties as the settings map of {@code CookieGate.Builder.settings}: only those
   * set, lists joined with commas, in a stable order.
   */
  public Map<String, String> toSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, "secret", secret);
    put(s, "mode", mode);
    put(s, "activation-path", activationPath);
    cookies.forEach((category, names) -> put(s, "cookies." + category, join(names)));
    put(s, "unknown-cookies", unknownCookies);
    put(s, "consent-cookie", consentCookie);
    put(s, "chat-max-age", chatMaxAge);
    maxAge.forEach((category, value) -> put(s, "max-age." + category, value));
    put(s, "sweep", sweep);
    put(s, "html", html);
    put(s, "html-cache", htmlCache);
    hosts.forEach((category, names) -> put(s, "hosts." + category, join(names)));
    put(s, "gate-script-path", gateScriptPath);
    put(s, "csp", csp);
    put(s, "report-path", reportPath);
    put(s, "consent-sources", join(consentSources));
    consentMap.forEach((platform, byCategory) -> byCategory.forEach(
        (category, keys) -> put(s, "consent-map." + platform + "." + category, keys)));
    put(s, "gpc", join(gpc));
    put(s, "consent-max-age", consentMaxAge);
    put(s, "consent-revision", consentRevision);
    put(s, "declaration-path", declarationPath);
    put(s, "audit-log", auditLog);
    put(s, "consent-path", consentPath);
    put(s, "forget-path", forgetPath);
    put(s, "clear-site-data", join(clearSiteData));
    if (launcher != null) {
      put(s, "launcher", launcher.mode);
      put(s, "launcher.position", launcher.position);
      put(s, "launcher.color", launcher.color);
      put(s, "launcher.label", launcher.label);
    }
    return s;
  }

  private static void put(Map<String, String> s, String key, String value) {
    if (value != null) {
      s.put(key, value);
    }
  }

  private static String join(List<String> values) {
    return values == null ? null : String.join(",", values);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getFilterOrder() {
    return filterOrder;
  }

  public void setFilterOrder(int filterOrder) {
    this.filterOrder = filterOrder;
  }

  public String getSecret() {
    return secret;
  }

  public void setSecret(String secret) {
    this.secret = secret;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getActivationPath() {
    return activationPath;
  }

  public void setActivationPath(String activationPath) {
    this.activationPath = activationPath;
  }

  public Map<String, List<String>> getCookies() {
    return cookies;
  }

  public void setCookies(Map<String, List<String>> cookies) {
    this.cookies = cookies;
  }

  public String getUnknownCookies() {
    return unknownCookies;
  }

  public void setUnknownCookies(String unknownCookies) {
    this.unknownCookies = unknownCookies;
  }

  public String getConsentCookie() {
    return consentCookie;
  }

  public void setConsentCookie(String consentCookie) {
    this.consentCookie = consentCookie;
  }

  public String getChatMaxAge() {
    return chatMaxAge;
  }

  public void setChatMaxAge(String chatMaxAge) {
    this.chatMaxAge = chatMaxAge;
  }

  public String getSweep() {
    return sweep;
  }

  public void setSweep(String sweep) {
    this.sweep = sweep;
  }

  public String getHtml() {
    return html;
  }

  public void setHtml(String html) {
    this.html = html;
  }

  public String getHtmlCache() {
    return htmlCache;
  }

  public void setHtmlCache(String htmlCache) {
    this.htmlCache = htmlCache;
  }

  public Map<String, String> getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(Map<String, String> maxAge) {
    this.maxAge = maxAge;
  }

  public Map<String, List<String>> getHosts() {
    return hosts;
  }

  public void setHosts(Map<String, List<String>> hosts) {
    this.hosts = hosts;
  }

  public String getGateScriptPath() {
    return gateScriptPath;
  }

  public void setGateScriptPath(String gateScriptPath) {
    this.gateScriptPath = gateScriptPath;
  }

  public String getCsp() {
    return csp;
  }

  public void setCsp(String csp) {
    this.csp = csp;
  }

  public String getReportPath() {
    return reportPath;
  }

  public void setReportPath(String reportPath) {
    this.reportPath = reportPath;
  }

  public List<String> getConsentSources() {
    return consentSources;
  }

  public void setConsentSources(List<String> consentSources) {
    this.consentSources = consentSources;
  }

  public Map<String, Map<String, String>> getConsentMap() {
    return consentMap;
  }

  public void setConsentMap(Map<String, Map<String, String>> consentMap) {
    this.consentMap = consentMap;
  }

  public List<String> getGpc() {
    return gpc;
  }

  public void setGpc(List<String> gpc) {
    this.gpc = gpc;
  }

  public String getConsentMaxAge() {
    return consentMaxAge;
  }

  public void setConsentMaxAge(String consentMaxAge) {
    this.consentMaxAge = consentMaxAge;
  }

  public String getConsentRevision() {
    return consentRevision;
  }

  public void setConsentRevision(String consentRevision) {
    this.consentRevision = consentRevision;
  }

  public String getDeclarationPath() {
    return declarationPath;
  }

  public void setDeclarationPath(String declarationPath) {
    this.declarationPath = declarationPath;
  }

  public String getAuditLog() {
    return auditLog;
  }

  public void setAuditLog(String auditLog) {
    this.auditLog = auditLog;
  }

  public String getConsentPath() {
    return consentPath;
  }

  public void setConsentPath(String consentPath) {
    this.consentPath = consentPath;
  }

  public String getForgetPath() {
    return forgetPath;
  }

  public void setForgetPath(String forgetPath) {
    this.forgetPath = forgetPath;
  }

  public List<String> getClearSiteData() {
    return clearSiteData;
  }

  public void setClearSiteData(List<String> clearSiteData) {
    this.clearSiteData = clearSiteData;
  }

  public Launcher getLauncher() {
    return launcher;
  }

  public void setLauncher(Launcher launcher) {
    this.launcher = launcher;
  }

  /**
   * {@code cookie-gate.launcher.*}. The param {@code launcher} itself is {@code cookie-gate.launcher=off}
   * (bound through {@link #valueOf}); next to other launcher properties write it
   * {@code cookie-gate.launcher.mode}, since a property cannot be both a value and a group.
   */
  public static class Launcher {

    /** 'auto' (insert the launcher where a chat vendor was held and the page has no button of its own) or 'off'. */
    private String mode;

    /** 'bottom-right' or 'bottom-left'. */
    private String position;

    /** The launcher's colour, '#rgb' or '#rrggbb'. */
    private String color;

    /** The launcher's label for every language; unset: the page language's text. */
    private String label;

    /** Binds {@code cookie-gate.launcher=auto|off}. */
    public static Launcher valueOf(String mode) {
      Launcher l = new Launcher();
      l.mode = mode;
      return l;
    }

    public String getMode() {
      return mode;
    }

    public void setMode(String mode) {
      this.mode = mode;
    }

    public String getPosition() {
      return position;
    }

    public void setPosition(String position) {
      this.position = position;
    }

    public String getColor() {
      return color;
    }

    public void setColor(String color) {
      this.color = color;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }
  }
}
