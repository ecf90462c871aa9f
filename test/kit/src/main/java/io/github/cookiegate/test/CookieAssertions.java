package io.github.cookiegate.test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;

/**
 * Entry points of the test kit that need nothing but the JDK and {@code cookie-gate-core}: a
 * {@code java.net.http} response, a raw list of {@code Set-Cookie} values, or a {@link VisitorSession}'s
 * last response. Spring's and RestAssured's responses have their own entry classes ({@code
 * SpringCookieAssertions}, {@code RestAssuredCookieAssertions}), so this class compiles and runs
 * without either on the classpath.
 *
 * <pre>{@code
 * import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
 *
 * HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * assertThatCookies(page).withGate(gate).setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING);
 * }</pre>
 *
 * <p>Failures throw opentest4j's {@code AssertionFailedError} when it is on the classpath (JUnit 5
 * brings it) and {@link AssertionError} otherwise, so any test framework reports them.
 */
public final class CookieAssertions {
  private CookieAssertions() {}

  /** Returns assertions over every {@code Set-Cookie} header of this response. */
  public static CookieAssert assertThatCookies(HttpResponse<?> response) {
    Objects.requireNonNull(response, "response");
    return new CookieAssert(describe(response), response.headers().allValues("set-cookie"));
  }

  /** Returns assertions over these {@code Set-Cookie} header values. */
  public static CookieAssert assertThatCookies(List<String> setCookieHeaders) {
    Objects.requireNonNull(setCookieHeaders, "setCookieHeaders");
    for (String h : setCookieHeaders) {
      Objects.requireNonNull(h, "Set-Cookie header value");
    }
    return new CookieAssert("the response", setCookieHeaders);
  }

  /**
   * Returns assertions over the last response of this visitor, classified with the session's gate
   * when it has one.
   *
   * @throws IllegalStateException if the visitor has not sent a request yet
   */
  public static CookieAssert assertThatCookies(VisitorSession visitor) {
    Objects.requireNonNull(visitor, "visitor");
    CookieAssert a = assertThatCookies(visitor.lastResponse());
    visitor.gate().ifPresent(a::withGate);
    return a;
  }

  /** Returns assertions over the vendor hosts the HTML of this response loads from. */
  public static PageAssert assertThatPage(HttpResponse<String> response) {
    Objects.requireNonNull(response, "response");
    return new PageAssert("the page of " + describe(response).substring("the response to ".length()),
        Objects.requireNonNullElse(response.body(), ""));
  }

  /** Returns assertions over the vendor hosts this HTML loads from. */
  public static PageAssert assertThatPage(String html) {
    return new PageAssert("the page", Objects.requireNonNull(html, "html"));
  }

  /**
   * Returns assertions over the last page this visitor got, classified with the session's gate when
   * it has one.
   *
   * @throws IllegalStateException if the visitor has not sent a request yet
   */
  public static PageAssert assertThatPage(VisitorSession visitor) {
    Objects.requireNonNull(visitor, "visitor");
    PageAssert a = assertThatPage(visitor.lastResponse());
    visitor.gate().ifPresent(a::withGate);
    return a;
  }

  /** {@code the response to GET /path} (no query string: it may carry identifiers). */
  static String describe(HttpResponse<?> response) {
    String path = response.uri().getRawPath();
    return "the response to " + response.request().method() + " " + (path == null || path.isEmpty() ? "/" : path);
  }
}
