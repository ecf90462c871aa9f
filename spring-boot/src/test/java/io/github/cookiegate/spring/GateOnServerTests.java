package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.CookieGateFilter;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/** The starter in a running application, over real HTTP; one subclass per server. */
abstract class GateOnServerTests {

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Autowired
  TestApp.Recorder recorder;

  @Autowired
  FilterRegistrationBean<CookieGateFilter> registration;

  abstract String expectedServerClass();

  @Test
  void theExpectedServerRuns() {
    // TomcatWebServer on both lines; JettyWebServer on Boot 3.5, JettyServletWebServer on Boot 4
    assertThat(BootLine.webServerClass(context)).startsWith(expectedServerClass());
    BootLine.record(expectedServerClass());
  }

  @Test
  void freshVisitorGetsTheSessionCookieButNotTheChatCookie() throws Exception {
    HttpResponse<String> r = get("/chat", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(names(r)).contains("JSESSIONID").doesNotContain("my-chat-id");
  }

  @Test
  void afterActivationTheChatCookiePassesWithItsMaxAgeCappedByChatMaxAge() throws Exception {
    HttpResponse<String> activated = http.send(HttpRequest.newBuilder(uri("/chat/activate"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(activated.statusCode()).isEqualTo(204);
    HttpCookie marker = cookie(activated, "cookie_gate_chat").orElseThrow();

    HttpResponse<String> r = get("/chat", "cookie_gate_chat=" + marker.getValue());
    HttpCookie chat = cookie(r, "my-chat-id").orElseThrow();
    assertThat(chat.getMaxAge()).isBetween(1L, 3600L); // the controller asked for 7 days; chat-max-age=PT1H
  }

  @Test
  void theDefaultActivationPathIsReplacedByTheProperty() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/cookie-gate/activate"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isNotEqualTo(204);
    assertThat(names(r)).doesNotContain("cookie_gate_chat");
  }

  @Test
  void analyticsCookiesFromTheYamlListNeedConsent() throws Exception {
    assertThat(names(get("/stats", null))).doesNotContain("stats_id", "stats_seen");
    assertThat(names(get("/stats", "cookie_gate_consent=analytics"))).contains("stats_id", "stats_seen");
  }

  @Test
  void gateListenerBeanReceivesTheBlockedEvent() throws Exception {
    get("/chat", null);
    assertThat(recorder.events).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
      assertThat(e.cookieName()).contains("my-chat-id");
    });
  }

  @Test
  void theCookiegateEndpointIsNotExposedUnlessTheApplicationIncludesIt() throws Exception {
    assertThat(get("/actuator/cookiegate", null).statusCode()).isEqualTo(404);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200); // Actuator itself is there
  }

  @Test
  void filterIsRegisteredForAllRequestsAtTheDefaultOrder() {
    assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 10);
    assertThat(registration.getUrlPatterns()).containsExactly("/*");
  }

  private HttpResponse<String> get(String path, String cookieHeader) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (cookieHeader != null) {
      b.header("Cookie", cookieHeader);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static List<String> names(HttpResponse<?> r) {
    return r.headers().allValues("set-cookie").stream()
        .flatMap(h -> HttpCookie.parse(h).stream()).map(HttpCookie::getName).toList();
  }

  private static Optional<HttpCookie> cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("set-cookie").stream()
        .flatMap(h -> HttpCookie.parse(h).stream()).filter(c -> c.getName().equals(name)).findFirst();
  }
}
