package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The erasure endpoint (issue #6 item 4), on Jetty 12 ee10 and Tomcat 10.1. */
class ForgetEndpointIT {

  static final String FORGET = "/cookie-gate/forget";

  static byte[] rawPost(String host, String cookie) {
    return ("POST " + FORGET + " HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<SetCookie> setCookies(RawHttp.Response r) {
    return r.all("set-cookie").stream().map(h -> SetCookie.parse(h).orElseThrow()).toList();
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void expiresEveryNonNecessaryCookieAndTheLibrarysOwnAndFiresAnEvent(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    CookieGate gate = CookieGate.builder().listener(events).build();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(gate)).start()) {
      HttpResponse<String> r = server.post(FORGET, "Cookie",
          "cookie_gate_consent=chat; cookie_gate_chat=v1.x; intercom-id-abc=1; __hstc=2; unknown_x=3; JSESSIONID=s");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
      assertThat(r.headers().firstValue("clear-site-data")).isEmpty();
      assertThat(Cookies.stored(r)).isEmpty();
      assertThat(Cookies.deleted(r)).contains("cookie_gate_consent", "cookie_gate_chat", "intercom-id-abc", "__hstc",
          "unknown_x").doesNotContain("JSESSIONID");
      String id = r.headers().firstValue("cookie-gate-erasure-id").orElseThrow();
      GateEvent erased = events.ofType(GateEvent.Type.ERASED).get(0);
      assertThat(erased.detail().orElseThrow()).contains(id).contains("intercom-id-abc").contains("__hstc")
          .contains("unknown_x").doesNotContain("JSESSIONID").doesNotContain("127.0.0.1").doesNotContain("=1");
      assertThat(erased.requestId()).hasValue(id);
      assertThat(erased.before()).hasValue(java.util.EnumSet.of(io.github.cookiegate.Category.CHAT));
      assertThat(erased.after()).hasValue(java.util.Set.of());
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void expiresOnTheParentDomainsToo(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      RawHttp.Response r = RawHttp.send(server.port(), rawPost("www.shop.example.com", "_ga=1; JSESSIONID=s"));
      assertThat(r.status()).isEqualTo(204);
      List<Optional<String>> domains = setCookies(r).stream().filter(c -> c.name().equals("_ga"))
          .map(SetCookie::domain).toList();
      assertThat(domains).containsExactlyInAnyOrder(Optional.empty(), Optional.of("example.com"),
          Optional.of("shop.example.com"), Optional.of("www.shop.example.com"));
      RawHttp.Response uk = RawHttp.send(server.port(), rawPost("www.shop.co.uk", "_ga=1"));
      assertThat(setCookies(uk).stream().filter(c -> c.name().equals("_ga")).map(SetCookie::domain).toList())
          .containsExactlyInAnyOrder(Optional.empty(), Optional.of("shop.co.uk"), Optional.of("www.shop.co.uk"));
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void manyCookiesStayUnderTheHeaderLimit(Container container) throws Exception {
    StringBuilder cookie = new StringBuilder("JSESSIONID=s");
    for (int i = 0; i < 150; i++) {
      cookie.append("; vendor_tracking_cookie_").append(i).append("=1");
    }
    try (TestServer server = TestServer.on(container).maxCookieCount(500).requestHeaderSize(16_384).start()) {
      RawHttp.Response r = RawHttp.send(server.port(), rawPost("www.shop.example.com", cookie.toString()));
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.all("set-cookie").size()).isLessThanOrEqualTo(ConsentEndpoints.MAX_ERASURE_DELETIONS + 4);
      assertThat(String.join("", r.all("set-cookie")).length()).isLessThan(8_000);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void reportOnlyExpiresOnlyTheLibrarysOwnAndSaysWhatItWouldHave(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    CookieGate gate = CookieGate.builder().listener(events).mode(CookieGate.Mode.REPORT_ONLY).build();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(gate)).start()) {
      HttpResponse<String> r = server.post(FORGET, "Cookie", "cookie_gate_consent=chat; __hstc=2");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(Cookies.deleted(r)).contains("cookie_gate_consent").doesNotContain("__hstc");
      assertThat(events.ofType(GateEvent.Type.ERASED).get(0).detail().orElseThrow())
          .contains("(report-only): would have expired 1 cookie __hstc").doesNotContain("left");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void clearSiteDataIsOptIn(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("clear-site-data", "storage, CACHE").start()) {
      HttpResponse<String> r = server.post(FORGET);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().allValues("clear-site-data")).containsExactly("\"storage\", \"cache\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void secureRequestsExpireBothNamesOfTheLibrarysCookies(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).forwardedHeaders().start()) {
      HttpResponse<String> r = server.post(FORGET, "X-Forwarded-Proto", "https");
      assertThat(Cookies.deleted(r)).contains("cookie_gate_chat", "__Host-cookie_gate_chat", "cookie_gate_consent",
          "__Host-cookie_gate_consent");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void onlyPostFromTheSameOrigin(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      for (String method : new String[] {"GET", "HEAD", "PUT", "DELETE"}) {
        HttpResponse<String> r = ActivationEndpointIT.method(server, method, FORGET);
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().allValues("allow")).containsExactly("POST");
      }
      // A cookie no catalog layer knows: the sweep leaves it alone (gh-13 made _ga analytics, swept without consent).
      HttpResponse<String> cross = server.post(FORGET, "Sec-Fetch-Site", "cross-site", "Cookie", "site_pref=1");
      assertThat(cross.statusCode()).isEqualTo(403);
      assertThat(cross.headers().allValues("set-cookie")).isEmpty();
      assertThat(server.post(FORGET, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    }
  }
}
