package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The endpoint's {@code layer} of a rule of each origin, over HTTP: the application's own gate bean
 * declares the container's session cookie ({@link CookieGate#withNecessaryCookie}), which reads
 * {@code container}, not {@code app}, and stays out of the {@code cookies.*} settings.
 */
@SpringBootTest(classes = {TestApp.class, TomcatServer.class, EndpointLayerTest.OwnGate.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.endpoints.web.exposure.include=cookiegate")
class EndpointLayerTest {

  @LocalServerPort
  int port;

  @Configuration(proxyBeanMethods = false)
  static class OwnGate {
    @Bean
    CookieGate myGate() {
      return CookieGate.builder()
          .cookies(Category.NECESSARY, "app-csrf")
          .cookies(Category.CHAT, "my-chat-*")
          .hosts(Category.CHAT, "chat.example.net")
          .build()
          .withNecessaryCookie("APPSESSION");
    }
  }

  private JsonNode read() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/cookiegate")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  private static JsonNode rule(JsonNode rules, String pattern) {
    for (JsonNode r : rules) {
      if (r.get("pattern").asText().equals(pattern)) {
        return r; // the first one: highest priority
      }
    }
    throw new AssertionError("no rule '" + pattern + "' in " + rules);
  }

  @Test
  void eachRuleSaysWhichLayerItComesFrom() throws Exception {
    JsonNode body = read();
    JsonNode cookies = body.get("cookies");
    assertThat(rule(cookies, "my-chat-*").get("layer").asText()).isEqualTo("app");
    assertThat(rule(cookies, "app-csrf").get("layer").asText()).isEqualTo("app");
    JsonNode session = rule(cookies, "APPSESSION");
    assertThat(session.get("layer").asText()).isEqualTo("container");
    assertThat(session.get("category").asText()).isEqualTo("necessary");
    assertThat(session.get("vendor").asText()).isEqualTo("Servlet container");
    assertThat(rule(cookies, "JSESSIONID").get("layer").asText()).isEqualTo("built-in");
    assertThat(rule(cookies, "_ga").get("layer").asText()).isEqualTo("built-in"); // the Open Cookie Database's layer

    List<String> layers = new ArrayList<>();
    cookies.forEach(r -> layers.add(r.get("layer").asText()));
    // Highest priority first: the application's rules, the container's cookie, then the built-in catalog.
    assertThat(layers.subList(0, 3)).containsExactly("app", "app", "container");
    assertThat(layers.subList(3, layers.size())).containsOnly("built-in");

    JsonNode hosts = body.get("hosts");
    assertThat(rule(hosts, "chat.example.net").get("layer").asText()).isEqualTo("app");
    assertThat(hosts).anySatisfy(r -> assertThat(r.get("layer").asText()).isEqualTo("built-in"))
        .noneSatisfy(r -> assertThat(r.get("layer").asText()).isEqualTo("container"));
  }

  @Test
  void theCookiesSettingsHoldTheApplicationsRulesOnly() throws Exception {
    JsonNode c = read().get("configuration");
    assertThat(c.get("cookies.necessary").asText()).isEqualTo("app-csrf");
    assertThat(c.get("cookies.chat").asText()).isEqualTo("my-chat-*");
    assertThat(c.get("hosts.chat").asText()).isEqualTo("chat.example.net");
  }
}
