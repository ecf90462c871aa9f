package io.github.cookiegate.scan;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.Decision;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.StorageRule;
import io.github.cookiegate.scan.Model.CookieSeen;
import io.github.cookiegate.scan.Model.HostSeen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Classifies what a page stored or loaded with the application's gate, and says whether it is a problem in a state. */
final class Judge {

  static final String UNKNOWN = "unknown";
  static final String UNCLASSIFIED = "unclassified";

  private final CookieGate gate;

  Judge(CookieGate gate) {
    this.gate = gate;
  }

  /** A cookie from a {@code Set-Cookie} header; its value is read by nobody and kept nowhere. */
  CookieSeen header(SetCookie c, String siteHost, ScanState state) {
    List<String> attrs = new ArrayList<>();
    for (SetCookie.Attribute a : c.attributes()) {
      attrs.add(a.hasValue() ? a.name() + "=" + a.value() : a.name());
    }
    boolean deletion = c.isDeletion(Instant.now());
    Decision d = gate.decide(c, state.activation(), state.consent());
    return seen(c.name(), c.domain().orElse(siteHost), c.path().orElse(""), attrs, "set-cookie", deletion, d,
        c.maxAge().isPresent() ? Long.valueOf(c.maxAge().getAsLong()) : null, state);
  }

  /** A cookie found in the browser's jar; {@code maxAgeSeconds} null for a session cookie. */
  CookieSeen jar(String name, String domain, String path, List<String> attrs, Long maxAgeSeconds, ScanState state) {
    Decision d;
    try {
      SetCookie.Builder b = SetCookie.builder(name, "x").path(path.isEmpty() ? "/" : path);
      if (maxAgeSeconds != null) {
        b.maxAge(Math.max(1, maxAgeSeconds));
      }
      d = gate.decide(b.build(), state.activation(), state.consent());
    } catch (RuntimeException e) {
      // a name the builder refuses: decided by its category alone
      Classification k = gate.classify(name);
      boolean ok = k.category().map(cat -> CookieGate.allows(cat, state.activation(), state.consent())).orElse(false);
      d = Decision.of(ok ? Decision.Reason.CONSENTED : Decision.Reason.UNKNOWN);
    }
    return seen(name, domain, path, attrs, "browser", false, d, maxAgeSeconds, state);
  }

  private CookieSeen seen(String name, String domain, String path, List<String> attrs, String source, boolean deletion,
      Decision d, Long maxAge, ScanState state) {
    Classification k = gate.classify(name);
    String category = k.category().map(Category::id).orElse(UNKNOWN);
    String vendor = k.vendor().orElse(null);
    String rule = k.rule().map(Judge::rule).orElse(null);
    boolean problem = !deletion && d.outcome() != Decision.Outcome.ALLOW;
    String why = problem ? why(name, category, vendor, d, maxAge, state) : null;
    return new CookieSeen(name, domain, path, List.copyOf(attrs), source, deletion, category, vendor, rule, problem, why);
  }

  private static String rule(CookieRule r) {
    return r.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + r.pattern();
  }

  private String why(String name, String category, String vendor, Decision d, Long maxAge, ScanState state) {
    String who = "The cookie " + name + (vendor == null ? "" : " (" + vendor + ")");
    if (d.outcome() == Decision.Outcome.REWRITE) {
      Optional<SetCookie> capped = d.rewritten();
      String cap = capped.flatMap(c -> c.maxAge().isPresent() ? Optional.of(duration(c.maxAge().getAsLong())) : Optional.empty())
          .orElse("the end of the browser session");
      return who + " is " + a(category) + " cookie stored " + state.when() + " and asks to be kept "
          + (maxAge == null ? "longer" : "for " + duration(maxAge)) + ", longer than the " + cap
          + " the site's cookie-gate settings allow: data may be kept only as long as its purpose needs.";
    }
    if (category.equals(UNKNOWN)) {
      return who + " was stored " + state.when() + ". No catalog rule knows it, so it is treated as needing consent;"
          + " if it is strictly necessary to the site, declare it (cookies.necessary) so the gate and this scan know it.";
    }
    if (category.equals(Category.CHAT.id())) {
      return who + " is a chat cookie stored " + state.when()
          + ": a chat cookie may be stored only once the visitor opens the chat, or with consent to chat.";
    }
    return who + " is " + a(category) + " cookie stored " + state.when() + ": " + a(category)
        + " cookie needs the visitor's prior consent to " + category + ".";
  }

  private static String a(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static String duration(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (seconds >= 86_400 * 2) {
      return d.toDays() + " days";
    }
    if (seconds >= 7_200) {
      return d.toHours() + " hours";
    }
    return seconds + " seconds";
  }

  /**
   * A web storage key held for the site; a key no storage rule names is the site's own and never a
   * problem (gate.js lets it pass: see docs/web-storage.md).
   */
  Model.StorageSeen storage(StorageRule.Kind area, String key, String page, ScanState state) {
    Optional<StorageRule> r = gate.storageCatalog().classify(area, key);
    if (r.isEmpty()) {
      return new Model.StorageSeen(area.id(), key, page, UNCLASSIFIED, null, null, false, null);
    }
    Category c = r.get().category();
    String vendor = r.get().vendor().orElse(null);
    boolean problem = !CookieGate.allows(c, state.activation(), state.consent());
    String why = null;
    if (problem) {
      String who = "The " + area.id() + " key " + key + (vendor == null ? "" : " (" + vendor + ")");
      why = c == Category.CHAT
          ? who + " is chat storage held " + state.when() + ": like a chat cookie, it may be stored only once the"
              + " visitor opens the chat, or with consent to chat (EDPB Guidelines 2/2023: web storage is terminal storage)."
          : who + " is " + a(c.id()) + " key held " + state.when() + ": web storage is terminal storage, so it needs"
              + " the visitor's prior consent to " + c.id() + " as a cookie would (EDPB Guidelines 2/2023).";
    }
    return new Model.StorageSeen(area.id(), key, page, c.id(), vendor, r.get().kind().id() + " " + r.get().pattern(),
        problem, why);
  }

  /** A third-party host; {@code status} loaded, held or requested. */
  HostSeen host(String host, String url, String how, String status, ScanState state) {
    Optional<HostRule> r = gate.hostCatalog().match(host);
    String category = r.map(x -> x.category().id()).orElse(UNCLASSIFIED);
    String vendor = r.flatMap(HostRule::vendor).orElse(null);
    boolean problem = !status.equals("held") && r.isPresent()
        && !CookieGate.allows(r.get().category(), state.activation(), state.consent());
    String why = null;
    if (problem) {
      String what = status.equals("requested") ? "The browser contacted " + host : "The page loads " + how + " from " + host;
      String rule = r.get().category() == Category.CHAT
          ? "a chat vendor may be contacted only once the visitor opens the chat, or with consent to chat"
          : "loading it lets the " + category + " vendor read or store identifiers on the visitor's device, which needs prior consent to " + category;
      why = what + (vendor == null ? "" : " (" + vendor + ", " + category + ")") + " " + state.when() + ": " + rule + ".";
    }
    return new HostSeen(host, url, how, status, category, vendor, problem, why);
  }
}
