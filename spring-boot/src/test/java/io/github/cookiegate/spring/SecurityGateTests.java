package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.CookieGateFilter;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.RegistrationBean;

/**
 * The gate in front of Spring Security's filter chain, over real HTTP (no redirects followed, cookies
 * sent by hand); one subclass per server.
 */
abstract class SecurityGateTests {

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Autowired
  TestApp.Recorder recorder;

  @Autowired
  FilterRegistrationBean<CookieGateFilter> registration;

  @Autowired
  @Qualifier("securityFilterChainRegistration")
  RegistrationBean securityRegistration;

  abstract String expectedServerClass();

  @Test
  void theExpectedServerRuns() {
    // TomcatWebServer on both lines; JettyWebServer on Boot 3.5, JettyServletWebServer on Boot 4
    assertThat(BootLine.webServerClass(context)).startsWith(expectedServerClass());
    BootLine.record(expectedServerClass());
  }

  @Test
  void theGateIsRegisteredBeforeTheSecurityChain() {
    // -100: SecurityProperties.DEFAULT_FILTER_ORDER on Boot 3.5 and 4 (the class moved in Boot 4)
    assertThat(registration.getOrder()).isLessThan(-100);
    assertThat(registration.getOrder()).isLessThan(securityRegistration.getOrder());
  }

  @Test
  void csrfProtectionIsOnButTheGateAnswersActivationBeforeSecurity() throws Exception {
    // Security refuses a POST without the CSRF token...
    assertThat(post("/login", null, form(SecureApp.USER, SecureApp.PASSWORD, null)).statusCode()).isEqualTo(403);
    // ...and the gate's own endpoint answers before Security's chain runs
    HttpResponse<String> activated = post("/cookie-gate/activate", null, "");
    assertThat(activated.statusCode()).isEqualTo(204);
    assertThat(cookie(activated, "cookie_gate_chat")).isPresent();
    // a cross-site activation is refused by the gate's own check
    HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/cookie-gate/activate"))
        .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(cookie(crossSite, "cookie_gate_chat")).isEmpty();
  }

  @Test
  void theConsentAndErasureEndpointsAreAnsweredBeforeSecurityToo() throws Exception {
    HttpResponse<String> consent = post("/cookie-gate/consent", null, "categories=analytics");
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(204);
    assertThat(cookie(consent, "cookie_gate_consent")).map(c -> c.getValue()).hasValue("analytics");
    HttpResponse<String> forget = post("/cookie-gate/forget", "cookie_gate_consent=analytics", "");
    assertThat(forget.statusCode()).as(forget.body()).isEqualTo(204);
    assertThat(forget.headers().allValues("Set-Cookie")).anyMatch(h -> h.startsWith("cookie_gate_consent=") && h.contains("Max-Age=0"));
    // the gate's own cross-site check holds where Security's CSRF check never ran
    HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/cookie-gate/consent"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
        .POST(HttpRequest.BodyPublishers.ofString("categories=analytics")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(cookie(crossSite, "cookie_gate_consent")).isEmpty();
    // and so does its refusal of a consent POST that says neither where it comes from nor that it is same-origin
    HttpResponse<String> unproven = send(HttpRequest.newBuilder(uri("/cookie-gate/consent"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("categories=analytics")));
    assertThat(unproven.statusCode()).isEqualTo(403);
    assertThat(cookie(unproven, "cookie_gate_consent")).isEmpty();
  }

  @Test
  void aFreshVisitorGetsTheCsrfCookieAndTheSession() throws Exception {
    HttpResponse<String> r = get("/public", null);
    assertThat(r.statusCode()).isEqualTo(200);
    HttpCookie xsrf = cookie(r, "XSRF-TOKEN").orElseThrow();
    assertThat(xsrf.getValue()).isEqualTo(r.body());
    assertThat(cookie(r, "JSESSIONID")).isPresent();
  }

  @Test
  void loginChangesTheSessionIdRememberMePassesAndTheChatCookieWaitsForActivation() throws Exception {
    HttpResponse<String> visit = get("/public", null);
    String oldSession = cookie(visit, "JSESSIONID").orElseThrow().getValue();
    String xsrf = cookie(visit, "XSRF-TOKEN").orElseThrow().getValue();
    recorder.events.clear();

    HttpResponse<String> login = post("/login", "JSESSIONID=" + oldSession + "; XSRF-TOKEN=" + xsrf,
        form(SecureApp.USER, SecureApp.PASSWORD, xsrf));
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("/secured/chat"));
    String newSession = cookie(login, "JSESSIONID").orElseThrow().getValue();
    assertThat(newSession).isNotEqualTo(oldSession); // changeSessionId
    HttpCookie rememberMe = cookie(login, "remember-me").orElseThrow();
    assertThat(rememberMe.getMaxAge()).isPositive();
    // The login response never leaves Security's chain (the authentication filter answers it): the
    // gate saw its cookies only because it wraps the response outside the chain.
    assertThat(recorder.events).filteredOn(e -> e.cookieName().equals(Optional.of("remember-me")))
        .extracting(GateEvent::type).containsAnyOf(GateEvent.Type.ALLOWED, GateEvent.Type.REWRITTEN);

    // the new session authenticates; the secured controller's chat cookie is blocked before activation
    HttpResponse<String> chat = get("/secured/chat", "JSESSIONID=" + newSession);
    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(chat.body()).isEqualTo("secured chat");
    assertThat(cookie(chat, "my-chat-id")).isEmpty();
    assertThat(get("/secured/chat", "JSESSIONID=" + oldSession).statusCode()).isEqualTo(302); // old id is dead

    // remember-me alone authenticates a new visit
    HttpResponse<String> remembered = get("/secured/chat", "remember-me=" + rememberMe.getValue());
    assertThat(remembered.statusCode()).isEqualTo(200);
    assertThat(cookie(remembered, "my-chat-id")).isEmpty();

    // after activation the chat cookie passes
    HttpResponse<String> activated = post("/cookie-gate/activate", "JSESSIONID=" + newSession, "");
    assertThat(activated.statusCode()).isEqualTo(204);
    String marker = cookie(activated, "cookie_gate_chat").orElseThrow().getValue();
    HttpResponse<String> after = get("/secured/chat", "JSESSIONID=" + newSession + "; cookie_gate_chat=" + marker);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(cookie(after, "my-chat-id")).isPresent();
  }

  @Test
  void anAnonymousVisitToASecuredPageIsRedirectedToLoginAndSetsNoChatCookie() throws Exception {
    HttpResponse<String> r = get("/secured/chat", null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(names(r)).doesNotContain("my-chat-id");
  }

  private static String form(String user, String password, String csrf) {
    String f = "username=" + enc(user) + "&password=" + enc(password) + "&remember-me=on";
    return csrf == null ? f : f + "&_csrf=" + enc(csrf);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String path, String cookieHeader) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (cookieHeader != null) {
      b.header("Cookie", cookieHeader);
    }
    return send(b);
  }

  private HttpResponse<String> post(String path, String cookieHeader, String body)
      throws IOException, InterruptedException {
    // As a browser's same-origin form or fetch: the consent and erasure endpoints refuse a POST
    // with neither Sec-Fetch-Site nor Origin.
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookieHeader != null) {
      b.header("Cookie", cookieHeader);
    }
    return send(b);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
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
