package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The counters in a running Tomcat application with the application's own SimpleMeterRegistry. */
@SpringBootTest(classes = {TestApp.class, TomcatServer.class, MetricsTest.Registry.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry registry;

  @Autowired
  ApplicationContext context;

  @Configuration
  static class Registry {
    @Bean
    SimpleMeterRegistry simpleMeterRegistry() {
      return new SimpleMeterRegistry();
    }

    /** Sets a cookie whose name the request chooses: an unknown cookie, as a vendor script might. */
    @RestController
    static class Unknown {
      @GetMapping("/unknown")
      String unknown(@RequestParam("name") String name, HttpServletResponse response) {
        response.addCookie(new Cookie(name, "v"));
        return "unknown";
      }
    }
  }

  @Test
  void runsOnTomcatWithTheApplicationsRegistry() {
    assertThat(BootLine.webServerClass(context)).isEqualTo("TomcatWebServer");
    assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
  }

  @Test
  void aFreshVisitorsSessionCookieIsCountedAllowedAndTheChatCookieBlocked() throws Exception {
    double session = cookies("allowed", "necessary", "Servlet container");
    double chat = cookies("blocked", "chat", "unknown");

    assertThat(get("/chat", null).statusCode()).isEqualTo(200);

    assertThat(cookies("allowed", "necessary", "Servlet container")).isEqualTo(session + 1);
    assertThat(cookies("blocked", "chat", "unknown")).isEqualTo(chat + 1);
  }

  @Test
  void activationIsAnEventAndTheChatCookieIsThenRewritten() throws Exception {
    double activated = events("activated");
    double rewritten = cookies("rewritten", "chat", "unknown");
    HttpResponse<String> a = http.send(HttpRequest.newBuilder(uri("/chat/activate"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(a.statusCode()).isEqualTo(204);
    assertThat(events("activated")).isEqualTo(activated + 1);

    String marker = a.headers().allValues("set-cookie").stream()
        .filter(h -> h.startsWith("cookie_gate_chat=")).findFirst().orElseThrow().split(";", 2)[0];
    get("/chat", marker);
    // chat-max-age=PT1H caps the controller's 7 days: the cookie passes rewritten
    assertThat(cookies("rewritten", "chat", "unknown")).isEqualTo(rewritten + 1);
  }

  @Test
  void consentedAnalyticsCookiesAreCountedAllowed() throws Exception {
    double before = cookies("allowed", "analytics", "unknown");
    double blocked = cookies("blocked", "analytics", "unknown");
    get("/stats", null);
    assertThat(cookies("blocked", "analytics", "unknown")).isEqualTo(blocked + 2);
    get("/stats", "cookie_gate_consent=analytics");
    assertThat(cookies("allowed", "analytics", "unknown")).isEqualTo(before + 2);
  }

  @Test
  void unknownCookieNamesNeverBecomeTagsSoTheSeriesStayBounded() throws Exception {
    double unknown = cookies("blocked", "unknown", "unknown");
    int series = registry.find(CookieGateMetrics.COOKIES).meters().size();
    for (int i = 0; i < 20; i++) {
      assertThat(get("/unknown?name=tracker_" + i, null).statusCode()).isEqualTo(200);
    }
    assertThat(cookies("blocked", "unknown", "unknown")).isEqualTo(unknown + 20);
    assertThat(registry.find(CookieGateMetrics.COOKIES).meters().size()).isLessThanOrEqualTo(series + 1);
    for (Meter m : registry.getMeters()) {
      for (Tag t : m.getId().getTags()) {
        assertThat(t.getValue()).doesNotContain("tracker_");
      }
    }
  }

  @Test
  void everyRequestEventCounterExistsFromStartUp() {
    assertThat(registry.find(CookieGateMetrics.EVENTS).counters()).extracting(c -> c.getId().getTag("type"))
        .contains("activated", "conversation_ended", "consent_changed", "erased", "vendor_load_reported",
            "purpose_checked")
        .doesNotContain("allowed", "blocked");
  }

  private double cookies(String decision, String category, String vendor) {
    Counter c = registry.find(CookieGateMetrics.COOKIES)
        .tags("decision", decision, "category", category, "vendor", vendor).counter();
    return c == null ? 0 : c.count();
  }

  private double events(String type) {
    return registry.get(CookieGateMetrics.EVENTS).tag("type", type).counter().count();
  }

  private HttpResponse<String> get(String path, String cookieHeader) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (cookieHeader != null) {
      b.header("Cookie", cookieHeader);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
