package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentPlatforms.TCF;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Platform;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Stored;
import io.github.cookiegate.internal.consent.ConsentPlatforms.Unreadable;

/**
 * {@code euconsent-v2}: the IAB TCF v2 TC string. Purpose 1 (store and/or access information on a
 * device) refused: nothing is granted. Purposes the string's policy version does not define
 * (11 before TCF v2.2) are absent. Vendor consents and publisher restrictions are not read.
 */
final class Tcf extends Platform {
  Tcf(ConsentMapping mapping) {
    super(TCF, "euconsent-v2", mapping);
  }

  @Override
  Stored read(String value, ConsentRequest request) {
    TcString tc;
    try {
      tc = TcString.decode(value);
    } catch (IllegalArgumentException e) {
      throw new Unreadable(e.getMessage());
    }
    if (!tc.purpose(1)) {
      return new Stored(k -> null, tc.lastUpdated, -1);
    }
    int count = tc.purposeCount();
    return new Stored(key -> {
      int n = purposeNumber(key);
      return n < 1 || n > count ? null : tc.purpose(n);
    }, tc.lastUpdated, -1);
  }

  private static int purposeNumber(String key) {
    if (key.length() == 1 && key.charAt(0) >= '1' && key.charAt(0) <= '9') {
      return key.charAt(0) - '0';
    }
    return key.equals("10") ? 10 : key.equals("11") ? 11 : -1;
  }
}
