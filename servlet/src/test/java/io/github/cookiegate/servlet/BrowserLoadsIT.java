package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.cookiegate.servlet.TestServer.Container;
import io.github.cookiegate.servlet.html.LoadCases;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a real headless Chromium (Debian's) contacts, for every case of the shared case file
 * {@code load-cases.txt}: the vendor hosts are mapped to local sockets that count the connections
 * the browser opens to them. Served bare, a case loads what the file says (so the file is true of
 * a browser); served through the filter, and inserted at run time under gate.js, nothing is
 * contacted before a click or consent. Skipped where Chromium is not installed, except in CI.
 */
class BrowserLoadsIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Map<String, Vendor> VENDORS = new LinkedHashMap<>();
  static TestServer gated;
  static TestServer bare;
  static final List<LoadCases> CASES = LoadCases.all();

  /** A vendor host's stand-in: counts the TCP connections the browser opens to it (TLS or not). */
  static final class Vendor implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();

    Vendor() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            connections.incrementAndGet();
          } catch (IOException e) {
            return;
          }
        }
      }, "vendor-" + socket.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: install chromium");
    }
    assumeThat(present).as("Debian's chromium (apt-get install chromium)").isTrue();
    VENDORS.put("widget.intercom.io", new Vendor());
    VENDORS.put("www.facebook.com", new Vendor());
    TestServer.Handler pages = (req, res) -> {
      String[] path = req.getRequestURI().split("/");
      res.setContentType("text/html;charset=utf-8");
      String body;
      if (path[1].equals("clone")) {
        body = "<template id=t><script src=\"https://widget.intercom.io/widget/abc123\"></script>"
            + "<img src=\"https://www.facebook.com/tr?id=1&ev=clone\"></template>"
            + "<script>document.body.appendChild(document.getElementById('t').content.cloneNode(true));"
            + "document.body.appendChild(document.importNode(document.getElementById('t').content, true));</script>";
      } else {
        String markup = CASES.get(Integer.parseInt(path[2])).markup();
        body = path[1].equals("runtime")
            ? "<div id=m data-markup=\"" + Base64.getEncoder().encodeToString(markup.getBytes(StandardCharsets.UTF_8))
                + "\"></div><script>var m = new TextDecoder().decode(Uint8Array.from(atob(document.getElementById('m')"
                + ".getAttribute('data-markup')), function (c) { return c.charCodeAt(0); }));"
                + "document.body.appendChild(document.createRange().createContextualFragment(m));</script>"
            : markup;
      }
      res.getWriter().write("<!doctype html><html><head><title>case</title></head><body>" + body + "</body></html>");
    };
    gated = TestServer.on(Container.JETTY).servlet("/*", pages)
        .param("hosts.chat", "widget.intercom.io").param("hosts.marketing", "www.facebook.com").start();
    Filter passThrough = (req, res, chain) -> chain.doFilter(req, res);
    bare = TestServer.on(Container.JETTY).servlet("/*", pages).filter(passThrough).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Vendor v : VENDORS.values()) {
      v.close();
    }
    if (gated != null) {
      gated.close();
    }
    if (bare != null) {
      bare.close();
    }
  }

  static List<Integer> cases() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      out.add(i);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theCaseFileIsTrueOfChromium(int i) throws Exception {
    LoadCases c = CASES.get(i);
    Map<String, Integer> contacted = visit(bare.origin() + "/page/" + i);

    if (c.loadsBare()) {
      assertThat(contacted).as("%s served bare contacts a vendor", c.name()).isNotEmpty();
      for (String hold : c.holds()) {
        assertThat(contacted).as(c.name()).containsKey(hold.substring(hold.indexOf('@') + 1));
      }
    } else {
      assertThat(c.holds().isEmpty() ? contacted : Map.of()).as(c.name()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void throughTheFilterNothingIsContacted(int i) throws Exception {
    assertThat(visit(gated.origin() + "/page/" + i)).as(CASES.get(i).name()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void insertedAtRunTimeGateJsHoldsIt(int i) throws Exception {
    assertThat(visit(gated.origin() + "/runtime/" + i)).as(CASES.get(i).name()).isEmpty();
  }

  @Test
  void whatThePageClonesOutOfATemplateIsHeldByGateJs() throws Exception {
    assertThat(visit(bare.origin() + "/clone/")).containsKeys("widget.intercom.io", "www.facebook.com");
    assertThat(visit(gated.origin() + "/clone/")).isEmpty();
  }

  /** Loads the page in a fresh headless Chromium; returns the vendor hosts it connected to, with counts. */
  static Map<String, Integer> visit(String url) throws Exception {
    VENDORS.values().forEach(v -> v.connections.set(0));
    StringBuilder rules = new StringBuilder();
    VENDORS.forEach((host, v) -> rules.append(rules.length() == 0 ? "" : ",").append("MAP ").append(host)
        .append(" 127.0.0.1:").append(v.socket.getLocalPort()));
    Path profile = Files.createTempDirectory("chromium-loads");
    Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--user-data-dir=" + profile, "--host-resolver-rules=" + rules, "--virtual-time-budget=3000",
        "--dump-dom", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish with " + url);
    }
    Thread.sleep(100); // connections accepted just before the exit
    Map<String, Integer> out = new LinkedHashMap<>();
    VENDORS.forEach((host, v) -> {
      if (v.connections.get() > 0) {
        out.put(host, v.connections.get());
      }
    });
    return out;
  }
}
