package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The page rewriter between the application and the container, on Jetty and Tomcat. */
class HtmlGatingIT {

  static final String INTERCOM = "<script src=\"https://widget.intercom.io/widget/abc123\" async></script>";
  static final String GTAG = "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-X\"></script>";
  static final String PAGE = "<!doctype html><html><head><title>t</title>" + GTAG + "</head><body>"
      + "<p>caf\u00e9 \u2603</p><button data-cookie-gate-activate>Chat</button>" + INTERCOM + "</body></html>";

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/writer", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write(PAGE);
        })
        .servlet("/stream", (req, res) -> {
          byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
          res.setContentType("text/html;charset=UTF-8");
          res.setContentLength(body.length);
          res.getOutputStream().write(body);
        })
        .servlet("/no-button", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<html><body>" + INTERCOM + "</body></html>");
        })
        .servlet("/plain", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<!DOCTYPE html>\n<p>hi</p>");
        })
        .servlet("/fragment", (req, res) -> {
          res.setContentType("text/html");
          res.getWriter().write("<div><p>hi</p></div>");
        })
        .servlet("/json", (req, res) -> {
          res.setContentType("application/json");
          res.getWriter().write("{\"html\":\"" + INTERCOM.replace("\"", "'") + "\"}");
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void vendorScriptsWaitForActivationAndTheirCategory(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      for (String path : new String[] {"/writer", "/stream"}) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        assertThat(body).as(path).doesNotContain(" src=\"https://widget.intercom.io")
            .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"")
            .contains("data-cookie-gate-src=\"https://www.googletagmanager.com/gtag/js?id=G-X\"")
            .contains("caf\u00e9 \u2603")
            .startsWith("<!doctype html><html><head><script src=\"/cookie-gate/gate.js\""
                + " data-activation-path=\"/cookie-gate/activate\" data-allowed=\"\"></script><title>t</title>");
        assertThat(r.headers().allValues("vary")).as(path).anyMatch(v -> v.contains("Cookie"));
        assertThat(r.headers().firstValue("content-length").map(Integer::parseInt).orElse(body.getBytes(StandardCharsets.UTF_8).length))
            .as("a Content-Length, if any, is the rewritten page's").isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
      }
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      String activated = server.get("/writer", "Cookie", marker).body();
      assertThat(activated).contains(INTERCOM).doesNotContain(GTAG);
      String consented = server.get("/stream", "Cookie", "cookie_gate_consent=analytics").body();
      assertThat(consented).contains(GTAG).doesNotContain(INTERCOM);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void loadsTheActivationScriptFirstInTheHeadWithTheCategoriesThisVisitorAllows(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      assertThat(server.get("/writer", "Cookie", marker + "; cookie_gate_consent=analytics").body())
          .startsWith("<!doctype html><html><head><script src=\"/cookie-gate/gate.js\""
              + " data-activation-path=\"/cookie-gate/activate\" data-allowed=\"chat analytics\"></script>")
          .containsOnlyOnce("/cookie-gate/gate.js");
      // A page that holds no vendor still gets it: its scripts may insert one at run time.
      String plain = server.get("/plain").body();
      assertThat(plain).startsWith("<!DOCTYPE html>\n<script src=\"/cookie-gate/gate.js\"").endsWith("<p>hi</p>");
      // A fragment belongs to a page that has its own: nothing is added to it.
      assertThat(server.get("/fragment").body()).isEqualTo("<div><p>hi</p></div>");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void insertsAChatButtonWhereAVendorWaitsAndThePageHasNone(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String body = server.get("/no-button").body();
      assertThat(body).contains("<button type=\"button\" class=\"cookie-gate-launcher-button\" data-cookie-gate-activate")
          .contains("/cookie-gate/gate.js").endsWith("</aside>\n</body></html>");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void leavesOtherContentTypesAndHtmlOffAlone(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      assertThat(server.get("/json").body()).doesNotContain("data-cookie-gate");
    }
    try (TestServer server = site(container).param("html", "off").start()) {
      assertThat(server.get("/writer").body()).isEqualTo(PAGE);
    }
    try (TestServer server = site(container).param("mode", "report-only").start()) {
      assertThat(server.get("/writer").body()).isEqualTo(PAGE);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void servesTheActivationScript(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<String> r = server.get("/cookie-gate/gate.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
      assertThat(r.body()).contains("data-cookie-gate-activate").doesNotContain("eval(");
      assertThat(server.post("/cookie-gate/gate.js").statusCode()).isEqualTo(405);
    }
    try (TestServer server = site(container).param("gate-script-path", "/static/cg.js").param("hosts.chat", "chat.example.com:8443").start()) {
      assertThat(server.get("/static/cg.js").statusCode()).isEqualTo(200);
      assertThat(server.get("/writer").body()).contains("<script src=\"/static/cg.js\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void streamedPageKeepsEveryCharacterWhateverTheChunks(Container container) throws Exception {
    // Surrogate pairs and multi-byte UTF-8 split across writes of one byte each.
    String page = "<html><body>" + "\uD83C\uDF6A caf\u00e9 \u2603 ".repeat(3000) + INTERCOM + "</body></html>";
    try (TestServer server = TestServer.on(container).servlet("/bytes", (req, res) -> {
      res.setContentType("text/html;charset=UTF-8");
      byte[] b = page.getBytes(StandardCharsets.UTF_8);
      for (byte x : b) {
        res.getOutputStream().write(x);
      }
    }).start()) {
      String body = server.get("/bytes").body();
      assertThat(body).startsWith("<html><script src=\"/cookie-gate/gate.js\"")
          .contains("></script><body>" + "\uD83C\uDF6A caf\u00e9 \u2603 ".repeat(3000) + "<script data-cookie-gate")
          .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void rewrittenPageThatFitsTheBufferGoesOutWithAContentLength(Container container) throws Exception {
    // The gate hands the rewritten page to the container without flushing it, so the container
    // still completes a small response in one piece with a Content-Length, not chunked.
    try (TestServer server = site(container).start()) {
      for (String path : new String[] {"/writer", "/stream"}) {
        HttpResponse<byte[]> r = server.getBytes(path);
        assertThat(r.headers().firstValue("content-length")).as(path).hasValue(String.valueOf(r.body().length));
        assertThat(r.headers().firstValue("transfer-encoding")).as(path).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void streamedPageKeepsMalformedBytesExactly(Container container) throws Exception {
    // Invalid UTF-8 (a lone lead byte, 0xFF, a cut sequence) is the application's: it passes as sent.
    byte[] head = "<!doctype html><html><head></head><body><p>".getBytes(StandardCharsets.US_ASCII);
    byte[] odd = {(byte) 0xC3, 'x', (byte) 0xFF, (byte) 0xE2, (byte) 0x98, '<', '/', 'p', '>'};
    byte[] tail = (INTERCOM + "</body></html>").getBytes(StandardCharsets.US_ASCII);
    try (TestServer server = TestServer.on(container).servlet("/odd", (req, res) -> {
      res.setContentType("text/html;charset=UTF-8");
      res.getOutputStream().write(head);
      res.getOutputStream().write(odd);
      res.getOutputStream().write(tail);
    }).start()) {
      byte[] body = server.getBytes("/odd").body();
      String latin1 = new String(body, StandardCharsets.ISO_8859_1);
      assertThat(latin1).contains(new String(odd, StandardCharsets.ISO_8859_1))
          .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void pageCompressedAfterTheFilterIsRewrittenFirst(Container container) throws Exception {
    // gzip applied by the container after the filter (Jetty's GzipHandler, Tomcat's connector)
    // sees the rewritten page; only a body the application encoded itself is left alone.
    try (TestServer server = site(container).compression().start()) {
      for (String path : new String[] {"/writer", "/stream"}) {
        HttpResponse<byte[]> r = server.getBytes(path, "Accept-Encoding", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).as(path).hasValue("gzip");
        String body;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body).as(path).contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"")
            .contains("caf\u00e9 \u2603").endsWith("</html>");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void streamedPageInAMultiByteCharsetIsDecodedAndEncodedBack(Container container) throws Exception {
    // In Shift_JIS a trail byte can be an ASCII letter or '\\': such pages are decoded, not read byte for byte.
    java.nio.charset.Charset sjis = java.nio.charset.Charset.forName("Shift_JIS");
    String page = "<!doctype html><html><head><title>\u8868\u793a</title></head><body><p>\u30c1\u30e3\u30c3\u30c8 \u80fd\u8868</p>"
        + INTERCOM + "</body></html>";
    try (TestServer server = TestServer.on(container).servlet("/sjis", (req, res) -> {
      res.setContentType("text/html;charset=Shift_JIS");
      res.getOutputStream().write(page.getBytes(sjis));
    }).start()) {
      String body = new String(server.getBytes("/sjis").body(), sjis);
      assertThat(body).contains("<title>\u8868\u793a</title>").contains("<p>\u30c1\u30e3\u30c3\u30c8 \u80fd\u8868</p>")
          .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"");
    }
  }
}
