package io.github.cookiegate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithSize;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import io.github.cookiegate.internal.text.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One coverage-guided fuzz target (Jazzer) for every built-in consent resolver, the JSON reader and
 * the TC string decoder, dispatched on the first argument so that {@code mvn verify} runs one JVM
 * for all: whatever the values, resolving never throws, and a state read grants only
 * consent-required categories under the resolver's own id. See {@link SetCookieFuzzTest} for how
 * the modes run; fuzz longer with {@code mvn -pl core test-compile
 * surefire:test@fuzz-consent-resolvers -Dfuzz.duration=5m}.
 */
class ConsentResolverFuzzTest {

  private static final Map<String, ConsentMapping> MAPPINGS = ConsentPlatforms.defaultMappings();
  private static final String[] COOKIES = {"tarteaucitron", "axeptio_cookies", "didomi_token", "OptanonConsent",
      "CookieConsent", "klaro", "cc_cookie", "cookieyes-consent", "euconsent-v2"};
  private static final CookieGate GATE = CookieGate.builder().listener(GateListener.none()).build();

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({
    "true", "false", "wait", "{", "}", "[", "]", "\"", "'", ":", ",", "%7B", "%22", "%3A", "%2C", "%C3%28", "\\u00",
    "$$completed", "$$date", "categories", "revision", "groups=", "C0002%3A1", "interactionCount=1", "action:yes",
    "consent:yes", "analytics:yes", "stamp:", "method:'implied'", "utc:", "enabled", "disabled", "cookies", "CP", "C",
    "2026-01-01T00:00:00Z", "!gtag=true", "!crisp=true", "="
  })
  void resolve(byte which, @NotNull @WithSize(max = 3) List<@NotNull @WithUtf8Length(max = 5000) String> values) {
    int n = Math.floorMod(which, COOKIES.length + 3);
    if (n == COOKIES.length) {
      for (String v : values) {
        Json.parse(v, false);
        Json.parse(v, true);
      }
      return;
    }
    if (n == COOKIES.length + 1) {
      for (String v : values) {
        try {
          TcString tc = TcString.decode(v);
          tc.purpose(1);
        } catch (IllegalArgumentException expected) {
          // unreadable: the resolver reports it as no consent
        }
      }
      return;
    }
    if (n == COOKIES.length + 2) {
      // The whole chain, on a Cookie header made of the values.
      ConsentState s = GATE.resolveConsent(ConsentRequest.fromCookieHeader(String.join("; ", values), Map.of("Sec-GPC", "1")));
      check(s, s.source());
      return;
    }
    String platform = ConsentPlatforms.IDS.get(n);
    ConsentResolver r = ConsentPlatforms.resolver(platform, MAPPINGS.get(platform));
    Map<String, List<String>> cookies = Map.of(COOKIES[n], values, "OptanonAlertBoxClosed",
        values.isEmpty() ? List.of() : List.of(values.get(0)));
    Optional<ConsentState> state = r.resolve(ConsentRequest.of(cookies, Map.of()));
    if (state == null) {
      throw new AssertionError(platform + " returned null");
    }
    if (state.isPresent()) {
      if (!state.get().isChoiceMade()) {
        throw new AssertionError(platform + " returned a state without a choice");
      }
      check(state.get(), platform);
    }
  }

  private static void check(ConsentState s, String source) {
    if (!s.source().equals(source) || !Category.CONSENT_REQUIRED.containsAll(s.granted())) {
      throw new AssertionError("bad state " + s + " from " + source);
    }
  }

  static Stream<Arguments> seeds() {
    List<Arguments> seeds = new ArrayList<>();
    seeds.add(Arguments.of((byte) 0, List.of("!gtag=true!crisp=false!tawkto=wait!intercomChat=true")));
    seeds.add(Arguments.of((byte) 1, List.of(ConsentPlatformsTest.Axeptio.VALUE)));
    seeds.add(Arguments.of((byte) 2, List.of(ConsentPlatformsTest.Didomi.STANDARD)));
    seeds.add(Arguments.of((byte) 3, List.of(ConsentPlatformsTest.OneTrust.VALUE)));
    seeds.add(Arguments.of((byte) 4, List.of(ConsentPlatformsTest.Cookiebot.ACCEPTED)));
    seeds.add(Arguments.of((byte) 5, List.of("{\"preferences\":true,\"crisp\":true}")));
    seeds.add(Arguments.of((byte) 6, List.of(ConsentPlatformsTest.Orestbida.VALUE)));
    seeds.add(Arguments.of((byte) 7, List.of("consent:yes,action:yes,functional:yes,analytics:no")));
    seeds.add(Arguments.of((byte) 8, List.of(ConsentPlatformsTest.Tcf.CPAN, ConsentPlatformsTest.Tcf.OBSERVED)));
    seeds.add(Arguments.of((byte) 9, List.of("{\"a\":[1,2.5e3,\"\\u0041\"],\"b\":{c:'d'}}")));
    seeds.add(Arguments.of((byte) 10, List.of(ConsentPlatformsTest.Tcf.OBSERVED)));
    seeds.add(Arguments.of((byte) 11, List.of("cookie_gate_consent=chat.r2", "euconsent-v2=" + ConsentPlatformsTest.Tcf.OBSERVED)));
    seeds.add(Arguments.of((byte) 5, List.of("[".repeat(3000))));
    return seeds.stream();
  }
}
