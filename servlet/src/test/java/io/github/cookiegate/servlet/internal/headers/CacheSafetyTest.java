package io.github.cookiegate.servlet.internal.headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheSafetyTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', value = {
      "|Cookie",
      "Accept-Encoding|Accept-Encoding, Cookie",
      "accept-encoding, cookie|",
      "*|",
      "Origin,Accept|Origin,Accept, Cookie",
  })
  void mergesCookieIntoVary(String existing, String expected) {
    List<String> values = existing == null ? List.of() : List.of(existing);
    assertThat(CacheSafety.varyWithCookie(values)).isEqualTo(expected);
  }

  @Test
  void mergesSeveralVaryHeaders() {
    assertThat(CacheSafety.varyWithCookie(List.of("Accept", "Origin"))).isEqualTo("Accept, Origin, Cookie");
    assertThat(CacheSafety.varyWithCookie(List.of("Accept", "Cookie"))).isNull();
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', value = {
      "|Cookie, Sec-GPC",
      "Cookie, Sec-GPC|",
      "sec-gpc, COOKIE|",
      "Cookie|Cookie, Sec-GPC",
      "Accept|Accept, Cookie, Sec-GPC",
      "*|",
  })
  void mergesCookieAndGpcIntoVary(String existing, String expected) {
    List<String> values = existing == null ? List.of() : List.of(existing);
    assertThat(CacheSafety.varyWithCookieAndGpc(values)).isEqualTo(expected);
  }

  @Test
  void aVaryTheGateAlreadySetIsLeftAlone() {
    assertThat(CacheSafety.varyWithCookie(List.of("Cookie"))).isNull();
    assertThat(CacheSafety.varyWithCookie(List.of("cookie"))).isNull();
    assertThat(CacheSafety.varyWithCookie(List.of("Cookie", "Accept"))).isNull();
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', value = {
      "|private",
      "public, max-age=600|max-age=600, private",
      "public, max-age=600, s-maxage=3600, must-revalidate|max-age=600, must-revalidate, private",
      "no-cache|no-cache, private",
      "max-age=0, no-cache, must-revalidate|max-age=0, no-cache, must-revalidate, private",
      "private=\"Set-Cookie, X-Id\", max-age=60|max-age=60, private",
      "PUBLIC,MAX-AGE=5|MAX-AGE=5, private",
      "private, public|private",
      "max-age=5, private, s-maxage=9|max-age=5, private",
  })
  void makesCacheControlPrivate(String existing, String expected) {
    List<String> values = existing == null ? List.of() : List.of(existing);
    assertThat(CacheSafety.privateCacheControl(values)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"private", "no-store", "private, max-age=60", "max-age=0, NO-STORE", "Private"})
  void leavesAStricterCacheControlAlone(String existing) {
    assertThat(CacheSafety.privateCacheControl(List.of(existing))).isNull();
  }

  @Test
  void readsSeveralCacheControlHeaders() {
    assertThat(CacheSafety.privateCacheControl(List.of("public", "max-age=60"))).isEqualTo("max-age=60, private");
    assertThat(CacheSafety.privateCacheControl(List.of("public", "no-store"))).isNull();
  }
}
