package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #6: the filter reads the consent a site's banner already stores ({@code consent-sources})
 * and honours Global Privacy Control, on Jetty 12 ee10 and Tomcat 10.1. {@code intercom-id-*} is
 * chat, {@code __hssc} analytics, {@code __hstc} marketing.
 */
class ConsentSourcesIT {

  /** OneTrust, observed format: groups C0001 and C0003 (functional, which also unlocks chat) accepted. */
  static final String ONETRUST = "OptanonConsent=isGpcEnabled=0&datestamp=Thu+Jan+22+2026+15%3A26%3A49+GMT%2B0800"
      + "&version=202512.1.0&interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A0";

  static final TestServer.Handler SETS_THREE = (req, res) -> {
    res.addCookie(new Cookie("intercom-id-x", "1"));
    res.addCookie(new Cookie("__hssc", "2"));
    res.addCookie(new Cookie("__hstc", "3"));
    res.getWriter().write("page");
  };

  @ParameterizedTest
  @EnumSource(Container.class)
  void oneTrustGroupsDecideTheCookies(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", ONETRUST);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Cookies.stored(r)).containsExactly("intercom-id-x");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theOwnCookieComesFirst(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=analytics; " + ONETRUST);
      assertThat(Cookies.stored(r)).containsExactly("__hssc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void gpcWithdrawsMarketingAndTheEventSaysSo(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    CookieGateFilter filter = new CookieGateFilter(CookieGate.builder().listener(events).build());
    try (TestServer server = TestServer.on(container).filter(filter).servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=chat.analytics.marketing; __hstc=0",
          "Sec-GPC", "1");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("intercom-id-x", "__hssc");
      assertThat(Cookies.deleted(r)).containsExactly("__hstc"); // swept: GPC withdrew what the cookie granted
      assertThat(events.ofType(GateEvent.Type.BLOCKED)).singleElement()
          .satisfies(e -> assertThat(e.reason()).contains(Decision.Reason.WITHDRAWN_BY_GPC));
      assertThat(String.join(", ", r.headers().allValues("vary"))).isEqualTo("Cookie, Sec-GPC");

      r = server.get("/page", "Cookie", "cookie_gate_consent=chat.analytics.marketing");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("intercom-id-x", "__hssc", "__hstc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void gpcOffIgnoresTheHeaderAndDoesNotVaryOnIt(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("gpc", "off").servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=marketing", "Sec-GPC", "1");
      assertThat(Cookies.stored(r)).containsExactly("__hstc");
      assertThat(String.join(", ", r.headers().allValues("vary"))).isEqualTo("Cookie");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void hostileConsentCookiesAreNoConsentNotAnError(Container container) throws Exception {
    String hostile = "euconsent-v2=C" + "A".repeat(100 * 1024) + "; klaro=" + "%5B".repeat(3000)
        + "; didomi_token=eyJ1c2VyX2lkIjoi!!!; cc_cookie=" + "[".repeat(10_000);
    try (TestServer server = TestServer.on(container).requestHeaderSize(256 * 1024).servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", hostile);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Cookies.stored(r)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void mappingsAndSourcesAreInitParams(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("consent-sources", "onetrust")
        .param("consent-map.onetrust.analytics", "C0003").param("consent-map.onetrust.chat", "none")
        .servlet("/page", SETS_THREE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=marketing; " + ONETRUST);
      assertThat(Cookies.stored(r)).containsExactly("__hssc");
    }
  }
}
