package io.github.cookiegate;

import io.github.cookiegate.internal.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cookie declaration: every rule of a gate's effective catalog, the application's first, with
 * what a visitor must be told before choosing (CNIL: purpose, lifetime, whether it needs consent or
 * only the chat's activation), as JSON for a banner and as a plain HTML page. Immutable; built once
 * per gate.
 *
 * <p>JSON schema (version 1; keys never removed, new keys may be added):
 * <pre>{@code
 * {"version":1,
 *  "unknownCookies":"block",              // unknown-cookies: block, allow or a category id
 *  "chatMaxAge":"PT24H",                  // chat-max-age: ISO-8601 duration, session or none
 *  "cookies":[{
 *    "pattern":"intercom-id-*", "kind":"glob",        // exact, glob or regex
 *    "vendor":"Intercom", "category":"chat",
 *    "purpose":"...", "lifetime":"9 months",          // as declared; null when not declared
 *    "effectiveLifetime":"24 hours (capped)",         // after chat-max-age and the rule's retention
 *    "maxAgeSeconds":86400,                           // the longest the gate lets it live; null: no cap
 *    "needs":"activation or consent",                 // nothing, activation or consent, consent
 *    "source":"built-in",                             // built-in, container or application
 *    "reference":"https://..."}]}                     // where the rule's facts come from; null: not stated
 * }</pre>
 *
 * <p>After {@code "cookies"}, {@code "storage"} lists the web storage rules ({@link StorageCatalog}):
 * <pre>{@code
 *  "storage":[{"pattern":"twk_token_*", "kind":"glob",      // exact or glob
 *    "area":"localStorage",                                 // localStorage, sessionStorage or indexedDB
 *    "vendor":"tawk.to", "category":"chat", "purpose":"...", "needs":"activation or consent",
 *    "source":"built-in",                                   // application or built-in
 *    "reference":"https://..."}]}                           // where the row comes from; null when not stated
 * }</pre>
 *
 * <p>A built-in rule with the same kind and pattern as one of the application's is left out: the
 * application's wins, so the built-in one never applies. A {@code consent-cookie} other than the
 * default is listed first, as necessary, under both its names.
 */
public final class CookieDeclaration {

  /**
   * One declared rule. {@code origin} is where its layer comes from: {@code built-in}, {@code
   * container} (the servlet container's session cookie) or {@code application}.
   */
  public record Entry(CookieRule rule, String effectiveLifetime, OptionalLong maxAgeSeconds, String needs,
      boolean builtIn, String origin) {
    public Entry {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(effectiveLifetime, "effectiveLifetime");
      Objects.requireNonNull(maxAgeSeconds, "maxAgeSeconds");
      Objects.requireNonNull(needs, "needs");
      Objects.requireNonNull(origin, "origin");
    }

    /** An entry whose origin is {@code built-in} or {@code application}, as {@code builtIn} says. */
    public Entry(CookieRule rule, String effectiveLifetime, OptionalLong maxAgeSeconds, String needs,
        boolean builtIn) {
      this(rule, effectiveLifetime, maxAgeSeconds, needs, builtIn, builtIn ? "built-in" : "application");
    }
  }

  /**
   * One declared web storage rule. {@code origin} is {@code built-in} or {@code application}.
   */
  public record StorageEntry(StorageRule rule, String needs, boolean builtIn, String origin) {
    public StorageEntry {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(needs, "needs");
      Objects.requireNonNull(origin, "origin");
    }

    /** An entry whose origin is {@code built-in} or {@code application}, as {@code builtIn} says. */
    public StorageEntry(StorageRule rule, String needs, boolean builtIn) {
      this(rule, needs, builtIn, builtIn ? "built-in" : "application");
    }
  }

  private static final Pattern SIMPLE_LIFETIME =
      Pattern.compile("(\\d{1,6}) (second|minute|hour|day|week|month|year)s?(?![\\w-]).*");

  private final List<Entry> entries;
  private final String unknownCookies;
  private final String chatMaxAge;
  private final List<StorageEntry> storage;

  private CookieDeclaration(List<Entry> entries, String unknownCookies, String chatMaxAge, List<StorageEntry> storage) {
    this.storage = storage;
    this.entries = entries;
    this.unknownCookies = unknownCookies;
    this.chatMaxAge = chatMaxAge;
  }

  /** Returns the declaration of this gate's effective catalog. */
  public static CookieDeclaration of(CookieGate gate) {
    Objects.requireNonNull(gate, "gate");
    String chatMaxAge = gate.chatMaxAge().id();
    Duration chatCap = gate.chatMaxAge() instanceof ChatMaxAge.Capped c ? c.maxAge() : null;
    boolean chatSession = gate.chatMaxAge() instanceof ChatMaxAge.Session;
    long[] caps = new long[Category.values().length];
    for (Category c : Category.values()) {
      caps[c.ordinal()] = c == Category.CHAT || c == Category.NECESSARY ? Long.MAX_VALUE
          : gate.maxAge(c).map(Duration::getSeconds).orElse(Long.MAX_VALUE);
    }
    Set<String> listed = new HashSet<>();
    List<Entry> entries = new ArrayList<>();
    String consentCookie = gate.consentCookie();
    if (!consentCookie.equals(CookieGate.DEFAULT_CONSENT_COOKIE)) {
      // The library's own consent cookie under the name the site chose: necessary whatever the rules say.
      for (String name : List.of(consentCookie, CookieGate.HOST_PREFIX + consentCookie)) {
        listed.add(CookieRule.Kind.EXACT + " " + name);
        entries.add(entry(CookieRule.exact(name, Category.NECESSARY).withVendor("cookie-gate")
            .withPurpose("records the cookie categories you consented to").withLifetime("as set by the site"),
            LayerOrigin.CURATED, chatCap, chatSession, caps));
      }
    }
    List<List<CookieRule>> layers = gate.catalog().layers();
    List<LayerOrigin> origins = gate.catalog().origins();
    for (int i = 0; i < layers.size(); i++) {
      for (CookieRule rule : layers.get(i)) {
        if (!listed.add(rule.kind() + " " + rule.pattern())) {
          continue; // overridden by a rule above, or given twice
        }
        entries.add(entry(rule, origins.get(i), chatCap, chatSession, caps));
      }
    }
    return new CookieDeclaration(List.copyOf(entries), gate.unknownCookies().id(), chatMaxAge, storageEntries(gate));
  }

  /** The gate's storage rules, the application's first; a built-in one the application's overrides is left out. */
  private static List<StorageEntry> storageEntries(CookieGate gate) {
    Set<String> listed = new HashSet<>();
    List<StorageEntry> out = new ArrayList<>();
    List<List<StorageRule>> layers = gate.storageCatalog().layers();
    List<LayerOrigin> origins = gate.storageCatalog().origins();
    for (int i = 0; i < layers.size(); i++) {
      LayerOrigin origin = origins.get(i);
      for (StorageRule rule : layers.get(i)) {
        if (listed.add((rule.kind().isWebStorage() ? "storage " : "indexedDB ") + rule.pattern())) {
          out.add(new StorageEntry(rule, needs(rule.category()), origin.isBuiltIn(), origin.label()));
        }
      }
    }
    return List.copyOf(out);
  }

  private static String needs(Category category) {
    return switch (category) {
      case NECESSARY -> "nothing";
      case CHAT -> "activation or consent";
      default -> "consent";
    };
  }

  private static Entry entry(CookieRule rule, LayerOrigin origin, Duration chatCap, boolean chatSession,
      long[] caps) {
    boolean builtIn = origin.isBuiltIn();
    String label = origin.label();
    boolean chat = rule.category() == Category.CHAT;
    String declared = rule.lifetime().orElse(null);
    String needs = switch (rule.category()) {
      case NECESSARY -> "nothing";
      case CHAT -> "activation or consent";
      default -> "consent";
    };
    boolean declaredSession = declared != null && declared.equalsIgnoreCase("session");
    if (chat && chatSession) {
      return new Entry(rule, declaredSession ? "session" : "session (capped)", OptionalLong.empty(), needs, builtIn,
          label);
    }
    long cap = Long.MAX_VALUE;
    if (rule.retention().isPresent()) {
      cap = rule.retention().get().getSeconds();
    }
    if (chat && chatCap != null) {
      cap = Math.min(cap, chatCap.getSeconds());
    }
    cap = Math.min(cap, caps[rule.category().ordinal()]); // max-age.<category>
    if (cap == Long.MAX_VALUE) {
      return new Entry(rule, declared == null ? "not declared" : declared, OptionalLong.empty(), needs, builtIn,
          label);
    }
    OptionalLong maxAge = OptionalLong.of(cap);
    if (declaredSession) {
      return new Entry(rule, "session", maxAge, needs, builtIn, label);
    }
    long declaredSeconds = declared == null ? -1 : seconds(declared);
    if (declaredSeconds > 0 && declaredSeconds <= cap) {
      return new Entry(rule, declared, maxAge, needs, builtIn, label);
    }
    return new Entry(rule, human(cap) + " (capped)", maxAge, needs, builtIn, label);
  }

  /** Seconds of a lifetime written "30 minutes", "1 week (refreshed)"; -1 when it is not that simple. */
  static long seconds(String lifetime) {
    Matcher m = SIMPLE_LIFETIME.matcher(lifetime.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    long unit = switch (m.group(2)) {
      case "second" -> 1;
      case "minute" -> 60;
      case "hour" -> 3600;
      case "day" -> 86_400;
      case "week" -> 7 * 86_400;
      case "month" -> 30 * 86_400;
      default -> 365 * 86_400;
    };
    return n * unit;
  }

  /** "24 hours", "2 days", "30 minutes", "90 seconds": the largest unit that divides exactly. */
  static String human(long seconds) {
    if (seconds >= 2 * 86_400 && seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3600 == 0) {
      return plural(seconds / 3600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** Returns the declared rules, the application's first, in the gate's layer order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Returns the declared web storage rules, the application's first. */
  public List<StorageEntry> storage() {
    return storage;
  }

  /** Returns the gate's {@code unknown-cookies}: {@code block}, {@code allow} or a category id. */
  public String unknownCookies() {
    return unknownCookies;
  }

  /** Returns the gate's {@code chat-max-age}: an ISO-8601 duration, {@code session} or {@code none}. */
  public String chatMaxAge() {
    return chatMaxAge;
  }

  /** Returns the declaration as JSON (schema in the class doc), ASCII only. */
  public String toJson() {
    StringBuilder b = new StringBuilder(entries.size() * 300 + 100);
    b.append("{\"version\":1,\"unknownCookies\":");
    Text.jsonString(b, unknownCookies);
    b.append(",\"chatMaxAge\":");
    Text.jsonString(b, chatMaxAge);
    b.append(",\"cookies\":[");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      CookieRule r = e.rule();
      b.append(i == 0 ? "\n" : ",\n").append("{\"pattern\":");
      Text.jsonString(b, r.pattern());
      b.append(",\"kind\":");
      Text.jsonString(b, r.kind().name().toLowerCase(Locale.ROOT));
      b.append(",\"vendor\":");
      Text.jsonString(b, r.vendor().orElse(null));
      b.append(",\"category\":");
      Text.jsonString(b, r.category().id());
      b.append(",\"purpose\":");
      Text.jsonString(b, r.purpose().orElse(null));
      b.append(",\"lifetime\":");
      Text.jsonString(b, r.lifetime().orElse(null));
      b.append(",\"effectiveLifetime\":");
      Text.jsonString(b, e.effectiveLifetime());
      b.append(",\"maxAgeSeconds\":");
      b.append(e.maxAgeSeconds().isPresent() ? Long.toString(e.maxAgeSeconds().getAsLong()) : "null");
      b.append(",\"needs\":");
      Text.jsonString(b, e.needs());
      b.append(",\"source\":");
      Text.jsonString(b, e.origin());
      b.append(",\"reference\":");
      Text.jsonString(b, r.source().orElse(null));
      b.append('}');
    }
    b.append("\n],\"storage\":[");
    for (int i = 0; i < storage.size(); i++) {
      StorageEntry e = storage.get(i);
      StorageRule r = e.rule();
      b.append(i == 0 ? "\n" : ",\n").append("{\"pattern\":");
      Text.jsonString(b, r.pattern());
      b.append(",\"kind\":");
      Text.jsonString(b, r.isGlob() ? "glob" : "exact");
      b.append(",\"area\":");
      Text.jsonString(b, r.kind().id());
      b.append(",\"vendor\":");
      Text.jsonString(b, r.vendor().orElse(null));
      b.append(",\"category\":");
      Text.jsonString(b, r.category().id());
      b.append(",\"purpose\":");
      Text.jsonString(b, r.purpose().orElse(null));
      b.append(",\"needs\":");
      Text.jsonString(b, e.needs());
      b.append(",\"source\":");
      Text.jsonString(b, e.origin());
      b.append(",\"reference\":");
      Text.jsonString(b, r.source().orElse(null));
      b.append('}');
    }
    return b.append(storage.isEmpty() ? "]}\n" : "\n]}\n").toString();
  }

  /**
   * Returns the declaration as a standalone HTML page: one table per category, in the order of
   * {@link Category}, every text escaped, no script.
   */
  public String toHtml() {
    StringBuilder b = new StringBuilder(entries.size() * 400 + 2000);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Cookies on this site</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.4}")
        .append("table{border-collapse:collapse;margin-bottom:2rem}caption{text-align:left;font-weight:bold;padding:.5rem 0}")
        .append("th,td{border:1px solid #888;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>\n")
        .append("</head>\n<body>\n<main>\n<h1>Cookies on this site</h1>\n")
        .append("<p>Strictly necessary cookies are always set. Chat cookies are set only after you open the chat,")
        .append(" or with your consent. Other cookies are set only with your consent for their category.</p>\n")
        .append("<p>Chat cookies are kept at most: ");
    html(b, switch (chatMaxAge) {
      case "session" -> "until you close the browser";
      case "none" -> "as long as the vendor sets them";
      default -> human(Duration.parse(chatMaxAge).getSeconds());
    });
    b.append(". Cookies not listed here: ");
    html(b, switch (unknownCookies) {
      case "block" -> "set only if you consent to every category";
      case "allow" -> "allowed";
      default -> "treated as " + unknownCookies;
    });
    b.append(".</p>\n<p><a href=\"?format=json\">This list as JSON</a></p>\n");
    for (Category category : Category.values()) {
      List<Entry> group = new ArrayList<>();
      for (Entry e : entries) {
        if (e.rule().category() == category) {
          group.add(e);
        }
      }
      if (group.isEmpty()) {
        continue;
      }
      b.append("<table id=\"").append(category.id()).append("\">\n<caption>");
      html(b, title(category) + " cookies (" + group.size() + "): need " + group.get(0).needs());
      b.append("</caption>\n<thead><tr><th scope=\"col\">Cookie name or pattern</th><th scope=\"col\">Vendor</th>")
          .append("<th scope=\"col\">Purpose</th><th scope=\"col\">Lifetime declared</th>")
          .append("<th scope=\"col\">Lifetime here</th><th scope=\"col\">Needs</th><th scope=\"col\">Source</th>")
          .append("</tr></thead>\n<tbody>\n");
      for (Entry e : group) {
        CookieRule r = e.rule();
        b.append("<tr><td><code>");
        html(b, r.pattern());
        b.append("</code>");
        if (r.kind() != CookieRule.Kind.EXACT) {
          b.append(' ').append(r.kind() == CookieRule.Kind.GLOB ? "(* is any text)" : "(regular expression)");
        }
        b.append("</td><td>");
        html(b, r.vendor().orElse("not stated"));
        b.append("</td><td>");
        html(b, r.purpose().orElse("not stated"));
        b.append("</td><td>");
        html(b, r.lifetime().orElse("not stated"));
        b.append("</td><td>");
        html(b, e.effectiveLifetime());
        b.append("</td><td>");
        html(b, e.needs());
        b.append("</td><td>");
        html(b, r.source().orElse(source(e.origin())));
        b.append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
    storageHtml(b);
    return b.append("</main>\n</body>\n</html>\n").toString();
  }

  /** The web storage section: one table per category, as for cookies. */
  private void storageHtml(StringBuilder b) {
    if (storage.isEmpty()) {
      return;
    }
    b.append("<h2 id=\"web-storage\">Web storage</h2>\n<p>Scripts can also store data in your browser's local")
        .append(" storage, session storage and IndexedDB. The same rules apply as for cookies: the keys below are kept")
        .append(" only after you open the chat (chat) or with your consent to their category, and removed when the")
        .append(" conversation ends or you withdraw consent. Keys not listed here are the site's own.</p>\n");
    for (Category category : Category.values()) {
      List<StorageEntry> group = new ArrayList<>();
      for (StorageEntry e : storage) {
        if (e.rule().category() == category) {
          group.add(e);
        }
      }
      if (group.isEmpty()) {
        continue;
      }
      b.append("<table id=\"storage-").append(category.id()).append("\">\n<caption>");
      html(b, title(category) + " web storage (" + group.size() + "): needs " + group.get(0).needs());
      b.append("</caption>\n<thead><tr><th scope=\"col\">Key or pattern</th><th scope=\"col\">Where</th>")
          .append("<th scope=\"col\">Vendor</th><th scope=\"col\">Purpose</th><th scope=\"col\">Needs</th>")
          .append("<th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
      for (StorageEntry e : group) {
        StorageRule r = e.rule();
        b.append("<tr><td><code>");
        html(b, r.pattern());
        b.append("</code>").append(r.isGlob() ? " (* is any text)" : "").append("</td><td>");
        html(b, r.kind().id());
        b.append("</td><td>");
        html(b, r.vendor().orElse("not stated"));
        b.append("</td><td>");
        html(b, r.purpose().orElse("not stated"));
        b.append("</td><td>");
        html(b, e.needs());
        b.append("</td><td>");
        html(b, r.source().orElse(source(e.origin())));
        b.append("</td></tr>\n");
      }
      b.append("</tbody>\n</table>\n");
    }
  }

  /** The Source column of a row that names none: the built-in rows state theirs, else who declared it. */
  private static String source(String origin) {
    return switch (origin) {
      case "container" -> "this site's servlet container";
      case "application" -> "this site";
      default -> "not stated";
    };
  }

  private static String title(Category category) {
    String id = category.id();
    return Character.toUpperCase(id.charAt(0)) + id.substring(1);
  }

  /** Escapes text for an element or a quoted attribute; control characters become U+FFFD. */
  static void html(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c < 0xA0)) {
            b.append("&#xFFFD;");
          } else {
            b.append(c);
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "CookieDeclaration[" + entries.size() + " rules, " + storage.size() + " storage rules, unknown-cookies=" + unknownCookies
        + ", chat-max-age=" + chatMaxAge + "]";
  }
}
