package io.github.cookiegate.test;

import static io.github.cookiegate.Category.ANALYTICS;
import static io.github.cookiegate.Category.CHAT;
import static io.github.cookiegate.Category.MARKETING;
import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
import static io.github.cookiegate.test.CookieAssertions.assertThatPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.examples.DemoServer;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The kit against real Jetty and Tomcat: a correctly mapped site passes; each misconfiguration fails, named. */
class KitOnContainersIT {
  private final RecordingGateListener events = new RecordingGateListener();
  private final CookieGate gate = CookieGate.builder().listener(events)
      .cookies(Category.ANALYTICS, "_ga", "_ga_*").build();

  @ParameterizedTest
  @EnumSource(Site.Container.class)
  void aCorrectlyMappedSitePassesEveryRowOfTheDecisionTable(Site.Container container) throws Exception {
    try (Site site = Site.start(container, Site.Mapping.CORRECT, gate)) {
      VisitorSession visitor = VisitorSession.builder(site.uri()).gate(gate).build();

      visitor.fresh().get("/shop/home");
      assertThatCookies(visitor).setOnlyNecessaryCookies().sets("JSESSIONID");
      assertThatPage(visitor).loadsNoVendor();
      events.assertBlocked("intercom-id-demo").assertBlocked("_ga").assertNoneAllowedOf(CHAT, ANALYTICS, MARKETING);

      visitor.activate();
      assertThat(visitor.lastResponse().statusCode()).as(visitor.lastResponse().headers() + " " + visitor.lastResponse().body()).isEqualTo(204);
      assertThatCookies(visitor).sets("cookie_gate_chat").setOnlyNecessaryCookies();
      events.assertRecorded(GateEvent.Type.ACTIVATED);

      visitor.get("/shop/home");
      assertThatCookies(visitor).sets("intercom-id-*").setsWithLifetimeAtMost("intercom-id-*", Duration.ofHours(24))
          .setsOnlyCookiesOf(CHAT).setNoCookieOf(ANALYTICS, MARKETING);
      assertThat(visitor.hasCookie("intercom-id-demo")).isTrue();

      visitor.consent(CHAT, ANALYTICS);
      assertThat(visitor.lastResponse().statusCode()).isEqualTo(204);
      assertThat(visitor.consented()).containsExactlyInAnyOrder(CHAT, ANALYTICS);
      visitor.get("/shop/home");
      assertThatCookies(visitor).sets("_ga").setNoCookieOf(MARKETING);

      visitor.withdraw(ANALYTICS);
      assertThatCookies(visitor).expires("_ga").setNoCookieOf(ANALYTICS);
      assertThat(visitor.hasCookie("_ga")).isFalse();
      events.awaitEvent(e -> e.type() == GateEvent.Type.CONSENT_CHANGED, Duration.ofSeconds(2));

      visitor.end("/chat/end");
      assertThatCookies(visitor).expires("intercom-id-*");
      events.awaitEvent(GateEvent.Type.CONVERSATION_ENDED, Duration.ofSeconds(2));
      assertThat(visitor.hasCookie("intercom-id-demo")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Site.Container.class)
  void aTemplateServedOutsideTheFilterFailsNamingTheVendorScript(Site.Container container) throws Exception {
    try (Site site = Site.start(container, Site.Mapping.MISSING_PATHS, gate)) {
      VisitorSession visitor = VisitorSession.builder(site.uri()).gate(gate).build();
      visitor.get("/shop/home");
      assertThatPage(visitor).loadsNoVendor(); // the shop page is gated...
      visitor.get("/help/faq");                 // ...its sibling template is not
      assertThatThrownBy(() -> assertThatPage(visitor).loadsNoVendorOf(CHAT, ANALYTICS, MARKETING))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected the page of GET /help/faq to load nothing from a chat, analytics or marketing vendor")
          .hasMessageContaining("<script src> from widget.intercom.io: category chat, vendor Intercom")
          .hasMessageContaining("host rule 'widget.intercom.io' (built-in)");
    }
  }

  @ParameterizedTest
  @EnumSource(Site.Container.class)
  void aCookieSetOnAPathTheFilterMissesFailsNamingTheCookie(Site.Container container) throws Exception {
    try (Site site = Site.start(container, Site.Mapping.MISSING_PATHS, gate)) {
      VisitorSession visitor = VisitorSession.builder(site.uri()).gate(gate).build();
      visitor.get("/shop/home");
      assertThatCookies(visitor).setOnlyNecessaryCookies();
      visitor.get("/legacy/track");
      assertThatThrownBy(() -> assertThatCookies(visitor).setNoCookieOf(CHAT, ANALYTICS, MARKETING))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected the response to GET /legacy/track to set no chat, analytics or marketing cookie")
          .hasMessageContaining("intercom-id-legacy: category chat, vendor Intercom, rule glob 'intercom-id-*' (built-in)")
          .hasMessageNotContaining("77aa-visitor");
      assertThat(events.eventsFor("intercom-id-legacy")).as("the gate never saw it").isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Site.Container.class)
  void restAssuredResponsesAreAssertedToo(Site.Container container) throws Exception {
    try (Site site = Site.start(container, Site.Mapping.MISSING_PATHS, gate)) {
      RestAssuredCookieAssertions.assertThatCookies(RestAssured.given().port(site.port()).baseUri("http://127.0.0.1")
          .get("/shop/home")).withGate(gate).setOnlyNecessaryCookies();
      assertThatThrownBy(() -> RestAssuredCookieAssertions.assertThatCookies(RestAssured.given().port(site.port())
          .baseUri("http://127.0.0.1").get("/legacy/track").then().extract()).withGate(gate).setNoCookieOf(CHAT))
          .hasMessageContaining("intercom-id-legacy: category chat");
    }
  }

  @Test
  void theDemoExamplePassesWithItsOwnSettings() throws Exception {
    Server demo = DemoServer.start("localhost", 0);
    try {
      int port = ((ServerConnector) demo.getConnectors()[0]).getLocalPort();
      Map<String, String> settings = Map.of("cookies.analytics", "_ga, _ga_*", "cookies.chat", "fakechat-*, fakechat_*");
      CookieGate demoGate = CookieGate.fromSettings(settings);
      VisitorSession visitor = VisitorSession.builder(URI.create("http://localhost:" + port)).gate(demoGate).build();
      visitor.get("/");
      assertThatCookies(visitor).setOnlyNecessaryCookies();
      visitor.activate().get("/");
      assertThatCookies(visitor).sets("intercom-id-demo").setNoCookieOf(ANALYTICS, MARKETING);
      visitor.post("/consent", Map.of("grant", "chat.analytics")).get("/");
      assertThatCookies(visitor).sets("_ga");
      visitor.end("/chat/end");
      assertThatCookies(visitor).expires("intercom-id-demo");
    } finally {
      demo.stop();
    }
  }
}
