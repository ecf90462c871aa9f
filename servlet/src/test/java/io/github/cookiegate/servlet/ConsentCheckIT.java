package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Category;
import io.github.cookiegate.servlet.TestServer.Container;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ConsentCheck} and the {@code audit-log} consent proof (issue 6, items 6 and 7), on Jetty 12 ee10 and Tomcat 10.1. */
class ConsentCheckIT {

  static final String SECRET = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

  @TempDir
  Path dir;

  /** What the application's chatbot backend sees. */
  static String describe(ConsentCheck c) {
    return "chat=" + c.allows(Category.CHAT) + " active=" + c.chatActive()
        + " analytics=" + c.allows(Category.ANALYTICS, "sentiment-analysis")
        + " marketing=" + c.allows(Category.MARKETING) + " source=" + c.consent().source();
  }

  static String field(String line, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(line);
    return m.find() ? m.group(1) : null;
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void purposeCheckFollowsActivationAndConsentAndTheAuditFileProvesIt(Container container) throws Exception {
    Path audit = dir.resolve("proof.jsonl");
    AtomicReference<ConsentCheck> captured = new AtomicReference<>();
    String marker;
    try (TestServer server = TestServer.on(container).param("secret", SECRET).param("audit-log", audit.toString())
        .servlet("/chat/start", (req, res) -> {
          ChatActivation.activate(req);
          res.getWriter().write(describe(ConsentCheck.of(req)));
        })
        .servlet("/chat/message", (req, res) -> {
          ConsentCheck check = ConsentCheck.of(req);
          captured.compareAndSet(null, check); // handed to a "background job" that runs after the response
          res.getWriter().write(describe(check));
        })
        .servlet("/chat/end", (req, res) -> {
          ChatActivation.end(req);
        }).start()) {
      HttpResponse<String> started = server.post("/chat/start");
      // Activation is not consent: chat cookies pass, but no purpose is consented.
      assertThat(started.body()).isEqualTo("chat=false active=true analytics=false marketing=false source=none");
      marker = Cookies.cookieHeader(started);
      assertThat(marker).startsWith("cookie_gate_chat=");

      HttpResponse<String> message = server.post("/chat/message", "Cookie",
          marker + "; cookie_gate_consent=analytics; intercom-id-x=SECRET-CHAT-VALUE");
      assertThat(message.body()).isEqualTo("chat=false active=true analytics=true marketing=false source=cookie-gate");
      HttpResponse<String> fresh = server.post("/chat/message");
      assertThat(fresh.body()).isEqualTo("chat=false active=false analytics=false marketing=false source=none");

      // The job runs after its request is over, on another thread, with the state captured then.
      Thread job = new Thread(() -> captured.get().allows(Category.ANALYTICS, "crm-export"));
      job.start();
      job.join();
      assertThat(captured.get().allows(Category.ANALYTICS)).isTrue();

      server.post("/chat/end", "Cookie", marker + "; intercom-id-x=SECRET-CHAT-VALUE; cookie_gate_consent=analytics");
    } // the filter's destroy closes the audit file
    List<String> lines = Files.readAllLines(audit);
    List<String> types = lines.stream().map(l -> field(l, "type")).toList();
    assertThat(types).containsExactly("ACTIVATED", "PURPOSE_CHECKED", "PURPOSE_CHECKED", "PURPOSE_CHECKED",
        "PURPOSE_CHECKED", "CONVERSATION_ENDED");
    String activated = lines.get(0);
    String consented = lines.get(2);
    String job = lines.get(4);
    String ended = lines.get(5);
    assertThat(job).contains("\"purpose\":\"crm-export\"", "\"allowed\":true");
    assertThat(field(job, "request")).isEqualTo(field(consented, "request"));
    String conversation = field(activated, "conversation");
    assertThat(conversation).hasSize(22);
    assertThat(field(consented, "conversation")).isEqualTo(conversation);
    assertThat(field(ended, "conversation")).isEqualTo(conversation);
    assertThat(field(lines.get(3), "conversation")).isNull(); // the fresh visitor has no conversation
    assertThat(field(activated, "request")).isNotEqualTo(field(ended, "request")).hasSize(36);
    assertThat(field(activated, "request")).isEqualTo(field(lines.get(1), "request"));
    assertThat(consented).contains("\"purpose\":\"sentiment-analysis\"", "\"allowed\":true", "\"category\":\"analytics\"",
        "\"source\":\"cookie-gate\"");
    assertThat(lines.get(1)).contains("\"allowed\":false", "\"source\":\"none\"");
    String markerValue = marker.substring(marker.indexOf('=') + 1);
    for (String line : lines) {
      assertThat(line).doesNotContain(markerValue).doesNotContain(markerValue.substring(markerValue.lastIndexOf('.') + 1))
          .doesNotContain("SECRET-CHAT-VALUE").doesNotContain("127.0.0.1").doesNotContain("JSESSIONID");
      assertThat(field(line, "time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void checkOnARequestTheFilterDidNotSeeThrowsNamingTheFilter(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).filter((q, s, c) -> c.doFilter(q, s))
        .servlet("/chat", (req, res) -> {
          try {
            ConsentCheck.of(req);
            res.getWriter().write("no exception");
          } catch (IllegalStateException e) {
            res.getWriter().write(e.getMessage());
          }
        }).start()) {
      assertThat(server.post("/chat").body()).contains("CookieGateFilter");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void globalPrivacyControlWithdrawsMarketingFromThePurposeCheckToo(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/check", (req, res) -> res.getWriter().write(describe(ConsentCheck.of(req)))).start()) {
      HttpResponse<String> r = server.get("/check", "Cookie", "cookie_gate_consent=analytics.marketing", "Sec-GPC", "1");
      assertThat(r.body()).contains("analytics=true").contains("marketing=false");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void chatIsAllowedByConsentAloneAndActivationIsReportedApart(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/check", (req, res) -> res.getWriter().write(describe(ConsentCheck.of(req)))).start()) {
      assertThat(server.get("/check", "Cookie", "cookie_gate_consent=chat").body())
          .isEqualTo("chat=true active=false analytics=false marketing=false source=cookie-gate");
    }
  }

  @org.junit.jupiter.api.Test
  void nullRequestIsRejected() {
    assertThatThrownBy(() -> ConsentCheck.of(null)).isInstanceOf(NullPointerException.class);
  }
}
