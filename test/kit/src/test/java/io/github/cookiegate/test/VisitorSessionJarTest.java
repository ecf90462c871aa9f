package io.github.cookiegate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.SetCookie;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VisitorSessionJarTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private final VisitorSession visitor = VisitorSession.builder(URI.create("http://app.localhost:8080"))
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private void store(String header, String url) {
    SetCookie.parse(header).ifPresent(c -> visitor.store(c, URI.create(url))); // empty: a browser ignores it too
  }

  @Test
  void keepsHostOnlyAndDomainCookies() {
    store("a=1", "http://app.localhost/x/y");
    store("b=2; Domain=.localhost; Path=/", "http://app.localhost/");
    assertThat(visitor.cookies()).extracting(c -> c.name() + " " + c.domain() + " " + c.hostOnly() + " " + c.path())
        .containsExactly("a app.localhost true /x", "b localhost false /");
  }

  @Test
  void rejectsADomainThatDoesNotMatchTheHost() {
    store("a=1; Domain=example.com", "http://app.localhost/");
    store("b=1; Domain=127.0.0", "http://127.0.0.1/");
    assertThat(visitor.cookies()).isEmpty();
  }

  @Test
  void maxAgeWinsOverExpiresAndDeletionRemoves() {
    store("a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://app.localhost/");
    assertThat(visitor.cookies()).singleElement().satisfies(c -> assertThat(c.expiresAt()).contains(NOW.plusSeconds(60)));
    store("a=; Max-Age=0", "http://app.localhost/");
    assertThat(visitor.cookies()).isEmpty();
    store("b=1", "http://app.localhost/");
    store("b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://app.localhost/");
    assertThat(visitor.cookieNames()).isEmpty();
  }

  @Test
  void secureCookiesOnlyFromSecureContextsAndHostPrefixRules() {
    store("s=1; Secure", "http://example.test/");
    store("__Host-h=1; Secure; Path=/; Domain=example.test", "https://example.test/");
    store("__Secure-x=1", "https://example.test/");
    assertThat(visitor.cookies()).isEmpty();
    store("__Host-cookie_gate_chat=v; Secure; Path=/; HttpOnly", "http://localhost/");
    assertThat(visitor.cookieNames()).containsExactly("__Host-cookie_gate_chat");
  }

  @Test
  void pathMatchingFollowsTheRfc() {
    assertThat(VisitorSession.pathMatches("/foo/bar", "/foo")).isTrue();
    assertThat(VisitorSession.pathMatches("/foo", "/foo")).isTrue();
    assertThat(VisitorSession.pathMatches("/foobar", "/foo")).isFalse();
    assertThat(VisitorSession.pathMatches("/foo/", "/foo/")).isTrue();
  }

  @Test
  void readsTheConsentCookie() {
    store("cookie_gate_consent=chat.analytics.r2; Path=/", "http://app.localhost/");
    assertThat(visitor.consented()).containsExactlyInAnyOrder(io.github.cookiegate.Category.CHAT,
        io.github.cookiegate.Category.ANALYTICS);
  }

  @Test
  void toStringHidesTheValue() {
    store("a=secret-value", "http://app.localhost/");
    assertThat(visitor.cookies().get(0).toString()).doesNotContain("secret-value").contains("12 chars");
  }

  @Test
  void lastResponseBeforeAnyRequestSaysWhatToDo() {
    assertThatThrownBy(visitor::lastResponse).isInstanceOf(IllegalStateException.class).hasMessageContaining("get(path)");
    assertThatThrownBy(() -> VisitorSession.of(URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class);
  }
}
