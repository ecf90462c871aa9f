package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.KLARO;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.jsonObject;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.util.Map;

/** {@code klaro}: URL-encoded JSON, service name to boolean. */
final class Klaro extends Platform {
  Klaro(ConsentMapping mapping) {
    super(KLARO, "klaro", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, Object> json = jsonObject(percentDecode(value, false), false);
    Map<String, Boolean> services = caseInsensitive();
    json.forEach((k, v) -> {
      if (v instanceof Boolean b) {
        services.put(k, b);
      }
    });
    if (services.isEmpty()) {
      throw new Unreadable("no service");
    }
    return new Stored(services::get);
  }
}
