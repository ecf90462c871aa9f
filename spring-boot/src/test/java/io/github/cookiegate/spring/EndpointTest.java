package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The cookiegate Actuator endpoint over HTTP, exposed by the application. */
@SpringBootTest(classes = {TestApp.class, TomcatServer.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoints.web.exposure.include=cookiegate",
    "cookie-gate.secret=" + EndpointTest.SECRET,
    "cookie-gate.hosts.chat=chat.example.net"})
class EndpointTest {

  static final String SECRET = "q0Zf3v8h1u2t9P4sYk7mXw6cL5bN8rA2eJ1dG3oH4iU=";

  @LocalServerPort
  int port;

  private JsonNode read() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/cookiegate")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 20));
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void configurationHasEverySettingAndOnlySaysTheSecretIsConfigured() throws Exception {
    JsonNode c = read().get("configuration");
    List<String> keys = new ArrayList<>();
    c.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(
        io.github.cookiegate.CookieGate.Builder.settingKeys());
    assertThat(c.get("secret").asText()).isEqualTo("configured");
    assertThat(c.get("chat-max-age").asText()).isEqualTo("PT1H");
    assertThat(c.get("activation-path").asText()).isEqualTo("/chat/activate");
    assertThat(c.get("cookies.chat").asText()).isEqualTo("my-chat-*");
    assertThat(c.get("cookies.analytics").asText()).isEqualTo("stats_id,stats_seen");
    assertThat(c.get("hosts.chat").asText()).isEqualTo("chat.example.net");
    assertThat(c.get("mode").asText()).isEqualTo("enforce");
    assertThat(c.get("html-cache").asText()).isEqualTo("8MB");
  }

  @Test
  void catalogShowsTheApplicationsRulesOverTheBuiltInOnes() throws Exception {
    JsonNode body = read();
    JsonNode cookies = body.get("cookies");
    assertThat(cookies.get(0).get("layer").asText()).isEqualTo("app");
    assertThat(cookies).anySatisfy(r -> {
      assertThat(r.get("pattern").asText()).isEqualTo("my-chat-*");
      assertThat(r.get("kind").asText()).isEqualTo("glob");
      assertThat(r.get("category").asText()).isEqualTo("chat");
      assertThat(r.get("layer").asText()).isEqualTo("app");
    });
    assertThat(cookies).anySatisfy(r -> {
      assertThat(r.get("pattern").asText()).isEqualTo("JSESSIONID");
      assertThat(r.get("kind").asText()).isEqualTo("exact");
      assertThat(r.get("category").asText()).isEqualTo("necessary");
      assertThat(r.get("vendor").asText()).isEqualTo("Servlet container");
      assertThat(r.get("layer").asText()).isEqualTo("built-in");
    });
    assertThat(body.get("hosts")).anySatisfy(r -> {
      assertThat(r.get("pattern").asText()).isEqualTo("chat.example.net");
      assertThat(r.get("layer").asText()).isEqualTo("app");
    }).anySatisfy(r -> assertThat(r.get("layer").asText()).isEqualTo("built-in"));
  }
}
