package io.github.cookiegate.examples.webxml;

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

/** The packaged WAR, on a real embedded Tomcat, does what its web.xml says. */
class WebXmlTomcatIT {

  static TomcatLauncher.Running app;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    app = TomcatLauncher.start(0);
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

  static String activationMarker() throws Exception {
    HttpResponse<String> activation = send("POST", "cookie-gate/activate", null);
    assertThat(activation.statusCode()).isEqualTo(204);
    SetCookie marker = cookies(activation).get(0);
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
  void afterActivationChatCookiesPassCappedAtTheWebXmlChatMaxAge() throws Exception {
    String marker = activationMarker();
    HttpResponse<String> chat = send("POST", "chat/start", marker);
    assertThat(chat.body()).isEqualTo("chat open");
    // support-chat-* is a chat cookie only because of web.xml's cookies.chat (unknown cookies are
    // blocked), and 7200 s is web.xml's chat-max-age (the default is 86400)
    assertThat(stored(chat)).contains(ChatServlet.CONVERSATION_COOKIE);
    assertThat(cookie(chat, ChatServlet.CONVERSATION_COOKIE).maxAge()).hasValue(7200);
    HttpResponse<String> page = send("GET", "", marker);
    assertThat(stored(page)).containsExactlyInAnyOrder("JSESSIONID", PageServlet.CHAT_VISITOR_COOKIE);
    assertThat(cookie(page, PageServlet.CHAT_VISITOR_COOKIE).maxAge()).hasValue(7200);
  }

  @Test
  void analyticsCookieNeedsConsentNotActivation() throws Exception {
    assertThat(stored(send("GET", "", activationMarker()))).doesNotContain(PageServlet.ANALYTICS_COOKIE);
    // site_stats is analytics only because of web.xml's cookies.analytics: as an unknown cookie,
    // analytics consent alone would not let it through
    assertThat(stored(send("GET", "", "cookie_gate_consent=analytics"))).containsExactlyInAnyOrder("JSESSIONID", PageServlet.ANALYTICS_COOKIE);
  }

  @Test
  void endingTheConversationExpiresTheChatCookies() throws Exception {
    HttpResponse<String> end = send("POST", "chat/end", activationMarker() + "; "
        + ChatServlet.CONVERSATION_COOKIE + "=c-42; " + PageServlet.CHAT_VISITOR_COOKIE + "=v-7d41");
    List<String> deleted = cookies(end).stream().filter(c -> c.isDeletion(Instant.now())).map(SetCookie::name).toList();
    assertThat(deleted).contains("cookie_gate_chat", ChatServlet.CONVERSATION_COOKIE, PageServlet.CHAT_VISITOR_COOKIE);
  }
}
