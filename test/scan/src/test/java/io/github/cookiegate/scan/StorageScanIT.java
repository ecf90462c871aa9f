package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.scan.Sites.Run;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser mode reports web storage per visitor state, classified by the storage catalog: a
 * site where cookie-gate is mapped to {@code /shop/*} only, so {@code /} writes a chat widget's and
 * an analytics vendor's keys unguarded, while on {@code /shop/} gate.js refuses them until
 * activation or consent. Skipped where Chromium is not installed, except in CI (CI=true).
 */
class StorageScanIT {

  static Server site;

  @TempDir Path out;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("Debian's chromium and chromium-driver").isTrue();
    site = new Server();
    ServerConnector connector = new ServerConnector(site);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    site.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder gate = new FilterHolder(CookieGateFilter.class);
    context.addFilter(gate, "/shop/*", EnumSet.of(DispatcherType.REQUEST)); // should have been /*
    context.addFilter(gate, "/cookie-gate/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        // A widget's and a tracker's storage, and the site's own cart, written by inline code as vendors' snippets do.
        String writes = "<script>localStorage.setItem('twk_token_abc', 'secret-token'); localStorage._hjUserAttributes = 'attrs';"
            + " sessionStorage.setItem('tidio_state_k1', 'state'); localStorage.setItem('cart', '2 items');</script>";
        res.setContentType("text/html;charset=UTF-8");
        switch (req.getRequestURI()) {
          case "/" -> res.getWriter().write("<!doctype html><html><head><title>Home</title>" + writes
              + "</head><body><a href=\"/shop/\">Shop</a></body></html>");
          case "/shop/" -> res.getWriter().write("<!doctype html><html><head><title>Shop</title>"
              + writes.replace("twk_token_abc", "twk_token_shop").replace("_hjUserAttributes", "hjActiveViewportIds")
              + "</head><body><button data-cookie-gate-activate>Chat</button></body></html>");
          default -> res.sendError(404);
        }
      }
    }), "/");
    site.setHandler(context);
    site.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (site != null) {
      site.stop();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> storage(Run r, String state) {
    return (List<Map<String, Object>>) r.state(state).get("storage");
  }

  @Test
  void reportsStorageKeysPerStateClassifiedAndNamesTheUnguardedOnes() throws Exception {
    Run r = Sites.scan(out, Sites.base(site), "--browser", "--states", "fresh,activated,consent:analytics");

    assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
    assertThat(r.findings()).filteredOn(f -> "storage".equals(f.get("kind")))
        .extracting(f -> f.get("state") + " " + f.get("page") + " " + f.get("name") + " " + f.get("category"))
        .containsExactlyInAnyOrder(
            "fresh / twk_token_abc chat", "fresh / _hjUserAttributes analytics", "fresh / tidio_state_k1 chat",
            "consent:analytics / twk_token_abc chat", "consent:analytics / tidio_state_k1 chat");

    // fresh: on /shop/ gate.js refused the chat and analytics keys (and removed those / had written).
    assertThat(storage(r, "fresh")).extracting(k -> k.get("area") + " " + k.get("key") + " " + k.get("category"))
        .containsExactlyInAnyOrder("localStorage twk_token_abc chat", "localStorage _hjUserAttributes analytics",
            "localStorage cart unclassified", "sessionStorage tidio_state_k1 chat");
    assertThat(storage(r, "fresh")).filteredOn(k -> "twk_token_abc".equals(k.get("key"))).singleElement()
        .satisfies(k -> assertThat(k).containsEntry("vendor", "tawk.to").containsEntry("rule", "localStorage twk_token_*")
            .containsEntry("page", "/").containsEntry("problem", true));
    // activated: what the page stored before the click counts in fresh, as for cookies; after it, the
    // chat key of /shop/ passes and its analytics key is still refused.
    assertThat(storage(r, "activated")).extracting(k -> k.get("key") + " " + k.get("problem") + " " + k.get("page"))
        .containsExactly("twk_token_shop false /shop/");
    assertThat(storage(r, "consent:analytics")).extracting(k -> k.get("key") + " " + k.get("problem"))
        .contains("hjActiveViewportIds false", "_hjUserAttributes false").doesNotContain("twk_token_shop false");

    assertThat(r.html()).contains("fresh: web storage (localStorage and sessionStorage keys, values not shown)",
        "<code>twk_token_abc</code>", "no storage rule names it: the site's own key, left alone");
    assertThat(r.html() + r.json()).doesNotContain("secret-token", "2 items");
  }

  @Test
  void httpModeReportsNoStorage() throws Exception {
    Run r = Sites.scan(out, Sites.base(site), "--states", "fresh");
    assertThat(storage(r, "fresh")).isEmpty();
    assertThat(r.findings()).noneMatch(f -> "storage".equals(f.get("kind")));
  }
}
