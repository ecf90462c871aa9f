package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ChatActivation} called by the application (design section 3 and 3b), on Jetty 12 ee10 and Tomcat 10.1. */
class ChatActivationIT {

  /** The application's own "start the chat" endpoint. */
  static final TestServer.Handler START_CHAT = (req, res) -> {
    ChatActivation.activate(req);
    res.addCookie(new Cookie("intercom-id-x", "conversation-1"));
    res.getWriter().write("started");
  };

  /** The application's own "end the chat" endpoint, which then tries to set a chat cookie again. */
  static final TestServer.Handler END_CHAT = (req, res) -> {
    ChatActivation.end(req);
    res.addCookie(new Cookie("intercom-device-id-x", "after-end"));
    res.addHeader("Set-Cookie", "intercom-session-x=after-end; Path=/");
    res.getWriter().write("ended");
  };

  static String markerFrom(TestServer server) throws Exception {
    String marker = Cookies.cookieHeader(server.post("/cookie-gate/activate"));
    assertThat(marker).startsWith("cookie_gate_chat=");
    return marker;
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void chatCookieAddedAfterActivateInTheSameResponsePassesAndMarkerIsSet(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/chat/start", START_CHAT)
        .servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.post("/chat/start");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("started");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("cookie_gate_chat", "intercom-id-x");
      SetCookie marker = Cookies.named(r, "cookie_gate_chat").orElseThrow();
      assertThat(marker.httpOnly()).isTrue();
      assertThat(marker.sameSite()).hasValue(SetCookie.SameSite.LAX);
      // The marker activates later requests.
      String cookie = marker.name() + "=" + marker.value();
      assertThat(Cookies.stored(server.get("/page", "Cookie", cookie)))
          .containsExactlyInAnyOrder("intercom-id-app1", "XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void chatCookieAddedBeforeActivateInTheSameResponseIsBlocked(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/chat/start", (req, res) -> {
      res.addCookie(new Cookie("intercom-id-x", "too-early"));
      res.addHeader("Set-Cookie", "intercom-device-id-x=too-early; Path=/");
      ChatActivation.activate(req);
      res.addCookie(new Cookie("intercom-session-x", "in-time"));
    }).start()) {
      HttpResponse<String> r = server.post("/chat/start");
      assertThat(Cookies.stored(r)).containsExactlyInAnyOrder("cookie_gate_chat", "intercom-session-x");
      assertThat(Cookies.deleted(r)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void endExpiresMarkerAndCarriedChatCookiesAndBlocksLaterChatCookies(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/chat/end", END_CHAT).start()) {
      String marker = markerFrom(server);
      HttpResponse<String> r = server.post("/chat/end",
          "Cookie", "intercom-id-x=1; intercom-session-x=2; " + marker + "; XSRF-TOKEN=t");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ended");
      assertThat(Cookies.stored(r)).isEmpty();
      assertThat(Cookies.deleted(r)).containsExactlyInAnyOrder("cookie_gate_chat", "intercom-id-x", "intercom-session-x");
      for (SetCookie deletion : Cookies.of(r)) {
        assertThat(deletion.maxAge()).as(deletion.toHeader()).hasValue(0);
        assertThat(deletion.path()).as(deletion.toHeader()).hasValue("/");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void endExpiresCarriedChatCookiesEvenWhenChatIsConsented(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/chat/end", (req, res) -> ChatActivation.end(req)).start()) {
      String marker = markerFrom(server);
      HttpResponse<String> r = server.post("/chat/end",
          "Cookie", "cookie_gate_consent=chat; intercom-id-x=1; intercom-session-x=2; " + marker);
      assertThat(Cookies.deleted(r)).containsExactlyInAnyOrder("cookie_gate_chat", "intercom-id-x", "intercom-session-x");
      assertThat(Cookies.stored(r)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void isActiveFollowsMarkerActivateAndEnd(Container container) throws Exception {
    TestServer.Handler report = (req, res) -> {
      List<Boolean> seen = new ArrayList<>();
      seen.add(ChatActivation.isActive(req));
      String action = req.getParameter("do");
      if ("activate".equals(action)) {
        ChatActivation.activate(req);
      } else if ("end".equals(action)) {
        ChatActivation.end(req);
      }
      seen.add(ChatActivation.isActive(req));
      res.getWriter().write(seen.toString());
    };
    try (TestServer server = TestServer.on(container).servlet("/state", report).start()) {
      String marker = markerFrom(server);
      assertThat(server.get("/state").body()).isEqualTo("[false, false]");
      assertThat(server.get("/state", "Cookie", marker).body()).isEqualTo("[true, true]");
      assertThat(server.get("/state", "Cookie", "cookie_gate_chat=v1.123.abc").body()).isEqualTo("[false, false]");
      assertThat(server.get("/state?do=activate").body()).isEqualTo("[false, true]");
      assertThat(server.get("/state?do=end", "Cookie", marker).body()).isEqualTo("[true, false]");
      // Chat consent is not activation.
      assertThat(server.get("/state", "Cookie", "cookie_gate_consent=chat").body()).isEqualTo("[false, false]");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void activateAndEndReachTheListener(Container container) throws Exception {
    RecordingListener recorder = new RecordingListener();
    CookieGateFilter filter = new CookieGateFilter(CookieGate.builder().listener(recorder).build());
    try (TestServer server = TestServer.on(container).filter(filter)
        .servlet("/chat/start", START_CHAT)
        .servlet("/chat/end", END_CHAT).start()) {
      String marker = Cookies.cookieHeader(server.post("/chat/start"));
      assertThat(recorder.ofType(GateEvent.Type.ACTIVATED)).hasSize(1);
      assertThat(recorder.ofType(GateEvent.Type.CONVERSATION_ENDED)).isEmpty();

      recorder.clear();
      server.post("/chat/end", "Cookie", marker + "; intercom-id-x=1; intercom-session-x=2");
      List<GateEvent> ended = recorder.ofType(GateEvent.Type.CONVERSATION_ENDED);
      assertThat(ended).hasSize(1);
      assertThat(ended.get(0).cookieName()).isEmpty();
      assertThat(ended.get(0).detail()).hasValueSatisfying(d -> assertThat(d).contains("2 chat cookies expired"));
      assertThat(recorder.cookieNames(GateEvent.Type.SWEPT)).containsExactlyInAnyOrder("intercom-id-x", "intercom-session-x");
      assertThat(recorder.cookieNames(GateEvent.Type.BLOCKED))
          .containsExactlyInAnyOrder("intercom-device-id-x", "intercom-session-x");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void callingItOnARequestTheFilterDidNotSeeThrowsNamingTheFilter(Container container) throws Exception {
    TestServer.Handler misuse = (req, res) -> {
      List<String> outcomes = new ArrayList<>();
      for (String call : new String[] {"activate", "end", "isActive"}) {
        try {
          switch (call) {
            case "activate" -> ChatActivation.activate(req);
            case "end" -> ChatActivation.end(req);
            default -> ChatActivation.isActive(req);
          }
          outcomes.add(call + ": no exception");
        } catch (IllegalStateException e) {
          outcomes.add(call + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
      res.getWriter().write(String.join("\n", outcomes));
    };
    try (TestServer server = TestServer.on(container).filter((q, s, c) -> c.doFilter(q, s))
        .servlet("/chat", misuse).start()) {
      HttpResponse<String> r = server.post("/chat");
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> lines = r.body().lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines).allSatisfy(line ->
          assertThat(line).contains("IllegalStateException").contains("CookieGateFilter"));
      assertThat(r.headers().allValues("set-cookie")).isEmpty();
    }
  }
}
