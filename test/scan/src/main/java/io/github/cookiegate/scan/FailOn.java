package io.github.cookiegate.scan;

import io.github.cookiegate.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which findings fail the scan (exit code 1): a comma-separated list of {@code state} or
 * {@code state:category}, such as {@code fresh,activated:analytics}; {@code any} for every state,
 * {@code none} to never fail.
 */
final class FailOn {

  static final String DEFAULT = ScanState.FRESH;
  static final String UNKNOWN = "unknown";

  /** One term: a state id (or null for any state) and a category id (or null for any). */
  private record Term(String state, String category) {}

  private final String spec;
  private final List<Term> terms;

  private FailOn(String spec, List<Term> terms) {
    this.spec = spec;
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses the option's value.
   *
   * @throws IllegalArgumentException naming the option, the bad term and the accepted values
   */
  static FailOn parse(String spec) {
    List<Term> terms = new ArrayList<>();
    String s = spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("none")) {
      return new FailOn("none", terms);
    }
    for (String raw : s.split(",", -1)) {
      String t = raw.strip();
      if (t.isEmpty()) {
        throw bad(spec, raw);
      }
      String state;
      String category = null;
      if (t.startsWith(ScanState.CONSENT_PREFIX)) {
        int second = t.indexOf(':', ScanState.CONSENT_PREFIX.length());
        state = second < 0 ? t : t.substring(0, second);
        category = second < 0 ? null : t.substring(second + 1);
      } else {
        int colon = t.indexOf(':');
        state = colon < 0 ? t : t.substring(0, colon);
        category = colon < 0 ? null : t.substring(colon + 1);
      }
      if (!state.equals("any") && ScanState.byId(state).isEmpty()) {
        throw bad(spec, raw);
      }
      if (category != null && !category.equals(UNKNOWN)
          && Category.fromId(category).filter(Category::requiresConsent).isEmpty()) {
        throw bad(spec, raw);
      }
      terms.add(new Term(state.equals("any") ? null : state, category));
    }
    return new FailOn(s, terms);
  }

  private static IllegalArgumentException bad(String spec, String term) {
    return new IllegalArgumentException("--fail-on is '" + spec + "': '" + term.strip() + "' is not a state or state:category;"
        + " expected 'none', or a comma-separated list of 'any' or a state (" + String.join(", ", ScanState.ids())
        + "), each optionally followed by ':' and a category (chat, functional, analytics, marketing, unknown),"
        + " e.g. fresh,activated:analytics");
  }

  /** Whether a finding in this state, of this category id ({@code unknown} for an unknown cookie), fails the scan. */
  boolean matches(String state, String category) {
    for (Term t : terms) {
      if ((t.state == null || t.state.equals(state)) && (t.category == null || t.category.equals(category))) {
        return true;
      }
    }
    return false;
  }

  /** The states a term names, to warn when a term names a state the scan does not visit. */
  List<String> states() {
    return terms.stream().map(Term::state).filter(x -> x != null).distinct().toList();
  }

  @Override
  public String toString() {
    return spec;
  }
}
