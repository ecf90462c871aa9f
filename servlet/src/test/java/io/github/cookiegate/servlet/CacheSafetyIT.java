package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A response whose page or headers depend on the user's activation or consent never reaches a
 * shared cache: {@code Vary: Cookie} (and {@code Sec-GPC} while {@code gpc} is on) merged in, {@code Cache-Control} made private, whatever the
 * application sets before or after the gate; stricter values stay.
 */
class CacheSafetyIT {

  static final String PAGE = "<html><body>" + HtmlGatingIT.INTERCOM + "</body></html>";

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/page", (req, res) -> {
          res.setContentType("text/html");
          String vary = req.getParameter("vary");
          if (vary != null) {
            res.setHeader("Vary", vary);
          }
          String cc = req.getParameter("cc");
          if (cc != null) {
            res.setHeader("Cache-Control", cc);
          }
          res.getWriter().write(PAGE);
        })
        .servlet("/late", (req, res) -> {
          // The application sets its caching headers after the gate made the page private.
          res.setContentType("text/html");
          res.getWriter().write(PAGE);
          res.setHeader("Cache-Control", "public, max-age=600, s-maxage=3600");
          res.setHeader("Vary", "Accept-Encoding");
          res.addHeader("Cache-Control", "public");
        })
        .servlet("/late-null", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write(PAGE);
          res.setHeader("Cache-Control", null);
          res.setHeader("Vary", null);
        })
        .servlet("/chat-cookie", (req, res) -> {
          res.setContentType("application/json");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.addCookie(new Cookie("intercom-session-abc", "s1"));
          res.getWriter().write("{}");
        })
        .servlet("/session-cookie", (req, res) -> {
          res.setContentType("application/json");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.addHeader("Set-Cookie", "JSESSIONID=abc; Path=/; HttpOnly");
          res.getWriter().write("{}");
        })
        .servlet("/vendor-csp", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src 'self' widget.intercom.io");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.setContentType("text/plain");
          res.getWriter().write("x");
        })
        .servlet("/json", (req, res) -> {
          res.setContentType("application/json");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.getWriter().write("{}");
        });
  }

  static String cacheControl(HttpResponse<?> r) {
    return String.join(", ", r.headers().allValues("cache-control"));
  }

  static String vary(HttpResponse<?> r) {
    return String.join(", ", r.headers().allValues("vary"));
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void rewrittenPagesArePrivateAndVaryOnCookie(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<String> r = server.get("/page");
      assertThat(vary(r)).isEqualTo("Cookie, Sec-GPC");
      assertThat(cacheControl(r)).isEqualTo("private");

      r = server.get("/page?cc=public,%20max-age=600,%20s-maxage=3600&vary=Accept-Encoding");
      assertThat(cacheControl(r)).isEqualTo("max-age=600, private");
      assertThat(vary(r)).isEqualTo("Accept-Encoding, Cookie, Sec-GPC");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void leavesStricterValuesAndVaryStarAlone(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      assertThat(cacheControl(server.get("/page?cc=no-store"))).isEqualTo("no-store");
      assertThat(cacheControl(server.get("/page?cc=private,%20max-age=60"))).isEqualTo("private, max-age=60");
      assertThat(cacheControl(server.get("/page?cc=no-cache"))).isEqualTo("no-cache, private");
      HttpResponse<String> star = server.get("/page?vary=*");
      assertThat(vary(star)).isEqualTo("*");
      assertThat(vary(server.get("/page?vary=cookie"))).isEqualTo("cookie, Sec-GPC");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theApplicationCannotUndoItAfterTheGate(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<String> r = server.get("/late");
      assertThat(r.headers().allValues("cache-control")).as("one merged value").hasSize(1);
      assertThat(cacheControl(r)).isEqualTo("max-age=600, private");
      assertThat(vary(r)).isEqualTo("Accept-Encoding, Cookie, Sec-GPC");
      r = server.get("/late-null");
      assertThat(cacheControl(r)).isEqualTo("private");
      assertThat(vary(r)).isEqualTo("Cookie, Sec-GPC");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void cookieDecisionsThatDependOnStateMakeAnyResponsePrivate(Container container) throws Exception {
    try (TestServer server = site(container).param("html", "off").start()) {
      HttpResponse<String> blocked = server.get("/chat-cookie");
      assertThat(Cookies.stored(blocked)).isEmpty();
      assertThat(cacheControl(blocked)).isEqualTo("max-age=60, private");
      assertThat(vary(blocked)).isEqualTo("Cookie, Sec-GPC");

      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      HttpResponse<String> allowed = server.get("/chat-cookie", "Cookie", marker);
      assertThat(Cookies.stored(allowed)).contains("intercom-session-abc");
      assertThat(cacheControl(allowed)).as("allowed by this user's activation").isEqualTo("max-age=60, private");

      HttpResponse<String> swept = server.get("/json", "Cookie", "intercom-id-abc=x");
      assertThat(Cookies.deleted(swept)).contains("intercom-id-abc");
      assertThat(cacheControl(swept)).isEqualTo("max-age=60, private");

      // Decisions every user gets alike leave the application's caching alone.
      HttpResponse<String> necessary = server.get("/session-cookie");
      assertThat(Cookies.stored(necessary)).containsExactly("JSESSIONID");
      assertThat(cacheControl(necessary)).isEqualTo("public, max-age=60");
      assertThat(necessary.headers().allValues("vary")).isEmpty();
      assertThat(cacheControl(server.get("/json"))).isEqualTo("public, max-age=60");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void reportOnlyModeChangesNoCaching(Container container) throws Exception {
    try (TestServer server = site(container).param("mode", "report-only").param("csp", "on").start()) {
      HttpResponse<String> csp = server.get("/vendor-csp");
      assertThat(csp.headers().firstValue("content-security-policy")).contains("script-src 'self' widget.intercom.io");
      assertThat(cacheControl(csp)).isEqualTo("public, max-age=60");
      HttpResponse<String> page = server.get("/page?cc=public,%20max-age=600");
      assertThat(cacheControl(page)).isEqualTo("public, max-age=600");
      assertThat(page.headers().allValues("vary")).isEmpty();
      HttpResponse<String> cookie = server.get("/chat-cookie");
      assertThat(Cookies.stored(cookie)).contains("intercom-session-abc");
      assertThat(cacheControl(cookie)).isEqualTo("public, max-age=60");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aPolicyNamingVendorsMakesTheResponsePrivate(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("csp", "on").param("html", "off")
        .servlet("/vendor", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src 'self' widget.intercom.io");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.setContentType("text/plain");
          res.getWriter().write("x");
        })
        .servlet("/plain", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src 'self' cdn.example.com");
          res.setHeader("Cache-Control", "public, max-age=60");
          res.setContentType("text/plain");
          res.getWriter().write("x");
        }).start()) {
      assertThat(cacheControl(server.get("/vendor"))).isEqualTo("max-age=60, private");
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      HttpResponse<String> kept = server.get("/vendor", "Cookie", marker);
      assertThat(kept.headers().firstValue("content-security-policy")).contains("script-src 'self' widget.intercom.io");
      assertThat(cacheControl(kept)).as("kept because of this user's activation").isEqualTo("max-age=60, private");
      assertThat(List.of(cacheControl(server.get("/plain")))).containsExactly("public, max-age=60");
    }
  }
}
