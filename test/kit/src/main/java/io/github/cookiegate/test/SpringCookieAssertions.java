package io.github.cookiegate.test;

import java.util.List;
import java.util.Objects;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.reactive.server.ExchangeResult;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Entry points for Spring's test responses: {@code MockMvc}'s {@link MvcResult} and {@link
 * MockHttpServletResponse}, and {@code WebTestClient}'s {@link ExchangeResult}. Kept apart from
 * {@link CookieAssertions} so that class never names a Spring type: a project without
 * {@code spring-test} compiles against the kit without "class file not found" errors.
 *
 * <pre>{@code
 * MvcResult result = mockMvc.perform(get("/")).andReturn();
 * SpringCookieAssertions.assertThatCookies(result).withGate(gate).setOnlyNecessaryCookies();
 * }</pre>
 *
 * <p>With {@code MockMvc} the filter must be added ({@code @AutoConfigureMockMvc} adds the
 * starter's filter bean; {@code standaloneSetup(...).addFilters(new CookieGateFilter(gate))}
 * otherwise): without it nothing is gated and the assertions report what the application wrote.
 */
public final class SpringCookieAssertions {
  private SpringCookieAssertions() {}

  /** Returns assertions over the {@code Set-Cookie} headers of a {@code MockMvc} result. */
  public static CookieAssert assertThatCookies(MvcResult result) {
    Objects.requireNonNull(result, "result");
    String method = result.getRequest().getMethod();
    String path = result.getRequest().getRequestURI();
    return new CookieAssert("the response to " + method + " " + path, result.getResponse().getHeaders("Set-Cookie"));
  }

  /** Returns assertions over the {@code Set-Cookie} headers of a mock servlet response. */
  public static CookieAssert assertThatCookies(MockHttpServletResponse response) {
    Objects.requireNonNull(response, "response");
    return new CookieAssert("the response", response.getHeaders("Set-Cookie"));
  }

  /** Returns assertions over the {@code Set-Cookie} headers of a {@code WebTestClient} exchange. */
  public static CookieAssert assertThatCookies(ExchangeResult result) {
    Objects.requireNonNull(result, "result");
    List<String> values = result.getResponseHeaders().get("Set-Cookie");
    return new CookieAssert("the response to " + result.getMethod() + " " + result.getUrl().getRawPath(),
        values == null ? List.of() : values);
  }
}
