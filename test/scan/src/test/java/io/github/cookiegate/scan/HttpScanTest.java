package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.examples.FakeVendor;
import io.github.cookiegate.scan.Sites.Run;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP mode against the demo (clean), a leaky site and a hostile one, on real Jetty. */
class HttpScanTest {

  static FakeVendor vendor;
  static Server demo;
  static Server leaky;

  @TempDir Path out;

  @BeforeAll
  static void start() throws Exception {
    vendor = FakeVendor.start(0);
    demo = Sites.demo(vendor);
    leaky = Sites.leaky(vendor);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.stop();
    leaky.stop();
    vendor.stop();
  }

  @Test
  void demoScansCleanInEveryStateAndTheReportSaysWhy() throws Exception {
    Run r = Sites.scan(out, Sites.base(demo), "--config", Sites.demoConfig().toString(), "--path", "/spa", "--fail-on", "any");

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.json()).containsEntry("version", 1L).containsEntry("mode", "http").containsEntry("failed", false);
    assertThat(r.findings()).isEmpty();
    assertThat(r.stderr()).contains("[1/50] fresh / ... 1 cookies, 1 third-party hosts", "[2/50] fresh /spa");

    Map<String, Object> fresh = r.page("fresh", "/");
    assertThat(Run.list(fresh, "cookies")).extracting(c -> c.get("name")).containsExactly("JSESSIONID");
    assertThat(Run.list(fresh, "cookies").get(0)).containsEntry("category", "necessary").containsEntry("problem", false);
    assertThat(Run.list(fresh, "hosts")).singleElement()
        .satisfies(h -> assertThat(h).containsEntry("host", "127.0.0.1").containsEntry("status", "held")
            .containsEntry("category", "chat").containsEntry("how", "<script src>"));

    Map<String, Object> activation = r.page("activated", "activation (POST /cookie-gate/activate)");
    assertThat(activation).containsEntry("status", 204L);
    assertThat(Run.list(activation, "cookies")).extracting(c -> c.get("name")).containsExactly("cookie_gate_chat");
    Map<String, Object> activated = r.page("activated", "/");
    assertThat(Run.list(activated, "cookies")).extracting(c -> c.get("name")).contains("intercom-id-demo").doesNotContain("_ga");
    assertThat(Run.list(activated, "cookies")).filteredOn(c -> "intercom-id-demo".equals(c.get("name"))).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("category", "chat").containsEntry("vendor", "Intercom")
            .containsEntry("problem", false).extracting("attributes").asList().contains("Max-Age=86400"));
    assertThat(Run.list(activated, "hosts")).extracting(h -> h.get("status")).containsOnly("loaded");
    assertThat(Run.list(r.page("consent:analytics", "/"), "cookies")).extracting(c -> c.get("name")).contains("_ga");

    for (String s : List.of("fresh", "activated", "consent:chat", "consent:functional", "consent:analytics", "consent:marketing")) {
      assertThat(r.html()).contains("<table class=\"state\" data-state=\"" + s + "\">");
    }
    assertThat(r.html()).contains("Result: nothing fails this scan").doesNotContain("<script", "http://127.0.0.1:" + "x");
  }

  @Test
  void leakySiteFailsWithEachFindingNamed() throws Exception {
    Run r = Sites.scan(out, Sites.base(leaky), "--config", Sites.demoConfig().toString());

    assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
    assertThat(r.json()).containsEntry("failed", true).containsEntry("exitCode", 1L);
    assertThat(r.findings()).filteredOn(f -> "fresh".equals(f.get("state")))
        .extracting(f -> f.get("page") + " " + f.get("kind") + " " + f.get("name") + " " + f.get("category") + " " + f.get("failing"))
        .containsExactlyInAnyOrder("/ cookie _ga analytics true", "/ host 127.0.0.1 chat true", "/about host 127.0.0.2 analytics true",
            "/about host widget.intercom.io chat true");
    assertThat(r.findings()).filteredOn(f -> "activated".equals(f.get("state")))
        .extracting(f -> f.get("page") + " " + f.get("name") + " " + f.get("failing"))
        .contains("/ _ga false", "/about 127.0.0.2 false").noneMatch(f -> f.contains("127.0.0.1"));
    assertThat(r.findings().get(0).get("why").toString())
        .isEqualTo("The cookie _ga is an analytics cookie stored before the visitor activated the chat or gave any consent:"
            + " an analytics cookie needs the visitor's prior consent to analytics.")
        .doesNotContain("GA1.1.42");
    assertThat(Run.list(r.page("fresh", "/shop/"), "hosts")).singleElement()
        .satisfies(h -> assertThat(h).containsEntry("status", "held").containsEntry("problem", false));
    assertThat(Run.list(r.page("fresh", "/shop/"), "cookies")).as("behind the filter: _ga blocked, and swept")
        .singleElement().satisfies(c -> assertThat(c).containsEntry("name", "_ga").containsEntry("deletion", true)
            .containsEntry("problem", false));
    assertThat(r.state("fresh").get("pages").toString()).doesNotContain("elsewhere.example");
    assertThat(r.state("activated").get("notes").toString()).contains("activation (POST /cookie-gate/activate) answered HTTP 405");
    assertThat(Files.readString(out.resolve("report.json"))).doesNotContain("GA1.1.42");
    assertThat(r.html()).contains("<caption>Findings (offending pages)</caption>", "Result: 4 findings fail this scan",
        "<code>127.0.0.2</code>");
  }

  @Test
  void failOnSelectsWhichFindingsFail() throws Exception {
    assertThat(Sites.scan(out.resolve("a"), Sites.base(leaky), "--config", Sites.demoConfig().toString(), "--fail-on", "none").exit())
        .isZero();
    Run marketing = Sites.scan(out.resolve("b"), Sites.base(leaky), "--config", Sites.demoConfig().toString(),
        "--fail-on", "fresh:marketing,consent:chat:marketing");
    assertThat(marketing.exit()).isZero();
    assertThat(marketing.findings()).isNotEmpty().allSatisfy(f -> assertThat(f).containsEntry("failing", false));
    Run analytics = Sites.scan(out.resolve("c"), Sites.base(leaky), "--config", Sites.demoConfig().toString(),
        "--states", "activated", "--fail-on", "activated:analytics");
    assertThat(analytics.exit()).isEqualTo(1);
    assertThat(analytics.json().get("states").toString()).doesNotContain("id=fresh");
  }

  @Test
  void anApplicationYmlConfiguresTheScanAsItsPropertiesTwin() throws Exception {
    Path yml = Path.of(getClass().getResource("/demo-application.yml").toURI());
    Run fromYaml = Sites.scan(out.resolve("yml"), Sites.base(leaky), "--config", yml.toString(), "--fail-on", "none");
    Run fromProperties = Sites.scan(out.resolve("properties"), Sites.base(leaky), "--config", Sites.demoConfig().toString(),
        "--fail-on", "none");
    assertThat(fromYaml.exit()).isZero();
    assertThat(fromYaml.findings()).isNotEmpty().isEqualTo(fromProperties.findings());
  }

  @Test
  void withoutTheAppsConfigTheBuiltInCatalogStillKnowsGoogleAnalytics() throws Exception {
    // gh-13: _ga is a built-in analytics rule (Open Cookie Database layer); before, it read as unknown.
    Run r = Sites.scan(out, Sites.base(leaky), "--states", "fresh", "--max-pages", "1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f).containsEntry("name", "_ga")
        .containsEntry("category", "analytics").containsEntry("vendor", "Google Analytics")
        .extracting("why").asString().contains("needs the visitor's prior consent to analytics"));
    assertThat(r.json()).containsEntry("pagesVisited", 1L);
    assertThat(r.state("fresh").get("notes").toString()).contains("stopped at --max-pages 1 with 2 linked pages not visited");
  }

  @Test
  void hostileSiteNeitherHangsTheScanNorFillsItsMemory() throws Exception {
    Server hostile = new Server();
    ServerConnector c = new ServerConnector(hostile);
    c.setHost("127.0.0.1");
    hostile.addConnector(c);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/html");
        OutputStream o = res.getOutputStream();
        if (req.getRequestURI().equals("/")) {
          o.write("<a href=/huge>huge</a><a href=/slow>slow</a>".getBytes());
        } else if (req.getRequestURI().equals("/huge")) {
          byte[] kb = "<p>filler</p>".repeat(80).getBytes();
          for (int i = 0; i < 20_000; i++) { // 20 MB, endless for the scan's purposes
            o.write(kb);
          }
        } else {
          o.write("<p>".getBytes());
          o.flush();
          try {
            Thread.sleep(30_000); // never finishes in time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }), "/");
    hostile.setHandler(ctx);
    hostile.start();
    try {
      long start = System.nanoTime();
      Run r = Sites.scan(out, Sites.base(hostile), "--states", "fresh", "--timeout", "2", "--max-bytes", "65536");
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(12_000);
      assertThat(r.exit()).isZero();
      assertThat(r.page("fresh", "/huge")).containsEntry("truncated", true).containsEntry("bytes", 65536L);
      assertThat(r.page("fresh", "/slow").get("error").toString()).contains("no complete answer within 2 s");
    } finally {
      hostile.stop();
    }
  }

  @Test
  void usageErrorsExitWithTwoNamingTheOptionValueAndAcceptedValues() throws Exception {
    Run pages = Sites.scan(out, "http://localhost:1/", "--max-pages", "lots");
    assertThat(pages.exit()).isEqualTo(2);
    assertThat(pages.stderr()).contains("--max-pages is 'lots'; expected a whole number from 1 to 100000");
    assertThat(Sites.scan(out, "http://localhost:1/", "--fail-on", "later").stderr())
        .contains("--fail-on is 'later': 'later' is not a state", "fresh, activated, consent:chat");
    assertThat(Sites.scan(out, "ftp://x/").stderr()).contains("base URL is 'ftp://x/'; expected http(s)://");
    Run down = Sites.scan(out, "http://localhost:1/", "--states", "fresh", "--timeout", "2");
    assertThat(down.exit()).as("a site that is not running is no clean scan").isEqualTo(2);
    assertThat(down.stderr()).contains("http://localhost:1/: no page could be fetched (ConnectException); expected a running site");
    assertThat(Sites.scan(out, "http://localhost:1/", "--bogus").stderr()).contains("unknown option '--bogus'");
    Path bad = Files.writeString(out.resolve("bad.properties"), "chat-max-age=P1X\n");
    Run config = Sites.scan(out, "http://localhost:1/", "--config", bad.toString());
    assertThat(config.exit()).isEqualTo(2);
    assertThat(config.stderr()).contains("--config " + bad + ": cookie-gate: chat-max-age is 'P1X'");
    assertThat(Sites.scan(out, "http://localhost:1/", "--browser", "--chromium", "/nonexistent").stderr())
        .contains("--chromium is '/nonexistent': not an executable file");
  }
}
