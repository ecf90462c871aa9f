package io.github.cookiegate.examples.webfilter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example, on a real embedded Jetty that found its filter and servlets by scanning, does what its @WebFilter says. */
class WebFilterJettyIT {

  static JettyLauncher.Running app;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    app = JettyLauncher.start(0);
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static HttpResponse<String> send(String method, String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(app.uri().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
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

  static SetCookie cookie(HttpResponse<?> r, String name) {
    return cookies(r).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  static HttpResponse<String> activate() throws Exception {
    HttpResponse<String> activation = send("POST", "cookie-gate/activate", null);
    assertThat(activation.statusCode()).isEqualTo(204);
    return activation;
  }

  static String activationMarker() throws Exception {
    SetCookie marker = cookies(activate()).get(0);
    return marker.name() + "=" + marker.value();
  }

  @Test
  void freshVisitorGetsOnlyTheSessionCookieAndTheVendorScriptIsHeld() throws Exception {
    HttpResponse<String> page = send("GET", "", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(stored(page)).containsExactly("JSESSIONID");
    assertThat(page.body())
        .contains("data-cookie-gate-src=\"" + PageServlet.VENDOR_SCRIPT + "\"")
        .doesNotContain("<script src=\"" + PageServlet.VENDOR_SCRIPT + "\"")
        .contains("/cookie-gate/gate.js");
  }

  @Test
  void afterActivationChatCookiesPassCappedAtTheWebFilterChatMaxAge() throws Exception {
    String marker = activationMarker();
    HttpResponse<String> chat = send("POST", "chat/start", marker);
    assertThat(chat.body()).isEqualTo("chat open");
    assertThat(stored(chat)).contains(ChatServlet.CONVERSATION_COOKIE);
    assertThat(cookie(chat, ChatServlet.CONVERSATION_COOKIE).maxAge()).hasValue(7200);
    HttpResponse<String> page = send("GET", "", marker);
    assertThat(stored(page)).containsExactlyInAnyOrder("JSESSIONID", PageServlet.CHAT_VISITOR_COOKIE);
    assertThat(cookie(page, PageServlet.CHAT_VISITOR_COOKIE).maxAge()).hasValue(7200);
  }

  @Test
  void analyticsCookieNeedsConsentNotActivation() throws Exception {
    assertThat(stored(send("GET", "", activationMarker()))).doesNotContain(PageServlet.ANALYTICS_COOKIE);
    assertThat(stored(send("GET", "", "cookie_gate_consent=analytics"))).containsExactlyInAnyOrder("JSESSIONID", PageServlet.ANALYTICS_COOKIE);
  }

  @Test
  void endingTheConversationExpiresTheChatCookies() throws Exception {
    HttpResponse<String> end = send("POST", "chat/end", activationMarker() + "; "
        + ChatServlet.CONVERSATION_COOKIE + "=c-42; " + PageServlet.CHAT_VISITOR_COOKIE + "=v-7d41");
    List<String> deleted = cookies(end).stream().filter(c -> c.isDeletion(Instant.now())).map(SetCookie::name).toList();
    assertThat(deleted).contains("cookie_gate_chat", ChatServlet.CONVERSATION_COOKIE, PageServlet.CHAT_VISITOR_COOKIE);
  }

  @Test
  void theAnnotationsInitParamsAreTheFiltersConfiguration() throws Exception {
    // chat-max-age = PT2H: the activation marker lives as long as the chat may (the default is 86400)
    assertThat(cookie(activate(), "cookie_gate_chat").maxAge()).hasValue(7200);
    String marker = activationMarker();
    // cookies.chat = support-chat-*: without it support-chat-visitor is an unknown cookie, which is
    // blocked even after activation
    assertThat(stored(send("GET", "", marker))).contains(PageServlet.CHAT_VISITOR_COOKIE);
    // cookies.analytics = site_stats: without it, analytics consent alone would not let it through
    assertThat(stored(send("GET", "", "cookie_gate_consent=analytics"))).contains(PageServlet.ANALYTICS_COOKIE);
  }
}
