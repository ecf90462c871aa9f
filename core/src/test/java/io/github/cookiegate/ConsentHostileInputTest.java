package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.consent.ConsentPlatforms;
import io.github.cookiegate.internal.consent.ConsentPlatformsTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #6 "Bad input": truncated, oversized, wrongly encoded and hostile values give "no consent
 * from this source", one DEBUG line (naming the source, never the value) and no exception.
 */
class ConsentHostileInputTest {

  private static final String NESTED_10000 = "[".repeat(10_000) + "]".repeat(10_000);
  private static final String NESTED_2000 = "[".repeat(2000) + "]".repeat(2000);
  private static final String OBJECTS_2000 = "{\"a\":".repeat(800) + "true" + "}".repeat(800);

  private final Logger jul = Logger.getLogger(ConsentResolver.class.getName());
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previous;

  @BeforeEach
  void capture() {
    previous = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(handler);
  }

  @AfterEach
  void release() {
    jul.removeHandler(handler);
    jul.setLevel(previous);
  }

  static Stream<Arguments> hostile() {
    String tc = ConsentPlatformsTest.Tcf.OBSERVED;
    return Stream.of(
        Arguments.of("tcf", "euconsent-v2", tc.substring(0, 20)),                        // truncated
        Arguments.of("tcf", "euconsent-v2", tc + "A".repeat(100 * 1024)),               // 100 KB
        Arguments.of("tcf", "euconsent-v2", "C" + "A".repeat(40).replace('A', '+')),    // not base64url
        Arguments.of("tcf", "euconsent-v2", "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"),    // TCF v1 string
        Arguments.of("tcf", "euconsent-v2", "C\u00e9" + "A".repeat(60)),                // non-ASCII
        Arguments.of("didomi", "didomi_token", "eyJ1c2VyX2lkIjoi!!!"),                  // invalid base64
        Arguments.of("didomi", "didomi_token", "eyJ1c2VyX2lk"),                         // truncated JSON
        Arguments.of("didomi", "didomi_token", Base64.getEncoder().encodeToString(NESTED_2000.getBytes(StandardCharsets.UTF_8))),
        Arguments.of("didomi", "didomi_token", Base64.getEncoder().encodeToString(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})),
        Arguments.of("axeptio", "axeptio_cookies", NESTED_10000),                       // 10,000 deep
        Arguments.of("axeptio", "axeptio_cookies", NESTED_2000),                        // deep within the length bound
        Arguments.of("axeptio", "axeptio_cookies", "%7B%22%24%24completed%22%3Atrue%2C%22a%22%3A%22%C3%28%22%7D"), // bad UTF-8
        Arguments.of("axeptio", "axeptio_cookies", "%7B%22%24%24completed%22%3Atrue"),   // truncated
        Arguments.of("klaro", "klaro", OBJECTS_2000),
        Arguments.of("klaro", "klaro", "%7B%22crisp%22%3Atrue%2C"),
        Arguments.of("klaro", "klaro", "x".repeat(100 * 1024)),
        Arguments.of("orestbida", "cc_cookie", NESTED_10000),
        Arguments.of("orestbida", "cc_cookie", "{\"categories\":\"analytics\"}"),
        Arguments.of("cookiebot", "CookieConsent", "%7Bstamp%3A'abc"),
        Arguments.of("cookiebot", "CookieConsent", "{necessary:true,preferences:" + "[".repeat(2000)),
        Arguments.of("onetrust", "OptanonConsent", "groups=" + "C0002%3A1%2C".repeat(2000)),
        Arguments.of("onetrust", "OptanonConsent", "isGpcEnabled=0&interactionCount=1"),
        Arguments.of("cookieyes", "cookieyes-consent", "consent:yes,action:yes," + "analytics:yes,".repeat(400)),
        Arguments.of("tarteaucitron", "tarteaucitron", "!!!!!!"),
        Arguments.of("tarteaucitron", "tarteaucitron", "!gtag=%E0%A4"));
  }

  @ParameterizedTest(name = "{0}: {index}")
  @MethodSource("hostile")
  void hostileValueIsNoConsentFromThisSourceWithOneDebugLine(String platform, String cookie, String value) {
    var resolver = ConsentPlatforms.resolver(platform, ConsentPlatforms.defaultMappings().get(platform));
    var result = resolver.resolve(ConsentRequest.of(Map.of(cookie, List.of(value)), Map.of()));
    assertThat(result).isEmpty();
    assertThat(records).hasSize(1);
    String line = records.get(0).getMessage();
    assertThat(records.get(0).getLevel()).isEqualTo(Level.FINE);
    assertThat(line).contains("no consent from " + platform);
    if (value.length() > 8) {
      assertThat(line).doesNotContain(value.substring(0, 8));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void theGateReadsNoConsentAndDoesNotThrow(String platform, String cookie, String value) {
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).build();
    ConsentState state = gate.resolveConsent(ConsentRequest.of(Map.of(cookie, List.of(value)), Map.of()));
    assertThat(state).isEqualTo(ConsentState.none());
  }
}
