package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every path a cookie can take (design section 4), on Jetty 12 ee10 and Tomcat 10.1. */
class CookiePathsIT {

  /** A page that sets a chat, an analytics and a necessary cookie, through addCookie. */
  static final TestServer.Handler VENDOR_PAGE = (req, res) -> {
    res.addCookie(new Cookie("intercom-id-app1", "visitor-1"));
    res.addCookie(new Cookie("__hssc", "1.2.3"));
    res.addCookie(new Cookie("XSRF-TOKEN", "t0k3n"));
    res.getWriter().write("page");
  };

  @ParameterizedTest
  @EnumSource(Container.class)
  void blocksChatCookieBeforeActivation(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.get("/page");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
      assertThat(r.body()).isEqualTo("page");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void allowsChatCookieAfterActivationButNotAnalytics(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", VENDOR_PAGE).start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate");
      assertThat(activation.statusCode()).isEqualTo(204);
      String marker = Cookies.cookieHeader(activation);
      assertThat(marker).startsWith("cookie_gate_chat=");
      HttpResponse<String> r = server.get("/page", "Cookie", marker);
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("intercom-id-app1", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void consentCookieAllowsItsCategories(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", "cookie_gate_consent=analytics.chat");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("intercom-id-app1", "__hssc", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void gatesAddHeaderAndSetHeaderInAnyLetterCase(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/h", (req, res) -> {
      res.addHeader("Set-Cookie", "intercom-session-x=1; Path=/");
      res.addHeader("set-cookie", "JSESSIONID=abc; Path=/");
      res.addHeader("SET-COOKIE", "_hjid=abc; Path=/");
      res.addHeader("sEt-CoOkIe", "XSRF-TOKEN=t; Path=/");
    }).start()) {
      HttpResponse<String> r = server.get("/h");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("JSESSIONID", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void setHeaderKeepsReplaceSemanticsMinusBlockedCookies(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/allowed", (req, res) -> {
          res.addCookie(new Cookie("XSRF-TOKEN", "first"));
          res.setHeader("Set-Cookie", "JSESSIONID=second; Path=/");
        })
        .servlet("/blocked", (req, res) -> {
          res.addCookie(new Cookie("XSRF-TOKEN", "first"));
          res.setHeader("Set-Cookie", "intercom-id-x=second; Path=/");
        }).start()) {
      if (container == Container.UNDERTOW) {
        // Undertow 2.3.24 keeps addCookie's cookies apart from its headers: setHeader replaces only
        // headers, so the container itself sends XSRF-TOKEN as well. The gate keeps those semantics.
        assertThat(Cookies.stored(server.get("/allowed"))).containsExactlyInAnyOrder("JSESSIONID", "XSRF-TOKEN");
        assertThat(Cookies.stored(server.get("/blocked"))).containsExactly("XSRF-TOKEN");
        return;
      }
      assertThat(Cookies.stored(server.get("/allowed"))).containsExactly("JSESSIONID");
      // The container would send only the replacing header; it is blocked, so nothing is stored.
      assertThat(Cookies.stored(server.get("/blocked"))).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void getHeadersShowsOnlyWhatWasAllowed(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/h", (req, res) -> {
      res.addCookie(new Cookie("intercom-id-x", "v"));
      res.addHeader("Set-Cookie", "__hstc=1");
      res.addCookie(new Cookie("XSRF-TOKEN", "t"));
      res.getWriter().write(String.join("|", res.getHeaders("Set-Cookie")));
    }).start()) {
      HttpResponse<String> r = server.get("/h");
      if (container == Container.UNDERTOW) {
        // Undertow 2.3.24 lists no addCookie cookie among its headers; what it would send is gated all the same.
        assertThat(r.body()).doesNotContain("intercom").doesNotContain("__hstc");
        assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
        return;
      }
      assertThat(r.body()).contains("XSRF-TOKEN").doesNotContain("intercom").doesNotContain("__hstc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void rewritesChatCookieLifetimeToChatMaxAge(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("chat-max-age", "PT1H").servlet("/h", (req, res) -> {
      ChatActivation.activate(req);
      Cookie c = new Cookie("intercom-id-x", "v");
      c.setMaxAge(23_328_000);
      c.setPath("/");
      res.addCookie(c);
      res.addHeader("Set-Cookie", "intercom-session-x=s; Max-Age=604800; Path=/");
    }).start()) {
      HttpResponse<String> r = server.get("/h");
      assertThat(Cookies.named(r, "intercom-id-x").orElseThrow().maxAge()).hasValue(3600);
      assertThat(Cookies.named(r, "intercom-session-x").orElseThrow().maxAge()).hasValue(3600);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void deletionsAlwaysPass(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/h", (req, res) -> {
      Cookie c = new Cookie("intercom-id-x", "");
      c.setMaxAge(0);
      res.addCookie(c);
      res.addHeader("Set-Cookie", "__hstc=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }).start()) {
      assertThat(Cookies.deleted(server.get("/h"))).containsExactlyInAnyOrder("intercom-id-x", "__hstc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sessionCookieIsNecessaryByDefault(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/s", (req, res) -> req.getSession(true)).start()) {
      assertThat(Cookies.stored(server.get("/s"))).containsExactly("JSESSIONID");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void sessionCookieClassifiedAsChatObeysTheTable(Container container) throws Exception {
    // Undertow 2.3.24 writes its session cookie into the exchange, out of reach of the Servlet API
    // (getHeaders does not list it), so the filter cannot hold it: a known gap, in docs/compatibility.md.
    // With the default (the session cookie is necessary) nothing needs holding.
    org.junit.jupiter.api.Assumptions.assumeFalse(container == Container.UNDERTOW,
        "Undertow 2.3: the session cookie bypasses the Servlet API; see docs/compatibility.md");
    try (TestServer server = TestServer.on(container).param("cookies.chat", "JSESSIONID")
        .servlet("/s", (req, res) -> {
          req.getSession(true);
          res.getWriter().write("ok");
        })
        .servlet("/rotate", (req, res) -> {
          req.getSession(true);
          req.changeSessionId();
        }).start()) {
      HttpResponse<String> before = server.get("/s");
      assertThat(Cookies.stored(before)).doesNotContain("JSESSIONID");
      assertThat(before.body()).isEqualTo("ok");
      assertThat(Cookies.stored(server.get("/rotate"))).doesNotContain("JSESSIONID");
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      assertThat(Cookies.stored(server.get("/s", "Cookie", marker))).contains("JSESSIONID");
      assertThat(Cookies.stored(server.get("/rotate", "Cookie", marker))).contains("JSESSIONID");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void renamedSessionCookieIsNecessaryToo(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).sessionCookieName("APPSESSION")
        .servlet("/s", (req, res) -> req.getSession(true)).start()) {
      assertThat(Cookies.stored(server.get("/s"))).containsExactly("APPSESSION");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void cookiesAddedBeforeRedirectAndErrorAreGated(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/redirect", (req, res) -> {
          res.addCookie(new Cookie("intercom-id-x", "v"));
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          res.sendRedirect("/elsewhere");
        })
        .servlet("/error", (req, res) -> {
          res.addCookie(new Cookie("intercom-id-x", "v"));
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          res.sendError(404);
        }).start()) {
      HttpResponse<String> redirect = server.get("/redirect");
      assertThat(redirect.statusCode()).isEqualTo(302);
      assertThat(Cookies.stored(redirect)).containsExactly("XSRF-TOKEN");
      HttpResponse<String> error = server.get("/error");
      assertThat(error.statusCode()).isEqualTo(404);
      assertThat(Cookies.stored(error)).containsExactly("XSRF-TOKEN");
    }
  }

  /**
   * Servlet 6.1's {@code sendRedirect(location, sc, clearBuffer)} is a commit point too: cookies
   * are gated and the marker that {@code ChatActivation.activate} queued goes out. Runs where the
   * API has the overload (compat/servlet-6.1), skipped on Servlet 6.0.
   */
  @ParameterizedTest
  @EnumSource(Container.class)
  void servlet61RedirectOverloadIsACommitPoint(Container container) throws Exception {
    java.lang.reflect.Method overload;
    try {
      overload = jakarta.servlet.http.HttpServletResponse.class.getMethod("sendRedirect", String.class, int.class,
          boolean.class);
    } catch (NoSuchMethodException e) {
      org.junit.jupiter.api.Assumptions.abort("Servlet 6.0: no sendRedirect(String, int, boolean)");
      return;
    }
    java.lang.reflect.Method redirect = overload;
    try (TestServer server = TestServer.on(container)
        .servlet("/start", (req, res) -> {
          ChatActivation.activate(req);
          res.addCookie(new Cookie("__hstc", "v"));
          try {
            redirect.invoke(res, "/chat", 303, true);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }).start()) {
      HttpResponse<String> r = server.get("/start", "Cookie", "_ga=1");
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(Cookies.stored(r)).containsExactly("cookie_gate_chat");
      assertThat(Cookies.deleted(r)).containsExactly("_ga");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void forwardedAndIncludedServletsAreGated(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/forward", (req, res) -> req.getRequestDispatcher("/target").forward(req, res))
        .servlet("/include", (req, res) -> {
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          req.getRequestDispatcher("/target").include(req, res);
        })
        .servlet("/target", (req, res) -> {
          res.addCookie(new Cookie("intercom-id-x", "v"));
          res.addHeader("Set-Cookie", "__hstc=1");
          res.addCookie(new Cookie("JSESSIONID", "forwarded"));
          res.getWriter().write("target");
        }).start()) {
      HttpResponse<String> forward = server.get("/forward");
      assertThat(forward.body()).isEqualTo("target");
      assertThat(Cookies.stored(forward)).containsExactly("JSESSIONID");
      HttpResponse<String> include = server.get("/include");
      assertThat(Cookies.stored(include)).doesNotContain("intercom-id-x", "__hstc");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void asyncWorkOnAnotherThreadIsGated(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/async", (req, res) -> {
      var ac = req.startAsync();
      ac.start(() -> {
        var r = (jakarta.servlet.http.HttpServletResponse) ac.getResponse();
        r.addCookie(new Cookie("intercom-id-x", "v"));
        r.addHeader("Set-Cookie", "__hstc=1");
        r.addCookie(new Cookie("XSRF-TOKEN", "t"));
        try {
          r.getWriter().write("async");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        ac.complete();
      });
    }).start()) {
      HttpResponse<String> r = server.get("/async");
      assertThat(r.body()).isEqualTo("async");
      assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void errorPageDispatchIsGated(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).errorPage(500, "/oops")
        .servlet("/fail", (req, res) -> {
          throw new IllegalStateException("boom");
        })
        .servlet("/oops", (req, res) -> {
          res.addCookie(new Cookie("intercom-id-x", "v"));
          res.addHeader("Set-Cookie", "__hstc=1");
          res.addCookie(new Cookie("XSRF-TOKEN", "t"));
          res.getWriter().write("error page");
        }).start()) {
      HttpResponse<String> r = server.get("/fail");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("error page");
      assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void cookieAddedAfterCommitIsDecidedThenDroppedByTheContainer(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/late", (req, res) -> {
      res.addCookie(new Cookie("XSRF-TOKEN", "t"));
      res.getWriter().write("body");
      res.flushBuffer();
      res.addCookie(new Cookie("intercom-id-x", "v"));
      res.addCookie(new Cookie("JSESSIONID", "late"));
    }).start()) {
      HttpResponse<String> r = server.get("/late");
      assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void headerWrittenByTheApplicationIsKeptVerbatim(Container container) throws Exception {
    String header = "XSRF-TOKEN=abc; Path=/; SameSite=Strict; Priority=High";
    try (TestServer server = TestServer.on(container).servlet("/h", (req, res) -> res.addHeader("Set-Cookie", header)).start()) {
      assertThat(server.get("/h").headers().allValues("set-cookie")).containsExactly(header);
      assertThat(SetCookie.parse(header)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void setHeaderNullKeepsTheContainersSemanticsAndLeaksNothing(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/h", (req, res) -> {
      res.addCookie(new Cookie("XSRF-TOKEN", "t"));
      res.addHeader("Set-Cookie", "intercom-id-x=v; Path=/");
      res.setHeader("Set-Cookie", null);
    }).start()) {
      HttpResponse<String> r = server.get("/h");
      // Jetty removes the header on null, and so does Tomcat 11 (Servlet 6.1 says so); Tomcat 10.1
      // ignores a null value, and Undertow 2.3 keeps addCookie's cookie apart from the headers.
      // Either way no blocked cookie.
      if (container == Container.JETTY || TestServer.servletSpec().equals("6.1")) {
        assertThat(Cookies.stored(r)).isEmpty();
      } else {
        assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void secureRequestsGetHostPrefixedMarkerThatActivates(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).forwardedHeaders().servlet("/page", VENDOR_PAGE).start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate", "X-Forwarded-Proto", "https");
      assertThat(activation.statusCode()).isEqualTo(204);
      SetCookie marker = Cookies.named(activation, "__Host-cookie_gate_chat").orElseThrow();
      assertThat(marker.secure()).isTrue();
      assertThat(marker.path()).contains("/");
      assertThat(marker.domain()).isEmpty();
      assertThat(marker.httpOnly()).isTrue();
      String cookie = marker.name() + "=" + marker.value();
      HttpResponse<String> page = server.get("/page", "X-Forwarded-Proto", "https", "Cookie", cookie);
      assertThat(Cookies.stored(page)).contains("intercom-id-app1");
      // Both names are read: the plain marker works on a plain request too.
      HttpResponse<String> plain = server.get("/page", "Cookie", "cookie_gate_chat=" + marker.value());
      assertThat(Cookies.stored(plain)).contains("intercom-id-app1");
    }
  }
}
