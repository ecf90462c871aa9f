package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fluent assertions over the {@code Set-Cookie} headers of one response, classified the way the
 * application's own gate classifies them (its {@code cookies.*} and {@code unknown-cookies}
 * settings on top of the built-in catalog). Get one from {@link CookieAssertions#assertThatCookies},
 * {@code SpringCookieAssertions} or {@code RestAssuredCookieAssertions}.
 *
 * <p>A header that only deletes a cookie ({@code Max-Age<=0} or {@code Expires} in the past) does
 * not count as setting it: the gate's sweep sends those, and {@link #expires} checks them. A header
 * a browser would ignore ({@link SetCookie#parse} is empty) counts as nothing. Failure messages name
 * each offending cookie with its category, vendor and the rule that matched (pattern, and whether it
 * is a built-in or an app rule); never a cookie's value.
 *
 * <pre>{@code
 * assertThatCookies(response)
 *     .withSettings(Map.of("cookies.analytics", "_ga, _ga_*"))
 *     .setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING)
 *     .sets("JSESSIONID");
 * }</pre>
 *
 * <p>Not thread-safe; cheap: one instance per assertion.
 */
public final class CookieAssert {
  private final String source;
  private final List<String> headers;
  private final List<SetCookie> parsed;
  private Classifier classifier;

  CookieAssert(String source, List<String> setCookieHeaders) {
    this.source = source;
    this.headers = List.copyOf(setCookieHeaders);
    List<SetCookie> cookies = new ArrayList<>(headers.size());
    for (String h : headers) {
      SetCookie.parse(h).ifPresent(cookies::add);
    }
    this.parsed = cookies;
    this.classifier = Classifier.defaults();
  }

  /**
   * Classifies with this gate: the application's own, as built for its filter (the same builder
   * calls, or {@code CookieGate.fromSettings} of its init params).
   */
  public CookieAssert withGate(CookieGate gate) {
    this.classifier = Classifier.of(Objects.requireNonNull(gate, "gate"));
    return this;
  }

  /**
   * Classifies with the gate these settings build (the filter's init param keys, without the
   * {@code cookie-gate.} prefix).
   *
   * @throws IllegalArgumentException naming the setting, for an unknown key or a bad value
   */
  public CookieAssert withSettings(Map<String, String> settings) {
    return withGate(CookieGate.fromSettings(Objects.requireNonNull(settings, "settings")));
  }

  /** Asserts that no cookie of these categories is set; unknown cookies do not count unless {@code unknown-cookies} names one. */
  public CookieAssert setNoCookieOf(Category... categories) {
    Set<Category> banned = categories(categories);
    if (banned.isEmpty()) {
      throw new IllegalArgumentException("give at least one category");
    }
    List<SetCookie> bad = new ArrayList<>();
    for (SetCookie c : set()) {
      Optional<Category> cat = classifier.category(c.name());
      if (cat.isPresent() && banned.contains(cat.get())) {
        bad.add(c);
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to set no " + words(banned) + " cookie", bad);
    }
    return this;
  }

  /** Asserts that every cookie set is {@code necessary}: no chat, functional, analytics, marketing or unknown cookie. */
  public CookieAssert setOnlyNecessaryCookies() {
    return setsOnlyCookiesOf();
  }

  /**
   * Asserts that every cookie set is {@code necessary} or of one of these categories; an unknown
   * cookie fails (the gate would block it unless everything is consented or {@code unknown-cookies}
   * says otherwise).
   */
  public CookieAssert setsOnlyCookiesOf(Category... categories) {
    Set<Category> ok = categories(categories);
    ok.add(Category.NECESSARY);
    List<SetCookie> bad = new ArrayList<>();
    for (SetCookie c : set()) {
      Optional<Category> cat = classifier.category(c.name());
      if (cat.isEmpty() || !ok.contains(cat.get())) {
        bad.add(c);
      }
    }
    if (!bad.isEmpty()) {
      String what = ok.size() == 1 ? "only necessary cookies" : "only " + words(ok) + " cookies";
      throw offending("to set " + what, bad);
    }
    return this;
  }

  /** Asserts that, for each name or glob, at least one cookie it matches is set (not only deleted). */
  public CookieAssert sets(String... namesOrGlobs) {
    for (String glob : globs(namesOrGlobs)) {
      if (first(set(), glob).isEmpty()) {
        throw Failures.error("Expected " + source + " to set a cookie matching '" + glob + "', but it did not.\n"
            + inventory());
      }
    }
    return this;
  }

  /** Asserts that no cookie matching any of these names or globs is set (deleting it is fine). */
  public CookieAssert doesNotSet(String... namesOrGlobs) {
    List<SetCookie> bad = new ArrayList<>();
    for (SetCookie c : set()) {
      for (String glob : globs(namesOrGlobs)) {
        if (Glob.matches(glob, c.name())) {
          bad.add(c);
          break;
        }
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to set no cookie matching " + quoted(namesOrGlobs), bad);
    }
    return this;
  }

  /** Asserts that the response sets no cookie at all (deletions allowed). */
  public CookieAssert setsNothing() {
    List<SetCookie> set = set();
    if (!set.isEmpty()) {
      throw offending("to set no cookie", set);
    }
    return this;
  }

  /**
   * Asserts that, for each name or glob, the response expires at least one cookie it matches
   * ({@code Max-Age<=0} or {@code Expires} in the past): the end of a conversation, a withdrawal, the sweep.
   */
  public CookieAssert expires(String... namesOrGlobs) {
    for (String glob : globs(namesOrGlobs)) {
      if (first(deleted(), glob).isEmpty()) {
        throw Failures.error("Expected " + source + " to expire a cookie matching '" + glob + "', but it did not.\n"
            + inventory());
      }
    }
    return this;
  }

  /**
   * Asserts that each cookie set matching this name or glob has a lifetime of at most {@code max}
   * (a session cookie passes): {@code chat-max-age} at work.
   */
  public CookieAssert setsWithLifetimeAtMost(String nameOrGlob, Duration max) {
    Objects.requireNonNull(max, "max");
    Instant now = now();
    List<SetCookie> bad = new ArrayList<>();
    for (SetCookie c : set()) {
      if (Glob.matches(nameOrGlob, c.name())) {
        Optional<Duration> life = c.lifetime(now);
        if (life.isPresent() && life.get().compareTo(max) > 0) {
          bad.add(c);
        }
      }
    }
    if (!bad.isEmpty()) {
      throw offending("to set '" + nameOrGlob + "' for at most " + max, bad);
    }
    return this;
  }

  /** Returns the cookies the response sets (deletions and headers a browser would ignore left out), in order. */
  public List<SetCookie> cookies() {
    return List.copyOf(set());
  }

  /** Returns the cookies the response expires, in order. */
  public List<SetCookie> expiredCookies() {
    return List.copyOf(deleted());
  }

  /** Returns the raw {@code Set-Cookie} header values. */
  public List<String> headers() {
    return headers;
  }

  // ---------------------------------------------------------------- internals

  private Instant now() {
    return classifier.gate().clock().instant();
  }

  private List<SetCookie> set() {
    Instant now = now();
    List<SetCookie> out = new ArrayList<>(parsed.size());
    for (SetCookie c : parsed) {
      if (!c.isDeletion(now)) {
        out.add(c);
      }
    }
    return out;
  }

  private List<SetCookie> deleted() {
    Instant now = now();
    List<SetCookie> out = new ArrayList<>(2);
    for (SetCookie c : parsed) {
      if (c.isDeletion(now)) {
        out.add(c);
      }
    }
    return out;
  }

  private static Optional<SetCookie> first(List<SetCookie> cookies, String glob) {
    for (SetCookie c : cookies) {
      if (Glob.matches(glob, c.name())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private AssertionError offending(String expectation, List<SetCookie> bad) {
    StringBuilder sb = new StringBuilder("Expected ").append(source).append(' ').append(expectation)
        .append(", but it set ").append(bad.size() == 1 ? "this one" : "these " + bad.size()).append(":\n");
    for (SetCookie c : bad) {
      sb.append("  - ").append(classifier.describe(c.name())).append('\n');
    }
    return Failures.error(sb.append(inventory()).toString());
  }

  /** What the response sent, names only. */
  private String inventory() {
    Instant now = now();
    StringBuilder sb = new StringBuilder("Set-Cookie in the response (names only, values not shown): ");
    if (headers.isEmpty()) {
      return sb.append("none").toString();
    }
    int ignored = headers.size() - parsed.size();
    for (int i = 0; i < parsed.size(); i++) {
      SetCookie c = parsed.get(i);
      sb.append(i == 0 ? "" : ", ").append(Text.printable(c.name())).append(c.isDeletion(now) ? " (expired)" : "");
    }
    if (ignored > 0) {
      sb.append(parsed.isEmpty() ? "" : ", ").append(ignored).append(" header(s) a browser would ignore");
    }
    return sb.toString();
  }

  private static Set<Category> categories(Category... categories) {
    Set<Category> set = EnumSet.noneOf(Category.class);
    for (Category c : categories) {
      set.add(Objects.requireNonNull(c, "category"));
    }
    return set;
  }

  private static List<String> globs(String... namesOrGlobs) {
    if (namesOrGlobs.length == 0) {
      throw new IllegalArgumentException("give at least one cookie name or glob");
    }
    for (String g : namesOrGlobs) {
      Objects.requireNonNull(g, "nameOrGlob");
    }
    return Arrays.asList(namesOrGlobs);
  }

  private static String quoted(String... globs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < globs.length; i++) {
      sb.append(i == 0 ? "" : i == globs.length - 1 ? " or " : ", ").append('\'').append(globs[i]).append('\'');
    }
    return sb.toString();
  }

  /** {@code chat, analytics or marketing}, in the enum's order. */
  static String words(Set<Category> categories) {
    List<Category> list = new ArrayList<>(categories);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      sb.append(i == 0 ? "" : i == list.size() - 1 ? " or " : ", ").append(list.get(i).id());
    }
    return sb.toString();
  }
}
