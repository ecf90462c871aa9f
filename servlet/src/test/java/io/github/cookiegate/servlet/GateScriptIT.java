package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** gate.js as the filter serves it: the gate's catalogs first, one ETag for every user, 304 on a match. */
class GateScriptIT {

  @ParameterizedTest
  @EnumSource(Container.class)
  void servesOneCacheableScriptWithTheGatesCatalogs(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .param("hosts.analytics", "stats.example.net")
        .param("cookies.analytics", "_sx_*")
        .param("unknown-cookies", "marketing").start()) {
      HttpResponse<String> r = server.get("/cookie-gate/gate.js");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=3600");
      String etag = r.headers().firstValue("etag").orElseThrow();
      assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
      assertThat(r.body()).startsWith("{ // cookie-gate catalog")
          // Compact layers: exact patterns grouped by category, globs coded by category index (3: analytics).
          .contains("{\"exact\":{\"analytics\":\"stats.example.net\"},\"globs\":\"\"}",
              "{\"exact\":{},\"globs\":\"3_sx_*\",\"regexes\":[]}", "\"unknown\":\"marketing\"")
          .containsPattern("\"chat\":\"([^\"]*,)?widget\\.intercom\\.io[,\"]")
          .doesNotContain("eval(", "new Function").endsWith("}\n");
      assertThat(r.body().indexOf("stats.example.net")).as("the application's rules come first")
          .isLessThan(r.body().indexOf("widget.intercom.io"));

      HttpResponse<String> withCookie = server.get("/cookie-gate/gate.js", "Cookie", "cookie_gate_consent=analytics");
      assertThat(withCookie.body()).as("the same bytes whatever the user's state").isEqualTo(r.body());
      assertThat(withCookie.headers().firstValue("etag")).hasValue(etag);

      HttpResponse<String> revalidated = server.get("/cookie-gate/gate.js", "If-None-Match", "\"other\", " + etag);
      assertThat(revalidated.statusCode()).isEqualTo(304);
      assertThat(revalidated.body()).isEmpty();
      assertThat(revalidated.headers().firstValue("etag")).hasValue(etag);
      assertThat(server.get("/cookie-gate/gate.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
      assertThat(server.post("/cookie-gate/gate.js").statusCode()).isEqualTo(405);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void anotherCatalogIsAnotherScript(Container container) throws Exception {
    String first;
    try (TestServer server = TestServer.on(container).start()) {
      first = server.get("/cookie-gate/gate.js").headers().firstValue("etag").orElseThrow();
    }
    try (TestServer server = TestServer.on(container).param("hosts.chat", "chat.example.com").start()) {
      assertThat(server.get("/cookie-gate/gate.js").headers().firstValue("etag")).isNotEqualTo(java.util.Optional.of(first));
    }
  }
}
