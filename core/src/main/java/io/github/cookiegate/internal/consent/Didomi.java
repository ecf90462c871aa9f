package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.DIDOMI;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.instant;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.jsonObject;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.utf8;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code didomi_token}: base64 of JSON; {@code purposes} and {@code vendors} each with {@code
 * enabled} and {@code disabled} id lists. Consent only: the {@code _li} (legitimate interest)
 * lists are not consent. Purpose {@code cookies} (TCF purpose 1, storage) refused: nothing.
 */
final class Didomi extends Platform {
  Didomi(ConsentMapping mapping) {
    super(DIDOMI, "didomi_token", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    String v = percentDecode(value, false);
    byte[] bytes;
    try {
      bytes = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw new Unreadable("not base64");
    }
    Map<String, Object> json = jsonObject(utf8(bytes), false);
    Map<String, Boolean> ids = caseInsensitive();
    for (String list : new String[] {"vendors", "purposes"}) {
      Object o = json.get(list);
      if (o instanceof Map<?, ?> m) {
        put(ids, m.get("enabled"), true);
        put(ids, m.get("disabled"), false);
      }
    }
    if (ids.isEmpty()) {
      throw new Unreadable("no purpose or vendor");
    }
    if (Boolean.FALSE.equals(ids.get("cookies"))) {
      return new Stored(k -> null, instant(json.get("updated")), -1);
    }
    Object updated = json.get("updated");
    return new Stored(ids::get, instant(updated != null ? updated : json.get("created")), -1);
  }

  private static void put(Map<String, Boolean> ids, Object list, boolean enabled) {
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          // A purpose both enabled and disabled counts as disabled.
          ids.merge(s, enabled, Boolean::logicalAnd);
        }
      }
    }
  }
}
