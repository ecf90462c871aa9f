package io.github.cookiegate.benchmarks;

import io.github.cookiegate.Category;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.servlet.html.HtmlRewriter;
import java.io.IOException;
import java.io.Writer;
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
 * The page rewriter on the load test's 30 KB shop pages ({@code pages/README.md}): with a Google
 * tag and an Intercom loader (both held for a fresh visitor), and without any vendor. {@code
 * HtmlRewriter} writes the page as one String, as template engines hand it to the writer; {@code
 * Bytes} gives the UTF-8 bytes to the byte scanner, as the output-stream path does ({@code
 * PageRewriter.writeBytes}, this build only); {@code Latin1String} is the older stream path's
 * shape: the bytes copied into a String, one char per byte, and that written. {@code Copy} and
 * {@code CopyBytes} hand the same String or bytes to the sink (baselines). The String cases use
 * the public {@code HtmlRewriter} only, so the same class measures an older build: put this
 * module's classes first and the other build's jar second on the class path.
 *
 * <pre>{@code
 * java -cp benchmarks/target/classes:benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PageRewriteBenchmark
 * java -cp benchmarks/target/classes:<older>/benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PageRewriteBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PageRewriteBenchmark {

  @Param({"shop-30k.html", "clean-30k.html"})
  String page;

  /** See the class comment. */
  @Param({"HtmlRewriter", "Copy", "Bytes", "Latin1String", "CopyBytes"})
  String operation;

  private String text;
  private byte[] bytes;
  private final byte[] byteSink = new byte[64 * 1024];
  private int byteAt;
  private final Sink sink = new Sink();
  private HtmlRewriter.Decider decider;

  /** Takes the chars as a container's writer would, into a buffer. */
  static final class Sink extends Writer {
    final char[] buffer = new char[64 * 1024];
    int at;

    @Override
    public void write(char[] cbuf, int off, int len) {
      int n = Math.min(len, buffer.length - at);
      System.arraycopy(cbuf, off, buffer, at, n);
      at = (at + n) % (buffer.length - 1);
    }

    @Override
    public void write(String s, int off, int len) {
      int n = Math.min(len, buffer.length - at);
      s.getChars(off, off + n, buffer, at);
      at = (at + n) % (buffer.length - 1);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Setup
  public void setUp() {
    text = PageLoadTest.resource(page);
    bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HostCatalog hosts = HostCatalog.builtIn();
    decider = HtmlRewriter.Decider.of(h -> hosts.match(h).map(HostRule::category).map(Category::id), c -> false);
  }

  private void toBytes(byte[] b, int off, int len) {
    int n = Math.min(len, byteSink.length - byteAt);
    System.arraycopy(b, off, byteSink, byteAt, n);
    byteAt = (byteAt + n) % (byteSink.length - 1);
  }

  @Benchmark
  public int rewrite() throws IOException {
    sink.at = 0;
    byteAt = 0;
    switch (operation) {
      case "CopyBytes" -> {
        toBytes(bytes, 0, bytes.length);
        return byteAt;
      }
      case "Bytes" -> {
        io.github.cookiegate.internal.html.PageRewriter r = io.github.cookiegate.internal.html.PageRewriter.wrap(sink,
            io.github.cookiegate.internal.html.PageRewriter.Decider.of(decider::categoryOfHost, decider::allowed),
            io.github.cookiegate.internal.html.PageRewriter.Listener.none());
        r.bytes(this::toBytes, java.nio.charset.StandardCharsets.UTF_8);
        r.writeBytes(bytes, 0, bytes.length);
        r.close();
        return byteAt + sink.at;
      }
      case "Latin1String" -> {
        Writer out = HtmlRewriter.wrap(sink, decider, HtmlRewriter.Listener.none());
        out.write(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        out.close();
        return sink.at;
      }
      default -> {
        Writer out = operation.equals("Copy") ? sink : HtmlRewriter.wrap(sink, decider, HtmlRewriter.Listener.none());
        out.write(text);
        out.close();
        return sink.at;
      }
    }
  }
}
