package io.github.cookiegate.benchmarks;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.CookieCatalog;
import io.github.cookiegate.CookieRule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
 * Classification with thousands of rules: an attacker chooses cookie names, so every new name is a
 * cache miss that walks the rules. Written against the public API only (plus the built-in loader,
 * found by reflection), so the same class runs on an older core jar for an A/B comparison.
 *
 * <ul>
 *   <li>{@code catalog=full}: the project's rows over the ~1,800 rows generated from the Open Cookie
 *       Database, read from {@code catalog.csv} and {@code catalog-ocd.csv} on the class path and
 *       built with {@code CookieCatalog.empty().with(...)}; {@code catalog=builtIn}: {@code
 *       CookieCatalog.builtIn()} of the jar under test.
 *   <li>{@code miss_unknown}: 2^18 distinct names no rule matches (the worst case: every layer is
 *       searched), against a cache of 10,000 names; {@code miss_tracker}: 2^18 distinct {@code
 *       _ga_<n>} and {@code _hjSessionUser_<n>} names (a glob of the last layer); {@code hit}: a
 *       few names, cached; {@code miss_10kb}: names of 10 KB (never cached).
 *   <li>{@code build}: the built-in catalog read from its resources and indexed, as the first call
 *       of {@code CookieCatalog.builtIn()} does (its layers rebuilt each call; {@code buildBuiltIn()}
 *       where the jar has it, else its loader and {@code with}).
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CatalogBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CatalogBenchmark {

  private static final int MISS_SIZE = 1 << 18;
  private static final int HIT_SIZE = 1 << 10;

  @Param({"full", "builtIn"})
  String catalog;

  @Param({"miss_unknown", "miss_tracker", "hit", "miss_10kb", "build"})
  String operation;

  CookieCatalog rules;
  String[] names;
  int mask;
  Method loader;
  boolean twoResources;

  /** Each thread reads the inputs from its own random place. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setup() throws Exception {
    rules = catalog.equals("full")
        ? CookieCatalog.empty().with(readRows("catalog-ocd.csv")).with(readRows("catalog.csv"))
        : CookieCatalog.builtIn();
    switch (operation) {
      case "miss_unknown" -> names = names(MISS_SIZE, i -> "sess-" + Integer.toHexString(i * 0x9E3779B1));
      case "miss_tracker" -> names = names(MISS_SIZE,
          i -> (i % 2 == 0 ? "_ga_" : "_hjSessionUser_") + Integer.toHexString(i * 0x9E3779B1));
      case "hit" -> {
        String[] few = {"_ga", "_fbp", "intercom-id-a1b2c3d4", "JSESSIONID", "_hjSessionUser_123", "XSRF-TOKEN",
            "tawk_uuid_5f3a2b1c", "unknown-name"};
        names = names(HIT_SIZE, i -> few[i % few.length]);
      }
      case "miss_10kb" -> names = names(16, i -> "_ga_" + "x".repeat(10_240) + i);
      case "build" -> {
        try {
          loader = CookieCatalog.class.getDeclaredMethod("buildBuiltIn"); // the whole built-in catalog in one call
        } catch (NoSuchMethodException e) {
          try {
            loader = CookieCatalog.class.getDeclaredMethod("loadBuiltInRules", String.class);
            twoResources = true;
          } catch (NoSuchMethodException e2) {
            loader = CookieCatalog.class.getDeclaredMethod("loadBuiltInRules");
          }
        }
        loader.setAccessible(true);
        names = new String[] {""};
      }
      default -> throw new IllegalArgumentException(operation);
    }
    mask = names.length - 1;
  }

  private static String[] names(int size, java.util.function.IntFunction<String> name) {
    String[] out = new String[size];
    for (int i = 0; i < size; i++) {
      out[i] = name.apply(i);
    }
    return out;
  }

  @Benchmark
  public Object run(ThreadState t) throws Exception {
    if (loader != null) {
      return build();
    }
    Classification c = rules.classify(names[t.index++ & mask]);
    return c;
  }

  @SuppressWarnings("unchecked")
  private CookieCatalog build() throws Exception {
    if (twoResources) {
      List<CookieRule> ocd = (List<CookieRule>) loader.invoke(null, "catalog-ocd.csv");
      List<CookieRule> curated = (List<CookieRule>) loader.invoke(null, "catalog.csv");
      return CookieCatalog.empty().with(ocd).with(curated);
    }
    Object built = loader.invoke(null);
    return built instanceof CookieCatalog c ? c : CookieCatalog.empty().with((List<CookieRule>) built);
  }

  /** The rows of a catalog resource (vendor,pattern,category,...) as rules, through the public API. */
  static List<CookieRule> readRows(String resource) {
    List<CookieRule> out = new ArrayList<>();
    try (InputStream in = ClassLoader.getSystemResourceAsStream("io/github/cookiegate/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        List<String> f = fields(line);
        Category category = Category.fromId(f.get(2)).orElseThrow();
        out.add(CookieRule.glob(f.get(1), category).withVendor(f.get(0)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
