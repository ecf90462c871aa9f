package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.AXEPTIO;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.instant;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.jsonObject;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.util.Map;

/** {@code axeptio_cookies}: URL-encoded JSON, {@code $$}-keys reserved, vendor key to boolean. */
final class Axeptio extends Platform {
  Axeptio(ConsentMapping mapping) {
    super(AXEPTIO, "axeptio_cookies", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, Object> json = jsonObject(percentDecode(value, false), false);
    if (!Boolean.TRUE.equals(json.get("$$completed"))) {
      throw new Unreadable("choice not completed");
    }
    Map<String, Boolean> vendors = caseInsensitive();
    json.forEach((k, v) -> {
      if (!k.startsWith("$$") && v instanceof Boolean b) {
        vendors.put(k, b);
      }
    });
    return new Stored(vendors::get, instant(json.get("$$date")), -1);
  }
}
