package io.github.cookiegate.test;

import static io.github.cookiegate.Category.ANALYTICS;
import static io.github.cookiegate.Category.MARKETING;
import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
import static io.github.cookiegate.test.CookieAssertions.assertThatPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.examples.webxml.TomcatLauncher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit against an example application as users ship it: the web.xml WAR, on embedded Tomcat,
 * judged with the example's own configuration (the init params of its web.xml).
 */
class KitOnExamplesIT {
  /** What examples/webxml-tomcat/src/main/webapp/WEB-INF/web.xml configures. */
  static final Map<String, String> WEB_XML = Map.of(
      "cookies.chat", "support-chat-*",
      "cookies.analytics", "site_stats",
      "chat-max-age", "PT2H");

  private final CookieGate gate = CookieGate.fromSettings(WEB_XML);

  @Test
  void theWebXmlExamplePassesEveryStepOfTheWalk() throws Exception {
    try (TomcatLauncher.Running app = TomcatLauncher.start(0)) {
      VisitorSession visitor = VisitorSession.builder(app.uri()).gate(gate).build();

      visitor.fresh().get("/");
      assertThat(visitor.lastResponse().statusCode()).isEqualTo(200);
      assertThatCookies(visitor).setOnlyNecessaryCookies().doesNotSet("support-chat-visitor").doesNotSet("site_stats");
      assertThatPage(visitor).loadsNoVendor();

      visitor.activate();
      visitor.get("/");
      assertThatCookies(visitor).sets("support-chat-visitor")
          .setsWithLifetimeAtMost("support-chat-*", Duration.ofHours(2)).setNoCookieOf(ANALYTICS, MARKETING);
      visitor.post("/chat/start");
      assertThatCookies(visitor).sets("support-chat-conversation")
          .setsWithLifetimeAtMost("support-chat-*", Duration.ofHours(2));

      visitor.consent(ANALYTICS);
      visitor.get("/");
      assertThatCookies(visitor).sets("site_stats").setNoCookieOf(MARKETING);

      visitor.end("/chat/end");
      assertThatCookies(visitor).expires("support-chat-*");
      assertThat(visitor.hasCookie("support-chat-conversation")).isFalse();
    }
  }

  @Test
  void aStricterPromiseThanTheAppKeepsFailsNamingTheCookie() throws Exception {
    try (TomcatLauncher.Running app = TomcatLauncher.start(0)) {
      VisitorSession visitor = VisitorSession.builder(app.uri()).gate(gate).build();
      visitor.activate().post("/chat/start");
      // The example caps chat cookies at 2 hours; a team that promised 1 hour learns it here.
      assertThatThrownBy(() -> assertThatCookies(visitor).setsWithLifetimeAtMost("support-chat-*", Duration.ofHours(1)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("support-chat-conversation")
          .hasMessageNotContaining("c-42"); // never the value
    }
  }
}
