package io.github.cookiegate;

import io.github.cookiegate.internal.text.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps the hosts a vendor's scripts, iframes and pixels load from to a {@link Category}: an exact
 * host name ({@code widget.intercom.io}) or a glob where {@code *} matches any run of characters
 * ({@code *.intercom-messenger.com}). Hosts compare lower-case; a port is never part of a rule.
 *
 * <pre>{@code
 * HostRule.of("*.example-chat.com", Category.CHAT).withVendor("Example Chat");
 * }</pre>
 */
public final class HostRule {

  private final String pattern;
  private final Category category;
  private final String vendor;
  private final String source;
  private final String[] globParts;

  private HostRule(String pattern, Category category, String vendor, String source) {
    this.pattern = pattern;
    this.category = category;
    this.vendor = vendor;
    this.source = source;
    this.globParts = pattern.indexOf('*') >= 0 ? CookieRule.globParts(pattern) : null;
  }

  /**
   * Returns a rule for a host or host glob.
   *
   * @throws IllegalArgumentException if the pattern is empty, has a port, a scheme, a path or
   *     characters no host name holds
   */
  public static HostRule of(String hostOrGlob, Category category) {
    Objects.requireNonNull(hostOrGlob, "hostOrGlob");
    Objects.requireNonNull(category, "category");
    String host = hostOrGlob.strip().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("cookie-gate: a host rule needs a host name or glob");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '*' || c == '_';
      if (!ok) {
        throw new IllegalArgumentException("cookie-gate: host '" + Text.printable(hostOrGlob)
            + "' holds '" + c + "'; expected a host name or glob such as *.example-chat.com (no scheme, port or path)");
      }
    }
    return new HostRule(host, category, null, null);
  }

  /** Returns a copy naming the vendor. */
  public HostRule withVendor(String vendor) {
    Objects.requireNonNull(vendor, "vendor");
    return new HostRule(pattern, category, vendor.isBlank() ? null : vendor.strip(), source);
  }

  /** Returns a copy naming where the facts of this rule come from; blank clears it. */
  public HostRule withSource(String source) {
    Objects.requireNonNull(source, "source");
    return new HostRule(pattern, category, vendor, source.isBlank() ? null : source.strip());
  }

  /** Returns where the facts of this rule come from, when stated. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /** Returns the host or glob, lower-case. */
  public String pattern() {
    return pattern;
  }

  /** Returns the category of what loads from these hosts. */
  public Category category() {
    return category;
  }

  /** Returns the vendor, when known. */
  public Optional<String> vendor() {
    return Optional.ofNullable(vendor);
  }

  /** Whether this is a glob rather than an exact host. */
  public boolean isGlob() {
    return globParts != null;
  }

  /** Whether the rule matches a host, given lower-case without a port. */
  public boolean matches(String host) {
    return globParts == null ? pattern.equals(host) : CookieRule.globMatches(globParts, host);
  }

  /** Literal characters: the more, the more specific. */
  int specificity() {
    int stars = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '*') {
        stars++;
      }
    }
    return pattern.length() - stars;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostRule r && r.pattern.equals(pattern) && r.category == category
        && Objects.equals(r.vendor, vendor) && Objects.equals(r.source, source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pattern, category, vendor, source);
  }

  @Override
  public String toString() {
    return "HostRule[" + pattern + " -> " + category.id() + (vendor == null ? "" : ", vendor=" + vendor) + "]";
  }
}
