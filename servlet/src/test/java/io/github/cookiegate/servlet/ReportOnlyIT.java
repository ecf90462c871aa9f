package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code mode=report-only}: decide and report, block and sweep nothing; on Jetty 12 ee10 and Tomcat 10.1. */
class ReportOnlyIT {

  /** Chat, analytics, marketing, unknown and necessary cookies, through addCookie and addHeader. */
  static final TestServer.Handler EVERY_KIND = (req, res) -> {
    res.addCookie(new Cookie("intercom-id-app1", "visitor-1"));
    res.addCookie(new Cookie("__hssc", "1.2.3"));
    res.addHeader("Set-Cookie", "__hstc=1; Path=/");
    res.addHeader("Set-Cookie", "unknown_app=4; Path=/");
    res.addCookie(new Cookie("XSRF-TOKEN", "t0k3n"));
    res.getWriter().write("page");
  };

  static final String CARRIED = "__hstc=1; intercom-id-x=2; JSESSIONID=3; unknown_app=4";

  @ParameterizedTest
  @EnumSource(Container.class)
  void reportOnlyParamLetsEveryCookieThroughAndSweepsNothing(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).param("mode", "report-only").servlet("/page", EVERY_KIND).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", CARRIED);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("page");
      assertThat(Cookies.stored(r))
          .containsExactlyInAnyOrder("intercom-id-app1", "__hssc", "__hstc", "unknown_app", "XSRF-TOKEN");
      assertThat(Cookies.deleted(r)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void reportOnlyKeepsHeadersAsWritten(Container container) throws Exception {
    // Report-only changes nothing, lifetimes included: the cap would have been applied, not applied.
    String header = "intercom-session-x=s; Max-Age=604800; Path=/";
    try (TestServer server = TestServer.on(container).param("mode", "REPORT-ONLY")
        .servlet("/page", (req, res) -> res.addHeader("Set-Cookie", header)).start()) {
      assertThat(server.get("/page").headers().allValues("set-cookie")).containsExactly(header);
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void listenerReceivesBlockedEventsMarkedReportOnly(Container container) throws Exception {
    RecordingListener recorder = new RecordingListener();
    CookieGateFilter filter = new CookieGateFilter(
        CookieGate.builder().mode(CookieGate.Mode.REPORT_ONLY).listener(recorder).build());
    try (TestServer server = TestServer.on(container).filter(filter).servlet("/page", EVERY_KIND).start()) {
      HttpResponse<String> r = server.get("/page", "Cookie", CARRIED);
      assertThat(Cookies.stored(r))
          .containsExactlyInAnyOrder("intercom-id-app1", "__hssc", "__hstc", "unknown_app", "XSRF-TOKEN");
      assertThat(Cookies.deleted(r)).isEmpty();

      assertThat(recorder.cookieNames(GateEvent.Type.BLOCKED))
          .containsExactlyInAnyOrder("intercom-id-app1", "__hssc", "__hstc", "unknown_app");
      assertThat(recorder.ofType(GateEvent.Type.BLOCKED)).allSatisfy(e -> assertThat(e.reportOnly()).isTrue());
      assertThat(recorder.cookieNames(GateEvent.Type.ALLOWED)).contains("XSRF-TOKEN").doesNotContain("intercom-id-app1");
      // The sweep is reported, not done (__hstc is set by this response, so it is not swept).
      assertThat(recorder.cookieNames(GateEvent.Type.SWEPT)).containsExactly("intercom-id-x");
      assertThat(recorder.ofType(GateEvent.Type.SWEPT)).allSatisfy(e -> assertThat(e.reportOnly()).isTrue());
    }
  }
}
