package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the web-platform-tests cases of {@code wpt-set-cookie.tsv} (WPT directories
 * {@code cookies/name}, {@code value}, {@code attributes}, {@code prefix}, {@code size}): each
 * cookie-string goes through {@link SetCookie#parse}, what it accepts goes into a
 * {@link SimulatedCookieJar}, and the page's view must be what WPT expects of a browser.
 */
class WptSetCookieConformanceTest {

  /** The jar's clock: WPT's dates (2007, 2027, 2038, 2100) must fall where the cases expect. */
  private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

  private static final List<WptCases.Case> CASES = WptCases.load();

  static List<WptCases.Case> cases() {
    return CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void leavesTheCookiesABrowserLeaves(WptCases.Case wpt) {
    SimulatedCookieJar jar = new SimulatedCookieJar(wpt.secureOrigin(), NOW);
    for (WptCases.Write write : wpt.writes()) {
      SetCookie.parse(write.cookieString()).ifPresent(cookie -> {
        if (write.api() == WptCases.Api.HTTP) {
          jar.receive(cookie);
        } else {
          jar.write(cookie);
        }
      });
    }

    String actual = wpt.view() == WptCases.View.DOCUMENT_COOKIE
        ? jar.documentCookie()
        : jar.cookieHeader();

    assertThat(actual)
        .as("%s line %d, set_cookie %s (%s)", WptCases.RESOURCE, wpt.line(),
            abbreviate(wpt.rawSetCookie()), wpt.view())
        .isEqualTo(wpt.expected());
  }

  @Test
  void coversEveryWptDirectoryInScope() {
    assertThat(CASES.stream().map(WptCases.Case::directory).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "cookies/name", "cookies/value", "cookies/attributes", "cookies/prefix",
            "cookies/size");
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
