package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gh-13, on real Jetty and Tomcat with no cookies.* or hosts.* settings: the built-in catalog knows
 * the common analytics and marketing cookies (13-month cap) and the chat vendors' snippets and
 * cookies of the 2026-12 corrections.
 */
class TrackerCatalogIT {

  static final long THIRTEEN_MONTHS = 395L * 86_400;

  static final String HUBSPOT_EU = "<script type=\"text/javascript\" id=\"hs-script-loader\" async defer"
      + " src=\"//js-eu1.hs-scripts.com/26123456.js\"></script>";
  static final String IADVIZE = "<script src=\"https://halc.iadvize.com/iadvize.js?sid=1234\" async></script>";
  static final String BREVO = "<script>(function(d, w, c) { w.BrevoConversationsID = 'abc';"
      + " var s = d.createElement('script'); s.async = true;"
      + " s.src = 'https://conversations-widget.brevo.com/brevo-conversations.js';"
      + " if (d.head) d.head.appendChild(s); })(document, window, 'BrevoConversations');</script>";
  static final String TAWK = "<script type=\"text/javascript\">var Tawk_API=Tawk_API||{};(function(){"
      + "var s1=document.createElement(\"script\"),s0=document.getElementsByTagName(\"script\")[0];"
      + "s1.async=true;s1.src='https://embed.tawk.to/0123456789abcdef01234567/default';"
      + "s0.parentNode.insertBefore(s1,s0);})();</script>";
  static final String[] SNIPPETS = {HUBSPOT_EU, IADVIZE, BREVO, TAWK};

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/track", (req, res) -> {
          // As an application relaying Google Analytics and the Meta pixel server-side would.
          Cookie ga = new Cookie("_ga", "GA1.1.123.456");
          ga.setMaxAge(2 * 365 * 86_400);
          ga.setPath("/");
          res.addCookie(ga);
          res.addHeader("Set-Cookie", "_fbp=fb.1.1700000000.123; Max-Age=63072000; Path=/");
          res.addHeader("Set-Cookie", "_gid=GA1.1.789; Max-Age=86400; Path=/");
        })
        .servlet("/chat", (req, res) -> {
          res.addHeader("Set-Cookie", "twk_uuid_0123456789abcdef01234567=%7B%22uuid%22%3A1%7D; Max-Age=15552000; Path=/");
          res.addHeader("Set-Cookie", "iadvize-1234-vuid=abc; Max-Age=31536000; Path=/");
          res.addHeader("Set-Cookie", "messagesUtk=def; Max-Age=15552000; Path=/");
        })
        .servlet("/page", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write("<!doctype html><html><head><title>t</title></head><body>"
              + "<button data-cookie-gate-activate>Chat</button>" + String.join("", SNIPPETS) + "</body></html>");
        });
  }

  static String consent(TestServer server, String categories) throws Exception {
    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/cookie-gate/consent"))
        .POST(HttpRequest.BodyPublishers.ofString("categories=" + categories))
        .header("Content-Type", "application/x-www-form-urlencoded"), "Origin", server.origin());
    assertThat(r.statusCode()).isEqualTo(204);
    return Cookies.cookieHeader(r);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void gaAndFbpWaitForTheirConsentAndLiveAtMostThirteenMonths(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<String> fresh = server.get("/track");
      assertThat(Cookies.stored(fresh)).doesNotContain("_ga", "_fbp", "_gid");

      HttpResponse<String> analytics = server.get("/track", "Cookie", consent(server, "analytics"));
      assertThat(Cookies.stored(analytics)).contains("_ga", "_gid").doesNotContain("_fbp");
      SetCookie ga = Cookies.named(analytics, "_ga").orElseThrow();
      assertThat(ga.maxAge()).hasValue(THIRTEEN_MONTHS);
      assertThat(ga.value()).isEqualTo("GA1.1.123.456");
      assertThat(Cookies.named(analytics, "_gid").orElseThrow().maxAge()).as("shorter: as written").hasValue(86_400);

      HttpResponse<String> marketing = server.get("/track", "Cookie", consent(server, "marketing"));
      assertThat(Cookies.stored(marketing)).contains("_fbp").doesNotContain("_ga", "_gid");
      assertThat(Cookies.named(marketing, "_fbp").orElseThrow().maxAge()).hasValue(THIRTEEN_MONTHS);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void chatSnippetsAndTheirCookiesWaitForTheClick(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String held = server.get("/page").body();
      for (String snippet : SNIPPETS) {
        assertThat(held).doesNotContain(snippet);
      }
      assertThat(held).contains("data-cookie-gate-src=\"//js-eu1.hs-scripts.com/26123456.js\"",
          "data-cookie-gate-src=\"https://halc.iadvize.com/iadvize.js?sid=1234\"");
      assertThat(Cookies.stored(server.get("/chat"))).isEmpty();

      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      String released = server.get("/page", "Cookie", marker).body();
      for (String snippet : SNIPPETS) {
        assertThat(released).contains(snippet);
      }
      HttpResponse<String> chat = server.get("/chat", "Cookie", marker);
      assertThat(Cookies.stored(chat)).containsExactlyInAnyOrder("twk_uuid_0123456789abcdef01234567",
          "iadvize-1234-vuid", "messagesUtk");
      assertThat(Cookies.named(chat, "iadvize-1234-vuid").orElseThrow().maxAge()).as("chat-max-age").hasValue(86_400);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theDeclarationListsTheNewRowsWithTheirSource(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String json = server.get("/cookie-gate/cookies?format=json").body();
      assertThat(json).contains("\"pattern\":\"_ga\",\"kind\":\"exact\",\"vendor\":\"Google Analytics\"")
          .contains("\"pattern\":\"twk_uuid_*\"")
          .contains("\"reference\":\"Open Cookie Database ");
      String html = server.get("/cookie-gate/cookies").body();
      assertThat(html).contains("<code>_fbp</code>").contains("Open Cookie Database ");
    }
  }
}
