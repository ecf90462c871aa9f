package io.github.cookiegate.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.client.MockMvcWebTestClient;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** MockMvc and WebTestClient results, with the real filter in the chain and without it. */
class SpringSourcesTest {
  private final CookieGate gate = CookieGate.builder().listener(GateListener.none()).build();

  @RestController
  static class Shop {
    @GetMapping("/shop/home")
    String home(HttpServletResponse res) {
      Cookie visitor = new Cookie("intercom-id-demo", "3f2a9c1e-visitor");
      visitor.setPath("/");
      res.addCookie(visitor);
      res.addHeader("Set-Cookie", "XSRF-TOKEN=t0k3n; Path=/");
      return "shop";
    }
  }

  private MockMvc gated() {
    return MockMvcBuilders.standaloneSetup(new Shop())
        .addFilter(new CookieGateFilter(gate), "cookie-gate", Map.of(), EnumSet.of(DispatcherType.REQUEST), "/*")
        .build();
  }

  private MockMvc ungated() {
    return MockMvcBuilders.standaloneSetup(new Shop()).build();
  }

  @Test
  void mockMvcResultsWithTheFilterPass() throws Exception {
    MvcResult result = gated().perform(get("/shop/home")).andReturn();
    SpringCookieAssertions.assertThatCookies(result).withGate(gate).setOnlyNecessaryCookies().sets("XSRF-TOKEN");
    SpringCookieAssertions.assertThatCookies(result.getResponse()).withGate(gate).doesNotSet("intercom-id-*");
  }

  @Test
  void mockMvcResultsWithoutTheFilterFailNamingTheCookie() throws Exception {
    MvcResult result = ungated().perform(get("/shop/home")).andReturn();
    assertThatThrownBy(() -> SpringCookieAssertions.assertThatCookies(result).setNoCookieOf(Category.CHAT))
        .hasMessageContaining("Expected the response to GET /shop/home to set no chat cookie")
        .hasMessageContaining("intercom-id-demo: category chat, vendor Intercom, rule glob 'intercom-id-*' (built-in)")
        .hasMessageNotContaining("3f2a9c1e");
  }

  @Test
  void webTestClientResultsAreAssertedToo() {
    EntityExchangeResult<byte[]> ok = MockMvcWebTestClient.bindTo(gated()).build()
        .get().uri("/shop/home").exchange().expectBody().returnResult();
    SpringCookieAssertions.assertThatCookies(ok).setOnlyNecessaryCookies();
    EntityExchangeResult<byte[]> leaky = MockMvcWebTestClient.bindTo(ungated()).build()
        .get().uri("/shop/home").exchange().expectBody().returnResult();
    assertThatThrownBy(() -> SpringCookieAssertions.assertThatCookies(leaky).setOnlyNecessaryCookies())
        .hasMessageContaining("to GET /shop/home").hasMessageContaining("intercom-id-demo: category chat");
  }
}
