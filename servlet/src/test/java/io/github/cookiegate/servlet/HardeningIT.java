package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.servlet.TestServer.Container;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The edges that application code, a vendor SDK inside the application, another site, a sibling
 * subdomain and a network attacker can reach (issue #14), on every container of {@link Container}.
 * Responses are read off the socket where the header block itself is the point.
 */
class HardeningIT {

  /** An analytics cookie of the built-in catalog (HubSpot): blocked without consent. */
  static final String ANALYTICS_COOKIE = "__hssc=1.2.3; Path=/";
  /** A necessary cookie of the built-in catalog: always passes. */
  static final String NECESSARY_COOKIE = "XSRF-TOKEN=t0k3n; Path=/";

  /** Names that containers send, or intermediaries read, as Set-Cookie. */
  static final String[] DISGUISED = {
    "Set-Cookie ", "Set-Cookie\t", "Set-Cookie\u0000", "Set-Cookie\r", "Set-Cookie\n", "Set-Cookie:",
    "set-cookie :", " SET-COOKIE", "\r\nSet-Cookie", "Set-Cookie\u007f", "sEt-CoOkIe \t:", "Set-Cookie\u00a0",
  };
  static final String[] SET_COOKIE2 = {"Set-Cookie2", "set-cookie2 ", "Set-Cookie2:"};

  // ------------------------------------------------------------------ raw HTTP/1.1

  /** Sends a request and returns the whole response as ISO-8859-1 text (head and raw, chunked body). */
  static String exchange(int port, String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          read.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // keeps the connection open despite Connection: close: use what arrived
      }
      return read.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static String get(String path, String host, String... headerLines) {
    StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    return sb.append("Connection: close\r\n\r\n").toString();
  }

  static String head(String response) {
    int end = response.indexOf("\r\n\r\n");
    assertThat(end).as("a complete response head: " + response).isPositive();
    return response.substring(0, end + 2);
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  /** Header lines (as sent) whose text mentions {@code needle}, case-insensitive. */
  static List<String> linesWith(String text, String needle) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))) {
        out.add(line);
      }
    }
    return out;
  }

  /** The trailer section of a chunked response: the lines after the last chunk. */
  static List<String> trailers(String response) {
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    int last = body.startsWith("0\r\n") ? 0 : body.indexOf("\r\n0\r\n") + 2;
    assertThat(last).as("a chunked body ending in a last chunk: " + body).isGreaterThanOrEqualTo(0);
    String section = body.substring(last + 3);
    int end = section.indexOf("\r\n\r\n");
    if (section.startsWith("\r\n")) {
      return List.of();
    }
    return List.of(section.substring(0, end < 0 ? section.length() : end).split("\r\n"));
  }

  static String alphabetSwap(String marker, int bits) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(marker.charAt(marker.length() - 1));
    return marker.substring(0, marker.length() - 1) + alphabet.charAt((last & ~3) + bits);
  }

  // ------------------------------------------------------------------ 1. disguised header names

  @ParameterizedTest
  @EnumSource(Container.class)
  void aSetCookieUnderADisguisedHeaderNameIsGatedAndWrittenUnderItsProperName(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(CookieGate.builder().listener(events).build()))
        .servlet("/odd", (req, res) -> {
          String name = DISGUISED[Integer.parseInt(req.getParameter("i"))];
          if ("set".equals(req.getParameter("how"))) {
            res.setHeader(name, ANALYTICS_COOKIE);
            res.setHeader(name, NECESSARY_COOKIE);
          } else {
            res.addHeader(name, ANALYTICS_COOKIE);
            res.addHeader(name, NECESSARY_COOKIE);
          }
          res.getWriter().write("page");
        }).start()) {
      for (String how : new String[] {"add", "set"}) {
        for (int i = 0; i < DISGUISED.length; i++) {
          events.clear();
          String what = how + "Header(\"" + DISGUISED[i].replace("\r", "\\r").replace("\n", "\\n")
              .replace("\u0000", "\\0").replace("\t", "\\t").replace("\u007f", "\\x7f").replace("\u00a0", "\\xa0") + "\")";
          String r = exchange(server.port(), get("/odd?how=" + how + "&i=" + i, "127.0.0.1"));
          assertThat(status(r)).as(what).isEqualTo(200);
          String head = head(r);
          assertThat(linesWith(head, "__hssc")).as(what).isEmpty();
          // The allowed one goes out once, under the proper name only.
          assertThat(linesWith(head, "XSRF-TOKEN")).as(what).singleElement()
              .satisfies(line -> assertThat(line).matches("(?i)Set-Cookie: XSRF-TOKEN=t0k3n;.*"));
          assertThat(events.cookieNames(GateEvent.Type.BLOCKED)).as(what).containsExactly("__hssc");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void setCookie2AndNamesWithLineBreaksAreDropped(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    List<String> names = new ArrayList<>(List.of(SET_COOKIE2));
    names.add("X-Note\r\nSet-Cookie");
    names.add("X-Note\nSet-Cookie");
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(CookieGate.builder().listener(events).build()))
        .servlet("/odd", (req, res) -> {
          String name = names.get(Integer.parseInt(req.getParameter("i")));
          res.addHeader(name, ANALYTICS_COOKIE);
          res.setIntHeader(name, 7);
          res.getWriter().write("page");
        }).start()) {
      for (int i = 0; i < names.size(); i++) {
        events.clear();
        String what = names.get(i).replace("\r", "\\r").replace("\n", "\\n");
        String r = exchange(server.port(), get("/odd?i=" + i, "127.0.0.1"));
        assertThat(status(r)).as(what).isEqualTo(200);
        assertThat(linesWith(head(r), "__hssc")).as(what).isEmpty();
        assertThat(linesWith(head(r), "cookie2")).as(what).isEmpty();
        assertThat(linesWith(head(r), "x-note")).as(what).isEmpty();
        if (i < SET_COOKIE2.length) {
          assertThat(events.ofType(GateEvent.Type.BLOCKED)).as(what).extracting(GateEvent::reason)
              .containsOnly(Optional.of(Decision.Reason.UNPARSEABLE)).hasSize(2);
          assertThat(events.cookieNames(GateEvent.Type.BLOCKED)).as(what).contains("__hssc");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void lineBreaksInHeaderValuesNeverStartAHeader(Container container) throws Exception {
    try (TestServer server = TestServer.on(container)
        .servlet("/values", (req, res) -> {
          res.addHeader("X-Note", "a\r\nSet-Cookie: __hssc=1");
          res.setHeader("X-Other", "b\nSet-Cookie: __hssc=2");
          res.addHeader("Set-Cookie", "XSRF-TOKEN=a\r\nSet-Cookie: __hssc=3");
          res.setHeader("set-cookie ", "XSRF-TOKEN=b\nSet-Cookie: __hssc=4");
          res.getWriter().write("page");
        }).start()) {
      String head = head(exchange(server.port(), get("/values", "127.0.0.1")));
      for (String line : head.split("\r\n")) {
        assertThat(line.toLowerCase(Locale.ROOT).strip()).as(line).doesNotStartWith("set-cookie");
      }
      assertThat(linesWith(head, "X-Note")).hasSize(1);
    }
  }

  // ------------------------------------------------------------------ 2. trailers

  @ParameterizedTest
  @EnumSource(Container.class)
  void setCookieInTrailerFieldsIsGated(Container container) throws Exception {
    RecordingListener events = new RecordingListener();
    try (TestServer server = TestServer.on(container).filter(new CookieGateFilter(CookieGate.builder().listener(events).build()))
        .servlet("/trailers", (req, res) -> {
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put("Set-Cookie", ANALYTICS_COOKIE);
          fields.put("set-cookie ", "intercom-id-app1=v; Path=/");
          fields.put("Set-Cookie2", "__hssc=2");
          fields.put("SET-COOKIE:", NECESSARY_COOKIE);
          fields.put("X-Checksum", "abc");
          res.setTrailerFields(() -> fields);
          res.getWriter().write("body");
        }).start()) {
      String r = exchange(server.port(), get("/trailers", "127.0.0.1", "TE: trailers"));
      assertThat(status(r)).isEqualTo(200);
      assertThat(linesWith(r, "__hssc")).isEmpty();
      assertThat(linesWith(r, "intercom-id")).isEmpty();
      assertThat(linesWith(r, "cookie2")).isEmpty();
      if (linesWith(head(r), "transfer-encoding: chunked").isEmpty()) {
        // A container may end a Connection: close response by closing it, with no trailers at all.
        assertThat(container.name()).as("Jetty and Tomcat send trailers: " + r).isNotIn("JETTY", "TOMCAT");
        return;
      }
      List<String> trailers = trailers(r);
      assertThat(trailers).as(r).contains("X-Checksum: abc");
      assertThat(trailers).filteredOn(t -> t.toLowerCase(Locale.ROOT).contains("xsrf")).singleElement()
          .satisfies(line -> assertThat(line).matches("(?i)Set-Cookie: XSRF-TOKEN=t0k3n;.*"));
      assertThat(events.cookieNames(GateEvent.Type.BLOCKED)).contains("__hssc", "intercom-id-app1");
    }
  }

  // ------------------------------------------------------------------ 3. the marker's spelling

  @ParameterizedTest
  @EnumSource(Container.class)
  void onlyTheIssuedSpellingOfTheMarkerActivates(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> activation = server.post("/cookie-gate/activate");
      String marker = Cookies.named(activation, "cookie_gate_chat").orElseThrow().value();
      assertThat(Cookies.stored(server.get("/page", "Cookie", "cookie_gate_chat=" + marker))).contains("intercom-id-app1");
      for (int bits = 0; bits < 4; bits++) {
        String other = alphabetSwap(marker, bits);
        if (other.equals(marker)) {
          continue;
        }
        HttpResponse<String> page = server.get("/page", "Cookie", "cookie_gate_chat=" + other);
        assertThat(Cookies.stored(page)).as(other).containsExactly("XSRF-TOKEN");
      }
    }
  }

  // ------------------------------------------------------------------ 4. consent and erasure need Origin or Sec-Fetch-Site

  static final String ALL = "categories=chat&categories=functional&categories=analytics&categories=marketing";

  static HttpResponse<String> postForm(TestServer server, String path, String body, String... headers) throws Exception {
    return server.send(HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/x-www-form-urlencoded"), headers);
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void consentAndErasureWithNeitherOriginNorSecFetchSiteAreRefused(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).start()) {
      String cookie = "cookie_gate_consent=chat.analytics; intercom-id-app1=v"; // nothing here for the sweep
      HttpResponse<String> consent = postForm(server, "/cookie-gate/consent", ALL);
      assertThat(consent.statusCode()).isEqualTo(403);
      assertThat(Cookies.of(consent)).isEmpty();
      HttpResponse<String> forget = postForm(server, "/cookie-gate/forget", "", "Cookie", cookie);
      assertThat(forget.statusCode()).isEqualTo(403);
      assertThat(Cookies.of(forget)).isEmpty();
      assertThat(forget.headers().firstValue("Cookie-Gate-Erasure-Id")).isEmpty();

      // What a browser sends on a same-origin request, either header alone, is enough.
      for (String[] proof : new String[][] {{"Sec-Fetch-Site", "same-origin"}, {"Sec-Fetch-Site", "none"},
          {"Origin", server.origin()}}) {
        assertThat(postForm(server, "/cookie-gate/consent", ALL, proof).statusCode()).as(proof[0]).isEqualTo(204);
        HttpResponse<String> erased = postForm(server, "/cookie-gate/forget", "", proof[0], proof[1], "Cookie", cookie);
        assertThat(erased.statusCode()).as(proof[0]).isEqualTo(204);
        assertThat(Cookies.deleted(erased)).as(proof[0]).contains("intercom-id-app1", "cookie_gate_consent");
      }
      // Reading the state changes nothing: the GET keeps the rule of the activation endpoint.
      assertThat(server.get("/cookie-gate/consent").statusCode()).isEqualTo(200);
      // The activation endpoint keeps its rule: neither header is accepted (it grants chat cookies only).
      assertThat(server.post("/cookie-gate/activate").statusCode()).isEqualTo(204);
      // Cross-site stays refused everywhere.
      assertThat(postForm(server, "/cookie-gate/consent", ALL, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
      assertThat(server.post("/cookie-gate/activate", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
    }
  }

  // ------------------------------------------------------------------ 5. cookie tossing

  static final String HTTPS = "X-Forwarded-Proto";
  static final String EVERYTHING = "chat.functional.analytics.marketing";

  @ParameterizedTest
  @EnumSource(Container.class)
  void onASecureRequestOnlyTheHostPrefixedNamesAreReadAndPlainCopiesAreSwept(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).forwardedHeaders().servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      // Consent planted under the plain name (Domain=example.com from a sibling, or over http): not read.
      HttpResponse<String> tossed = server.get("/page", HTTPS, "https", "Cookie", "cookie_gate_consent=" + EVERYTHING);
      assertThat(Cookies.stored(tossed)).containsExactly("XSRF-TOKEN");
      assertThat(Cookies.deleted(tossed)).containsExactly("cookie_gate_consent");
      HttpResponse<String> own = server.get("/page", HTTPS, "https", "Cookie", "__Host-cookie_gate_consent=" + EVERYTHING);
      assertThat(Cookies.stored(own)).containsExactlyInAnyOrder("intercom-id-app1", "__hssc", "XSRF-TOKEN");
      assertThat(Cookies.deleted(own)).isEmpty();
      // With both, the plain copy neither adds nor takes away.
      HttpResponse<String> both = server.get("/page", HTTPS, "https", "Cookie",
          "cookie_gate_consent=chat; __Host-cookie_gate_consent=" + EVERYTHING);
      assertThat(Cookies.stored(both)).contains("__hssc");
      assertThat(Cookies.deleted(both)).containsExactly("cookie_gate_consent");

      // A marker obtained elsewhere (a plain request) and planted under the plain name: no activation.
      String marker = Cookies.named(server.post("/cookie-gate/activate"), "cookie_gate_chat").orElseThrow().value();
      HttpResponse<String> plantedMarker = server.get("/page", HTTPS, "https", "Cookie", "cookie_gate_chat=" + marker);
      assertThat(Cookies.stored(plantedMarker)).containsExactly("XSRF-TOKEN");
      assertThat(Cookies.deleted(plantedMarker)).containsExactly("cookie_gate_chat");
      HttpResponse<String> hostMarker = server.get("/page", HTTPS, "https", "Cookie", "__Host-cookie_gate_chat=" + marker);
      assertThat(Cookies.stored(hostMarker)).contains("intercom-id-app1");

      // On plain http the plain names are the ones written and read; __Host- ones are not read.
      assertThat(Cookies.stored(server.get("/page", "Cookie", "cookie_gate_consent=" + EVERYTHING))).contains("__hssc");
      HttpResponse<String> hostOnHttp = server.get("/page", "Cookie", "__Host-cookie_gate_consent=" + EVERYTHING
          + "; __Host-cookie_gate_chat=" + marker);
      assertThat(Cookies.stored(hostOnHttp)).containsExactly("XSRF-TOKEN");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void aTossedCopyIsSweptOnTheDomainsASiblingCouldHaveSetItOn(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).forwardedHeaders().servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      String r = exchange(server.port(), get("/page", "www.example.test", "X-Forwarded-Proto: https",
          "Cookie: cookie_gate_consent=" + EVERYTHING));
      assertThat(status(r)).isEqualTo(200);
      List<SetCookie> deletions = new ArrayList<>();
      for (String line : head(r).split("\r\n")) {
        if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
          SetCookie c = SetCookie.parse(line.substring(11).strip()).orElseThrow();
          if (c.isDeletion(Instant.now())) {
            deletions.add(c);
          } else {
            assertThat(c.name()).isEqualTo("XSRF-TOKEN");
          }
        }
      }
      assertThat(deletions).allSatisfy(d -> {
        assertThat(d.name()).isEqualTo("cookie_gate_consent");
        assertThat(d.path()).hasValue("/");
        assertThat(d.secure()).isTrue();
      });
      assertThat(deletions).extracting(d -> d.domain().orElse("(host-only)"))
          .containsExactlyInAnyOrder("(host-only)", "example.test", "www.example.test");
    }
  }

  @ParameterizedTest
  @EnumSource(Container.class)
  void withSweepOffATossedCopyIsIgnoredButLeft(Container container) throws Exception {
    try (TestServer server = TestServer.on(container).forwardedHeaders().param("sweep", "false")
        .servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      HttpResponse<String> r = server.get("/page", HTTPS, "https", "Cookie", "cookie_gate_consent=" + EVERYTHING);
      assertThat(Cookies.stored(r)).containsExactly("XSRF-TOKEN");
      assertThat(Cookies.deleted(r)).isEmpty();
    }
  }

  // ------------------------------------------------------------------ 6. quoted values

  @ParameterizedTest
  @EnumSource(Container.class)
  void aConsentValueIsReadAsAWhole(Container container) throws Exception {
    String[] malformed = {
      "cookie_gate_consent=\"analytics",
      "cookie_gate_consent=\"analytics ; a=1",
      "cookie_gate_consent=\"analytics;",
      "cookie_gate_consent=\"analytics\t",
      "cookie_gate_consent=\"analytics \"",
      "cookie_gate_consent=analytics\"",
      "cookie_gate_consent=\"analytics\"x",
      "tarteaucitron=\"!gtag=true",
      "tarteaucitron=!gtag=true\"",
    };
    try (TestServer server = TestServer.on(container).servlet("/page", CookiePathsIT.VENDOR_PAGE).start()) {
      for (String cookie : malformed) {
        RawHttp.Response r = RawHttp.send(server.port(), RawHttp.get("/page", "Cookie: " + cookie));
        assertThat(r.status()).as(cookie).isEqualTo(200);
        assertThat(stored(r)).as(cookie).containsExactly("XSRF-TOKEN");
      }
      for (String cookie : new String[] {"cookie_gate_consent=\"analytics\"", "cookie_gate_consent=analytics",
          "tarteaucitron=\"!gtag=true\"", "tarteaucitron=!gtag=true"}) {
        RawHttp.Response r = RawHttp.send(server.port(), RawHttp.get("/page", "Cookie: " + cookie));
        assertThat(stored(r)).as(cookie).containsExactlyInAnyOrder("__hssc", "XSRF-TOKEN");
      }
    }
  }

  static List<String> stored(RawHttp.Response r) {
    return r.all("set-cookie").stream().map(h -> SetCookie.parse(h).orElseThrow())
        .filter(c -> !c.isDeletion(Instant.now())).map(SetCookie::name).toList();
  }
}
