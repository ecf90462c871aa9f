package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.ONETRUST;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.instant;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code OptanonConsent}: a URL query string whose {@code groups} is {@code C0001:1,C0002:0,...}.
 * Read as a choice only once the user interacted ({@code interactionCount} over 0, or an {@code
 * OptanonAlertBoxClosed} cookie, whose ISO time is the timestamp); {@code AwaitingReconsent=true}
 * is no choice. {@code version} is the OneTrust data version, not the site's policy revision.
 */
final class OneTrust extends Platform {
  OneTrust(ConsentMapping mapping) {
    super(ONETRUST, "OptanonConsent", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int start = 0;
    while (start < value.length()) {
      int end = value.indexOf('&', start);
      if (end < 0) {
        end = value.length();
      }
      int eq = value.indexOf('=', start);
      if (eq > start && eq < end) {
        fields.put(value.substring(start, eq), percentDecode(value.substring(eq + 1, end), true));
      }
      start = end + 1;
    }
    String groups = fields.get("groups");
    if (groups == null || groups.isEmpty()) {
      throw new Unreadable("no groups");
    }
    if ("true".equalsIgnoreCase(fields.get("AwaitingReconsent"))) {
      throw new Unreadable("awaiting re-consent");
    }
    List<String> closed = request.cookies("OptanonAlertBoxClosed");
    Instant timestamp = closed.isEmpty() ? null : instant(percentDecode(closed.get(0), false));
    if (closed.isEmpty() && !interacted(fields.get("interactionCount"))) {
      throw new Unreadable("no interaction yet");
    }
    Map<String, Boolean> ids = caseInsensitive();
    for (String g : groups.split(",", 64)) {
      int colon = g.lastIndexOf(':');
      if (colon > 0) {
        ids.put(g.substring(0, colon).strip(), g.substring(colon + 1).strip().equals("1"));
      }
    }
    return new Stored(ids::get, timestamp, -1);
  }

  private static boolean interacted(String count) {
    try {
      return count != null && Integer.parseInt(count.strip()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
