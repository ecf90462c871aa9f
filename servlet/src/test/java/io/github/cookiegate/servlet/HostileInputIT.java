package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a hostile browser, script or application mistake can send: never a 500 caused by the
 * filter, never a cookie leaked past the gate; on Jetty 12 ee10 and Tomcat 10.1.
 */
class HostileInputIT {

  static final String ALL_CONSENTED = "cookie_gate_consent=chat.functional.analytics.marketing";

  /** Asserts the page was served and only its necessary cookie stored (chat and analytics blocked). */
  static void assertServedAndGated(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what).isEqualTo(200);
    assertThat(r.body()).as(what).isEqualTo("page");
    assertThat(Cookies.stored(r)).as(what).containsExactly("XSRF-TOKEN");
  }

  static String repeatTo(String unit, int length) {
    return unit.repeat(length / unit.length() + 1).substring(0, length);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void malformedCookieHeadersAreServedAndGated(Container container) throws Exception {
    String[] headers = {
      "=;;; ;=; a",
      ";;;;",
      "=",
      "cookie_gate_chat",
      "cookie_gate_chat=; cookie_gate_chat=;",
      "cookie_gate_chat=\"v1.1.x\"",
      "cookie_gate_consent; cookie_gate_consent==",
      "cookie_gate_consent=%; cookie_gate_consent=%zz%E0%A4%A",
      "cookie_gate_consent=chat; cookie_gate_consent=none", // intersection: nothing (not on Undertow, below)
      "$Version=1; cookie_gate_chat=v1.1.x; $Path=/",
      "intercom-id-x=\"unterminated",
      " \t ; = ; \t",
    };
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      for (String header : headers) {
        if (container == Container.UNDERTOW && header.equals("cookie_gate_consent=chat; cookie_gate_consent=none")) {
          // Undertow 2.3.24 hands the application one cookie per name (the first), so the filter cannot
          // see the second copy: a known gap, listed in docs/compatibility.md.
          continue;
        }
        HttpResponse<String> r = server.get("/page", "Cookie", header);
        assertServedAndGated(r, "Cookie: " + header);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void threeHundredAttackerCookieNamesAreServedAndGated(Container container) throws Exception {
    String header = IntStream.range(0, 300).mapToObj(i -> String.format("attacker-name-%03d=xxxx", i))
        .collect(Collectors.joining("; "));
    assertThat(header.length()).isBetween(6_000, 7_500);
    // Tomcat answers 400 itself, before any filter, to more than maxCookieCount (200) cookies:
    // raised here so that the filter sees all 300.
    try (TestServer server = TestServer.on(container).maxCookieCount(1_000)
        .servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", header);
      assertServedAndGated(r, "300 unknown names");
      assertThat(Cookies.deleted(r)).isEmpty(); // unknown cookies are left alone
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void manyCarriedChatCookiesDoNotBreakTheResponse(Container container) throws Exception {
    // A sibling subdomain (cookie tossing) or a script can make the browser send as many cookies
    // as it keeps per domain (Chrome: 180) with names that match chat patterns; the sweep expires
    // each with one Set-Cookie. A 3.4 KB request must not turn into a response the container
    // refuses to send (both limit response headers to 8 KB by default).
    String header = IntStream.range(0, 180).mapToObj(i -> String.format("intercom-id-%03d=x", i))
        .collect(Collectors.joining("; "));
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", header);
      assertThat(r.statusCode()).as("180 chat names; body: " + r.body()).isEqualTo(200);
      assertServedAndGated(r, "180 chat names");
      // The sweep expires at most MAX_DELETIONS_PER_RESPONSE of them; the rest go next time.
      assertThat(Cookies.deleted(r)).hasSize(Sweep.MAX_DELETIONS_PER_RESPONSE);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void invalidUtf8InTheCookieHeaderIsServedAndGated(Container container) throws Exception {
    byte[][] requests = {
      RawHttp.get("/page", "Cookie: \u00ff\u00fe=\u00c3\u0028"),
      RawHttp.get("/page", "Cookie: cookie_gate_chat=\u00c3\u0028; cookie_gate_consent=ch\u00e0t\u00ff"),
      RawHttp.get("/page", "Cookie: intercom-id-\u00ff=1; __hs\u00c3\u0028c=2"),
      RawHttp.get("/page", "Cookie: \u00f0\u009f\u0098=\u00ed\u00a0\u0080"), // truncated 4-byte sequence, surrogate
    };
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      for (byte[] request : requests) {
        String what = new String(request, StandardCharsets.ISO_8859_1).lines().filter(l -> l.startsWith("Cookie")).findFirst().orElseThrow();
        RawHttp.Response r = RawHttp.send(server.port(), request);
        if (container == Container.UNDERTOW && r.status() == 500) {
          // Undertow 2.3.24 rejects these itself, before any filter runs (its session lookup parses
          // the Cookie header and throws): nothing is served and no cookie is set.
          assertThat(r.all("set-cookie")).as(what).isEmpty();
          continue;
        }
        assertThat(r.status()).as(what).isEqualTo(200);
        assertThat(r.body()).as(what).contains("page");
        List<String> stored = r.all("set-cookie").stream()
            .map(h -> SetCookie.parse(h).orElseThrow(() -> new AssertionError("unparseable Set-Cookie: " + h)))
            .filter(c -> !c.isDeletion(java.time.Instant.now()))
            .map(SetCookie::name).toList();
        assertThat(stored).as(what).containsExactly("XSRF-TOKEN");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void controlCharactersInTheCookieHeaderNeverLeakACookie(Container container) throws Exception {
    // Containers may reject these themselves (400); whatever they do, not a 500 and no chat cookie.
    byte[][] requests = {
      RawHttp.get("/page", "Cookie: a=\u0000b; cookie_gate_consent=chat"),
      RawHttp.get("/page", "Cookie: cookie_gate_consent=chat\u0001"),
      RawHttp.get("/page", "Cookie: cookie_gate_chat=v1.1\u0007x"),
    };
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      for (byte[] request : requests) {
        RawHttp.Response r = RawHttp.send(server.port(), request);
        String what = new String(request, StandardCharsets.ISO_8859_1);
        if (container != Container.UNDERTOW) {
          // Undertow 2.3.24 answers 500 itself, before any filter runs (its session lookup parses the
          // Cookie header and throws); it sets no cookie either, asserted below.
          assertThat(r.status()).as(what).isNotEqualTo(500);
        }
        assertThat(r.all("set-cookie")).as(what).noneMatch(h -> h.startsWith("intercom") || h.startsWith("__hssc"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void hugeConsentCookieOrMarkerIsServedAndGated(Container container) throws Exception {
    String garbageConsent = "cookie_gate_consent=" + repeatTo("%E0%A4%A.%%%~!x..,-%2e%63hat%", 10_240);
    String garbageMarker = "cookie_gate_chat=" + repeatTo("v1.1700000000.AAAA", 10_240);
    String longMarker = "cookie_gate_chat=v1." + "9".repeat(10_240) + ".AAAA";
    try (TestServer server = TestServer.on(container).requestHeaderSize(64 * 1024)
        .servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      for (String header : new String[] {garbageConsent, garbageMarker, longMarker,
          garbageConsent + "; " + garbageMarker + "; intercom-id-x=1"}) {
        HttpResponse<String> r = server.get("/page", "Cookie", header);
        assertServedAndGated(r, "Cookie of " + header.length() + " chars: " + header.substring(0, 40));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void setCookieABrowserWouldIgnoreIsDroppedAndTheRequestServed(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", (req, res) -> {
      res.addHeader("Set-Cookie", "__Host-x=1"); // __Host- without Secure and Path=/
      res.addHeader("Set-Cookie", "__Secure-y=1; Path=/"); // __Secure- without Secure
      res.addHeader("Set-Cookie", "bad=a\u0001b; Path=/"); // control character voids the cookie
      res.addHeader("Set-Cookie", "bad\u0007name=1; Path=/");
      res.addHeader("Set-Cookie", "nul=a\u0000b; Path=/");
      res.addHeader("Set-Cookie", "huge=" + "x".repeat(5_000) + "; Path=/"); // over 4096 octets
      res.addHeader("Set-Cookie", "");
      res.addHeader("Set-Cookie", "   ");
      res.addHeader("Set-Cookie", "=");
      res.addCookie(new Cookie("__Host-z", "1"));
      res.addCookie(new Cookie("XSRF-TOKEN", "t"));
      res.getWriter().write("page");
    }).start()) {
      for (String consent : new String[] {"", ALL_CONSENTED}) {
        HttpResponse<String> r = server.get("/page", "Cookie", consent.isEmpty() ? "x=y" : consent);
        assertThat(r.statusCode()).as(consent).isEqualTo(200);
        assertThat(r.body()).as(consent).isEqualTo("page");
        // Every header that arrives parses (Cookies.stored fails otherwise) and only the token is kept.
        assertThat(Cookies.stored(r)).as(consent).containsExactly("XSRF-TOKEN");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void headerInjectionThroughSetCookieNeverReachesTheWire(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/add", (req, res) -> {
          res.addHeader("Set-Cookie", "a=b\r\nX-Injected: 1");
          res.addHeader("Set-Cookie", "c=d\nX-Injected: 2");
          res.addHeader("Set-Cookie", "e=f\rX-Injected: 3");
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          res.getWriter().write("page");
        })
        .servlet("/set", (req, res) -> {
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          res.setHeader("Set-Cookie", "a=b\r\nX-Injected: 1");
          res.getWriter().write("page");
        }).start()) {
      for (String path : new String[] {"/add", "/set"}) {
        for (String consent : new String[] {"x=y", ALL_CONSENTED}) {
          HttpResponse<String> r = server.get(path, "Cookie", consent);
          String what = path + " with " + consent;
          assertThat(r.headers().map().keySet()).as(what).noneMatch(h -> h.equalsIgnoreCase("x-injected"));
          assertThat(r.headers().allValues("set-cookie")).as(what).noneMatch(h -> h.contains("Injected"));
          assertThat(r.statusCode()).as(what).isEqualTo(200);
          assertThat(r.body()).as(what).isEqualTo("page");
        }
      }
    }
  }

  /** A Cookie object whose value holds CR LF: the container's own addCookie refuses it. */
  static final TestServer.Handler CRLF_COOKIE = (req, res) -> {
    res.addCookie(new Cookie("a", "b\r\nX-Injected: 1"));
    res.addCookie(new Cookie("XSRF-TOKEN", "t"));
    res.getWriter().write("page");
  };

  @ParameterizedTest
  @EnumSource(Container.class)
  void headerInjectionThroughACookieObjectIsNoWorseThanWithoutTheFilter(Container container) throws Exception {
    // Jetty and Tomcat both throw IllegalArgumentException from addCookie for a value with CR/LF,
    // which the servlet does not catch: a 500 without any filter. The gate decides on a masked
    // copy of the value (GatedResponse.describe), so when the cookie's category is allowed (here:
    // unknown, every category consented) it hands the cookie on and the container's 500 stands.
    // When the cookie is not allowed, the gate drops it first and the page is served.
    try (TestServer gated = TestServer.on(container).servlet("/cookie", CRLF_COOKIE).start();
        TestServer bare = TestServer.on(container).filter((q, s, c) -> c.doFilter(q, s))
            .servlet("/cookie", CRLF_COOKIE).start()) {
      for (String consent : new String[] {"x=y", ALL_CONSENTED}) {
        HttpResponse<String> withFilter = gated.get("/cookie", "Cookie", consent);
        HttpResponse<String> without = bare.get("/cookie", "Cookie", consent);
        for (HttpResponse<String> r : List.of(withFilter, without)) {
          assertThat(r.headers().map().keySet()).as(consent).noneMatch(h -> h.equalsIgnoreCase("x-injected"));
          assertThat(r.headers().allValues("set-cookie")).as(consent).noneMatch(h -> h.contains("Injected"));
        }
        assertThat(without.statusCode()).as("without the filter").isEqualTo(500);
        if (withFilter.statusCode() != 200) {
          assertThat(withFilter.statusCode()).as(consent).isEqualTo(without.statusCode());
        }
      }
      HttpResponse<String> blocked = gated.get("/cookie", "Cookie", "x=y");
      assertThat(blocked.statusCode()).isEqualTo(200);
      assertThat(Cookies.stored(blocked)).containsExactly("XSRF-TOKEN");
    }
  }
}
