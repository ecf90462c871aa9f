package io.github.cookiegate.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link PageRewriteBenchmark} of two builds compared in the calling thread's CPU time, which a
 * machine loaded by other work disturbs far less than JMH's wall-clock time: each build's
 * benchmark class in a class loader of its own, in one JVM, rounds of A B B A, each run 250 ms of
 * CPU; per page and operation, the median over the rounds of the time per page, after 3 rounds of
 * warm-up. The arguments: the class path of A, that of B ({@code :}-separated), the operations
 * ({@code HtmlRewriter,Bytes}) and the number of rounds.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.PageRewriteCpu \
 *     <older>/benchmarks/target/benchmarks.jar benchmarks/target/benchmarks.jar HtmlRewriter,Bytes 5
 * }</pre>
 */
public final class PageRewriteCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String[] PAGES = {"shop-30k.html", "clean-30k.html"};

  private PageRewriteCpu() {}

  public static void main(String[] args) throws Exception {
    String[] ops = args[2].split(",");
    int rounds = Integer.parseInt(args[3]);
    Object[][][] benchmarks = new Object[2][ops.length][PAGES.length];
    Method[] rewrite = new Method[2];
    for (int j = 0; j < 2; j++) {
      String[] parts = args[j].split(":");
      URL[] urls = new URL[parts.length];
      for (int u = 0; u < parts.length; u++) {
        urls[u] = Path.of(parts[u]).toUri().toURL();
      }
      Class<?> c = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())
          .loadClass(PageRewriteBenchmark.class.getName());
      rewrite[j] = c.getMethod("rewrite");
      for (int o = 0; o < ops.length; o++) {
        for (int p = 0; p < PAGES.length; p++) {
          Object b = c.getConstructor().newInstance();
          set(c, b, "page", PAGES[p]);
          set(c, b, "operation", ops[o]);
          c.getMethod("setUp").invoke(b);
          benchmarks[j][o][p] = b;
        }
      }
    }
    double[][][][] times = new double[2][ops.length][PAGES.length][2 * rounds];
    int[] order = {0, 1, 1, 0};
    for (int r = -3; r < rounds; r++) {
      for (int o = 0; o < ops.length; o++) {
        for (int p = 0; p < PAGES.length; p++) {
          for (int k = 0; k < order.length; k++) {
            int j = order[k];
            double ns = run(rewrite[j], benchmarks[j][o][p]);
            if (r >= 0) {
              times[j][o][p][2 * r + (k < 2 ? 0 : 1)] = ns;
            }
          }
        }
      }
    }
    for (int o = 0; o < ops.length; o++) {
      for (int p = 0; p < PAGES.length; p++) {
        double a = median(times[0][o][p]) / 1000;
        double b = median(times[1][o][p]) / 1000;
        System.out.printf("%-13s %-15s A %7.1f us  B %7.1f us  A/B %.2f (thread CPU per page, median of %d)%n",
            ops[o], PAGES[p], a, b, a / b, 2 * rounds);
      }
    }
  }

  /** Thread CPU nanoseconds per call of {@code rewrite} over at least 250 ms. */
  private static double run(Method rewrite, Object benchmark) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long n = 0;
    long spent;
    do {
      for (int k = 0; k < 50; k++) {
        rewrite.invoke(benchmark);
      }
      n += 50;
      spent = THREADS.getCurrentThreadCpuTime() - start;
    } while (spent < 250_000_000L);
    return spent / (double) n;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return (v[v.length / 2] + v[(v.length - 1) / 2]) / 2;
  }

  private static void set(Class<?> c, Object o, String name, String value) throws Exception {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    f.set(o, value);
  }
}
