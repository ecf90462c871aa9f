package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweep (design sections 1 and 3, {@code sweep}): cookies the browser sends whose category is
 * not, or no longer, allowed are expired in the response, on Jetty 12 ee10 and Tomcat 10.1.
 * {@code __hstc} is marketing, {@code __hssc} analytics, {@code intercom-id-*} chat.
 */
class SweepIT {

  static final String CARRIED = "__hstc=1; intercom-id-x=2; JSESSIONID=3; unknown_app=4";

  static final TestServer.Handler PLAIN_PAGE = (req, res) -> res.getWriter().write("page");

  /** Asserts each Set-Cookie of the response is a host-only deletion at Path=/ (Max-Age=0). */
  static void assertAllDeletionsAtRoot(HttpResponse<?> r) {
    for (SetCookie c : Cookies.of(r)) {
      assertThat(c.maxAge()).as(c.toHeader()).hasValue(0);
      assertThat(c.path()).as(c.toHeader()).hasValue("/");
      assertThat(c.domain()).as(c.toHeader()).isEmpty();
      assertThat(c.value()).as(c.toHeader()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void expiresCarriedChatAndMarketingCookiesWithoutConsent(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", PLAIN_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", CARRIED);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("page");
      assertThat(Cookies.deleted(r)).containsExactlyInAnyOrder("__hstc", "intercom-id-x");
      assertThat(Cookies.stored(r)).isEmpty();
      assertAllDeletionsAtRoot(r);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void consentedCategoryIsNotSwept(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", PLAIN_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=marketing; " + CARRIED);
      assertThat(Cookies.deleted(r)).containsExactly("intercom-id-x");
      assertThat(Cookies.stored(r)).isEmpty();
      assertAllDeletionsAtRoot(r);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void activationKeepsChatCookiesButNotMarketing(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", PLAIN_PAGE).start()) {
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      HttpResponse<String> r = server.get("/page", "Cookie", marker + "; " + CARRIED);
      assertThat(Cookies.deleted(r)).containsExactly("__hstc");
      assertThat(Cookies.stored(r)).isEmpty();
      assertAllDeletionsAtRoot(r);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sweepFalseExpiresNothing(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("sweep", "false").servlet("/page", PLAIN_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", CARRIED + "; __hssc=5; cookie_gate_consent=none");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void cookieTheResponseItselfSetsIsNotAlsoExpired(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/delete", (req, res) -> {
          // The application deletes the marketing cookie itself: one deletion, not two.
          Cookie c = new Cookie("__hstc", "");
          c.setMaxAge(0);
          c.setPath("/");
          res.addCookie(c);
        })
        .servlet("/reset", (req, res) -> {
          // The application tries to store it again: blocked, and the carried one swept once.
          res.addHeader("Set-Cookie", "__hstc=again; Path=/");
        })
        .servlet("/chat", (req, res) -> {
          // Activated in this response: the chat cookie it sets passes, nothing is swept.
          ChatActivation.activate(req);
          res.addCookie(new Cookie("intercom-id-x", "new"));
        }).start()) {
      HttpResponse<String> delete = server.get("/delete", "Cookie", CARRIED);
      assertThat(headersNamed(delete, "__hstc")).hasSize(1);
      assertThat(Cookies.deleted(delete)).containsExactlyInAnyOrder("__hstc", "intercom-id-x");

      HttpResponse<String> reset = server.get("/reset", "Cookie", CARRIED);
      assertThat(headersNamed(reset, "__hstc")).hasSize(1);
      assertThat(Cookies.deleted(reset)).containsExactlyInAnyOrder("__hstc", "intercom-id-x");
      assertThat(Cookies.stored(reset)).isEmpty();

      HttpResponse<String> chat = server.get("/chat", "Cookie", CARRIED);
      assertThat(headersNamed(chat, "intercom-id-x")).hasSize(1);
      assertThat(Cookies.stored(chat)).containsExactlyInAnyOrder("cookie_gate_chat", "intercom-id-x");
      assertThat(Cookies.deleted(chat)).containsExactly("__hstc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void withdrawingConsentExpiresTheWithdrawnCategory(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> consented = server.get("/page", "Cookie", "cookie_gate_consent=analytics; __hssc=1.2.3");
      assertThat(Cookies.stored(consented)).containsExactlyInAnyOrder("__hssc", "XSRF-TOKEN");
      assertThat(Cookies.deleted(consented)).isEmpty();

      HttpResponse<String> withdrawn = server.get("/page", "Cookie", "cookie_gate_consent=none; __hssc=1.2.3");
      assertThat(Cookies.deleted(withdrawn)).containsExactly("__hssc");
      assertThat(Cookies.stored(withdrawn)).containsExactly("XSRF-TOKEN");
      // The consent choice itself is necessary: never swept.
      assertThat(headersNamed(withdrawn, "cookie_gate_consent")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void ownCookiesAreNeverSwept(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", PLAIN_PAGE).start()) {
      HttpResponse<String> r = server.get("/page",
          "Cookie", "cookie_gate_chat=v1.123.forged; cookie_gate_consent=none; XSRF-TOKEN=t; JSESSIONID=s");
      assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }
  }

  static List<SetCookie> headersNamed(HttpResponse<?> r, String name) {
    return Cookies.of(r).stream().filter(c -> c.name().equals(name)).toList();
  }
}
