package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.TARTEAUCITRON;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.caseInsensitive;
import static io.github.cookiegate.internal.consent.ConsentPlatforms.percentDecode;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;
import java.util.Map;

/** {@code tarteaucitron=!gtag=true!crisp=false!tawkto=wait}: service key to true, false or wait. */
final class Tarteaucitron extends Platform {
  Tarteaucitron(ConsentMapping mapping) {
    super(TARTEAUCITRON, "tarteaucitron", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    Map<String, Boolean> services = caseInsensitive();
    String v = percentDecode(value, false);
    int start = 0;
    while (start < v.length()) {
      int end = v.indexOf('!', start);
      if (end < 0) {
        end = v.length();
      }
      int eq = v.indexOf('=', start);
      if (eq > start && eq < end) {
        // Only "true" grants: false, wait (not answered yet) and anything else do not.
        services.put(v.substring(start, eq), v.substring(eq + 1, end).equals("true"));
      }
      start = end + 1;
    }
    if (services.isEmpty()) {
      throw new Unreadable("no service");
    }
    return new Stored(services::get);
  }
}
