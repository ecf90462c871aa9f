package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieCatalog;
import io.github.cookiegate.HostCatalog;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * Cold start of the built-in catalogs in a fresh JVM: the time of the first {@code
 * CookieCatalog.builtIn()} (reading and indexing its resources, class loading included; wall and
 * the calling thread's CPU time, which a loaded machine disturbs less), the heap it keeps (used heap
 * after full collections before and after, the first classification excluded), then the first
 * classification (the cache made) and the first {@code HostCatalog.builtIn()}. One line per run:
 *
 * <pre>{@code
 * for i in 1 2 3 4 5; do java -cp benchmarks/target/benchmarks.jar io.github.cookiegate.benchmarks.CatalogHeap; done
 * }</pre>
 */
public final class CatalogHeap {

  private CatalogHeap() {}

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Load the classes the measurement itself uses, and the library's other classes, first.
    CookieCatalog.empty().classify("warm-up");
    long before = used(memory);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    CookieCatalog catalog = CookieCatalog.builtIn();
    long firstCallNanos = System.nanoTime() - start;
    long firstCallCpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long classifyStart = System.nanoTime();
    catalog.classify("_ga_FIRST1");
    long classifyNanos = System.nanoTime() - classifyStart;
    long after = used(memory);
    long hostStart = System.nanoTime();
    HostCatalog.builtIn();
    long hostNanos = System.nanoTime() - hostStart;
    System.out.printf("rules=%d firstCall=%.1f ms (thread cpu %.1f ms) retained=%d KB firstClassify=%.1f ms"
        + " hosts=%.1f ms%n", catalog.size(), firstCallNanos / 1e6, firstCallCpu / 1e6, (after - before) / 1024,
        classifyNanos / 1e6, hostNanos / 1e6);
    if (catalog.classify("JSESSIONID").category().isEmpty()) {
      throw new IllegalStateException("catalog not built");
    }
  }

  private static long used(MemoryMXBean memory) {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
