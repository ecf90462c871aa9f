package io.github.cookiegate.test;

import io.restassured.http.Header;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry points for RestAssured's {@link Response} and {@link ExtractableResponse}. Kept apart from
 * {@link CookieAssertions} so that class never names a RestAssured type.
 *
 * <pre>{@code
 * Response page = given().port(port).get("/");
 * RestAssuredCookieAssertions.assertThatCookies(page).setNoCookieOf(Category.CHAT);
 * }</pre>
 */
public final class RestAssuredCookieAssertions {
  private RestAssuredCookieAssertions() {}

  /** Returns assertions over the {@code Set-Cookie} headers of this response. */
  public static CookieAssert assertThatCookies(Response response) {
    Objects.requireNonNull(response, "response");
    return new CookieAssert("the response", setCookies(response.headers().asList()));
  }

  /** Returns assertions over the {@code Set-Cookie} headers of this extracted response ({@code .then().extract()}). */
  public static CookieAssert assertThatCookies(ExtractableResponse<?> response) {
    Objects.requireNonNull(response, "response");
    return new CookieAssert("the response", setCookies(response.headers().asList()));
  }

  private static List<String> setCookies(List<Header> headers) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      if (h.getName().equalsIgnoreCase("Set-Cookie")) {
        out.add(h.getValue());
      }
    }
    return out;
  }
}
