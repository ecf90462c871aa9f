package io.github.cookiegate;

import io.github.cookiegate.internal.config.ConfigMessages;
import io.github.cookiegate.internal.consent.ConsentPlatforms;
import io.github.cookiegate.internal.text.Ascii;
import io.github.cookiegate.internal.text.Text;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The string settings (init params, context params, Spring properties) as calls on the builder:
 * one parser for every way of configuring the gate.
 */
final class Settings {

  static final String SECRET = "secret";
  static final String MODE = "mode";
  static final String ACTIVATION_PATH = "activation-path";
  static final String UNKNOWN_COOKIES = "unknown-cookies";
  static final String CONSENT_COOKIE = "consent-cookie";
  static final String CHAT_MAX_AGE = "chat-max-age";
  static final String SWEEP = "sweep";
  static final String COOKIES_PREFIX = "cookies.";
  static final String HTML = "html";
  static final String HTML_CACHE = "html-cache";
  static final String HOSTS_PREFIX = "hosts.";
  static final String GATE_SCRIPT_PATH = "gate-script-path";
  static final String CSP = "csp";
  static final String REPORT_PATH = "report-path";
  static final String CONSENT_SOURCES = "consent-sources";
  static final String GPC = "gpc";
  static final String CONSENT_MAX_AGE = "consent-max-age";
  static final String CONSENT_REVISION = "consent-revision";
  static final String AUDIT_LOG = "audit-log";
  static final String CONSENT_PATH = "consent-path";
  static final String FORGET_PATH = "forget-path";
  static final String CLEAR_SITE_DATA = "clear-site-data";
  /** {@code consent-map.<platform>.<category>}: one key per platform and category, checked apart. */
  static final String CONSENT_MAP_PREFIX = "consent-map.";
  static final String DECLARATION_PATH = "declaration-path";
  static final String LAUNCHER = "launcher";
  static final String LAUNCHER_POSITION = "launcher.position";
  static final String LAUNCHER_COLOR = "launcher.color";
  static final String LAUNCHER_LABEL = "launcher.label";
  /** {@code max-age.<category>}: functional, analytics, marketing. */
  static final String MAX_AGE_PREFIX = "max-age.";

  /** Every accepted key, in the order of the README's table. */
  static final List<String> KEYS = List.of(SECRET, MODE, ACTIVATION_PATH,
      "cookies.necessary", "cookies.chat", "cookies.functional", "cookies.analytics", "cookies.marketing",
      UNKNOWN_COOKIES, CONSENT_COOKIE, CHAT_MAX_AGE, "max-age.functional", "max-age.analytics", "max-age.marketing",
      SWEEP, HTML, HTML_CACHE,
      "hosts.chat", "hosts.functional", "hosts.analytics", "hosts.marketing", GATE_SCRIPT_PATH,
      CSP, REPORT_PATH, CONSENT_SOURCES, GPC, CONSENT_MAX_AGE, CONSENT_REVISION, DECLARATION_PATH, AUDIT_LOG,
      CONSENT_PATH, FORGET_PATH, CLEAR_SITE_DATA, LAUNCHER, LAUNCHER_POSITION, LAUNCHER_COLOR, LAUNCHER_LABEL);

  /** RFC 9110 tchar: what a cookie name may hold (RFC 6265bis section 4.1.1 token). */
  private static final String TCHARS = "!#$%&'*+-.^_`|~";

  private Settings() {}

  static CookieGate.Builder apply(Map<String, String> settings, CookieGate.Builder b) {
    Map<String, String> nameToParam = new HashMap<>();
    Map<String, String> hostToParam = new HashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey();
      String raw = e.getValue();
      if (key == null) {
        throw new IllegalArgumentException("cookie-gate: a setting has no name; accepted: " + String.join(", ", KEYS));
      }
      if (key.startsWith(CONSENT_MAP_PREFIX)) {
        String v = raw == null ? "" : raw.strip();
        checkResolved(key, v);
        if (!v.isEmpty()) {
          consentMap(key, v, b);
        }
        continue;
      }
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("cookie-gate: " + ConfigMessages.unknownKey("setting", key, null, KEYS));
      }
      String value = raw == null ? "" : raw.strip();
      checkResolved(key, value);
      if (value.isEmpty()) {
        continue; // empty means "not set": the default applies
      }
      switch (key) {
        case SECRET -> b.secret(value);
        case MODE -> b.mode(mode(value));
        case ACTIVATION_PATH -> b.activationPath(value);
        case UNKNOWN_COOKIES -> unknownCookies(value, b);
        case CONSENT_COOKIE -> b.consentCookie(value);
        case CHAT_MAX_AGE -> chatMaxAge(value, b);
        case SWEEP -> b.sweep(bool(SWEEP, value));
        case HTML -> b.html(onOff(HTML, value));
        case HTML_CACHE -> b.htmlCache(size(HTML_CACHE, value));
        case GATE_SCRIPT_PATH -> b.gateScriptPath(value);
        case CSP -> b.csp(csp(value));
        case REPORT_PATH -> b.reportPath(value);
        case CONSENT_SOURCES -> b.consentSources(value.split(",", -1));
        case GPC -> gpc(value, b);
        case CONSENT_MAX_AGE -> b.consentMaxAge(duration(CONSENT_MAX_AGE, value,
            "an ISO-8601 duration (P182D) or seconds, at most 13 months (P395D)"));
        case CONSENT_REVISION -> b.consentRevision(revision(value));
        case DECLARATION_PATH -> b.declarationPath(value);
        case AUDIT_LOG -> auditLog(value, b);
        case CONSENT_PATH -> b.consentPath(value);
        case FORGET_PATH -> b.forgetPath(value);
        case CLEAR_SITE_DATA -> b.clearSiteData(clearSiteData(value));
        case LAUNCHER -> b.launcher(launcher(value));
        case LAUNCHER_POSITION -> b.launcherPosition(launcherPosition(value));
        case LAUNCHER_COLOR -> b.launcherColor(value);
        case LAUNCHER_LABEL -> b.launcherLabel(value);
        default -> {
          if (key.startsWith(MAX_AGE_PREFIX)) {
            maxAge(key, value, b);
          } else if (key.startsWith(HOSTS_PREFIX)) {
            hosts(key, value, b, hostToParam);
          } else {
            cookies(key, value, b, nameToParam);
          }
        }
      }
    }
    return b;
  }

  /**
   * A value that still holds {@code ${NAME}}: the variable it names was not set where the
   * configuration is resolved (Spring Boot leaves an unresolvable placeholder as text).
   */
  private static void checkResolved(String key, String value) {
    ConfigMessages.unresolvedPlaceholder(value).ifPresent(placeholder -> {
      throw new IllegalArgumentException("cookie-gate: " + ConfigMessages.placeholderNotResolved(key, placeholder));
    });
  }

  private static void auditLog(String value, CookieGate.Builder b) {
    java.nio.file.Path file;
    try {
      file = java.nio.file.Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("cookie-gate: audit-log is '" + value + "'; expected a file path", e);
    }
    b.auditLog(file);
  }

  /** {@code none}, or a comma list of {@code cookies}, {@code storage}, {@code cache}. */
  private static java.util.Set<CookieGate.ClearSiteData> clearSiteData(String value) {
    java.util.EnumSet<CookieGate.ClearSiteData> out = java.util.EnumSet.noneOf(CookieGate.ClearSiteData.class);
    if (value.equalsIgnoreCase("none")) {
      return out;
    }
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      CookieGate.ClearSiteData found = null;
      for (CookieGate.ClearSiteData d : CookieGate.ClearSiteData.values()) {
        if (d.id().equalsIgnoreCase(p)) {
          found = d;
        }
      }
      if (found == null) {
        throw bad(CLEAR_SITE_DATA, value, "'none' or a comma-separated list of 'cookies', 'storage', 'cache'");
      }
      out.add(found);
    }
    return out;
  }

  private static boolean launcher(String value) {
    if (value.equalsIgnoreCase("auto")) {
      return true;
    }
    if (value.equalsIgnoreCase("off")) {
      return false;
    }
    throw bad(LAUNCHER, value, "'auto' or 'off'");
  }

  private static CookieGate.LauncherPosition launcherPosition(String value) {
    for (CookieGate.LauncherPosition p : CookieGate.LauncherPosition.values()) {
      if (p.id().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw bad(LAUNCHER_POSITION, value, "'bottom-right' or 'bottom-left'");
  }

  /** {@code #rgb} or {@code #rrggbb}, returned lower-case: nothing else, since it is written into CSS. */
  static String checkColor(String key, String value) {
    boolean valid = (value.length() == 4 || value.length() == 7) && value.charAt(0) == '#';
    for (int i = 1; valid && i < value.length(); i++) {
      char c = value.charAt(i);
      valid = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (!valid) {
      throw bad(key, value, "a hex colour #rgb or #rrggbb, such as " + CookieGate.DEFAULT_LAUNCHER_COLOR);
    }
    return Ascii.toLowerCase(value);
  }

  /** A short visible text: 1 to 60 characters, no control characters (it is HTML-escaped when written). */
  static String checkLabel(String key, String value) {
    boolean valid = !value.isEmpty() && value.codePointCount(0, value.length()) <= 60;
    for (int i = 0; valid && i < value.length(); i++) {
      char c = value.charAt(i);
      valid = c >= 0x20 && (c < 0x7f || c > 0x9f) && c != '\u2028' && c != '\u2029';
    }
    if (!valid) {
      throw bad(key, value, "a text of 1 to 60 characters without control characters");
    }
    return value;
  }

  private static CookieGate.Mode mode(String value) {
    for (CookieGate.Mode m : CookieGate.Mode.values()) {
      if (m.id().equalsIgnoreCase(value)) {
        return m;
      }
    }
    throw bad(MODE, value, "'enforce' or 'report-only'");
  }

  private static CookieGate.Csp csp(String value) {
    for (CookieGate.Csp c : CookieGate.Csp.values()) {
      if (c.id().equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw bad(CSP, value, "'off', 'on' or 'report'");
  }

  private static void unknownCookies(String value, CookieGate.Builder b) {
    String v = Ascii.toLowerCase(value);
    if (v.equals("block")) {
      b.unknownCookiesBlocked();
    } else if (v.equals("allow")) {
      b.unknownCookiesAllowed();
    } else {
      b.unknownCookiesAs(Category.fromId(v).orElseThrow(
          () -> bad(UNKNOWN_COOKIES, value, "'block', 'allow' or a category (" + Category.ids() + ")")));
    }
  }

  private static void chatMaxAge(String value, CookieGate.Builder b) {
    String v = Ascii.toLowerCase(value);
    String expected = "an ISO-8601 duration (PT24H), seconds, 'session' or 'none'";
    if (v.equals("session")) {
      b.chatMaxAgeSession();
      return;
    }
    if (v.equals("none")) {
      b.chatMaxAgeUncapped();
      return;
    }
    b.chatMaxAge(positiveDuration(CHAT_MAX_AGE, value, expected, "'session' or 'none'"));
  }

  /**
   * A lifetime given as seconds or an ISO-8601 duration, at least one second; {@code expected} names
   * every accepted form, {@code words} the words the setting also takes (for the "too short" message).
   */
  private static Duration positiveDuration(String key, String value, String expected, String words) {
    Duration d;
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        d = Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw bad(key, value, expected);
      }
    } else {
      try {
        d = Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw bad(key, value, expected);
      }
    }
    if (d.isNegative() || d.getSeconds() < 1) {
      throw bad(key, value, "a positive duration of at least one second, " + words);
    }
    return d;
  }

  /** {@code max-age.<category>}: an ISO-8601 duration, seconds, or {@code none}. */
  private static void maxAge(String key, String value, CookieGate.Builder b) {
    Category category = Category.fromId(key.substring(MAX_AGE_PREFIX.length())).orElseThrow();
    String expected = "an ISO-8601 duration (" + CookieGate.DEFAULT_TRACKER_MAX_AGE_TEXT + "), seconds or 'none'";
    if (value.equalsIgnoreCase("none")) {
      b.maxAgeUncapped(category);
      return;
    }
    b.maxAge(category, positiveDuration(key, value, expected, "or 'none'"));
  }

  private static void gpc(String value, CookieGate.Builder b) {
    String expected = "'off' or a comma-separated list of chat, functional, analytics, marketing";
    if (value.equalsIgnoreCase("off")) {
      b.gpcOff();
      return;
    }
    List<Category> categories = new java.util.ArrayList<>();
    for (String part : value.split(",", -1)) {
      if (part.isBlank()) {
        continue;
      }
      Category c = Category.fromId(part).orElseThrow(() -> bad(GPC, value, expected));
      if (c == Category.NECESSARY) {
        throw bad(GPC, value, expected + " (necessary needs no consent)");
      }
      categories.add(c);
    }
    if (categories.isEmpty()) {
      throw bad(GPC, value, expected);
    }
    b.gpc(categories.toArray(new Category[0]));
  }

  private static int revision(String value) {
    String expected = "an integer from 0 to " + ConsentState.MAX_REVISION;
    if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(CONSENT_REVISION, value, expected);
    }
    return Integer.parseInt(value);
  }

  private static Duration duration(String key, String value, String expected) {
    Duration d;
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        d = Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw bad(key, value, expected);
      }
    } else {
      try {
        d = Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw bad(key, value, expected);
      }
    }
    if (d.getSeconds() < 1 || d.compareTo(CookieGate.MAX_CONSENT_MAX_AGE) > 0) {
      throw bad(key, value, expected);
    }
    return d;
  }

  /** {@code consent-map.onetrust.analytics=C0002,C0007}; {@code none} maps the category to nothing. */
  private static void consentMap(String key, String value, CookieGate.Builder b) {
    String rest = key.substring(CONSENT_MAP_PREFIX.length());
    int dot = rest.lastIndexOf('.');
    String platform = dot < 0 ? rest : rest.substring(0, dot);
    Category category = dot < 0 ? null : Category.fromId(rest.substring(dot + 1)).orElse(null);
    if (!ConsentPlatforms.IDS.contains(platform) || category == null || category == Category.NECESSARY
        || !rest.substring(dot + 1).equals(category.id())) {
      throw new IllegalArgumentException("cookie-gate: unknown setting '" + Text.printable(key)
          + "'; expected consent-map.<platform>.<category> with a platform of " + String.join(", ", ConsentPlatforms.IDS)
          + " and a category of chat, functional, analytics, marketing");
    }
    List<String> keys = new java.util.ArrayList<>();
    if (!value.equalsIgnoreCase("none")) {
      for (String part : value.split(",", -1)) {
        if (!part.isBlank()) {
          keys.add(part.strip());
        }
      }
    }
    b.consentMapping(platform, category, keys.toArray(new String[0]));
  }

  private static boolean bool(String key, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw bad(key, value, "'true' or 'false'");
  }

  /** {@code off}, or bytes with an optional {@code KB} or {@code MB} suffix (binary units). */
  private static long size(String key, String value) {
    if (value.equalsIgnoreCase("off")) {
      return 0;
    }
    String v = value;
    long unit = 1;
    if (v.regionMatches(true, v.length() - 2, "kb", 0, 2)) {
      unit = 1024;
    } else if (v.regionMatches(true, v.length() - 2, "mb", 0, 2)) {
      unit = 1024 * 1024;
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 2).strip();
    String expected = "'off', or a size in bytes with an optional KB or MB suffix (8MB), at most "
        + CookieGate.Builder.MAX_HTML_CACHE / (1024 * 1024) + "MB";
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(key, value, expected);
    }
    long bytes = Long.parseLong(digits) * unit;
    if (bytes > CookieGate.Builder.MAX_HTML_CACHE) {
      throw bad(key, value, expected);
    }
    return bytes;
  }

  private static boolean onOff(String key, String value) {
    if (value.equalsIgnoreCase("on")) {
      return true;
    }
    if (value.equalsIgnoreCase("off")) {
      return false;
    }
    throw bad(key, value, "'on' or 'off'");
  }

  private static void hosts(String key, String value, CookieGate.Builder b, Map<String, String> hostToParam) {
    Category category = Category.fromId(key.substring(HOSTS_PREFIX.length())).orElseThrow();
    for (String part : value.split(",", -1)) {
      String host = part.strip();
      if (host.isEmpty()) {
        continue;
      }
      // The port is ignored: "chat.example.com:8443" names chat.example.com.
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < 0 && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        host = host.substring(0, colon);
      }
      String previous = hostToParam.putIfAbsent(Ascii.toLowerCase(host), key);
      if (previous != null && !previous.equals(key)) {
        throw new IllegalArgumentException("cookie-gate: host '" + host + "' is named in both " + previous
            + " and " + key + "; give each host one category");
      }
      try {
        b.hosts(category, host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cookie-gate: " + key + " has '" + Text.printable(host)
            + "', which is not a host name or glob: " + e.getMessage(), e);
      }
    }
  }

  private static void cookies(String key, String value, CookieGate.Builder b, Map<String, String> nameToParam) {
    Category category = Category.fromId(key.substring(COOKIES_PREFIX.length())).orElseThrow();
    for (String part : value.split(",", -1)) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      String previous = nameToParam.putIfAbsent(name, key);
      if (previous != null && !previous.equals(key)) {
        throw new IllegalArgumentException("cookie-gate: cookie '" + name + "' is named in both " + previous
            + " and " + key + "; give each name one category");
      }
      try {
        b.cookies(category, name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cookie-gate: " + key + " has '" + Text.printable(name)
            + "', which is not a cookie name or glob: " + e.getMessage(), e);
      }
    }
  }

  static String checkPath(String key, String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw bad(key, path, "a path starting with '/', such as " + CookieGate.DEFAULT_ACTIVATION_PATH);
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '?' || c == '#' || c == '\\' || c == '"' || c == '<' || c == '>') {
        throw bad(key, path, "a path of visible ASCII characters without '?', '#', spaces or quotes");
      }
    }
    return path;
  }

  static String checkCookieName(String key, String name) {
    boolean valid = !name.isEmpty();
    for (int i = 0; valid && i < name.length(); i++) {
      char c = name.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TCHARS.indexOf(c) >= 0;
    }
    if (!valid || Ascii.startsWithIgnoreCase(name, "__host-") || Ascii.startsWithIgnoreCase(name, "__secure-")) {
      throw bad(key, name, "a cookie name (letters, digits and !#$%&'*+-.^_`|~, without a __Host- or __Secure- prefix,"
          + " which is added on secure requests)");
    }
    return name;
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException("cookie-gate: " + key + " is '" + Text.printable(value)
        + "'; expected " + expected);
  }
}
