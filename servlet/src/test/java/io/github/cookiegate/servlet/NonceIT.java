package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The activation script's tag carries the nonce of the application's policy, and only a base64 one. */
class NonceIT {

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/nonce", (req, res) -> {
          res.setHeader("Content-Security-Policy", req.getParameter("p"));
          res.setContentType("text/html");
          res.getWriter().write(CspIT.PAGE);
        })
        .servlet("/page", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write(CspIT.PAGE);
        });
  }

  /** The tag that loads gate.js, as the page has it. */
  static String gateTag(String page) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<script src=\"/cookie-gate/gate\\.js\"[^>]*>").matcher(page);
    assertThat(m.find()).as("the page loads gate.js: " + page).isTrue();
    return m.group();
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theActivationScriptCarriesThePolicysNonce(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String body = server.get("/nonce?p=" + java.net.URLEncoder.encode(
          "script-src 'nonce-r4nd0m+/Nonce==' 'strict-dynamic'; object-src 'none'", "UTF-8")).body();
      assertThat(gateTag(body)).endsWith("\" nonce=\"r4nd0m+/Nonce==\">");
      assertThat(gateTag(server.get("/nonce?p=" + java.net.URLEncoder.encode(
          "default-src 'self'; script-src-elem 'nonce-elem_-1' 'self'", "UTF-8")).body())).contains(" nonce=\"elem_-1\"");
      // The scripts gate.js recreates on activation carry its nonce (a nonce-only policy would refuse them).
      assertThat(server.get("/cookie-gate/gate.js").body()).contains("script.nonce = self.nonce");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aNonceThatIsNotBase64IsLeftOut(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      for (String hostile : new String[] {"script-src 'nonce-x\"onload=\"alert(1)'",
          "script-src 'nonce-a><script>alert(1)</script>'", "script-src 'nonce-&quot;x'", "script-src 'nonce-a b'"}) {
        String page = server.get("/nonce?p=" + java.net.URLEncoder.encode(hostile, "UTF-8")).body();
        assertThat(gateTag(page)).as(hostile).doesNotContain("nonce=");
        assertThat(page).as(hostile).doesNotContain("alert");
      }
      assertThat(gateTag(server.get("/page").body())).as("no policy, no nonce").doesNotContain("nonce=");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aPolicyThatHoldsChatBackMakesGateJsReloadOnActivation(Container container) throws Exception {
    String holds = java.net.URLEncoder.encode("script-src 'self' widget.intercom.io", "UTF-8");
    try (TestServer server = site(container).param("csp", "on").start()) {
      assertThat(gateTag(server.get("/nonce?p=" + holds).body())).endsWith(" data-reload-on-activate>");
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      assertThat(gateTag(server.get("/nonce?p=" + holds, "Cookie", marker).body())).doesNotContain("reload");
      assertThat(gateTag(server.get("/nonce?p=" + java.net.URLEncoder.encode("script-src 'self' www.googletagmanager.com", "UTF-8"))
          .body())).as("no chat host held back").doesNotContain("reload");
      assertThat(server.get("/cookie-gate/gate.js").body()).contains("hasAttribute('data-reload-on-activate')");
    }
    try (TestServer server = site(container).start()) {
      assertThat(gateTag(server.get("/nonce?p=" + holds).body())).as("csp=off").doesNotContain("reload");
    }
  }
}
