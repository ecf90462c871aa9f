package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.COOKIEYES;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cookieyes-consent}: {@code consentid:...,consent:yes,action:yes,necessary:yes,
 * functional:no,...}. Read as a choice only once the user acted on the banner ({@code action:yes}).
 */
final class CookieYes extends Platform {
  CookieYes(ConsentMapping mapping) {
    super(COOKIEYES, "cookieyes-consent", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    String v = percentDecode(value, false);
    Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String pair : v.split(",", 64)) {
      int colon = pair.indexOf(':');
      if (colon > 0) {
        fields.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
      }
    }
    if (!"yes".equalsIgnoreCase(fields.get("action"))) {
      throw new Unreadable("no action on the banner yet");
    }
    Map<String, Boolean> categories = caseInsensitive();
    fields.forEach((k, f) -> {
      if (f.equalsIgnoreCase("yes") || f.equalsIgnoreCase("no")) {
        categories.put(k, f.equalsIgnoreCase("yes"));
      }
    });
    return new Stored(categories::get);
  }
}
