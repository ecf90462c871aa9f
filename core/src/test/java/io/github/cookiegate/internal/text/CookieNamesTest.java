package io.github.cookiegate.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CookieNamesTest {

  /** Names one site's pages set and its browsers send back side by side (vendors' own names, consent platforms' and this library's). */
  static final List<String> SITE = List.of(
      "cookie_gate_chat", "cookie_gate_consent", "__Host-cookie_gate_chat", "__Host-cookie_gate_consent",
      "JSESSIONID", "SESSION", "XSRF-TOKEN", "theme", "lang", "cart", "AWSALB", "AWSALBCORS", "AWSALBTG",
      "intercom-id-app1", "intercom-session-app1", "intercom-device-id-app1", "_ga", "_gid", "_gat",
      "_ga_ABC123", "_ga_XYZ789", "_gcl_au", "_fbp", "_fbc", "__hstc", "__hssc", "__hssrc", "hubspotutk",
      "messagesUtk", "_hjSessionUser_123", "_hjSession_123", "_clck", "_clsk", "MUID", "_uetsid", "_uetvid",
      "__cf_bm", "cf_clearance", "ajs_anonymous_id", "ajs_user_id", "OptanonConsent", "OptanonAlertBoxClosed",
      "CookieConsent", "didomi_token", "euconsent-v2", "axeptio_cookies", "axeptio_authorized_vendors",
      "tarteaucitron", "cc_cookie", "klaro", "_pk_id.1.a1b2", "_pk_ses.1.a1b2", "drift_aid", "driftt_aid",
      "__zlcmid", "twk_uuid_5f3c", "TawkConnectionTime", "crisp-client/session/abc", "li_gc", "_ttp");

  @Test
  void returnsTheTextBetweenTheIndexesWhateverItIs() {
    Random random = new Random(7);
    String alphabet = "_-.abcABC019 =;\u00e9\u4e2d";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int c = random.nextInt(90); c > 0; c--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      int from = random.nextInt(s.length() + 1);
      int to = from + random.nextInt(s.length() - from + 1);
      assertThat(CookieNames.of(s, from, to)).isEqualTo(s.substring(from, to));
    }
  }

  @Test
  void aSitesNamesAreAllKeptOnceSeen() {
    Map<String, String> first = new java.util.HashMap<>();
    for (String name : SITE) {
      String header = "x; " + name + "=1";
      first.put(name, CookieNames.of(header, 3, 3 + name.length()));
    }
    for (int round = 0; round < 3; round++) {
      for (String name : SITE) {
        String header = "y=2; " + name + "=v";
        String again = CookieNames.of(header, 5, 5 + name.length());
        assertThat(again).as(name).isEqualTo(name).isSameAs(first.get(name));
      }
    }
  }

  @Test
  void namesThatShareASetAreKeptSideBySide() {
    // Two names of the same length that agree in the chars the set is taken from share it.
    String a = "_ga_Q1aZ";
    String b = "_ga_Q2aZ";
    String ka = CookieNames.of(a, 0, a.length());
    String kb = CookieNames.of(b, 0, b.length());
    assertThat(CookieNames.of(new String(a.toCharArray()), 0, a.length())).isSameAs(ka);
    assertThat(CookieNames.of(new String(b.toCharArray()), 0, b.length())).isSameAs(kb);
  }

  @Test
  void madeUpNamesOnlyReplaceEntriesAndLongNamesAreNotKept() {
    for (int i = 0; i < 20_000; i++) {
      String name = "attacker" + i;
      assertThat(CookieNames.of(name, 0, name.length())).isEqualTo(name);
    }
    String seen = "intercom-id-app1";
    String kept = CookieNames.of(seen, 0, seen.length());
    assertThat(CookieNames.of(seen + "=", 0, seen.length())).isSameAs(kept);
    String longName = "n".repeat(CookieNames.MAX_LENGTH + 1);
    String header = "a=b; " + longName + "=c";
    assertThat(CookieNames.of(header, 5, 5 + longName.length())).isEqualTo(longName)
        .isNotSameAs(CookieNames.of(header, 5, 5 + longName.length()));
    assertThat(CookieNames.of("abc", 1, 1)).isEmpty();
  }

  @Test
  void threadsReadingAtOnceAlwaysGetTheirOwnText() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          Map<String, Boolean> distinct = new IdentityHashMap<>();
          for (int i = 0; i < 200_000; i++) {
            String name = random.nextBoolean() ? SITE.get(random.nextInt(SITE.size())) : "n" + random.nextInt(600);
            String header = "k=v; " + name + "=x";
            String read = CookieNames.of(header, 5, 5 + name.length());
            if (!read.equals(name)) {
              throw new AssertionError(read + " read for " + name);
            }
            distinct.put(read, true);
          }
          return distinct.size();
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
