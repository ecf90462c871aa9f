package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The consent-derived Content-Security-Policy and its report endpoint, on Jetty and Tomcat. */
class CspIT {

  static final String POLICY = "default-src 'self'; script-src 'self' https://widget.intercom.io"
      + " https://www.googletagmanager.com cdn.example.com; connect-src 'self' api-iam.intercom.io"
      + " www.google-analytics.com; img-src 'self' data: www.google-analytics.com; frame-ancestors 'none'";
  static final String PAGE = "<html><head></head><body><p>hello</p>" + HtmlGatingIT.INTERCOM + "</body></html>";

  static TestServer.Builder site(Container container) {
    return TestServer.on(container)
        .servlet("/page", (req, res) -> {
          res.setHeader("Content-Security-Policy", POLICY);
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().write(PAGE);
        })
        .servlet("/two", (req, res) -> {
          res.addHeader("content-security-policy", "script-src 'self' widget.intercom.io, img-src www.facebook.com 'self'");
          res.addHeader("CONTENT-SECURITY-POLICY", "connect-src https: *.intercom-messenger.com wss://*.intercom.io");
          res.setContentType("application/json");
          res.getWriter().write("{}");
        })
        .servlet("/odd", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src widget.intercom.io %%% 'nonce-' https://*:* ;;; , ,img-src");
          res.setContentType("text/plain");
          res.getWriter().write("odd");
        });
  }

  static String csp(HttpResponse<?> r) {
    return String.join(" | ", r.headers().allValues("content-security-policy"));
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void vendorHostsLeaveThePolicyUntilActivationOrConsent(Container container) throws Exception {
    try (TestServer server = site(container).param("csp", "on").start()) {
      HttpResponse<String> fresh = server.get("/page");
      assertThat(csp(fresh)).isEqualTo("default-src 'self'; script-src 'self' cdn.example.com; connect-src 'self';"
          + " img-src 'self' data:; frame-ancestors 'none'");
      assertThat(fresh.headers().allValues("vary")).anyMatch(v -> v.contains("Cookie"));
      assertThat(fresh.headers().firstValue("cache-control")).contains("private");

      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      String activated = csp(server.get("/page", "Cookie", marker));
      assertThat(activated).contains("script-src 'self' https://widget.intercom.io cdn.example.com")
          .contains("connect-src 'self' api-iam.intercom.io;").doesNotContain("google");

      String consented = csp(server.get("/page", "Cookie", "cookie_gate_consent=analytics"));
      assertThat(consented).contains("script-src 'self' https://www.googletagmanager.com cdn.example.com")
          .contains("img-src 'self' data: www.google-analytics.com").doesNotContain("intercom");

      String both = csp(server.get("/page", "Cookie", marker + "; cookie_gate_consent=analytics"));
      assertThat(both).isEqualTo(POLICY);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void filtersEveryPolicyHeaderInAnyCaseAndLeavesWhatItCannotSubtract(Container container) throws Exception {
    try (TestServer server = site(container).param("csp", "on").start()) {
      HttpResponse<String> r = server.get("/two");
      assertThat(r.headers().allValues("content-security-policy")).containsExactlyInAnyOrder(
          "script-src 'self', img-src 'self'",
          // https: trusts every host, and *.intercom.io names more than Intercom's own hosts: both stay.
          "connect-src https: wss://*.intercom.io");
      assertThat(r.headers().firstValue("cache-control")).contains("private");
      // Junk a browser ignores stays as written; only the vendor host goes.
      assertThat(server.get("/odd").headers().firstValue("content-security-policy"))
          .contains("script-src %%% 'nonce-' https://*:*;;; , ,img-src");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void leavesThePolicyAloneWhenOffAndInReportOnlyMode(Container container) throws Exception {
    try (TestServer server = site(container).start()) {
      HttpResponse<String> r = server.get("/page");
      assertThat(csp(r)).isEqualTo(POLICY);
      assertThat(r.headers().allValues("content-security-policy-report-only")).isEmpty();
      assertThat(server.post("/cookie-gate/csp-report", "Content-Type", "application/csp-report").statusCode())
          .as("no report endpoint unless csp=report").isEqualTo(404);
    }
    try (TestServer server = site(container).param("csp", "report").param("mode", "report-only").start()) {
      HttpResponse<String> r = server.get("/page");
      assertThat(csp(r)).isEqualTo(POLICY);
      assertThat(r.headers().allValues("content-security-policy-report-only")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void addsAReportOnlyPolicyThatListsOnlyAllowedVendors(Container container) throws Exception {
    try (TestServer server = site(container).param("csp", "report").param("report-path", "/csp/r").forwardedHeaders().start()) {
      HttpResponse<String> fresh = server.get("/page");
      String ro = fresh.headers().firstValue("content-security-policy-report-only").orElseThrow();
      assertThat(ro).startsWith("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:;")
          .endsWith("; report-uri /csp/r").doesNotContain("intercom");
      assertThat(fresh.headers().allValues("reporting-endpoints")).as("the Reporting API wants a secure page").isEmpty();
      HttpResponse<String> secure = server.get("/page", "X-Forwarded-Proto", "https");
      assertThat(secure.headers().firstValue("content-security-policy-report-only").orElseThrow())
          .endsWith("; report-uri /csp/r; report-to cookie-gate");
      assertThat(secure.headers().firstValue("reporting-endpoints")).contains("cookie-gate=\"/csp/r\"");
      String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
      String activated = server.get("/page", "Cookie", marker).headers().firstValue("content-security-policy-report-only").orElseThrow();
      assertThat(activated).contains(" widget.intercom.io").doesNotContain("googletagmanager");
      assertThat(server.get("/two").headers().allValues("content-security-policy-report-only"))
          .as("pages only").isEmpty();
      HttpResponse<String> all = server.get("/page", "Cookie", marker + "; cookie_gate_consent=chat.functional.analytics.marketing");
      assertThat(all.headers().allValues("content-security-policy-report-only")).as("nothing can slip through").isEmpty();
    }
  }

  static HttpResponse<String> report(TestServer server, String type, String body) throws Exception {
    return server.send(HttpRequest.newBuilder(server.uri("/cookie-gate/csp-report"))
        .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", type);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void reportsOfVendorLoadsBecomeListenerEvents(Container container) throws Exception {
    List<GateEvent> events = new CopyOnWriteArrayList<>();
    CookieGate gate = CookieGate.builder().csp(CookieGate.Csp.REPORT).listener(events::add).build();
    try (TestServer server = site(container).filter(new CookieGateFilter(gate)).start()) {
      HttpResponse<String> r = report(server, "application/csp-report", "{\"csp-report\":{\"document-uri\":"
          + "\"http://127.0.0.1/page\",\"blocked-uri\":\"https://widget.intercom.io/widget/abc?user=secret-id\","
          + "\"violated-directive\":\"script-src-elem\",\"effective-directive\":\"script-src-elem\"}}");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("cache-control")).contains("no-store");
      r = report(server, "application/reports+json; charset=utf-8", "[{\"type\":\"csp-violation\",\"url\":\"http://x/\","
          + "\"body\":{\"blockedURL\":\"https://www.google-analytics.com/g/collect?cid=123\",\"effectiveDirective\":\"connect-src\"}},"
          + "{\"type\":\"csp-violation\",\"body\":{\"blockedURL\":\"https://cdn.example.com/lib.js\",\"effectiveDirective\":\"script-src-elem\"}},"
          + "{\"type\":\"csp-violation\",\"body\":{\"blockedURL\":\"inline\",\"effectiveDirective\":\"script-src-elem\"}}]");
      assertThat(r.statusCode()).isEqualTo(204);
      List<GateEvent> reported = events.stream().filter(e -> e.type() == GateEvent.Type.VENDOR_LOAD_REPORTED).toList();
      assertThat(reported).hasSize(2);
      assertThat(reported.get(0).category()).contains(Category.CHAT);
      assertThat(reported.get(0).vendor()).hasValueSatisfying(v -> assertThat(v).contains("Intercom"));
      assertThat(reported.get(0).detail()).contains("script-src-elem load from widget.intercom.io");
      assertThat(reported.get(1).category()).contains(Category.ANALYTICS);
      assertThat(reported.get(1).detail()).contains("connect-src load from www.google-analytics.com");
      assertThat(reported).allSatisfy(e -> assertThat(e.toString()).doesNotContain("secret-id").doesNotContain("cid=123"));
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void theReportEndpointWithstandsHostileRequests(Container container) throws Exception {
    List<GateEvent> events = new CopyOnWriteArrayList<>();
    CookieGate gate = CookieGate.builder().csp(CookieGate.Csp.REPORT).listener(events::add).build();
    try (TestServer server = site(container).filter(new CookieGateFilter(gate)).start()) {
      HttpResponse<String> get = server.get("/cookie-gate/csp-report");
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("allow")).contains("POST");
      assertThat(report(server, "text/plain", "{}").statusCode()).isEqualTo(415);
      assertThat(server.post("/cookie-gate/csp-report").statusCode()).isEqualTo(415);
      String big = "{\"csp-report\":{\"blocked-uri\":\"https://widget.intercom.io/\",\"x\":\"" + "a".repeat(20_000) + "\"}}";
      assertThat(report(server, "application/csp-report", big).statusCode()).isEqualTo(413);
      for (String hostile : new String[] {"", "{", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
          "{\"csp-report\":{\"blocked-uri\":\"https://widget.intercom.io\\u0000\\r\\nX: y\"}}",
          "{\"csp-report\":{\"blocked-uri\":42}}", "\u0000\u00ff\ufffe", "{\"csp-report\":{\"blocked-uri\":\"\\uZZZZ\"}}",
          "{\"csp-report\":{\"blocked-uri\":\"https://[::1/\"}}"}) {
        assertThat(report(server, "application/csp-report", hostile).statusCode()).as(hostile).isEqualTo(204);
      }
      assertThat(events.stream().filter(e -> e.type() == GateEvent.Type.VENDOR_LOAD_REPORTED)).isEmpty();
      // Still serving.
      assertThat(report(server, "application/json", "{\"body\":{\"blockedURL\":\"https://widget.intercom.io/x\"}}").statusCode())
          .isEqualTo(204);
      assertThat(events.stream().filter(e -> e.type() == GateEvent.Type.VENDOR_LOAD_REPORTED)).hasSize(1);
    }
  }
}
