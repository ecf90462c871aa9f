package io.github.cookiegate.benchmarks;

import io.github.cookiegate.Category;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.servlet.html.HtmlRewriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
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
 * The page rewriter on real-world-sized pages (50 KB and 1 MB of HTML with two vendor snippets,
 * written in 8 KiB chunks as a template engine does), before activation (both snippets
 * neutralised), against the baseline of copying the same chars to the same sink. MB/s = page size
 * / time per page.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar HtmlRewriterBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HtmlRewriterBenchmark {

  @Param({"50000", "1000000"})
  int size;

  /**
   * {@code HtmlRewriter}: the page as chars in 8 KiB writes; {@code HtmlRewriter_String}: the page
   * as one String (what a template engine and the stream path hand it); {@code Copy}: the baseline.
   */
  @Param({"HtmlRewriter", "HtmlRewriter_String", "Copy"})
  String operation;

  private char[] page;
  private String pageString;
  private final Sink sink = new Sink();
  private HtmlRewriter.Decider decider;

  /** Counts what it is given, like a container's buffer that is then sent. */
  static final class Sink extends Writer {
    long chars;

    @Override
    public void write(char[] cbuf, int off, int len) {
      chars += len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder(size + 4096);
    sb.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title>")
        .append("<link rel=\"stylesheet\" href=\"/css/site.css\"><script src=\"/js/app.js\" defer></script>")
        .append("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-ABC123\"></script></head><body>");
    String block = "<div class=\"product\"><a href=\"/p/42\"><img src=\"/img/42.jpg\" alt=\"Product 42\" width=\"200\""
        + " height=\"200\"></a><h2>Product 42</h2><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do"
        + " eiusmod tempor incididunt ut labore et dolore magna aliqua.</p><button class=\"buy\">Add to cart</button></div>\n";
    while (sb.length() < size - 600) {
      sb.append(block);
    }
    sb.append("<script>window.intercomSettings={app_id:\"abc123\"};(function(){var w=window;var d=document;")
        .append("var s=d.createElement('script');s.async=true;s.src='https://widget.intercom.io/widget/abc123';")
        .append("var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);})();</script></body></html>");
    pageString = sb.toString();
    page = pageString.toCharArray();
    HostCatalog hosts = HostCatalog.builtIn();
    decider = HtmlRewriter.Decider.of(h -> hosts.match(h).map(HostRule::category).map(Category::id),
        c -> false);
  }

  @Benchmark
  public long page() throws IOException {
    sink.chars = 0;
    Writer out = operation.equals("Copy") ? sink : HtmlRewriter.wrap(sink, decider, HtmlRewriter.Listener.none());
    if (operation.equals("HtmlRewriter_String")) {
      out.write(pageString);
      out.close();
      return sink.chars;
    }
    for (int off = 0; off < page.length; off += 8192) {
      out.write(page, off, Math.min(8192, page.length - off));
    }
    out.close();
    return sink.chars;
  }
}
