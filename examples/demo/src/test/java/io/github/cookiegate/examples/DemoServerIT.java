package io.github.cookiegate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo does what its README says, on a real Jetty. */
class DemoServerIT {

  static Server server;
  static String base;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // The page names a chat vendor (nothing answers there: these tests read the server's answers only).
    server = DemoServer.start("127.0.0.1", 0, "http://127.0.0.1:9", null);
    base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  static HttpResponse<String> send(String method, String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<SetCookie> cookies(HttpResponse<?> r) {
    return r.headers().allValues("set-cookie").stream().map(h -> SetCookie.parse(h).orElseThrow()).toList();
  }

  static List<String> stored(HttpResponse<?> r) {
    return cookies(r).stream().filter(c -> !c.isDeletion(Instant.now())).map(SetCookie::name).toList();
  }

  @Test
  void freshVisitorGetsOnlyTheSessionCookie() throws Exception {
    HttpResponse<String> page = send("GET", "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-cookie-gate-activate").contains("<aside class=\"cookie-gate-launcher\"");
    assertThat(stored(page)).containsExactly("JSESSIONID");
  }

  @Test
  void activationLetsChatCookiesThroughCappedButNotAnalytics() throws Exception {
    HttpResponse<String> activation = send("POST", "/cookie-gate/activate", null);
    assertThat(activation.statusCode()).isEqualTo(204);
    SetCookie marker = cookies(activation).get(0);
    String cookie = marker.name() + "=" + marker.value();
    HttpResponse<String> page = send("GET", "/", cookie);
    assertThat(stored(page)).containsExactlyInAnyOrder("JSESSIONID", "intercom-id-demo");
    assertThat(cookies(page).stream().filter(c -> c.name().equals("intercom-id-demo")).findFirst().orElseThrow().maxAge())
        .hasValue(86400);
    HttpResponse<String> chat = send("POST", "/chat/start", cookie);
    assertThat(chat.body()).isEqualTo("chat open");
    assertThat(stored(chat)).containsExactly("intercom-session-demo");
  }

  @Test
  void consentLetsAnalyticsThrough() throws Exception {
    HttpResponse<String> page = send("GET", "/", "cookie_gate_consent=analytics");
    assertThat(stored(page)).containsExactlyInAnyOrder("JSESSIONID", "_ga");
  }

  @Test
  void endingTheConversationExpiresChatCookies() throws Exception {
    SetCookie marker = cookies(send("POST", "/cookie-gate/activate", null)).get(0);
    HttpResponse<String> end = send("POST", "/chat/end",
        marker.name() + "=" + marker.value() + "; intercom-session-demo=conversation-42; intercom-id-demo=x");
    List<String> deleted = cookies(end).stream().filter(c -> c.isDeletion(Instant.now())).map(SetCookie::name).toList();
    assertThat(deleted).contains("cookie_gate_chat", "intercom-session-demo", "intercom-id-demo");
  }
}
