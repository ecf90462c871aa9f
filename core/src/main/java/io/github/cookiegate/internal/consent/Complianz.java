package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.COMPLIANZ;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.LOG;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.MAX_COPIES;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.MAX_VALUE_LENGTH;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.ConsentResolver;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Complianz (WordPress): one cookie per category, {@code cmplz_functional}, {@code
 * cmplz_preferences}, {@code cmplz_statistics}, {@code cmplz_marketing}, each {@code allow} or
 * {@code deny}, as the plugin's {@code cmplz_set_consent} writes them (default prefix {@code
 * cmplz_}). A choice is made when one of them is present; only {@code allow} grants. Several
 * copies of one cookie: each must allow.
 */
final class Complianz implements ConsentResolver {
  static final String PREFIX = "cmplz_";
  static final List<String> CATEGORIES = List.of("functional", "preferences", "statistics", "marketing");
  /** The cookie of each of {@link #CATEGORIES}, in the same order. */
  static final List<String> COOKIES = CATEGORIES.stream().map(c -> PREFIX + c).toList();
  private final ConsentMapping mapping;

  Complianz(ConsentMapping mapping) {
    this.mapping = mapping;
  }

  @Override
  public String id() {
    return COMPLIANZ;
  }

  @Override
  public Optional<ConsentState> resolve(ConsentRequest request) {
    try {
      Map<String, Boolean> choice = null; // made only when a cmplz_ cookie is there: most requests carry none
      for (int i = 0; i < CATEGORIES.size(); i++) {
        String cookie = COOKIES.get(i);
        List<String> values = request.cookies(cookie);
        if (values.isEmpty()) {
          continue;
        }
        if (values.size() > MAX_COPIES) {
          throw new Unreadable(values.size() + " copies of " + cookie);
        }
        boolean allow = true;
        for (String v : values) {
          if (v == null || v.length() > MAX_VALUE_LENGTH) {
            throw new Unreadable("unreadable " + cookie);
          }
          allow &= v.strip().equalsIgnoreCase("allow"); // deny, or anything else, grants nothing
        }
        if (choice == null) {
          choice = caseInsensitive();
        }
        choice.put(CATEGORIES.get(i), allow);
      }
      if (choice == null) {
        return Optional.empty();
      }
      return Optional.of(GateAccess.consentState(COMPLIANZ, mapping.grant(choice::get), null, -1));
    } catch (Unreadable e) {
      return none(e.getMessage());
    } catch (RuntimeException e) {
      return none(e.getClass().getName());
    }
  }

  private static Optional<ConsentState> none(String why) {
    LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + COMPLIANZ + ": " + why);
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ConsentResolver[" + COMPLIANZ + ", cookies " + PREFIX + "<category>, " + mapping + "]";
  }
}
