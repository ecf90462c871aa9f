package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.servlet.html.ByteScannerTest;
import io.github.cookiegate.servlet.html.LoadCases;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page cache through {@link GatedResponse} over an in-memory container: a page served from the
 * cache gives the bytes and the events a cache-less rewrite gives the same request (its own nonce
 * and decisions), on the writer, on the stream read as bytes and on the stream decoded; pages that
 * differ, flush, or meet other decisions are rewritten. Real containers: {@code PageCacheIT}.
 */
class PageCacheTest {

  static final String FRESH = null;
  static final String ANALYTICS = "cookie_gate_consent=analytics";
  static final String ALL = "cookie_gate_consent=chat.functional.analytics.marketing";

  final RecordingListener listener = new RecordingListener();
  final CookieGate gate = CookieGate.builder().listener(listener).build();
  int nonces;

  /** How the application writes its page. */
  enum Path {
    WRITER(StandardCharsets.UTF_8), BYTES(StandardCharsets.UTF_8), DECODED(StandardCharsets.UTF_16LE);

    final Charset charset;

    Path(Charset charset) {
      this.charset = charset;
    }
  }

  record Served(byte[] body, List<String> events) {
    String text(Charset cs) {
      return new String(body, cs);
    }
  }

  /** What one request gives: the body the container got and the page's listener events. */
  Served serve(PageCache pages, String cookies, String page, Path path, int[] chunks, String nonce, int flushAt)
      throws IOException {
    listener.clear();
    FakeRequest request = FakeRequest.get("/shop/page");
    if (cookies != null) {
      request.cookies(cookies);
    }
    RequestState state = RequestState.read(gate, request.build());
    state.pages = pages;
    FakeResponse container = new FakeResponse();
    container.setBufferSize(1 << 20);
    GatedResponse r = new GatedResponse(container, state);
    r.setHeader("Content-Security-Policy", "script-src 'nonce-" + nonce + "'");
    r.setContentType("text/html; charset=" + path.charset.name());
    r.setCharacterEncoding(path.charset.name());
    int off = 0;
    int piece = 0;
    if (path == Path.WRITER && chunks == ONE_STRING) {
      r.getWriter().write(new String(page.toCharArray())); // equal to the kept page, not the same String
    } else if (path == Path.WRITER) {
      PrintWriter w = r.getWriter();
      while (off < page.length()) {
        int n = Math.min(page.length() - off, chunks[piece++ % chunks.length]);
        if (piece % 2 == 0) {
          w.write(page, off, n);
        } else {
          w.write(page.substring(off, off + n).toCharArray());
        }
        off += n;
        if (flushAt >= 0 && off >= flushAt) {
          w.flush();
          flushAt = -1;
        }
      }
    } else {
      byte[] b = page.getBytes(path.charset);
      ServletOutputStream o = r.getOutputStream();
      while (off < b.length) {
        int n = Math.min(b.length - off, chunks[piece++ % chunks.length]);
        if (n == 1) {
          o.write(b[off]);
        } else {
          o.write(b, off, n);
        }
        off += n;
        if (flushAt >= 0 && off >= flushAt) {
          o.flush();
          flushAt = -1;
        }
      }
    }
    r.beforeCommit();
    r.finishPage();
    if (path == Path.WRITER) {
      container.getWriter().flush();
    }
    container.finish();
    List<String> events = listener.ofType(GateEvent.Type.BLOCKED).stream()
        .map(e -> e.detail().orElse("")).toList();
    return new Served(container.bytes(), events);
  }

  Served serve(PageCache pages, String cookies, String page, Path path, int[] chunks, String nonce)
      throws IOException {
    return serve(pages, cookies, page, path, chunks, nonce, -1);
  }

  String nonce() {
    return "n" + (++nonces) + "x";
  }

  static String resource(String name) {
    try (InputStream in = ByteScannerTest.class.getResourceAsStream("pages/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String document(String body) {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>t</title></head><body>"
        + body + "</body></html>\n";
  }

  /** Every page of the rewriter's corpora: the real pages, the load cases and the byte scanner's cases, also as documents. */
  static Stream<Arguments> corpus() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("shop-30k.html", resource("shop-30k.html")));
    out.add(Arguments.of("clean-30k.html", resource("clean-30k.html")));
    for (LoadCases c : LoadCases.all()) {
      out.add(Arguments.of(c.name(), c.markup()));
      out.add(Arguments.of(c.name() + " (document)", document(c.markup())));
    }
    for (int i = 0; i < ByteScannerTest.TRICKY.size(); i++) {
      out.add(Arguments.of("tricky-" + i, ByteScannerTest.TRICKY.get(i)));
      out.add(Arguments.of("tricky-" + i + " (document)", document(ByteScannerTest.TRICKY.get(i))));
    }
    return out.stream();
  }

  static int[] randomChunks(long seed) {
    Random random = new Random(seed);
    int[] chunks = new int[32];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = 1 + random.nextInt(i % 3 == 0 ? 7 : 900);
    }
    return chunks;
  }

  static final int[] WHOLE = {Integer.MAX_VALUE};
  /** The writer's page as one String (a new one each time); the streams' in one write. */
  static final int[] ONE_STRING = {Integer.MAX_VALUE};

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void aPageServedFromTheCacheEqualsItsRewriteForTheSameRequest(String name, String page) throws IOException {
    for (Path path : Path.values()) {
      for (int[] chunks : List.of(WHOLE, ONE_STRING, randomChunks(name.hashCode()))) {
        for (String cookies : new String[] {FRESH, ANALYTICS, ALL}) {
          PageCache pages = PageCache.of(8 << 20);
          for (int request = 1; request <= 3; request++) {
            String nonce = nonce();
            Served expected = serve(PageCache.OFF, cookies, page, path, chunks, nonce);
            Served served = serve(pages, cookies, page, path, chunks, nonce);
            String what = name + " " + path + " chunks=" + chunks.length + " cookies=" + cookies + " request " + request;
            assertThat(served.text(path.charset)).as(what).isEqualTo(expected.text(path.charset));
            assertThat(served.body()).as(what).isEqualTo(expected.body());
            assertThat(served.events()).as(what).isEqualTo(expected.events());
          }
          assertThat(pages.hits.sum()).as("%s %s cookies=%s: the third request is a hit", name, path, cookies)
              .isEqualTo(1);
        }
      }
    }
  }

  @Test
  void theNonceAndTheAllowedListComeFromTheRequestServedFromTheCache() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = resource("shop-30k.html");
    for (int i = 0; i < 3; i++) {
      serve(pages, FRESH, page, Path.BYTES, WHOLE, "first" + i);
    }
    assertThat(pages.hits.sum()).isEqualTo(1);
    String body = serve(pages, FRESH, page, Path.BYTES, WHOLE, "second").text(StandardCharsets.UTF_8);
    assertThat(pages.hits.sum()).isEqualTo(2);
    assertThat(body).contains("nonce=\"second\"").doesNotContain("first");
  }

  @Test
  void aPageSeenOnceIsNotKept() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = document("<script src=\"https://widget.intercom.io/widget/abc\"></script>");
    serve(pages, FRESH, page, Path.WRITER, WHOLE, nonce());
    assertThat(pages.size()).isZero();
    serve(pages, FRESH, page, Path.WRITER, WHOLE, nonce());
    assertThat(pages.size()).isEqualTo(1);
  }

  @Test
  void pagesThatDifferEveryTimeAreRecordedAtMostOnce() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    for (int i = 0; i < 6; i++) {
      serve(pages, FRESH, document("<p>visit " + i + "</p>"), Path.BYTES, WHOLE, nonce());
    }
    assertThat(pages.size()).isZero();
    assertThat(pages.hits.sum()).isZero();
  }

  @Test
  void consentWithdrawnKeepsTheVendorHeld() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = document("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>");
    for (int i = 0; i < 3; i++) {
      serve(pages, ANALYTICS, page, Path.WRITER, WHOLE, "n");
    }
    assertThat(pages.hits.sum()).isEqualTo(1);
    Served withdrawn = serve(pages, FRESH, page, Path.WRITER, WHOLE, "n");
    assertThat(withdrawn.text(StandardCharsets.UTF_8)).contains("type=\"text/plain\"")
        .isEqualTo(serve(PageCache.OFF, FRESH, page, Path.WRITER, WHOLE, "n").text(StandardCharsets.UTF_8));
    assertThat(withdrawn.events()).hasSize(1);
  }

  @Test
  void aKeptPageIsRefusedWhenARecordedDecisionWouldDiffer() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = document("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>");
    for (int i = 0; i < 2; i++) {
      serve(pages, ANALYTICS, page, Path.WRITER, WHOLE, "n");
    }
    // As if the key missed something: the consenting visitor's page filed under a fresh visitor's key.
    assertThat(pages.keys()).hasSize(1);
    PageCache.Key consenting = pages.keys().iterator().next();
    int freshMask = 0;
    for (Category c : RequestState.read(gate, FakeRequest.get("/shop/page").build()).gateRequest().allowed()) {
      freshMask |= 1 << c.ordinal();
    }
    assertThat(freshMask).isNotEqualTo(consenting.allowed());
    PageCache.Page[] kept = pages.candidates(consenting);
    assertThat(kept).hasSize(1);
    pages.put(new PageCache.Key(consenting.path(), consenting.kind(), consenting.charset(), false, freshMask), kept[0]);
    Served fresh = serve(pages, FRESH, page, Path.WRITER, WHOLE, "n");
    assertThat(pages.hits.sum()).isZero();
    assertThat(fresh.text(StandardCharsets.UTF_8)).contains("type=\"text/plain\"")
        .isEqualTo(serve(PageCache.OFF, FRESH, page, Path.WRITER, WHOLE, "n").text(StandardCharsets.UTF_8));
  }

  @Test
  void anErrorInTheCacheFallsBackToTheRewriter() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = document("<script src=\"https://widget.intercom.io/widget/abc\"></script>");
    serve(pages, FRESH, page, Path.WRITER, WHOLE, "a");
    serve(pages, FRESH, page, Path.WRITER, WHOLE, "b");
    PageCache.Key key = pages.keys().iterator().next();
    // A kept page whose recorded question makes the decider throw: the hit is refused, the page rewritten.
    PageCache.Recorder broken = new PageCache.Recorder(PageCache.WRITER);
    char[] chars = page.toCharArray();
    broken.inputChars(chars, 0, chars.length);
    broken.outputChars("unrewritten", 0, 11);
    broken.host(null, java.util.Optional.empty());
    pages.put(key, broken.page());
    Served served = serve(pages, FRESH, page, Path.WRITER, WHOLE, "c");
    assertThat(pages.hits.sum()).isZero();
    assertThat(served.text(StandardCharsets.UTF_8)).doesNotContain("unrewritten")
        .isEqualTo(serve(PageCache.OFF, FRESH, page, Path.WRITER, WHOLE, "c").text(StandardCharsets.UTF_8));
    assertThat(served.events()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"first", "middle", "last", "longer", "shorter", "empty"})
  void aPageThatDiffersFromTheKeptOneIsRewrittenAsWithoutCache(String where) throws IOException {
    String page = resource("shop-30k.html");
    String other = switch (where) {
      case "first" -> "X" + page.substring(1);
      case "middle" -> page.substring(0, page.length() / 2) + "<img src=\"https://www.facebook.com/tr?id=9\">"
          + page.substring(page.length() / 2 + 1);
      case "last" -> page.substring(0, page.length() - 1) + "X";
      case "longer" -> page + "<script src=\"https://widget.intercom.io/widget/z\"></script>";
      case "shorter" -> page.substring(0, page.length() - 40);
      default -> "";
    };
    for (Path path : Path.values()) {
      for (int[] chunks : List.of(WHOLE, ONE_STRING, randomChunks(7), new int[] {4096})) {
        PageCache pages = PageCache.of(8 << 20);
        serve(pages, FRESH, page, path, chunks, "a");
        serve(pages, FRESH, page, path, chunks, "b");
        Served expected = serve(PageCache.OFF, FRESH, other, path, chunks, "c");
        Served served = serve(pages, FRESH, other, path, chunks, "c");
        assertThat(served.text(path.charset)).as("%s %s", where, path).isEqualTo(expected.text(path.charset));
        assertThat(served.body()).isEqualTo(expected.body());
        assertThat(served.events()).isEqualTo(expected.events());
        assertThat(pages.hits.sum()).isZero();
        // The kept page still serves its own bytes.
        assertThat(serve(pages, FRESH, page, path, chunks, "d").body())
            .isEqualTo(serve(PageCache.OFF, FRESH, page, path, chunks, "d").body());
        assertThat(pages.hits.sum()).isEqualTo(1);
      }
    }
  }

  @Test
  void aFlushMidPageHandsThePageToTheRewriterAndIsNotKept() throws IOException {
    String page = resource("shop-30k.html");
    for (Path path : Path.values()) {
      PageCache pages = PageCache.of(8 << 20);
      serve(pages, FRESH, page, path, new int[] {1000}, "a");
      serve(pages, FRESH, page, path, new int[] {1000}, "b");
      assertThat(pages.size()).isEqualTo(1);
      Served expected = serve(PageCache.OFF, FRESH, page, path, new int[] {1000}, "c", 15_000);
      Served flushed = serve(pages, FRESH, page, path, new int[] {1000}, "c", 15_000);
      assertThat(flushed.body()).as("%s", path).isEqualTo(expected.body());
      assertThat(flushed.events()).isEqualTo(expected.events());
      assertThat(pages.hits.sum()).isZero();

      PageCache flushing = PageCache.of(8 << 20);
      for (int i = 0; i < 4; i++) {
        serve(flushing, FRESH, page, path, new int[] {1000}, "e", 10_000);
      }
      assertThat(flushing.size()).as("a page the application flushes is never kept").isZero();
    }
  }

  @Test
  void aPageLargerThanTheBoundIsNotKept() throws IOException {
    PageCache pages = PageCache.of(64 << 20);
    String page = document("<p>" + "x".repeat(PageCache.MAX_PAGE) + "</p>");
    for (int i = 0; i < 3; i++) {
      serve(pages, FRESH, page, Path.BYTES, new int[] {65536}, nonce());
    }
    assertThat(pages.size()).isZero();
  }

  @Test
  void theCacheStaysWithinItsWeight() throws IOException {
    PageCache pages = PageCache.of(100_000);
    String page = resource("shop-30k.html");
    for (int p = 0; p < 10; p++) {
      String variant = page.replace("</body>", "<p>" + p + "</p></body>");
      for (int i = 0; i < 3; i++) {
        listener.clear();
        serveAt(pages, "/page/" + p, variant);
      }
    }
    assertThat(pages.size()).isBetween(1L, 3L);
  }

  private void serveAt(PageCache pages, String url, String page) throws IOException {
    RequestState state = RequestState.read(gate, FakeRequest.get(url).build());
    state.pages = pages;
    FakeResponse container = new FakeResponse();
    GatedResponse r = new GatedResponse(container, state);
    r.setContentType("text/html; charset=UTF-8");
    r.setCharacterEncoding("UTF-8");
    r.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    r.beforeCommit();
    r.finishPage();
    pages.cleanUp();
  }

  @Test
  void aPageWrittenAsOneStringIsKeptAsThatStringAndComparedWithoutCopies() throws IOException {
    PageCache pages = PageCache.of(8 << 20);
    String page = resource("shop-30k.html");
    for (int i = 0; i < 2; i++) {
      RequestState state = RequestState.read(gate, FakeRequest.get("/shop/page").build());
      state.pages = pages;
      GatedResponse r = new GatedResponse(new FakeResponse(), state);
      r.setContentType("text/html; charset=UTF-8");
      r.getWriter().write(page);
      r.beforeCommit();
      r.finishPage();
    }
    PageCache.Page kept = pages.candidates(pages.keys().iterator().next())[0];
    assertThat(kept.inText).isSameAs(page);
    // Pieces, chars and another String equal to it are compared with it, and hit.
    assertThat(serve(pages, FRESH, page, Path.WRITER, ONE_STRING, "a").body())
        .isEqualTo(serve(PageCache.OFF, FRESH, page, Path.WRITER, ONE_STRING, "a").body());
    assertThat(serve(pages, FRESH, page, Path.WRITER, randomChunks(11), "b").body())
        .isEqualTo(serve(PageCache.OFF, FRESH, page, Path.WRITER, randomChunks(11), "b").body());
    assertThat(pages.hits.sum()).isEqualTo(2);
  }

  /** What a hit hands the container's stream: how many writes, and the bytes. */
  record Writes(int count, byte[] body) {}

  Writes countWrites(PageCache pages, String page, Path path) throws IOException {
    RequestState state = RequestState.read(gate, FakeRequest.get("/shop/page").build());
    state.pages = pages;
    FakeResponse container = new FakeResponse();
    container.setBufferSize(1 << 20);
    int[] writes = {0};
    ServletOutputStream out = container.getOutputStream();
    jakarta.servlet.http.HttpServletResponse counting = new jakarta.servlet.http.HttpServletResponseWrapper(container) {
      final ServletOutputStream stream = new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          writes[0]++;
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writes[0]++;
          out.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(jakarta.servlet.WriteListener listener) {
          throw new UnsupportedOperationException();
        }
      };

      @Override
      public ServletOutputStream getOutputStream() {
        return stream;
      }
    };
    GatedResponse r = new GatedResponse(counting, state);
    r.setContentType("text/html; charset=" + path.charset.name());
    r.getOutputStream().write(page.getBytes(path.charset));
    r.beforeCommit();
    r.finishPage();
    container.finish();
    return new Writes(writes[0], container.bytes());
  }

  @Test
  void aPageServedAgainFromBytesReachesTheContainerInOneWriteBetweenHooks() throws IOException {
    // The shop page's kept rewrite: neutralised elements between the head's script and the end of the body.
    String page = resource("shop-30k.html");
    PageCache pages = PageCache.of(8 << 20);
    countWrites(pages, page, Path.BYTES);
    Writes rewritten = countWrites(pages, page, Path.BYTES);
    assertThat(pages.hits.sum()).isZero();
    Writes served = countWrites(pages, page, Path.BYTES);
    assertThat(pages.hits.sum()).isEqualTo(1);
    assertThat(served.body()).isEqualTo(rewritten.body());
    // Literal runs around the head's script and the end of the body's markup, and those two.
    assertThat(served.count()).as("writes of a page served again (rewritten: %s)", rewritten.count()).isLessThanOrEqualTo(5);
  }

  @Test
  void fingerprintsDoNotDependOnHowThePageWasSplit() {
    byte[] page = resource("shop-30k.html").getBytes(StandardCharsets.UTF_8);
    PageCache.Fingerprint whole = new PageCache.Fingerprint();
    whole.bytes(page, 0, page.length);
    PageCache.Fingerprint pieces = new PageCache.Fingerprint();
    int[] chunks = randomChunks(3);
    for (int off = 0, i = 0; off < page.length; i++) {
      int n = Math.min(page.length - off, chunks[i % chunks.length]);
      pieces.bytes(page, off, n);
      off += n;
    }
    assertThat(pieces.value()).isEqualTo(whole.value());
    page[page.length - 1] ^= 1;
    PageCache.Fingerprint changed = new PageCache.Fingerprint();
    changed.bytes(page, 0, page.length);
    assertThat(changed.value()).isNotEqualTo(whole.value());
    char[] chars = resource("shop-30k.html").toCharArray();
    PageCache.Fingerprint c1 = new PageCache.Fingerprint();
    c1.chars(chars, 0, chars.length);
    PageCache.Fingerprint c2 = new PageCache.Fingerprint();
    c2.chars(chars, 0, 5);
    c2.chars(chars, 5, 999);
    c2.chars(chars, 1004, chars.length - 1004);
    assertThat(c2.value()).isEqualTo(c1.value());
    PageCache.Fingerprint t = new PageCache.Fingerprint();
    String text = resource("shop-30k.html");
    t.text(text, 0, 10_000);
    t.chars(chars, 10_000, 7);
    t.text(text, 10_007, text.length() - 10_007);
    assertThat(t.value()).as("a String and its chars give the same").isEqualTo(c1.value());
  }
}
