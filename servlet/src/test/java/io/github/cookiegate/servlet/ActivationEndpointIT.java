package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The activation endpoint and its marker (design sections 3 and 3b), on Jetty 12 ee10 and Tomcat 10.1. */
class ActivationEndpointIT {

  static final String ACTIVATE = "/cookie-gate/activate";
  static final String SECRET_A = base64Of(1);
  static final String SECRET_B = base64Of(2);

  static String base64Of(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i * 7);
    }
    return Base64.getEncoder().encodeToString(key);
  }

  static SetCookie marker(HttpResponse<?> r) {
    return Cookies.named(r, "cookie_gate_chat").orElseThrow(() -> new AssertionError(
        "no activation marker in " + r.headers().allValues("set-cookie")));
  }

  static HttpResponse<String> method(TestServer server, String method, String path) throws Exception {
    return server.send(HttpRequest.newBuilder(server.uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void postAnswersNoContentWithSignedHttpOnlyLaxMarker(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      HttpResponse<String> r = server.post(ACTIVATE);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
      assertThat(r.headers().allValues("set-cookie")).hasSize(1);
      SetCookie marker = marker(r);
      assertThat(marker.value()).startsWith("v1.");
      assertThat(marker.httpOnly()).isTrue();
      assertThat(marker.sameSite()).hasValue(SetCookie.SameSite.LAX);
      assertThat(marker.path()).hasValue("/");
      assertThat(marker.maxAge()).hasValue(86_400);
      assertThat(marker.secure()).isFalse(); // plain http: no __Host- prefix, no Secure
      assertThat(marker.domain()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void markerLastsChatMaxAge(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("chat-max-age", "PT2H").start()) {
      assertThat(marker(server.post(ACTIVATE)).maxAge()).hasValue(7_200);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void markerIsSessionCookieWhenChatMaxAgeIsSession(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("chat-max-age", "session").start()) {
      SetCookie marker = marker(server.post(ACTIVATE));
      assertThat(marker.maxAge()).isEmpty();
      assertThat(marker.expires()).isEmpty();
      assertThat(marker.persistent()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void otherMethodsAreMethodNotAllowedWithAllowPost(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      for (String method : new String[] {"GET", "HEAD", "PUT", "OPTIONS", "DELETE", "PATCH"}) {
        HttpResponse<String> r = method(server, method, ACTIVATE);
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().allValues("allow")).as(method).containsExactly("POST");
        assertThat(r.headers().allValues("set-cookie")).as(method).isEmpty();
        assertThat(r.headers().firstValue("cache-control")).as(method).hasValue("no-store");
        if (method.equals("HEAD")) {
          assertThat(r.body()).isEmpty();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void crossSiteAndSameSiteFetchesAreForbidden(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      for (String site : new String[] {"cross-site", "same-site", "CROSS-SITE", "bogus", ""}) {
        HttpResponse<String> r = server.post(ACTIVATE, "Sec-Fetch-Site", site);
        assertThat(r.statusCode()).as("Sec-Fetch-Site: " + site).isEqualTo(403);
        assertThat(r.headers().allValues("set-cookie")).as("Sec-Fetch-Site: " + site).isEmpty();
      }
      for (String site : new String[] {"same-origin", "none"}) {
        HttpResponse<String> r = server.post(ACTIVATE, "Sec-Fetch-Site", site);
        assertThat(r.statusCode()).as("Sec-Fetch-Site: " + site).isEqualTo(204);
        assertThat(marker(r).value()).startsWith("v1.");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void foreignOrNullOriginIsForbiddenAndOwnOriginAccepted(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      String own = server.origin();
      String[] forbidden = {
        "null",
        "https://evil.example",
        "http://evil.example:" + server.port(),
        "https://127.0.0.1:" + server.port(), // other scheme
        "http://127.0.0.1:" + (server.port() == 65_535 ? 1 : server.port() + 1), // other port
        "http://localhost:" + server.port(), // same machine, other host name: another origin
        own + ".evil.example",
      };
      for (String origin : forbidden) {
        HttpResponse<String> r = server.post(ACTIVATE, "Origin", origin);
        assertThat(r.statusCode()).as("Origin: " + origin).isEqualTo(403);
        assertThat(r.headers().allValues("set-cookie")).as("Origin: " + origin).isEmpty();
      }
      HttpResponse<String> ownOrigin = server.post(ACTIVATE, "Origin", own);
      assertThat(ownOrigin.statusCode()).isEqualTo(204);
      assertThat(marker(ownOrigin).value()).startsWith("v1.");
      // Both headers: both must pass.
      assertThat(server.post(ACTIVATE, "Origin", own, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(204);
      assertThat(server.post(ACTIVATE, "Origin", own, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
      assertThat(server.post(ACTIVATE, "Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin").statusCode())
          .isEqualTo(403);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void acceptsPostWithoutFetchMetadataOrOrigin(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      HttpResponse<String> r = server.post(ACTIVATE);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(marker(r).value()).startsWith("v1.");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void filterAnswersTheEndpointWithoutCallingTheApplication(Container container) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (TestServer server = TestServer.on(container).servlet(ACTIVATE, (req, res) -> {
      calls.incrementAndGet();
      res.getWriter().write("application");
    }).start()) {
      HttpResponse<String> post = server.post(ACTIVATE);
      assertThat(post.statusCode()).isEqualTo(204);
      assertThat(post.body()).isEmpty();
      assertThat(method(server, "GET", ACTIVATE).statusCode()).isEqualTo(405);
      assertThat(server.post(ACTIVATE, "Origin", "null").statusCode()).isEqualTo(403);
      assertThat(calls).hasValue(0);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void customActivationPathActivatesAndDefaultPathReachesTheApplication(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("activation-path", "/chat/open")
        .servlet(ACTIVATE, (req, res) -> res.getWriter().write("application " + req.getMethod()))
        .servlet("/page", CookiePathsIT.VENDOR_PAGE)
        .start()) {
      HttpResponse<String> open = server.post("/chat/open");
      assertThat(open.statusCode()).isEqualTo(204);
      String marker = Cookies.cookieHeader(open);
      assertThat(marker).startsWith("cookie_gate_chat=");
      assertThat(method(server, "GET", "/chat/open").statusCode()).isEqualTo(405);

      HttpResponse<String> old = server.post(ACTIVATE);
      assertThat(old.statusCode()).isEqualTo(200);
      assertThat(old.body()).isEqualTo("application POST");
      assertThat(Cookies.stored(old)).isEmpty();

      assertThat(Cookies.stored(server.get("/page", "Cookie", marker)))
          .containsExactlyInAnyOrder("intercom-id-app1", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void forgedMarkerIsNoActivation(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      String genuine = marker(server.post(ACTIVATE)).value();
      String issued = genuine.substring(0, genuine.lastIndexOf('.'));
      String signature = genuine.substring(genuine.lastIndexOf('.') + 1);
      String[] forged = {
        "v1.123.abc",
        "v1." + (System.currentTimeMillis() / 1000) + ".abc",
        issued + "." + signature.substring(1) + (signature.charAt(0) == 'A' ? 'B' : 'A'), // one character off
        issued + "." + signature + "A",
        "v1." + (Long.parseLong(issued.substring(3)) + 1) + "." + signature, // signature of another time
        issued + ".",
        "v2" + genuine.substring(2),
        "",
      };
      for (String value : forged) {
        HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_chat=" + value);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Cookies.stored(r)).as("marker '" + value + "'").containsExactly("XSRF-TOKEN");
      }
      // The genuine one, for contrast.
      assertThat(Cookies.stored(server.get("/page", "Cookie", "cookie_gate_chat=" + genuine)))
          .containsExactlyInAnyOrder("intercom-id-app1", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void markerIssuedByOneNodeActivatesAnotherSharingTheSecret(Container container) throws Exception {
    try (TestServer a = TestServer.on(container).param("secret", SECRET_A).start();
        TestServer b = TestServer.on(container).param("secret", SECRET_A).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      String marker = Cookies.cookieHeader(a.post(ACTIVATE));
      assertThat(marker).startsWith("cookie_gate_chat=");
      assertThat(Cookies.stored(b.get("/page", "Cookie", marker)))
          .containsExactlyInAnyOrder("intercom-id-app1", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void markerSignedWithAnotherSecretIsNoActivation(Container container) throws Exception {
    try (TestServer a = TestServer.on(container).param("secret", SECRET_A).start();
        TestServer b = TestServer.on(container).param("secret", SECRET_B).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      String marker = Cookies.cookieHeader(a.post(ACTIVATE));
      assertThat(marker).startsWith("cookie_gate_chat=");
      assertThat(Cookies.stored(b.get("/page", "Cookie", marker))).containsExactly("XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void markerOfAnotherStartWithoutSecretIsNoActivation(Container container) throws Exception {
    String marker;
    try (TestServer first = TestServer.on(container).start()) {
      marker = Cookies.cookieHeader(first.post(ACTIVATE));
    }
    try (TestServer second = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      assertThat(Cookies.stored(second.get("/page", "Cookie", marker))).containsExactly("XSRF-TOKEN");
    }
  }
}
