package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The consent endpoint (issue #6 item 3), on Jetty 12 ee10 and Tomcat 10.1. */
class ConsentEndpointIT {

  static final String CONSENT = "/cookie-gate/consent";
  static final String FORM = "application/x-www-form-urlencoded";

  static TestServer.Builder server(Container container) {
    return TestServer.on(container).param("cookies.analytics", "an_*").param("cookies.marketing", "mk_*")
        .param("cookies.chat", "ch_*");
  }

  static HttpResponse<String> post(TestServer server, String type, String body, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(server.uri(CONSENT)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      r.header("Content-Type", type);
    }
    return server.send(r, sameOrigin(headers));
  }

  /**
   * These headers, plus {@code Sec-Fetch-Site: same-origin} when they carry neither it nor {@code
   * Origin}, as a browser's same-origin request does: the consent and erasure endpoints refuse a
   * POST with neither.
   */
  static String[] sameOrigin(String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Sec-Fetch-Site") || headers[i].equalsIgnoreCase("Origin")) {
        return headers;
      }
    }
    String[] out = java.util.Arrays.copyOf(headers, headers.length + 2);
    out[headers.length] = "Sec-Fetch-Site";
    out[headers.length + 1] = "same-origin";
    return out;
  }

  static SetCookie consentCookie(HttpResponse<?> r, String name) {
    return Cookies.named(r, name).orElseThrow(() -> new AssertionError("no " + name + " in "
        + r.headers().allValues("set-cookie")));
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void formPostStoresTheChoiceInTheConsentCookie(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      for (String body : new String[] {"categories=chat&categories=analytics", "categories=analytics%2Cchat",
          "categories=chat,analytics,necessary,bogus&other=1"}) {
        HttpResponse<String> r = post(server, FORM, body);
        assertThat(r.statusCode()).as(body).isEqualTo(204);
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        SetCookie c = consentCookie(r, "cookie_gate_consent");
        assertThat(c.value()).as(body).isEqualTo("chat.analytics");
        assertThat(c.httpOnly()).isFalse(); // gate.js reads it
        assertThat(c.sameSite()).hasValue(SetCookie.SameSite.LAX);
        assertThat(c.path()).hasValue("/");
        assertThat(c.maxAge()).hasValue(182L * 86_400);
        assertThat(c.secure()).isFalse();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void jsonPostStoresTheChoiceWithRevisionAndMaxAge(Container container) throws Exception {
    try (TestServer server = server(container).param("consent-revision", "3").param("consent-max-age", "P30D").start()) {
      HttpResponse<String> r = post(server, "application/json; charset=utf-8",
          "{\"categories\":[\"marketing\",\"chat\",\"nope\"],\"x\":{\"y\":1}}");
      assertThat(r.statusCode()).isEqualTo(204);
      SetCookie c = consentCookie(r, "cookie_gate_consent");
      assertThat(c.value()).isEqualTo("chat.marketing.r3");
      assertThat(c.maxAge()).hasValue(30L * 86_400);
      // The stored value reads back as the current choice.
      HttpResponse<String> g = server.get(CONSENT, "Cookie", "cookie_gate_consent=" + c.value());
      assertThat(g.body()).contains("\"granted\":[\"chat\",\"marketing\"]").contains("\"revision\":3")
          .contains("\"source\":\"cookie-gate\"").contains("\"currentRevision\":3");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void refusalIsStoredAsNone(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      assertThat(consentCookie(post(server, "application/json", "{\"categories\":[]}"), "cookie_gate_consent").value())
          .isEqualTo("none");
      assertThat(consentCookie(post(server, FORM, "categories="), "cookie_gate_consent").value()).isEqualTo("none");
      assertThat(consentCookie(post(server, FORM, "categories=necessary"), "cookie_gate_consent").value())
          .isEqualTo("none");
      HttpResponse<String> g = server.get(CONSENT, "Cookie", "cookie_gate_consent=none");
      assertThat(g.body()).contains("\"choiceMade\":true").contains("\"granted\":[]");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void withdrawalExpiresThatCategorysCookiesInTheSameResponse(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    CookieGate gate = CookieGate.builder().listener(events)
        .rule(CookieRule.glob("an_*", Category.ANALYTICS), CookieRule.glob("mk_*", Category.MARKETING))
        .sweep(false) // the endpoint expires withdrawn categories itself, sweep or not
        .build();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(gate)).start()) {
      HttpResponse<String> r = post(server, FORM, "categories=marketing",
          "Cookie", "cookie_gate_consent=analytics.marketing; an_id=1; mk_id=2; JSESSIONID=x");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(consentCookie(r, "cookie_gate_consent").value()).isEqualTo("marketing");
      assertThat(Cookies.deleted(r)).containsExactly("an_id");
      GateEvent changed = events.events().stream().filter(e -> e.type() == GateEvent.Type.CONSENT_CHANGED)
          .findFirst().orElseThrow();
      assertThat(changed.detail().orElseThrow()).contains("from analytics.marketing").contains("to marketing")
          .contains("withdrawn analytics").doesNotContain("=1");
      assertThat(changed.before()).hasValue(java.util.EnumSet.of(Category.ANALYTICS, Category.MARKETING));
      assertThat(changed.after()).hasValue(java.util.EnumSet.of(Category.MARKETING));
      assertThat(changed.source()).hasValue("cookie-gate");
      assertThat(changed.requestId()).isPresent();
      assertThat(changed.time()).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void getReturnsTheRequestsConsentAsJson(Container container) throws Exception {
    try (TestServer server = server(container).param("gpc", "marketing").start()) {
      HttpResponse<String> r = server.get(CONSENT, "Cookie", "cookie_gate_consent=chat.marketing", "Sec-GPC", "1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
      assertThat(r.body()).isEqualTo("{\"choiceMade\":true,\"granted\":[\"chat\"],\"source\":\"cookie-gate\","
          + "\"timestamp\":null,\"revision\":null,\"currentRevision\":0,\"gpcWithdrawn\":[\"marketing\"],"
          + "\"chatActive\":false}");
      HttpResponse<String> none = server.get(CONSENT);
      assertThat(none.body()).contains("\"choiceMade\":false").contains("\"granted\":[]");
      assertThat(none.headers().allValues("set-cookie")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void getSaysWhetherTheChatIsActivated(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      HttpResponse<String> a = server.post(ActivationEndpointIT.ACTIVATE);
      HttpResponse<String> r = server.get(CONSENT, "Cookie", Cookies.cookieHeader(a));
      assertThat(r.body()).contains("\"chatActive\":true");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void otherMethodsAreMethodNotAllowed(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      for (String method : new String[] {"HEAD", "PUT", "OPTIONS", "DELETE", "PATCH"}) {
        HttpResponse<String> r = ActivationEndpointIT.method(server, method, CONSENT);
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().allValues("allow")).as(method).containsExactly("GET, POST");
        assertThat(r.headers().allValues("set-cookie")).as(method).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void crossSiteRequestsAreForbidden(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      for (String[] h : new String[][] {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
          {"Origin", "https://evil.example"}, {"Origin", "null"}}) {
        HttpResponse<String> r = post(server, FORM, "categories=chat", h);
        assertThat(r.statusCode()).as(h[0] + ": " + h[1]).isEqualTo(403);
        assertThat(r.headers().allValues("set-cookie")).isEmpty();
        assertThat(server.get(CONSENT, h).statusCode()).as("GET " + h[0] + ": " + h[1]).isEqualTo(403);
      }
      assertThat(post(server, FORM, "categories=chat", "Origin", server.origin(), "Sec-Fetch-Site", "same-origin")
          .statusCode()).isEqualTo(204);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void hostileBodiesAreRefusedWithoutStoringAnything(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      String deep = "[".repeat(10_000) + "]".repeat(10_000);
      Object[][] cases = {
        {"application/json", "{\"categories\":" + deep + "}", 413},
        {"application/json", "{\"categories\":" + "[".repeat(1000) + "}", 400},
        {"application/json", "{\"categories\":\"chat\"}", 400},
        {"application/json", "{\"categories\":[1,2]}", 400},
        {"application/json", "not json", 400},
        {"application/json", "", 400},
        {FORM, "categories=%zz&x", 400},
        {FORM, "other=chat", 400},
        {FORM, "categories=" + "chat,".repeat(2000), 413},
        {"text/plain", "categories=chat", 415},
        {null, "categories=chat", 415},
      };
      for (Object[] c : cases) {
        HttpResponse<String> r = post(server, (String) c[0], (String) c[1]);
        String what = c[0] + " " + ((String) c[1]).substring(0, Math.min(40, ((String) c[1]).length()));
        assertThat(r.statusCode()).as(what).isEqualTo((int) c[2]);
        assertThat(Cookies.stored(r)).as(what).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aChunkedBodyIsReadNoFurtherThanTheBound(Container container) throws Exception {
    try (TestServer server = server(container).start()) {
      byte[] big = ("categories=" + "chat,".repeat(1000)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      HttpRequest.Builder r = HttpRequest.newBuilder(server.uri(CONSENT)).header("Content-Type", FORM)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
      HttpResponse<String> res = server.send(r, sameOrigin());
      assertThat(res.statusCode()).isEqualTo(413);
      assertThat(Cookies.stored(res)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void secureRequestsGetTheHostPrefixedCookie(Container container) throws Exception {
    try (TestServer server = server(container).forwardedHeaders().start()) {
      HttpResponse<String> r = post(server, FORM, "categories=chat", "X-Forwarded-Proto", "https",
          "Cookie", "cookie_gate_consent=chat.analytics");
      assertThat(r.statusCode()).isEqualTo(204);
      SetCookie c = consentCookie(r, "__Host-cookie_gate_consent");
      assertThat(c.secure()).isTrue();
      assertThat(c.path()).hasValue("/");
      assertThat(c.domain()).isEmpty();
      assertThat(c.value()).isEqualTo("chat");
      // The plain-named copy goes, or it would be intersected with the new choice.
      assertThat(Cookies.deleted(r)).contains("cookie_gate_consent");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void pathsAreConfigurable(Container container) throws Exception {
    try (TestServer server = server(container).param("consent-path", "/privacy/consent").start()) {
      HttpRequest.Builder r = HttpRequest.newBuilder(server.uri("/privacy/consent"))
          .POST(HttpRequest.BodyPublishers.ofString("categories=chat")).header("Content-Type", FORM);
      assertThat(server.send(r, sameOrigin()).statusCode()).isEqualTo(204);
      assertThat(server.get(CONSENT).statusCode()).isEqualTo(404);
    }
  }
}
