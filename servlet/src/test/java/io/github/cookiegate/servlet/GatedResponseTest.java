package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GatedResponse} over an in-memory container response ({@link FakeResponse}): every way a
 * cookie gets in, reconcile and replace, the sweep, report-only, and each commit point. What real
 * containers do past the wrapper (the session cookie, Jetty's and Tomcat's header semantics) is
 * covered on real servers by {@code CookiePathsIT} and {@code SweepIT}. {@code __hstc} is
 * marketing, {@code intercom-id-*} chat, {@code JSESSIONID} necessary.
 */
class GatedResponseTest {

  final RecordingListener listener = new RecordingListener();
  CookieGate gate = CookieGate.builder().listener(listener).build();

  GatedResponse gated(FakeResponse container, FakeRequest request) {
    return new GatedResponse(container, RequestState.read(gate, request.build()));
  }

  static List<String> names(Collection<String> setCookies) {
    return setCookies.stream().map(h -> SetCookie.parse(h).orElseThrow().name()).toList();
  }

  static List<String> deleted(Collection<String> setCookies) {
    Instant now = Instant.now();
    return setCookies.stream().map(h -> SetCookie.parse(h).orElseThrow()).filter(c -> c.isDeletion(now))
        .map(SetCookie::name).toList();
  }

  static List<String> stored(Collection<String> setCookies) {
    Instant now = Instant.now();
    return setCookies.stream().map(h -> SetCookie.parse(h).orElseThrow()).filter(c -> !c.isDeletion(now))
        .map(SetCookie::name).toList();
  }

  @Nested
  class EntryPoints {

    @Test
    void addCookieBlocksMarketingAndPassesNecessary() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addCookie(new Cookie("__hstc", "1"));
      r.addCookie(new Cookie("JSESSIONID", "s"));
      assertThat(names(container.setCookies())).containsExactly("JSESSIONID");
      assertThat(listener.cookieNames(GateEvent.Type.BLOCKED)).containsExactly("__hstc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "set-cookie", "SET-COOKIE"})
    void addHeaderGatesSetCookieInAnyCase(String name) {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addHeader(name, "intercom-id-x=1; Path=/");
      r.addHeader(name, "JSESSIONID=s; Path=/");
      assertThat(names(container.setCookies())).containsExactly("JSESSIONID");
    }

    @Test
    void addIntAndDateHeaderUnderSetCookieAreGated() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addIntHeader("Set-Cookie", 1); // a nameless cookie "1": unknown, blocked by default
      r.addDateHeader("set-cookie", 0L);
      assertThat(container.setCookies()).isEmpty();
      assertThat(listener.ofType(GateEvent.Type.BLOCKED)).hasSize(2);
    }

    @Test
    void disguisedSetCookieNameIsGatedAndWrittenUnderTheProperName() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addHeader("Set-Cookie ", "__hstc=1");
      r.setHeader("Set-Cookie:", "JSESSIONID=s");
      assertThat(container.getHeaderNames()).contains("Set-Cookie").doesNotContain("Set-Cookie ", "Set-Cookie:");
      assertThat(names(container.setCookies())).containsExactly("JSESSIONID");
    }

    @Test
    void setCookie2IsDropped() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addHeader("Set-Cookie2", "JSESSIONID=s; Version=1");
      assertThat(container.getHeaderNames()).isEmpty();
    }

    @Test
    void setCookieInTrailersIsGated() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.setTrailerFields(() -> Map.of("set-cookie", "__hstc=1", "X-Checksum", "abc"));
      assertThat(container.getTrailerFields().get()).containsOnlyKeys("X-Checksum");
    }

    /**
     * A Cookie is decided from its parts: an Expires set as an attribute makes a chat cookie
     * persistent, so its lifetime is capped; the copy the container gets carries the cap as
     * Max-Age and the application's other attributes, and the application's Cookie is unchanged.
     */
    @Test
    void addCookieCapsAChatCookieWhoseExpiresIsAnAttribute() {
      gate = CookieGate.builder().listener(listener).chatMaxAge(java.time.Duration.ofHours(24)).build();
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      state.activate();
      GatedResponse r = new GatedResponse(container, state);
      Cookie chat = new Cookie("intercom-id-x", "1");
      chat.setPath("/");
      chat.setAttribute("Expires", "Wed, 21 Oct 2037 07:28:00 GMT");
      chat.setAttribute("Priority", "High");
      r.addCookie(chat);
      SetCookie sent = container.setCookies().stream().map(h -> SetCookie.parse(h).orElseThrow())
          .filter(c -> c.name().equals("intercom-id-x")).findFirst().orElseThrow();
      assertThat(sent.maxAge()).hasValue(86_400);
      assertThat(sent.attribute("Priority")).contains("High");
      assertThat(sent.path()).contains("/");
      assertThat(chat.getMaxAge()).isEqualTo(-1);
    }

    @Test
    void chatCookiePassesAfterActivationInTheSameResponse() {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      r.addCookie(new Cookie("intercom-id-x", "1"));
      state.activate();
      r.addCookie(new Cookie("intercom-id-y", "2"));
      r.beforeCommit();
      container.finish();
      assertThat(stored(container.sent())).containsExactlyInAnyOrder("intercom-id-y", CookieGate.MARKER_COOKIE);
    }
  }

  @Nested
  class ReconcileAndReplace {

    @Test
    void containerAddedCookiesAreDecidedWhenTheApplicationLooksAtThem() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      // As the container adds the session cookie past every wrapper (getSession(true)).
      container.addHeader("Set-Cookie", "__hstc=1; Path=/");
      container.addHeader("Set-Cookie", "JSESSIONID=s; Path=/");
      assertThat(names(r.getHeaders("Set-Cookie"))).containsExactly("JSESSIONID");
      assertThat(names(container.setCookies())).containsExactly("JSESSIONID");
    }

    @Test
    void containerAddedCookiesAreDecidedOnceOnly() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addCookie(new Cookie("JSESSIONID", "s"));
      container.addHeader("Set-Cookie", "__hstc=1");
      r.reconcile();
      r.reconcile();
      assertThat(listener.cookieNames(GateEvent.Type.BLOCKED)).containsExactly("__hstc");
      assertThat(listener.cookieNames(GateEvent.Type.ALLOWED)).containsExactly("JSESSIONID");
    }

    @Test
    void withTomcatSemanticsTheBlockedCookiesDeletionStandsIn() {
      FakeResponse container = new FakeResponse().ignoringNullHeaders();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      container.addHeader("Set-Cookie", "__hstc=1; Path=/");
      r.reconcile();
      assertThat(deleted(container.setCookies())).containsExactly("__hstc");
      assertThat(stored(container.setCookies())).isEmpty();
    }

    @Test
    void setHeaderReplacesWhatWasSetBefore() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page"));
      r.addHeader("Set-Cookie", "JSESSIONID=a");
      r.setHeader("Set-Cookie", "JSESSIONIDSSO=b");
      assertThat(names(container.setCookies())).containsExactly("JSESSIONIDSSO");
    }

    @Test
    void setHeaderWithABlockedCookieLeavesNoneOfTheReplacedOnes() {
      for (FakeResponse container : List.of(new FakeResponse(), new FakeResponse().ignoringNullHeaders())) {
        GatedResponse r = gated(container, FakeRequest.get("/page"));
        r.addHeader("Set-Cookie", "JSESSIONID=a");
        r.setHeader("Set-Cookie", "__hstc=1");
        assertThat(stored(container.setCookies())).isEmpty();
      }
    }
  }

  @Nested
  class SweepAtCommit {

    @Test
    void expiresEachCarriedCookieThatIsNotAllowedOnce() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("__hstc=1; intercom-id-x=2; JSESSIONID=3"));
      r.beforeCommit();
      r.beforeCommit();
      container.finish();
      assertThat(deleted(container.sent())).containsExactlyInAnyOrder("__hstc", "intercom-id-x");
      assertThat(listener.cookieNames(GateEvent.Type.SWEPT)).containsExactlyInAnyOrder("__hstc", "intercom-id-x");
    }

    @Test
    void leavesACookieThisResponseSetItself() {
      FakeResponse container = new FakeResponse();
      gate = CookieGate.builder().listener(listener).cookies(io.github.cookiegate.Category.NECESSARY, "__hstc").build();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("__hstc=1; intercom-id-x=2"));
      r.addHeader("Set-Cookie", "intercom-id-x=; Max-Age=0"); // a deletion always passes
      r.beforeCommit();
      container.finish();
      assertThat(container.sent()).hasSize(1);
      assertThat(listener.cookieNames(GateEvent.Type.SWEPT)).isEmpty();
    }

    @Test
    void writesAtMostTheCapOfDeletions() {
      StringBuilder carried = new StringBuilder("__hstc=0");
      for (int i = 0; i < 50; i++) {
        carried.append("; intercom-id-").append(i).append('=').append(i);
      }
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies(carried.toString()));
      r.beforeCommit();
      container.finish();
      assertThat(deleted(container.sent())).hasSize(Sweep.MAX_DELETIONS_PER_RESPONSE);
    }

    @Test
    void aSweptResponseIsKeptOutOfSharedCaches() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("__hstc=1"));
      r.setHeader("Cache-Control", "public, max-age=60");
      r.beforeCommit();
      assertThat(container.getHeader("Cache-Control")).contains("private");
      assertThat(container.getHeader("Vary")).containsIgnoringCase("Cookie");
    }

    @Test
    void aResponseThatDependsOnNothingStaysCacheable() {
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("JSESSIONID=1"));
      r.setHeader("Cache-Control", "public, max-age=60");
      r.addCookie(new Cookie("JSESSIONID", "2"));
      r.beforeCommit();
      assertThat(container.getHeader("Cache-Control")).isEqualTo("public, max-age=60");
      assertThat(container.getHeader("Vary")).isNull();
    }
  }

  @Nested
  class ReportOnly {

    @Test
    void blockedCookiesPassAndAreReportedAsSuch() {
      gate = CookieGate.builder().listener(listener).mode(CookieGate.Mode.REPORT_ONLY).build();
      FakeResponse container = new FakeResponse();
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("intercom-id-x=2"));
      r.addCookie(new Cookie("__hstc", "1"));
      r.addHeader("Set-Cookie", "intercom-id-y=1");
      container.addHeader("Set-Cookie", "_ga=1");
      r.beforeCommit();
      container.finish();
      assertThat(names(container.sent())).containsExactly("__hstc", "intercom-id-y", "_ga");
      assertThat(listener.ofType(GateEvent.Type.BLOCKED)).hasSize(3).allMatch(GateEvent::reportOnly);
      assertThat(listener.ofType(GateEvent.Type.SWEPT)).singleElement().matches(GateEvent::reportOnly);
    }
  }

  @Nested
  class CommitPoints {

    /** A container-added marketing cookie and a carried one: what the gate must settle before commit. */
    GatedResponse pending(FakeResponse container) {
      GatedResponse r = gated(container, FakeRequest.get("/page").cookies("__hstc=1"));
      container.addHeader("Set-Cookie", "_ga=1; Path=/");
      return r;
    }

    void assertSettled(FakeResponse container) {
      assertThat(stored(container.sent())).isEmpty();
      assertThat(deleted(container.sent())).containsExactly("__hstc");
    }

    @Test
    void flushBuffer() throws Exception {
      FakeResponse container = new FakeResponse();
      pending(container).flushBuffer();
      assertSettled(container);
    }

    @Test
    void streamFlush() throws Exception {
      FakeResponse container = new FakeResponse();
      ServletOutputStream out = pending(container).getOutputStream();
      out.write('x');
      out.flush();
      assertSettled(container);
    }

    @Test
    void writerClose() throws Exception {
      FakeResponse container = new FakeResponse();
      PrintWriter out = pending(container).getWriter();
      out.write("x");
      out.close();
      assertSettled(container);
    }

    @Test
    void streamFillingTheBuffer() throws Exception {
      FakeResponse container = new FakeResponse();
      container.setBufferSize(64);
      pending(container).getOutputStream().write(new byte[100], 0, 100);
      assertThat(container.isCommitted()).isTrue();
      assertSettled(container);
    }

    @Test
    void writerFillingTheBufferOneCharAtATime() throws Exception {
      FakeResponse container = new FakeResponse();
      container.setBufferSize(64);
      PrintWriter out = pending(container).getWriter();
      for (int i = 0; i < 100; i++) {
        out.write('x');
      }
      out.flush();
      assertSettled(container);
    }

    @Test
    void streamReachingTheContentLength() throws Exception {
      FakeResponse container = new FakeResponse();
      container.setBufferSize(1 << 20);
      GatedResponse r = pending(container);
      r.setContentLength(10);
      r.getOutputStream().write(new byte[10], 0, 10);
      container.finish(); // the container commits once the declared length is written
      assertSettled(container);
    }

    @Test
    void sendError() throws Exception {
      FakeResponse container = new FakeResponse();
      pending(container).sendError(404);
      assertSettled(container);
    }

    @Test
    void sendRedirect() throws Exception {
      FakeResponse container = new FakeResponse();
      pending(container).sendRedirect("/elsewhere");
      assertSettled(container);
    }
  }

  @Nested
  class OwnCookies {

    @Test
    void theMarkerIsQueuedAndWrittenAtTheCommitPoint() throws Exception {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      state.activate();
      assertThat(container.setCookies()).isEmpty();
      r.flushBuffer();
      assertThat(stored(container.sent())).containsExactly(CookieGate.MARKER_COOKIE);
    }

    @Test
    void theApplicationSeesQueuedCookiesAmongTheHeaders() {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      state.activate();
      assertThat(names(r.getHeaders("Set-Cookie"))).containsExactly(CookieGate.MARKER_COOKIE);
    }

    @Test
    void activationAfterThePreCommitStepStillReachesTheResponse() throws Exception {
      FakeResponse container = new FakeResponse();
      container.setBufferSize(64);
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      ServletOutputStream out = r.getOutputStream();
      out.write(new byte[64], 0, 64); // the buffer is full: the pre-commit step ran, nothing is sent yet
      assertThat(container.isCommitted()).isFalse();
      state.activate();
      out.write('x'); // commits
      assertThat(stored(container.sent())).containsExactly(CookieGate.MARKER_COOKIE);
    }

    @Test
    void activationAfterCommitWritesNothingAndDoesNotThrow() throws Exception {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      r.flushBuffer();
      state.activate();
      r.beforeCommit();
      assertThat(container.sent()).isEmpty();
      assertThat(state.activation().isActive()).isTrue();
    }

    @Test
    void resetDropsQueuedCookiesAsItDropsWrittenOnes() throws Exception {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat").build());
      GatedResponse r = new GatedResponse(container, state);
      state.activate();
      r.reset();
      r.flushBuffer();
      assertThat(container.sent()).isEmpty();
    }

    @Test
    void endingTheConversationExpiresMarkerAndCarriedChatCookies() throws Exception {
      FakeResponse container = new FakeResponse();
      RequestState state = RequestState.read(gate, FakeRequest.post("/chat/end").cookies("intercom-id-x=1; JSESSIONID=2").build());
      GatedResponse r = new GatedResponse(container, state);
      state.end();
      r.flushBuffer();
      assertThat(deleted(container.sent())).contains(CookieGate.MARKER_COOKIE, "intercom-id-x").doesNotContain("JSESSIONID");
      assertThat(stored(container.sent())).isEmpty();
      // Expired by end(), not again by the sweep.
      assertThat(listener.cookieNames(GateEvent.Type.SWEPT)).containsExactly("intercom-id-x");
    }
  }
}
