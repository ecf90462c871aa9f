package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.servlet.TestServer.Container;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page cache on real containers, through a real HTTP client: a page served again from the cache
 * equals what {@code html-cache=off} serves for the same request (its nonce, its visitor), on the
 * writer and on the output stream; a page that changes between requests is rewritten as it is.
 */
class PageCacheIT {

  static final String SHOP = PageCacheTest.resource("shop-30k.html");
  static final String CONSENT = "cookie_gate_consent=analytics";

  static TestServer.Builder site(Container container, AtomicInteger visits) {
    return TestServer.on(container)
        .servlet("/writer", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src 'nonce-" + req.getHeader("X-Nonce") + "'");
          res.setContentType("text/html; charset=UTF-8");
          res.getWriter().write(SHOP);
        })
        .servlet("/stream", (req, res) -> {
          res.setHeader("Content-Security-Policy", "script-src 'nonce-" + req.getHeader("X-Nonce") + "'");
          res.setContentType("text/html; charset=UTF-8");
          byte[] page = SHOP.getBytes(StandardCharsets.UTF_8);
          for (int off = 0; off < page.length; off += 8192) {
            res.getOutputStream().write(page, off, Math.min(8192, page.length - off));
          }
        })
        .servlet("/changing", (req, res) -> {
          res.setContentType("text/html; charset=UTF-8");
          int visit = visits.incrementAndGet();
          String vendor = visit % 3 == 0 ? "<script src=\"https://widget.intercom.io/widget/abc\"></script>" : "<p>no chat</p>";
          res.getWriter().write(SHOP.replace("</body>", vendor + "</body>"));
        });
  }

  @ParameterizedTest
  @EnumSource(value = Container.class, names = {"JETTY", "TOMCAT"})
  void pagesServedAgainEqualWhatTheFilterWithoutCacheServes(Container container) throws Exception {
    CookieGateFilter cached = new CookieGateFilter();
    try (TestServer on = site(container, new AtomicInteger()).filter(cached).start();
        TestServer off = site(container, new AtomicInteger()).param("html-cache", "off").start()) {
      int nonce = 0;
      for (String path : new String[] {"/writer", "/stream"}) {
        long hitsBefore = cached.pages().hits.sum();
        for (String cookie : new String[] {null, null, null, CONSENT, CONSENT, CONSENT}) {
          String n = "n" + (++nonce);
          String[] headers = cookie == null ? new String[] {"X-Nonce", n} : new String[] {"X-Nonce", n, "Cookie", cookie};
          String served = on.get(path, headers).body();
          String expected = off.get(path, headers).body();
          assertThat(served).as("%s %s nonce %s", path, cookie, n).isEqualTo(expected);
          assertThat(NonceIT.gateTag(served)).contains(" nonce=\"" + n + "\"");
          assertThat(served.contains("data-cookie-gate=\"analytics\"")).as("analytics held for a fresh visitor only")
              .isEqualTo(cookie == null);
        }
        assertThat(cached.pages().hits.sum() - hitsBefore).as("%s: the third request of each visitor is a hit", path)
            .isEqualTo(2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Container.class, names = {"JETTY", "TOMCAT"})
  void aPageThatChangesBetweenRequestsIsRewrittenAsItIs(Container container) throws Exception {
    AtomicInteger visits = new AtomicInteger();
    try (TestServer on = site(container, visits).start()) {
      for (int i = 1; i <= 9; i++) {
        String page = on.get("/changing").body();
        boolean chat = i % 3 == 0;
        assertThat(page.contains("data-cookie-gate-src=\"https://widget.intercom.io/widget/abc\"")).as("visit %s", i)
            .isEqualTo(chat);
        assertThat(page).doesNotContain(" src=\"https://widget.intercom.io/widget/abc\"");
        assertThat(page.contains("no chat")).as("visit %s", i).isEqualTo(!chat);
        assertThat(page).contains("/cookie-gate/gate.js");
      }
    }
  }
}
