package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.ChatMaxAge;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.StorageRule;
import io.github.cookiegate.internal.text.Text;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code gate.js} as served for one gate: a block declaring the gate's host and cookie catalogs,
 * then the static script. Built once per filter at init, the same bytes for every user, so a
 * browser or shared cache may keep it; its strong ETag is a hash of those bytes.
 */
final class GateScript {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  /** The static script, read once from the jar, its comments and indentation left out. */
  private static final String STATIC = compact(read());

  /**
   * Java regexes that mean the same in JavaScript: letters, digits, {@code _ - .}, classes,
   * groups, alternation and greedy or lazy quantifiers, a few escapes. No lookaround, no named or
   * flagged groups, no possessive quantifiers (a syntax error in JavaScript).
   */
  private static final Pattern PORTABLE_REGEX =
      Pattern.compile("(?:[A-Za-z0-9_.:\\-*+?^$|(){},\\[\\]]|\\\\[dwsDWS.\\-_*+?()\\[\\]{}|^$\\\\])*");
  private static final Pattern NOT_PORTABLE = Pattern.compile("\\(\\?(?!:)|[*+?}]\\+");

  private final StaticBody body;

  private GateScript(byte[] bytes) {
    this.body = new StaticBody(bytes, "text/javascript;charset=UTF-8");
  }

  static GateScript of(CookieGate gate) {
    String script = "{ // cookie-gate catalog of this filter, generated at start-up\nconst COOKIE_GATE_CATALOG = "
        + catalogJson(gate) + ";\n" + STATIC + "\n}\n";
    return new GateScript(script.getBytes(StandardCharsets.UTF_8));
  }

  byte[] bytes() {
    return body.bytes();
  }

  /** A strong validator: the base64url SHA-256 of the bytes, quoted. */
  String etag() {
    return body.etag();
  }

  /** Whether an {@code If-None-Match} value names this script (weak comparison, RFC 9110 13.1.2). */
  boolean matches(String ifNoneMatch) {
    return body.matches(ifNoneMatch);
  }

  /** Serves the script: GET or HEAD, the same bytes for every user, cacheable, revalidated by its ETag. */
  void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    body.serve(request, response, null);
  }

  static String catalogJson(CookieGate gate) {
    StringBuilder sb = new StringBuilder(16 * 1024);
    sb.append("{\"consentCookie\":");
    Text.jsonString(sb, gate.consentCookie());
    sb.append(",\"markerCookie\":");
    Text.jsonString(sb, CookieGate.MARKER_COOKIE);
    sb.append(",\"unknown\":");
    Text.jsonString(sb, gate.unknownCookies().id());
    sb.append(",\"chatMaxAge\":");
    chatMaxAge(sb, gate);
    sb.append(",\"categories\":[");
    for (Category c : Category.values()) {
      sb.append(c.ordinal() == 0 ? "" : ",");
      Text.jsonString(sb, c.id());
    }
    sb.append(']');
    sb.append(",\"maxAge\":{");
    String sep = "";
    for (Category c : Category.CONSENT_REQUIRED) {
      if (c != Category.CHAT && gate.maxAge(c).isPresent()) {
        sb.append(sep).append('"').append(c.id()).append("\":").append(gate.maxAge(c).get().getSeconds());
        sep = ",";
      }
    }
    sb.append('}');
    sb.append(",\n\"loads\":").append(io.github.cookiegate.internal.html.Loads.json()); // what loads (#16)
    sb.append(",\n\"hosts\":[");
    boolean firstLayer = true;
    for (List<HostRule> layer : gate.hostCatalog().layers()) {
      sb.append(firstLayer ? "\n" : ",\n");
      firstLayer = false;
      List<HostRule> exact = new ArrayList<>();
      List<HostRule> globs = new ArrayList<>();
      for (HostRule r : layer) {
        (r.isGlob() ? globs : exact).add(r);
      }
      globs.sort(Comparator.comparingInt((HostRule r) -> specificity(r.pattern())).reversed());
      sb.append("{\"exact\":");
      byCategory(sb, exact, HostRule::pattern, HostRule::category);
      sb.append(",\"globs\":");
      coded(sb, globs, HostRule::pattern, HostRule::category);
      sb.append('}');
    }
    sb.append("],\n\"cookies\":[");
    firstLayer = true;
    for (List<CookieRule> layer : gate.catalog().layers()) {
      sb.append(firstLayer ? "\n" : ",\n");
      firstLayer = false;
      List<CookieRule> exact = new ArrayList<>();
      List<CookieRule> globs = new ArrayList<>();
      List<CookieRule> regexes = new ArrayList<>();
      for (CookieRule r : layer) {
        switch (r.kind()) {
          case EXACT -> exact.add(r);
          case GLOB -> globs.add(r);
          case REGEX -> {
            if (portable(r.pattern())) {
              regexes.add(r);
            } else {
              LOG.log(Level.INFO, () -> "cookie-gate: cookie rule regex '" + r.pattern() + "' is not copied to gate.js"
                  + " (it uses syntax JavaScript reads differently); scripts' writes of those cookies are decided"
                  + " by the other rules there, and the server's sweep expires them if they are not allowed");
            }
          }
        }
      }
      globs.sort(Comparator.comparingInt((CookieRule r) -> specificity(r.pattern())).reversed());
      sb.append("{\"exact\":");
      byCategory(sb, exact, CookieRule::pattern, CookieRule::category);
      sb.append(",\"globs\":");
      coded(sb, globs, CookieRule::pattern, CookieRule::category);
      sb.append(",\"regexes\":");
      pairs(sb, regexes, CookieRule::pattern, r -> r.category().id());
      sb.append('}');
    }
    sb.append("],\n\"storage\":");
    storageJson(sb, gate);
    sb.append('}');
    return sb.toString();
  }

  /**
   * The web storage catalog for gate.js's storage guard: per layer, highest priority first, Storage
   * keys and IndexedDB names apart, each exact then globs by specificity, as [pattern, category].
   */
  private static void storageJson(StringBuilder sb, CookieGate gate) {
    sb.append('[');
    boolean firstLayer = true;
    for (List<StorageRule> layer : gate.storageCatalog().layers()) {
      sb.append(firstLayer ? "\n" : ",\n");
      firstLayer = false;
      for (boolean web : new boolean[] {true, false}) {
        List<StorageRule> exact = new ArrayList<>();
        List<StorageRule> globs = new ArrayList<>();
        for (StorageRule r : layer) {
          if (r.kind().isWebStorage() == web) {
            (r.isGlob() ? globs : exact).add(r);
          }
        }
        globs.sort(Comparator.comparingInt((StorageRule r) -> specificity(r.pattern())).reversed());
        sb.append(web ? "{\"keys\":{\"exact\":" : ",\"databases\":{\"exact\":");
        pairs(sb, exact, StorageRule::pattern, r -> r.category().id());
        sb.append(",\"globs\":");
        pairs(sb, globs, StorageRule::pattern, r -> r.category().id());
        sb.append('}');
      }
      sb.append('}');
    }
    sb.append(']');
  }

  /**
   * Exact patterns grouped by category, each group one string of the patterns joined by commas,
   * which no cookie name or host holds: {@code {"chat":"a,b","analytics":"_ga"}}. Within a layer a
   * pattern has one category, so grouping loses nothing.
   */
  private static <T> void byCategory(StringBuilder sb, List<T> rules, Function<T, String> pattern,
      Function<T, Category> category) {
    sb.append('{');
    boolean first = true;
    for (Category c : Category.values()) {
      StringBuilder names = null;
      for (T r : rules) {
        if (category.apply(r) == c) {
          names = names == null ? new StringBuilder() : names.append(',');
          names.append(pattern.apply(r));
        }
      }
      if (names != null) {
        sb.append(first ? "" : ",");
        first = false;
        Text.jsonString(sb, c.id());
        sb.append(':');
        Text.jsonString(sb, names.toString());
      }
    }
    sb.append('}');
  }

  /**
   * Globs in their order (most specific first, then as declared), as one string joined by commas,
   * each glob after the digit of its category in {@link Category#values()}: {@code "3_ga_*,4_gcl_*"}.
   */
  private static <T> void coded(StringBuilder sb, List<T> rules, Function<T, String> pattern,
      Function<T, Category> category) {
    StringBuilder all = new StringBuilder(rules.size() * 12);
    for (T r : rules) {
      all.append(all.length() == 0 ? "" : ",").append((char) ('0' + category.apply(r).ordinal()))
          .append(pattern.apply(r));
    }
    Text.jsonString(sb, all.toString());
  }

  static boolean portable(String regex) {
    return PORTABLE_REGEX.matcher(regex).matches() && !NOT_PORTABLE.matcher(regex).find();
  }

  private static int specificity(String glob) {
    int stars = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*') {
        stars++;
      }
    }
    return glob.length() - stars;
  }

  private static <T> void pairs(StringBuilder sb, List<T> rules, Function<T, String> key, Function<T, String> value) {
    sb.append('[');
    for (int i = 0; i < rules.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('[');
      Text.jsonString(sb, key.apply(rules.get(i)));
      sb.append(',');
      Text.jsonString(sb, value.apply(rules.get(i)));
      sb.append(']');
    }
    sb.append(']');
  }

  /** chat-max-age for gate.js's cookie guard: seconds, "session", or null when uncapped. */
  private static void chatMaxAge(StringBuilder sb, CookieGate gate) {
    ChatMaxAge cap = gate.chatMaxAge();
    if (cap instanceof ChatMaxAge.Capped c) {
      sb.append(c.maxAge().getSeconds());
    } else if (cap instanceof ChatMaxAge.Session) {
      Text.jsonString(sb, cap.id());
    } else {
      sb.append("null");
    }
  }

  /**
   * The script as served: whole-line comments ({@code //} lines, and block comments that start a
   * line) and indentation left out, the code itself unchanged; every browser reads it the same,
   * and the page downloads a third less. Only where it is safe by the look of each line: if any
   * line could continue a string or template onto the next (a backslash at its end, a backtick) or
   * opens a block comment after code, the script is served as written.
   */
  static String compact(String script) {
    String[] lines = script.split("\n", -1);
    StringBuilder sb = new StringBuilder(script.length());
    sb.append("// cookie-gate page script (Apache-2.0); comments left out: gate.js in the cookie-gate-servlet jar has them\n");
    boolean inComment = false;
    for (String line : lines) {
      String t = line.strip();
      if (inComment) {
        inComment = !t.contains("*/");
        continue;
      }
      if (t.indexOf('`') >= 0 || t.endsWith("\\") || (t.contains("/*") && !t.startsWith("/*") && !t.contains("*/"))) {
        return script;
      }
      if (t.startsWith("/*")) {
        if (t.contains("*/") && !t.endsWith("*/")) {
          return script; // code after a comment on one line
        }
        inComment = !t.contains("*/");
        continue;
      }
      if (t.isEmpty() || t.startsWith("//")) {
        continue;
      }
      sb.append(t).append('\n');
    }
    return sb.toString();
  }

  private static String read() {
    try (InputStream in = GateScript.class.getResourceAsStream("gate.js")) {
      if (in == null) {
        throw new IllegalStateException("cookie-gate: gate.js is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cookie-gate: cannot read gate.js", e);
    }
  }
}
