package io.github.cookiegate;

import java.util.Objects;
import java.util.Optional;

/**
 * What the catalog says of a cookie name: the rule that matched and its category, or unknown when
 * no rule matched. Instances are shared and immutable.
 */
public final class Classification {

  private static final Classification UNKNOWN = new Classification(null);

  private final CookieRule rule;
  private final Optional<Category> category;
  private final Optional<CookieRule> ruleOptional;

  private Classification(CookieRule rule) {
    this.rule = rule;
    this.category = rule == null ? Optional.empty() : Optional.of(rule.category());
    this.ruleOptional = Optional.ofNullable(rule);
  }

  /** Returns the classification of a name that no rule matches. */
  public static Classification unknown() {
    return UNKNOWN;
  }

  /** Returns the classification by this rule. */
  public static Classification of(CookieRule rule) {
    return new Classification(Objects.requireNonNull(rule, "rule"));
  }

  /** Whether a rule matched. */
  public boolean isKnown() {
    return rule != null;
  }

  /** Returns the category of the matching rule, or empty when unknown. */
  public Optional<Category> category() {
    return category;
  }

  /** Returns the matching rule, or empty when unknown. */
  public Optional<CookieRule> rule() {
    return ruleOptional;
  }

  /** Returns the vendor of the matching rule, when known. */
  public Optional<String> vendor() {
    return rule == null ? Optional.empty() : rule.vendor();
  }

  CookieRule ruleOrNull() {
    return rule;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Classification c && Objects.equals(c.rule, rule);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(rule);
  }

  @Override
  public String toString() {
    return rule == null ? "Classification[unknown]" : "Classification[" + rule + "]";
  }
}
