package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.ORESTBIDA;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.instant;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.jsonObject;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code cc_cookie} (orestbida/cookieconsent v3): URL-encoded JSON, {@code categories} the accepted
 * category names, {@code revision}, {@code lastConsentTimestamp}/{@code consentTimestamp}.
 */
final class Orestbida extends Platform {
  Orestbida(ConsentMapping mapping) {
    super(ORESTBIDA, "cc_cookie", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, Object> json = jsonObject(percentDecode(value, false), false);
    if (!(json.get("categories") instanceof List<?> list)) {
      throw new Unreadable("no categories");
    }
    Map<String, Boolean> accepted = caseInsensitive();
    for (Object o : list) {
      if (o instanceof String s) {
        accepted.put(s, Boolean.TRUE); // a category not listed was not accepted: absent
      }
    }
    int revision = json.get("revision") instanceof Long r && r >= 0 && r <= ConsentChoice.MAX_REVISION
        ? r.intValue() : -1;
    Object last = json.get("lastConsentTimestamp");
    Instant timestamp = instant(last != null ? last : json.get("consentTimestamp"));
    return new Stored(accepted::get, timestamp, revision);
  }
}
