package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Page forms the rewriter reads besides a plain HTML body (gh issue 16): a body the application
 * compressed with gzip itself, application/xhtml+xml, and an output stream written in pieces of
 * every size, whose unchanged bytes pass as the application wrote them.
 */
class PageFormsIT {
  static final String INTERCOM = "<script src=\"https://widget.intercom.io/widget/abc123\" async=\"async\"></script>";
  static final String PAGE = "<!doctype html><html><head><title>t</title></head><body><p>caf\u00e9 \u2603 \ud83d\ude00</p>"
      + "<p>" + "lorem ipsum ".repeat(200) + "</p>" + INTERCOM + "<img src=\"/a.png\">"
      + "<img alt=\"pixel \u00e9\" src=\"https://www.facebook\u3002com/tr?id=1\"></body></html>";
  static final String XHTML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
      + "<head><title>t</title><script><![CDATA[ if (a < b && c > d) { } ]]></script></head><body>"
      + "<p>caf\u00e9</p><script src=\"https://widget.intercom.io/widget/abc123\"/>"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>p > a { }</style></svg></body></html>";

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/gzip", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.setHeader("Content-Encoding", "gzip");
          byte[] body = gzip(PAGE.getBytes(StandardCharsets.UTF_8));
          res.setContentLength(body.length);
          OutputStream out = res.getOutputStream();
          out.write(body, 0, 10);
          out.write(body, 10, body.length - 10);
        })
        .servlet("/broken-gzip", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.setHeader("Content-Encoding", "gzip");
          byte[] body = gzip(PAGE.getBytes(StandardCharsets.UTF_8));
          res.getOutputStream().write(body, 0, body.length / 2);
        })
        .servlet("/br", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.setHeader("Content-Encoding", "br");
          res.getOutputStream().write(new byte[] {1, 2, 3});
        })
        .servlet("/xhtml", (req, res) -> {
          res.setContentType("application/xhtml+xml;charset=UTF-8");
          res.getOutputStream().write(XHTML.getBytes(StandardCharsets.UTF_8));
        })
        .servlet("/pieces", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
          OutputStream out = res.getOutputStream();
          int[] sizes = {1, 300, 7, 1000, 3, 257, 255, 4096};
          int at = 0;
          for (int k = 0; at < body.length; k++) {
            int n = Math.min(sizes[k % sizes.length], body.length - at);
            if (n == 1) {
              out.write(body[at]);
            } else {
              out.write(body, at, n);
            }
            at += n;
          }
        })
        .servlet("/writer", (req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write(PAGE);
        });
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void rewritesAPageTheApplicationGzippedAndGzipsItAgain(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<byte[]> r = server.getBytes("/gzip");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
      String page = new String(gunzip(r.body()), StandardCharsets.UTF_8);
      assertThat(page).contains("caf\u00e9 \u2603 \ud83d\ude00")
          .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"")
          .doesNotContain(" src=\"https://widget.intercom.io").contains("/cookie-gate/gate.js");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void cutsABrokenGzipPageRatherThanPassItUnread(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<byte[]> r = server.getBytes("/broken-gzip");

      assertThat(r.statusCode()).isEqualTo(200);
      String page = new String(gunzipWhatIsThere(r.body()), StandardCharsets.UTF_8);
      assertThat(page).doesNotContain(" src=\"https://widget.intercom.io");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void passesOtherEncodingsUnchanged(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      assertThat(server.getBytes("/br").body()).containsExactly(1, 2, 3);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void rewritesXhtmlIntoWellFormedXml(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      String page = server.get("/xhtml").body();

      assertThat(page).contains("<script data-cookie-gate=\"chat\" type=\"text/plain\" "
          + "data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"/>")
          .contains("<![CDATA[ if (a < b && c > d) { } ]]>").contains("/cookie-gate/gate.js");
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theStreamInPiecesOfAnySizeGivesWhatTheWriterGives(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      byte[] pieces = server.getBytes("/pieces").body();
      byte[] writer = server.getBytes("/writer").body();

      assertThat(new String(pieces, StandardCharsets.UTF_8)).isEqualTo(new String(writer, StandardCharsets.UTF_8))
          .contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc123\"")
          // the host with an ideographic full stop is read in UTF-8 on the stream, as the browser reads it
          .contains("data-cookie-gate-src=\"https://www.facebook\u3002com/tr?id=1\"");
    }
  }

  static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  static byte[] gunzipWhatIsThere(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] b = new byte[512];
      for (int n; (n = in.read(b)) > 0; ) {
        out.write(b, 0, n);
      }
    } catch (IOException e) {
      // what was readable is enough
    }
    return out.toByteArray();
  }
}
