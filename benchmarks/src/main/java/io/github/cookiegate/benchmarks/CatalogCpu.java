package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieCatalog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Cache misses of the built-in catalog timed in the calling thread's CPU time, which a machine
 * loaded by other work disturbs far less than JMH's wall-clock time: per operation, the median of 7
 * rounds of 2^18 distinct names after 5 rounds of warm-up. Uses the public API (and the catalog's
 * private {@code lookup}, by reflection, for the lookup without the cache), so the same class runs
 * against an older core jar for an A/B comparison:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.CatalogCpu
 * }</pre>
 */
public final class CatalogCpu {

  private static final int SIZE = 1 << 18;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CatalogCpu() {}

  public static void main(String[] args) throws Exception {
    CookieCatalog catalog = CookieCatalog.builtIn();
    Method lookup = CookieCatalog.class.getDeclaredMethod("lookup", String.class);
    lookup.setAccessible(true);
    String[] unknown = new String[SIZE];
    String[] tracker = new String[SIZE];
    String[] hit = new String[SIZE];
    String[] few = {"_ga", "_fbp", "intercom-id-a1b2c3d4", "JSESSIONID", "_hjSessionUser_123", "XSRF-TOKEN",
        "tawk_uuid_5f3a2b1c", "unknown-name"};
    for (int i = 0; i < SIZE; i++) {
      unknown[i] = "sess-" + Integer.toHexString(i * 0x9E3779B1);
      tracker[i] = (i % 2 == 0 ? "_ga_" : "_hjSessionUser_") + Integer.toHexString(i * 0x9E3779B1);
      hit[i] = few[i % few.length];
    }
    System.out.printf("miss_unknown %.0f ns, miss_tracker %.0f ns, hit %.1f ns, lookup_unknown %.0f ns,"
        + " lookup_tracker %.0f ns (thread CPU per operation, median of 7)%n",
        median(catalog, null, unknown, true), median(catalog, null, tracker, true), median(catalog, null, hit, false),
        median(catalog, lookup, unknown, false), median(catalog, lookup, tracker, false));
  }

  private static double median(CookieCatalog catalog, Method lookup, String[] names, boolean fresh) throws Exception {
    double[] rounds = new double[12];
    int salt = 0;
    for (int r = 0; r < rounds.length; r++) {
      String[] input = names;
      if (fresh) {
        // New strings each round, so every name is a miss of the bounded cache (and its hash is computed).
        input = new String[names.length];
        String suffix = Integer.toString(salt++, 36);
        for (int i = 0; i < names.length; i++) {
          input[i] = names[i] + suffix;
        }
      }
      long start = THREADS.getCurrentThreadCpuTime();
      Object sink = null;
      for (String n : input) {
        sink = lookup == null ? catalog.classify(n) : lookup.invoke(catalog, n);
      }
      rounds[r] = (THREADS.getCurrentThreadCpuTime() - start) / (double) input.length;
      if (sink == null) {
        throw new IllegalStateException();
      }
    }
    double[] measured = Arrays.copyOfRange(rounds, 5, rounds.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}
