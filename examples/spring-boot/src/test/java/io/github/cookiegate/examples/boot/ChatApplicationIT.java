package io.github.cookiegate.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The app on its real Tomcat, through java.net.http: what the gate, configured only by
 * application.yml, lets through on each step of a visit ({@link ChatApplicationJettyIT}: the same on Jetty).
 */
@SpringBootTest(classes = {ChatApplication.class, ChatApplicationIT.OnTomcat.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "fake-vendor.port=0")
class ChatApplicationIT {

  /** Tomcat, which the app runs on; Jetty is on the test class path too, and Boot 4 would pick it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class OnTomcat {
    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
      return new TomcatServletWebServerFactory();
    }
  }

  @Autowired
  WebServerApplicationContext context;

  /** The server class this run expects, e.g. {@code TomcatWebServer}. */
  String expectedServer() {
    return "TomcatWebServer";
  }

  @Test
  void runsOnTheExpectedServer() {
    assertThat(context.getWebServer().getClass().getSimpleName()).isEqualTo(expectedServer());
  }

  @LocalServerPort
  int port;

  @Autowired
  FakeVendor vendor;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(String method, String path, String cookies, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (cookies != null && !cookies.isEmpty()) {
      b.header("Cookie", cookies);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (!"GET".equals(method)) {
      b.header("Sec-Fetch-Site", "same-origin"); // as the shop page's fetch sends it; the consent endpoint requires it or Origin
    }
    return http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Set-Cookie headers by cookie name (the last one of each name). */
  static Map<String, String> setCookies(HttpResponse<?> r) {
    return r.headers().allValues("set-cookie").stream()
        .collect(Collectors.toMap(h -> h.substring(0, h.indexOf('=')), h -> h, (a, b) -> b));
  }

  /** name=value of a Set-Cookie header, for the next request's Cookie header. */
  static String pair(String setCookie) {
    int semi = setCookie.indexOf(';');
    return semi < 0 ? setCookie : setCookie.substring(0, semi);
  }

  static boolean expires(String setCookie) {
    return setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
  }

  @Test
  void freshPageHoldsTheVendorScriptAndSetsOnlyTheSessionCookie() throws Exception {
    HttpResponse<String> page = send("GET", "/", null, null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(setCookies(page).keySet()).as("fakechat-visitor and _ga were set by the controller")
        .containsExactly("JSESSIONID");
    assertThat(page.body()).contains("data-cookie-gate-src=\"" + vendor.origin() + "/widget.js\"")
        .contains("data-cookie-gate-src=\"" + vendor.analyticsOrigin() + "/analytics.js\"")
        .doesNotContain(" src=\"" + vendor.origin() + "/widget.js\"")
        .contains("<script src=\"/cookie-gate/gate.js\"")
        .contains("data-cookie-gate-activate");
  }

  @Test
  void afterActivationTheChatCookiesPass() throws Exception {
    HttpResponse<String> before = send("POST", "/chat/start", null, null);
    assertThat(before.body()).isEqualTo("click the chat button first");
    assertThat(setCookies(before)).doesNotContainKey(ChatController.CONVERSATION_COOKIE);

    HttpResponse<String> activation = send("POST", "/cookie-gate/activate", null, null);
    assertThat(activation.statusCode()).isEqualTo(204);
    String marker = pair(setCookies(activation).get("cookie_gate_chat"));

    HttpResponse<String> start = send("POST", "/chat/start", marker, null);
    assertThat(start.body()).isEqualTo("chat open");
    assertThat(setCookies(start)).containsKey(ChatController.CONVERSATION_COOKIE);

    HttpResponse<String> page = send("GET", "/", marker, null);
    assertThat(setCookies(page)).containsKeys("JSESSIONID", "fakechat-visitor").doesNotContainKey("_ga");
    assertThat(setCookies(page).get("fakechat-visitor")).as("chat-max-age: PT2H in application.yml")
        .contains("Max-Age=7200");
    assertThat(page.body()).contains("<script src=\"" + vendor.origin() + "/widget.js\"")
        .contains("data-cookie-gate-src=\"" + vendor.analyticsOrigin() + "/analytics.js\"");
  }

  @Test
  void consentThroughTheBannerEndpointLetsAnalyticsPass() throws Exception {
    HttpResponse<String> consent = send("POST", "/cookie-gate/consent", null, "{\"categories\":[\"analytics\"]}");
    assertThat(consent.statusCode()).isEqualTo(204);
    String stored = pair(setCookies(consent).get("cookie_gate_consent"));
    assertThat(stored).isEqualTo("cookie_gate_consent=analytics");

    HttpResponse<String> state = send("GET", "/cookie-gate/consent", stored, null);
    assertThat(state.body()).contains("\"choiceMade\":true").contains("\"granted\":[\"analytics\"]");

    HttpResponse<String> page = send("GET", "/", stored, null);
    assertThat(setCookies(page)).containsKeys("JSESSIONID", "_ga").doesNotContainKey("fakechat-visitor");
    assertThat(page.body()).contains("<script src=\"" + vendor.analyticsOrigin() + "/analytics.js\"")
        .contains("data-cookie-gate-src=\"" + vendor.origin() + "/widget.js\"");

    HttpResponse<String> refusal = send("POST", "/cookie-gate/consent", stored, "{\"categories\":[]}");
    assertThat(pair(setCookies(refusal).get("cookie_gate_consent"))).isEqualTo("cookie_gate_consent=none");
    assertThat(setCookies(refusal).get("_ga")).as("withdrawal: nothing sent, nothing to expire").isNull();
    HttpResponse<String> withdrawn = send("POST", "/cookie-gate/consent", stored + "; _ga=GA1.1.1", "{\"categories\":[]}");
    assertThat(expires(setCookies(withdrawn).get("_ga"))).as("withdrawal expires the analytics id").isTrue();
  }

  @Test
  void endingTheConversationExpiresTheChatCookies() throws Exception {
    String marker = pair(setCookies(send("POST", "/cookie-gate/activate", null, null)).get("cookie_gate_chat"));
    String conversation = pair(setCookies(send("POST", "/chat/start", marker, null)).get(ChatController.CONVERSATION_COOKIE));

    HttpResponse<String> end = send("POST", "/chat/end", marker + "; " + conversation + "; fakechat-id=abc", null);

    assertThat(end.body()).isEqualTo("conversation ended; chat cookies expired");
    Map<String, String> set = setCookies(end);
    assertThat(List.of("cookie_gate_chat", ChatController.CONVERSATION_COOKIE, "fakechat-id"))
        .allSatisfy(name -> assertThat(set.get(name)).as(name).isNotNull().satisfies(h -> assertThat(expires(h)).isTrue()));

    HttpResponse<String> after = send("POST", "/chat/start", "", null);
    assertThat(after.body()).isEqualTo("click the chat button first");
  }

  @Test
  void theVendorServesItsWidgetAndThirdPartyCookie() throws Exception {
    HttpResponse<String> widget = http.send(HttpRequest.newBuilder(URI.create(vendor.origin() + "/widget.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(widget.body()).contains("fakechat-id=");
    HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(vendor.origin() + "/api/ping")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ping.headers().firstValue("set-cookie")).hasValueSatisfying(h -> assertThat(h)
        .startsWith("fakechat_device=").contains("SameSite=None"));
  }
}
