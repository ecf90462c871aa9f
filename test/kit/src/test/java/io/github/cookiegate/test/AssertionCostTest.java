package io.github.cookiegate.test;

import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
import static io.github.cookiegate.test.CookieAssertions.assertThatPage;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-call cost of the assertion helpers, measured with a nanoTime loop: it prints and does not
 * assert a time (a shared 2-core CI box would make a threshold flaky). Run alone with
 * {@code mvn -o verify -pl test/kit -am -Dtest='io/github/cookiegate/test/AssertionCostTest' -Dit.test=none}.
 */
class AssertionCostTest {
  private static final List<String> HEADERS = List.of(
      "JSESSIONID=node0abc123; Path=/; HttpOnly",
      "intercom-id-demo=; Path=/; Max-Age=0",
      "XSRF-TOKEN=t0k3n; Path=/; SameSite=Lax");

  @Test
  void printsTheCostOfOneAssertionChain() {
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).cookies(Category.ANALYTICS, "_ga", "_ga_*").build();
    String page = "<!doctype html><html><head><title>t</title><link rel=stylesheet href=/a.css>"
        + "<script type=\"text/plain\" data-cookie-gate=\"chat\" data-cookie-gate-src=\"https://widget.intercom.io/w\"></script>"
        + "</head><body>" + "<p class=x><a href=\"/p\">text</a> <img src=\"/i.png\" alt=\"\"></p>\n".repeat(80) + "</body></html>";

    double cookies = measure(() -> assertThatCookies(HEADERS).withGate(gate)
        .setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING).setOnlyNecessaryCookies()
        .sets("JSESSIONID").expires("intercom-id-*"), 200_000);
    double pageCost = measure(() -> assertThatPage(page).withGate(gate).loadsNoVendor(), 10_000);
    double failing = measure(() -> {
      try {
        assertThatCookies(List.of("intercom-id-demo=x; Path=/")).withGate(gate).setNoCookieOf(Category.CHAT);
      } catch (AssertionError expected) {
        return;
      }
      throw new IllegalStateException("did not fail");
    }, 50_000);
    System.out.printf("cookie-gate-test per call: cookie chain (3 headers, 4 assertions) %.2f us; "
        + "page scan (%d chars) %.2f us; failing assertion with its message %.2f us%n",
        cookies / 1000, page.length(), pageCost / 1000, failing / 1000);
    assertThat(cookies).isPositive(); // only that it ran; the figure is printed, not judged
  }

  /** Mean nanoseconds per call over {@code n} calls, after {@code n / 4} warm-up calls. */
  private static double measure(Runnable r, int n) {
    for (int i = 0; i < n / 4; i++) {
      r.run();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      r.run();
    }
    return (System.nanoTime() - t0) / (double) n;
  }
}
