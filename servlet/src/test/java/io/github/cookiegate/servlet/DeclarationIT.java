package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The cookie declaration as the filter serves it: HTML and JSON, the application's rules first, cacheable. */
class DeclarationIT {

  private static final String PATH = "/cookie-gate/cookies";

  @ParameterizedTest
  @EnumSource(Container.class)
  void servesTheEffectiveCatalogAsAPlainPage(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .param("cookies.necessary", "AWSALB")
        .param("cookies.analytics", "_sx_*")
        .param("chat-max-age", "PT2H").start()) {
      HttpResponse<String> r = server.get(PATH, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(r.headers().firstValue("content-security-policy"))
          .hasValue("default-src 'none'; style-src 'unsafe-inline'");
      assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=3600");
      assertThat(r.headers().allValues("set-cookie")).isEmpty();
      assertThat(r.body()).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
          .contains("<caption>Chat cookies (", "<th scope=\"col\">Purpose</th>",
              "<td><code>intercom-id-*</code> (* is any text)</td><td>Intercom</td><td>anonymous visitor id, set when"
                  + " Messenger loads</td><td>9 months</td><td>2 hours (capped)</td><td>activation or consent</td>")
          .doesNotContain("<script");
      assertThat(r.body().indexOf("<code>_sx_*</code>")).as("the application's rules come first")
          .isGreaterThan(0).isLessThan(r.body().indexOf("<code>__hssc</code>"));
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void servesJsonWhereAppRulesOverrideBuiltInOnes(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .param("cookies.necessary", "AWSALB")
        .param("chat-max-age", "PT2H")
        .param("unknown-cookies", "marketing").start()) {
      HttpResponse<String> r = server.get(PATH, "Accept", "application/json");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(r.headers().firstValue("content-security-policy")).isEmpty();
      String body = r.body();
      assertThat(body).startsWith("{\"version\":1,\"unknownCookies\":\"marketing\",\"chatMaxAge\":\"PT2H\",\"cookies\":[\n"
          + "{\"pattern\":\"AWSALB\",\"kind\":\"exact\",\"vendor\":null,\"category\":\"necessary\",")
          .contains("{\"pattern\":\"intercom-id-*\",\"kind\":\"glob\",\"vendor\":\"Intercom\",\"category\":\"chat\","
              + "\"purpose\":\"anonymous visitor id, set when Messenger loads\",\"lifetime\":\"9 months\","
              + "\"effectiveLifetime\":\"2 hours (capped)\",\"maxAgeSeconds\":7200,\"needs\":\"activation or consent\","
              + "\"source\":\"built-in\",\"reference\":"
              + "\"https://www.intercom.com/help/en/articles/2361922-intercom-messenger-cookies\"}");
      assertThat(body.indexOf("\"pattern\":\"AWSALB\"")).as("the built-in chat rule for AWSALB is overridden")
          .isEqualTo(body.lastIndexOf("\"pattern\":\"AWSALB\""));
      assertThat(server.get(PATH + "?format=json").body()).as("?format=json, whatever Accept says").isEqualTo(body);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void escapesWhatTheApplicationConfigured(Container container) throws Exception {
    CookieGate gate = CookieGate.builder()
        .rule(CookieRule.exact("evil", Category.MARKETING).withVendor("<script>alert(1)</script>")
            .withPurpose("\"quoted\" & <b>bold</b>").withLifetime("1 day"))
        .build();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(gate)).start()) {
      String html = server.get(PATH).body();
      assertThat(html).doesNotContain("<script", "<b>")
          .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;</td>");
      assertThat(server.get(PATH + "?format=json").body())
          .contains("\"vendor\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void isOneCacheableDocumentForEveryVisitor(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("declaration-path", "/legal/cookies").start()) {
      HttpResponse<String> r = server.get("/legal/cookies");
      assertThat(r.statusCode()).isEqualTo(200);
      String etag = r.headers().firstValue("etag").orElseThrow();
      assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
      assertThat(r.headers().firstValue("vary")).hasValue("Accept");

      HttpResponse<String> activated = server.get("/legal/cookies", "Cookie",
          "cookie_gate_consent=chat.analytics; intercom-id-x=1; _ga=GA1");
      assertThat(activated.body()).as("the same bytes whatever the visitor's state").isEqualTo(r.body());
      assertThat(activated.headers().firstValue("etag")).hasValue(etag);
      assertThat(activated.headers().firstValue("cache-control")).hasValue("public, max-age=3600");
      assertThat(activated.headers().allValues("set-cookie")).as("no sweep on the declaration").isEmpty();

      HttpResponse<String> json = server.get("/legal/cookies?format=json");
      assertThat(json.headers().firstValue("etag")).as("each representation its own validator").isNotEqualTo(
          java.util.Optional.of(etag));

      HttpResponse<String> revalidated = server.get("/legal/cookies", "If-None-Match", "\"other\", " + etag);
      assertThat(revalidated.statusCode()).isEqualTo(304);
      assertThat(revalidated.body()).isEmpty();
      assertThat(revalidated.headers().firstValue("etag")).hasValue(etag);
      assertThat(server.get("/legal/cookies", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);

      HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.uri("/legal/cookies"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      HttpResponse<String> post = server.post("/legal/cookies");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
      assertThat(server.get(PATH).statusCode()).as("the default path is not served when moved").isEqualTo(404);
    }
  }
}
