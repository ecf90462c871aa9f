package io.github.cookiegate;

import io.github.cookiegate.internal.text.Ascii;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Maps cookie names to a {@link Category}: an exact name, a glob ({@code intercom-id-*}) or a
 * regular expression, with the vendor that sets the cookie and, optionally, a retention that caps
 * the cookie's lifetime whenever it is allowed, and the purpose and lifetime the cookie declaration
 * tells the visitor (text as the vendor documents it; they change no decision).
 *
 * <p>Names are case-sensitive, as browsers store them. In a glob, {@code *} matches any run of
 * characters (the empty one included) anywhere in the name, and nothing else is special. A regex
 * must match the whole name.
 *
 * <pre>{@code
 * CookieRule.glob("cw_user_*", Category.CHAT).withVendor("Chatwoot").withRetention(Duration.ofHours(1))
 *     .withPurpose("cached contact details").withLifetime("1 hour");
 * }</pre>
 *
 * <p>Within one catalog layer an exact rule beats a glob, a glob beats a regex, and of two globs the
 * one with more literal characters wins (then the one declared first); see {@link CookieCatalog}.
 */
public final class CookieRule {

  /** How the pattern is matched. */
  public enum Kind { EXACT, GLOB, REGEX }

  private final Kind kind;
  private final String pattern;
  private final Category category;
  private final String vendor;
  private final Duration retention;
  private final String purpose;
  private final String lifetime;
  private final String source;
  private final Csv.Tail texts; // a built-in row's lifetime,purpose,source, decoded when asked for; else null
  private final Pattern regex;
  private final String[] globParts;

  private CookieRule(Kind kind, String pattern, Category category, String vendor, Duration retention) {
    this(kind, pattern, category, vendor, retention, null, null, null);
  }

  private CookieRule(Kind kind, String pattern, Category category, String vendor, Duration retention,
      String purpose, String lifetime, String source) {
    this(kind, pattern, category, vendor, retention, purpose, lifetime, source, null);
  }

  private CookieRule(Kind kind, String pattern, Category category, String vendor, Duration retention,
      String purpose, String lifetime, String source, Csv.Tail texts) {
    this.texts = texts;
    this.kind = kind;
    this.pattern = pattern;
    this.category = category;
    this.vendor = vendor;
    this.retention = retention;
    this.purpose = purpose;
    this.lifetime = lifetime;
    this.source = source;
    this.regex = kind == Kind.REGEX ? compile(pattern) : null;
    this.globParts = kind == Kind.GLOB ? globParts(pattern) : null;
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("cookie-gate: cookie rule regex '" + regex + "' is invalid: "
          + e.getDescription(), e);
    }
  }

  /**
   * A built-in catalog row in one step (no copy per attribute): a glob when the pattern holds
   * {@code *}, else exact; blank texts are absent.
   */
  static CookieRule row(String pattern, Category category, String vendor, String lifetime, String purpose,
      String source) {
    requireName(pattern);
    return new CookieRule(pattern.indexOf('*') < 0 ? Kind.EXACT : Kind.GLOB, pattern, category, blankToNull(vendor),
        null, blankToNull(purpose), blankToNull(lifetime), blankToNull(source));
  }

  /**
   * A built-in catalog row whose texts (lifetime, purpose, source, in that order) stay undecoded in
   * the resource's bytes until the declaration asks for them: classifying needs none of them.
   */
  static CookieRule row(String pattern, Category category, String vendor, Csv.Tail texts) {
    requireName(pattern);
    return new CookieRule(pattern.indexOf('*') < 0 ? Kind.EXACT : Kind.GLOB, pattern, category, blankToNull(vendor),
        null, null, null, null, texts);
  }

  private String purposeText() {
    return texts == null ? purpose : blankToNull(texts.field(1));
  }

  private String lifetimeText() {
    return texts == null ? lifetime : blankToNull(texts.field(0));
  }

  private String sourceText() {
    return texts == null ? source : blankToNull(texts.field(2));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Returns a rule for exactly this cookie name. */
  public static CookieRule exact(String name, Category category) {
    return new CookieRule(Kind.EXACT, requireName(name), Objects.requireNonNull(category, "category"), null, null);
  }

  /**
   * Returns a rule for a glob where {@code *} matches any run of characters; a pattern without
   * {@code *} is an exact rule.
   */
  public static CookieRule glob(String pattern, Category category) {
    requireName(pattern);
    Objects.requireNonNull(category, "category");
    if (pattern.indexOf('*') < 0) {
      return new CookieRule(Kind.EXACT, pattern, category, null, null);
    }
    return new CookieRule(Kind.GLOB, pattern, category, null, null);
  }

  /**
   * Returns a rule for names the regular expression matches as a whole.
   *
   * @throws IllegalArgumentException if the expression does not compile
   */
  public static CookieRule regex(String regex, Category category) {
    Objects.requireNonNull(regex, "regex");
    return new CookieRule(Kind.REGEX, regex, Objects.requireNonNull(category, "category"), null, null);
  }

  private static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("cookie-gate: a cookie rule needs a non-empty name or pattern");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Ascii.isCtlButHtab(c) || c == ';' || c == '=' || c == ',') {
        throw new IllegalArgumentException("cookie-gate: cookie name pattern '" + name.replaceAll("\\p{Cntrl}", "?")
            + "' contains '" + (Ascii.isCtlButHtab(c) ? "a control character" : String.valueOf(c))
            + "', which no cookie name can contain");
      }
    }
    return name;
  }

  /** Returns a copy naming the vendor that sets the cookie. */
  public CookieRule withVendor(String vendor) {
    Objects.requireNonNull(vendor, "vendor");
    return new CookieRule(kind, pattern, category, vendor.isBlank() ? null : vendor.strip(), retention,
        purposeText(), lifetimeText(), sourceText());
  }

  /**
   * Returns a copy with the purpose the cookie declaration shows, e.g. {@code "chat session id"};
   * blank clears it.
   */
  public CookieRule withPurpose(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    return new CookieRule(kind, pattern, category, vendor, retention, purpose.isBlank() ? null : purpose.strip(),
        lifetimeText(), sourceText());
  }

  /**
   * Returns a copy with the lifetime the vendor declares, as text ({@code "9 months"}, {@code
   * "session"}); the declaration shows it next to the lifetime left after the gate's caps. Blank
   * clears it. It changes no decision: {@link #withRetention} caps.
   */
  public CookieRule withLifetime(String lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    return new CookieRule(kind, pattern, category, vendor, retention, purposeText(),
        lifetime.isBlank() ? null : lifetime.strip(), sourceText());
  }

  /**
   * Returns a copy whose allowed cookies live at most {@code retention}: a longer {@code Max-Age} or
   * {@code Expires} is rewritten (CNIL: data kept only as long as its purpose needs).
   *
   * @throws IllegalArgumentException if the retention is zero or negative
   */
  public CookieRule withRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("cookie-gate: retention of '" + pattern + "' is " + retention
          + "; expected a positive duration");
    }
    return new CookieRule(kind, pattern, category, vendor, retention, purposeText(), lifetimeText(), sourceText());
  }

  /**
   * Returns a copy naming where the facts of this rule come from (a vendor's page, a data set and
   * its row), as the declaration shows it; blank clears it.
   */
  public CookieRule withSource(String source) {
    Objects.requireNonNull(source, "source");
    return new CookieRule(kind, pattern, category, vendor, retention, purposeText(), lifetimeText(),
        source.isBlank() ? null : source.strip());
  }

  /** Returns how the pattern is matched. */
  public Kind kind() {
    return kind;
  }

  /** Returns the name, glob or regex as given. */
  public String pattern() {
    return pattern;
  }

  /** Returns the category of the cookies this rule matches. */
  public Category category() {
    return category;
  }

  /** Returns the vendor that sets these cookies, when known. */
  public Optional<String> vendor() {
    return Optional.ofNullable(vendor);
  }

  /** Returns the lifetime cap for these cookies, when set. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** Returns what the cookies are for, as the declaration tells the visitor, when known. */
  public Optional<String> purpose() {
    return Optional.ofNullable(purposeText());
  }

  /** Returns the lifetime the vendor declares, as text, when known. */
  public Optional<String> lifetime() {
    return Optional.ofNullable(lifetimeText());
  }

  /** Returns where the facts of this rule come from, when stated. */
  public Optional<String> source() {
    return Optional.ofNullable(sourceText());
  }

  /** Whether this rule matches the cookie name (case-sensitive). */
  public boolean matches(String name) {
    return switch (kind) {
      case EXACT -> pattern.equals(name);
      case GLOB -> globMatches(globParts, name);
      case REGEX -> regex.matcher(name).matches();
    };
  }

  /** Literal characters in a glob: the more, the more specific. */
  int specificity() {
    return kind == Kind.GLOB ? pattern.length() - countStars(pattern) : pattern.length();
  }

  private static int countStars(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '*') {
        n++;
      }
    }
    return n;
  }

  /** The parts of a glob between its '*'s, empty ones included: {@code "a**b*"} gives a, "", b, "". */
  static String[] globParts(String glob) {
    int stars = countStars(glob);
    String[] parts = new String[stars + 1];
    int from = 0;
    for (int i = 0; i < stars; i++) {
      int star = glob.indexOf('*', from);
      parts[i] = glob.substring(from, star);
      from = star + 1;
    }
    parts[stars] = glob.substring(from);
    return parts;
  }

  /**
   * Matches parts split on '*': the first must start the name, the last must end it, the others
   * appear in order between (leftmost match is enough, so this is linear in practice).
   */
  static boolean globMatches(String[] parts, String name) {
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (name.length() < first.length() + last.length()
        || !name.startsWith(first)
        || !name.endsWith(last)) {
      return false;
    }
    int pos = first.length();
    int limit = name.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      int found = name.indexOf(part, pos);
      if (found < 0 || found + part.length() > limit) {
        return false;
      }
      pos = found + part.length();
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CookieRule r
        && r.kind == kind
        && r.pattern.equals(pattern)
        && r.category == category
        && Objects.equals(r.vendor, vendor)
        && Objects.equals(r.retention, retention)
        && Objects.equals(r.purposeText(), purposeText())
        && Objects.equals(r.lifetimeText(), lifetimeText())
        && Objects.equals(r.sourceText(), sourceText());
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, pattern, category, vendor, retention, purposeText(), lifetimeText(), sourceText());
  }

  @Override
  public String toString() {
    return "CookieRule[" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + pattern + " -> "
        + category.id() + (vendor == null ? "" : ", vendor=" + vendor)
        + (retention == null ? "" : ", retention=" + retention) + "]";
  }
}
