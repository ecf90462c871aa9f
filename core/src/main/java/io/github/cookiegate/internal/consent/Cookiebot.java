package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.COOKIEBOT;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.jsonObject;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.time.Instant;
import java.util.Map;

/**
 * {@code CookieConsent}: a URL-encoded JavaScript object literal, {@code {stamp:'...',necessary:true,
 * preferences:false,statistics:false,marketing:false,method:'explicit',ver:1,utc:...}}. {@code
 * method:'implied'} (consent assumed, not given) and {@code stamp:'-1'} (no consent asked) are no
 * choice. {@code ver} is not compared: Cookiebot asks again itself when its declaration changes.
 */
final class Cookiebot extends Platform {
  Cookiebot(ConsentMapping mapping) {
    super(COOKIEBOT, "CookieConsent", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, Object> json = jsonObject(percentDecode(value, false), true);
    if ("-1".equals(json.get("stamp"))) {
      throw new Unreadable("no consent asked (stamp -1)");
    }
    if ("implied".equals(json.get("method"))) {
      throw new Unreadable("implied consent");
    }
    Map<String, Boolean> categories = caseInsensitive();
    json.forEach((k, v) -> {
      if (v instanceof Boolean b) {
        categories.put(k, b);
      }
    });
    if (categories.isEmpty()) {
      throw new Unreadable("no category");
    }
    Instant timestamp = json.get("utc") instanceof Long utc && utc > 0 ? Instant.ofEpochMilli(utc) : null;
    return new Stored(categories::get, timestamp, -1);
  }
}
