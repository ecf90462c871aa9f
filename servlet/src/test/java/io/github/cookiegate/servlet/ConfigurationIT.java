package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Init and context params (design section 3): bad ones fail start-up naming the param, so the
 * application is never served ungated; on Jetty 12 ee10 and Tomcat 10.1.
 */
class ConfigurationIT {

  static final String CONTENT = "application content";

  /** Passes everything to the real filter and keeps what its init threw. */
  static final class Capturing implements Filter {
    final CookieGateFilter delegate;
    final AtomicReference<ServletException> initFailure = new AtomicReference<>();

    Capturing(CookieGateFilter delegate) {
      this.delegate = delegate;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      try {
        delegate.init(config);
      } catch (ServletException e) {
        initFailure.set(e);
        throw e;
      }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      delegate.doFilter(req, res, chain);
    }

    @Override
    public void destroy() {
      delegate.destroy();
    }
  }

  /**
   * Starts the server with the page servlet behind the filter and returns what the filter's init
   * threw. Start-up must fail, so the page is never served ungated: Jetty's {@code server.start()}
   * and Undertow's deployment (filters initialised eagerly) throw the filter's exception; Tomcat's context fails to start (TestServer then stops Tomcat
   * and throws).
   */
  static ServletException assertStartUpFails(Container container, TestServer.Builder builder, CookieGateFilter gateFilter)
      throws Exception {
    Capturing filter = new Capturing(gateFilter);
    builder.filter(filter).servlet("/page", (req, res) -> res.getWriter().write(CONTENT));
    Exception startFailure = null;
    try {
      builder.start().close();
    } catch (Exception e) {
      startFailure = e;
    }
    ServletException failure = filter.initFailure.get();
    assertThat(failure).as("the filter's init threw").isNotNull();
    assertThat(startFailure).as("start-up failed").isNotNull();
    if (container != Container.TOMCAT) {
      // Jetty's server.start() and Undertow's deployment start throw the filter's exception.
      assertThat(messages(startFailure)).contains(failure.getMessage());
    } else {
      assertThat(startFailure).isInstanceOf(IllegalStateException.class).hasMessage("Tomcat context failed to start");
    }
    return failure;
  }

  /** The messages of an exception and its causes, one per line. */
  static String messages(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null && out.size() < 10; c = c.getCause()) {
      out.add(c.getClass().getName() + ": " + c.getMessage());
    }
    return String.join("\n", out);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void badChatMaxAgeFailsStartUpNamingTheParam(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("chat-max-age", "P1X"), new CookieGateFilter());
    assertThat(e.getMessage()).contains("chat-max-age").contains("P1X");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void badModeFailsStartUpNamingTheParam(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("mode", "off"), new CookieGateFilter());
    assertThat(e.getMessage()).contains("mode").contains("off").contains("report-only");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void unknownParamFailsStartUpNamingIt(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("foo", "bar"), new CookieGateFilter());
    assertThat(e.getMessage()).contains("foo");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void unknownPrefixedContextParamFailsStartUpNamingIt(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).contextParam("cookie-gate.chat-maxage", "PT1H"),
        new CookieGateFilter());
    assertThat(e.getMessage()).contains("chat-maxage");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void nameInTwoCookieParamsFailsStartUpNamingBoth(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container)
        .param("cookies.chat", "my_widget, other")
        .param("cookies.marketing", "my_widget"), new CookieGateFilter());
    assertThat(e.getMessage()).contains("my_widget").contains("cookies.chat").contains("cookies.marketing");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void badSecretFailsStartUpWithoutRepeatingIt(Container container) throws Exception {
    String shortSecret = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("secret", shortSecret), new CookieGateFilter());
    assertThat(e.getMessage()).contains("secret").doesNotContain(shortSecret);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void badActivationPathFailsStartUp(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("activation-path", "chat/open"), new CookieGateFilter());
    assertThat(e.getMessage()).contains("activation-path");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void gateBuiltInCodePlusInitParamFailsStartUp(Container container) throws Exception {
    ServletException e = assertStartUpFails(container, TestServer.on(container).param("chat-max-age", "PT1H"),
        new CookieGateFilter(CookieGate.builder().build()));
    assertThat(e.getMessage()).contains("chat-max-age").contains("CookieGate");
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void prefixedContextParamsConfigureTheFilter(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .contextParam("cookie-gate.cookies.chat", "my_chat")
        .contextParam("unrelated.setting", "ignored") // other libraries' context params are not ours
        .servlet("/page", (req, res) -> {
          res.addHeader("Set-Cookie", "my_chat=1; Path=/");
          res.getWriter().write(CONTENT);
        }).start()) {
      HttpResponse<String> before = server.get("/page");
      assertThat(before.body()).isEqualTo(CONTENT);
      assertThat(Cookies.stored(before)).isEmpty();
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      // Chat: allowed after activation although neither consent nor "unknown" would allow it.
      assertThat(Cookies.stored(server.get("/page", "Cookie", marker))).containsExactly("my_chat");
      assertThat(Cookies.stored(server.get("/page", "Cookie", "cookie_gate_consent=analytics.marketing.functional")))
          .isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void initParamOverridesTheContextParamOfTheSameKey(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .contextParam("cookie-gate.chat-max-age", "PT1H")
        .param("chat-max-age", "PT2H")
        .contextParam("cookie-gate.cookies.chat", "my_chat")
        .param("cookies.chat", "other_chat")
        .servlet("/page", (req, res) -> {
          res.addHeader("Set-Cookie", "my_chat=1; Path=/");
          res.addHeader("Set-Cookie", "other_chat=1; Path=/");
        }).start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate");
      assertThat(Cookies.named(activation, "cookie_gate_chat").orElseThrow().maxAge()).hasValue(7_200);
      String marker = Cookies.cookieHeader(activation);
      assertThat(Cookies.stored(server.get("/page", "Cookie", marker))).containsExactly("other_chat");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void contextParamsAreMergedWithInitParamsOfOtherKeys(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .contextParam("cookie-gate.chat-max-age", "PT2H")
        .param("cookies.chat", "my_chat")
        .servlet("/page", (req, res) -> res.addHeader("Set-Cookie", "my_chat=1; Max-Age=999999; Path=/")).start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate");
      assertThat(Cookies.named(activation, "cookie_gate_chat").orElseThrow().maxAge()).hasValue(7_200);
      HttpResponse<String> page = server.get("/page", "Cookie", Cookies.cookieHeader(activation));
      assertThat(Cookies.named(page, "my_chat").orElseThrow().maxAge()).hasValue(7_200);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void emptyValueMeansDefault(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("chat-max-age", "").param("mode", " ").start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate");
      assertThat(Cookies.named(activation, "cookie_gate_chat").orElseThrow().maxAge()).hasValue(86_400);
    }
  }
}
