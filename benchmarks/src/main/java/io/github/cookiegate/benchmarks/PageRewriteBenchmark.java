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
 * tag and an Intercom loader (both held for a fresh visitor), and without any vendor; the page is
 * written as one String, as template engines and the output-stream path hand it over. It uses the
 * public {@code HtmlRewriter} only, so the same class measures an older build: put this module's
 * classes first and the other build's jar second on the class path.
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

  /** {@code HtmlRewriter}: the rewriter; {@code Copy}: the same String handed to the sink (baseline). */
  @Param({"HtmlRewriter", "Copy"})
  String operation;

  private String text;
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
    HostCatalog hosts = HostCatalog.builtIn();
    decider = HtmlRewriter.Decider.of(h -> hosts.match(h).map(HostRule::category).map(Category::id), c -> false);
  }

  @Benchmark
  public int rewrite() throws IOException {
    sink.at = 0;
    Writer out = operation.equals("Copy") ? sink : HtmlRewriter.wrap(sink, decider, HtmlRewriter.Listener.none());
    out.write(text);
    out.close();
    return sink.at;
  }
}
