package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chat launcher the filter inserts where it held a chat vendor, on Jetty and Tomcat. */
class LauncherIT {

  static final String INTERCOM = "<script src=\"https://widget.intercom.io/widget/abc123\" async></script>";

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/page", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write("<!doctype html><html><head><title>t</title></head><body><p>shop</p>" + INTERCOM
              + "</body></html>");
        })
        .servlet("/fr", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write("<!doctype html><html lang=\"fr-FR\"><head></head><body>" + INTERCOM + "</body>\n</html>\n");
        })
        .servlet("/fr-stream", (req, res) -> {
          // Bytes in the page's charset, the way a static file or a template engine's stream writes them.
          String charset = req.getParameter("charset") == null ? "UTF-8" : req.getParameter("charset");
          res.setContentType("text/html;charset=" + charset);
          res.getOutputStream().write(("<!doctype html><html lang=\"fr\"><head></head><body><p>Bient\u00f4t l\u2019\u00e9t\u00e9</p>"
              + INTERCOM + "</body></html>").getBytes(java.nio.charset.Charset.forName(charset)));
        })
        .servlet("/no-body-end", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<html><body>" + INTERCOM + "<p>x</p></html>");
        })
        .servlet("/no-end-tags", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<!doctype html><title>t</title><p>x</p>" + INTERCOM);
        })
        .servlet("/own-button", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<html><body><button data-cookie-gate-activate>Chat</button>" + INTERCOM + "</body></html>");
        })
        .servlet("/own-host", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<html lang=de><body><script src=\"https://chat.example.com/w.js\"></script></body></html>");
        })
        .servlet("/csp", (req, res) -> {
          res.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'nonce-c2NyaXB0'; style-src 'self' 'nonce-c3R5bGU='");
          res.setContentType("text/html");
          res.getWriter().write("<html><body>" + INTERCOM + "</body></html>");
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void insertsTheLauncherInsideTheBodyBeforeItsEndTag(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String body = server.get("/page").body();
      int launcher = body.indexOf("<aside class=\"cookie-gate-launcher\"");
      assertThat(launcher).as("launcher").isPositive();
      assertThat(body.indexOf("<body>")).isLessThan(launcher);
      assertThat(body).endsWith("</aside>\n</body></html>").containsOnlyOnce("data-cookie-gate-launcher")
          .contains("lang=\"en\" aria-label=\"Chat with us\"")
          .contains("Opening the chat lets Intercom store what the conversation needs.")
          .contains("<a href=\"/cookie-gate/cookies\">Cookies used</a>")
          .contains("<link rel=\"stylesheet\" href=\"/cookie-gate/launcher.css\">")
          .doesNotContain(" style=\"");
      String noBodyEnd = server.get("/no-body-end").body();
      assertThat(noBodyEnd).endsWith("</aside>\n</html>");
      String noEndTags = server.get("/no-end-tags").body();
      assertThat(noEndTags).endsWith("</aside>\n").contains("<p>x</p>");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void speaksThePageLanguageThenTheBrowsers(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      assertThat(server.get("/fr", "Accept-Language", "de").body())
          .contains("lang=\"fr\" aria-label=\"Discuter avec nous\"")
          .contains("Ouvrir la discussion permet \u00e0 Intercom").endsWith("</aside>\n</body>\n</html>\n");
      assertThat(server.get("/page", "Accept-Language", "it-IT,it;q=0.9,en;q=0.5").body())
          .contains("lang=\"it\" aria-label=\"Chatta con noi\"");
    }
    try (TestServer server = site(container).param("hosts.chat", "chat.example.com").start()) {
      // A host the application catalogued names no vendor: the text says who in general terms.
      assertThat(server.get("/own-host").body()).contains("lang=\"de\"")
          .contains("Wenn Sie den Chat \u00f6ffnen, speichert unser Chat-Anbieter");
    }
    try (TestServer server = site(container).param("launcher.label", "Une question ?").param("hosts.chat", "chat.example.com").start()) {
      assertThat(server.get("/fr").body()).contains("aria-label=\"Une question ?\"")
          .contains("<span class=\"cookie-gate-launcher-label\">Une question ?</span>");
    }
  }

  /**
   * A page written as bytes is read as bytes: the launcher's text, which is not ASCII, must reach
   * the page in the page's charset, on the first requests and when the page cache serves it again.
   */
  @ParameterizedTest
  @EnumSource(Container.class)
  void theLaunchersTextIsInThePagesCharsetOnAPageWrittenAsBytes(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      for (String charset : new String[] {"UTF-8", "ISO-8859-1", "windows-1252", "ISO-8859-15"}) {
        for (int i = 0; i < 4; i++) { // the third and fourth come from the page cache
          HttpResponse<byte[]> r = server.getBytes("/fr-stream?charset=" + charset);
          String body = new String(r.body(), java.nio.charset.Charset.forName(charset));
          assertThat(body).as("%s, request %d", charset, i + 1)
              .contains("Ouvrir la discussion permet \u00e0 Intercom")
              .contains("lang=\"fr\" aria-label=\"Discuter avec nous\"")
              .doesNotContain("\ufffd", "\u00c3");
          if (charset.equals("UTF-8")) {
            assertThat(body).contains("Bient\u00f4t l\u2019\u00e9t\u00e9"); // the page's own bytes as written
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void noLauncherWhereThePageHasItsOwnButtonOrTheSettingIsOff(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      assertThat(server.get("/own-button").body()).doesNotContain("cookie-gate-launcher").contains("data-cookie-gate-src");
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      assertThat(server.get("/page", "Cookie", marker).body()).as("nothing held once activated")
          .doesNotContain("cookie-gate-launcher").contains(INTERCOM);
    }
    try (TestServer server = site(container).param("launcher", "off").start()) {
      assertThat(server.get("/page").body()).doesNotContain("cookie-gate-launcher").contains("data-cookie-gate-src");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void stylesheetLinkCarriesThePolicysStyleNonce(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String body = server.get("/csp").body();
      assertThat(body).contains("<link rel=\"stylesheet\" href=\"/cookie-gate/launcher.css\" nonce=\"c3R5bGU=\">")
          .contains("nonce=\"c2NyaXB0\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void servesTheStylesheetBesideGateJsCacheableWithAnEtag(Container container) throws Exception {
    try (TestServer server = site(container).param("launcher.color", "#0a7").param("launcher.position", "bottom-left")
        .param("gate-script-path", "/assets/cg/gate.js").start()) {
      HttpResponse<String> r = server.get("/assets/cg/launcher.css");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/css");
      assertThat(r.headers().firstValue("cache-control").orElse("")).contains("public");
      assertThat(r.body()).contains("background:#00aa77").contains("left:1rem");
      String etag = r.headers().firstValue("etag").orElseThrow();
      assertThat(server.get("/assets/cg/launcher.css", "If-None-Match", etag).statusCode()).isEqualTo(304);
      assertThat(server.post("/assets/cg/launcher.css").statusCode()).isEqualTo(405);
      assertThat(server.get("/page").body()).contains("href=\"/assets/cg/launcher.css\"");
    }
  }
}
