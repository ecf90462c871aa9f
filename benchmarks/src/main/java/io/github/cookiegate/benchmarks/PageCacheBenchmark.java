package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One filter pass of the 30 KB shop page ({@code pages/shop-30k.html}) for a fresh visitor, with
 * the page cache ({@code html-cache=8MB}) and without it ({@code off}): {@code page=same} is the same
 * page on every request (a cache hit once it is kept), written from the same String or array each
 * time, as a servlet serving a constant does; {@code page=copy} the same page from one of 8 equal
 * copies in turn, as a template renders it again (the comparison cannot stop at the reference);
 * {@code page=unique} the page with a counter in a comment before {@code </body>} (never kept: what
 * fingerprinting costs a page that never repeats). {@code path=writer} writes the page as one String to {@code getWriter()}; {@code
 * path=stream} writes its UTF-8 bytes to {@code getOutputStream()} in 8 KiB writes, as a static file
 * servlet does. The container's side discards what it gets.
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests -Dfuzz.skip=true
 * java -jar benchmarks/target/benchmarks.jar PageCacheBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PageCacheBenchmark {

  @Param({"8MB", "off"})
  String cache;

  @Param({"same", "copy", "unique"})
  String page;

  @Param({"writer", "stream"})
  String path;

  /**
   * The gate's listener: {@code none} wants no event; {@code logging} (the default listener) wants
   * held elements' events whenever INFO is logged, which is the default, so they are built.
   */
  @Param({"none"})
  String listener;

  private CookieGateFilter filter;
  private FilterPassBenchmark.FakeRequest request;
  private PageResponse response;
  private FilterChain app;
  private long visits;
  private static final int COPIES = 8;

  @Setup
  public void setUp() throws ServletException {
    CookieGate gate = CookieGate.fromSettings(java.util.Map.of("html-cache", cache));
    filter = new CookieGateFilter(CookieGate.builder()
        .listener(listener.equals("logging") ? GateListener.logging() : GateListener.none())
        .htmlCache(gate.htmlCache()).build());
    filter.init(FilterPassBenchmark.filterConfig());
    request = new FilterPassBenchmark.FakeRequest(new jakarta.servlet.http.Cookie[0], "");
    response = new PageResponse();
    String shop = PageLoadTest.resource("shop-30k.html");
    String head = shop.substring(0, shop.lastIndexOf("</body>"));
    String tail = shop.substring(shop.lastIndexOf("</body>"));
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] shopBytes = shop.getBytes(StandardCharsets.UTF_8);
    byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
    boolean unique = page.equals("unique");
    boolean writer = path.equals("writer");
    String[] shops = new String[COPIES];
    byte[][] shopsBytes = new byte[COPIES][];
    for (int i = 0; i < COPIES; i++) {
      boolean copy = page.equals("copy");
      shops[i] = copy ? new String(shop.toCharArray()) : shop;
      shopsBytes[i] = copy ? shopBytes.clone() : shopBytes;
    }
    app = (req, res) -> {
      HttpServletResponse r = (HttpServletResponse) res;
      r.setContentType("text/html;charset=utf-8");
      if (!unique) {
        int i = (int) (++visits & (COPIES - 1));
        if (writer) {
          r.getWriter().write(shops[i]);
        } else {
          byte[] b = shopsBytes[i];
          for (int off = 0; off < b.length; off += 8192) {
            r.getOutputStream().write(b, off, Math.min(8192, b.length - off));
          }
        }
        return;
      }
      String counter = "<!-- visit " + (++visits) + " -->";
      if (writer) {
        r.getWriter().write(head);
        r.getWriter().write(counter);
        r.getWriter().write(tail);
      } else {
        ServletOutputStream o = r.getOutputStream();
        for (int off = 0; off < headBytes.length; off += 8192) {
          o.write(headBytes, off, Math.min(8192, headBytes.length - off));
        }
        o.write(counter.getBytes(StandardCharsets.UTF_8));
        o.write(tailBytes);
      }
    };
  }

  @Benchmark
  public long pass() throws IOException, ServletException {
    request.reset();
    response.clear();
    filter.doFilter(request, response, app);
    return response.written;
  }

  /** A container response that takes a page and discards it, counting its units. */
  static final class PageResponse extends HttpServletResponseWrapper {
    long written;
    private String contentType;
    private final ServletOutputStream stream = new ServletOutputStream() {
      @Override
      public void write(int b) {
        written++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        written += len;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException();
      }
    };
    private final PrintWriter writer = new PrintWriter(new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        written += len;
      }

      @Override
      public void write(String str, int off, int len) {
        written += len;
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });

    PageResponse() {
      super((HttpServletResponse) Proxy.newProxyInstance(PageResponse.class.getClassLoader(),
          new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
            throw new UnsupportedOperationException("HttpServletResponse." + method.getName());
          }));
    }

    void clear() {
      written = 0;
      contentType = null;
    }

    @Override public void setContentType(String type) { contentType = type; }
    @Override public String getContentType() { return contentType; }
    @Override public String getCharacterEncoding() { return "UTF-8"; }
    @Override public PrintWriter getWriter() { return writer; }
    @Override public ServletOutputStream getOutputStream() { return stream; }
    @Override public String getHeader(String name) { return null; }
    @Override public Collection<String> getHeaders(String name) { return List.of(); }
    @Override public boolean containsHeader(String name) { return false; }
    @Override public void setHeader(String name, String value) { }
    @Override public void addHeader(String name, String value) { }
    @Override public void setContentLengthLong(long len) { }
    @Override public boolean isCommitted() { return false; }
    @Override public int getBufferSize() { return 32768; }
    @Override public void flushBuffer() { }
  }
}
