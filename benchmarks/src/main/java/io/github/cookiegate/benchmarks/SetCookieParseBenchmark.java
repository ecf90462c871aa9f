package io.github.cookiegate.benchmarks;

import io.github.cookiegate.SetCookie;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SetCookie#parse} of typical chat vendors' {@code Set-Cookie} headers (about 120 characters:
 * Intercom, Zendesk, Crisp, tawk.to, Chatwoot, Drift, HubSpot), against the naive parse an
 * application would write: {@code header.split(";")} and the first part split on {@code '='}. Both
 * read the same 1,024 headers, built once with random ids.
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SetCookieParseBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SetCookieParseBenchmark {

  private static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;

  /** What one call measures; one per fork, so the call site stays monomorphic. */
  public enum Operation {
    /** The library's RFC 6265bis parser. */
    SetCookie_parse {
      @Override
      Object parse(String header, Blackhole bh) {
        return SetCookie.parse(header);
      }
    },
    /** The baseline: split on ';', then the name-value pair on the first '='. */
    String_split {
      @Override
      Object parse(String header, Blackhole bh) {
        String[] parts = header.split(";");
        bh.consume(parts);
        return parts[0].split("=", 2);
      }
    };

    abstract Object parse(String header, Blackhole bh);
  }

  @Param({"SetCookie_parse", "String_split"})
  Operation operation;

  String[] headers;

  /** Each thread reads the array from its own random place. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setup() {
    Random random = new Random(42);
    headers = new String[SIZE];
    for (int i = 0; i < SIZE; i++) {
      headers[i] = Headers.vendorSetCookie(random, i);
      if (SetCookie.parse(headers[i]).isEmpty()) {
        throw new IllegalStateException("a browser would ignore the input " + headers[i]);
      }
    }
  }

  @Benchmark
  public Object parse(ThreadState t, Blackhole bh) {
    return operation.parse(headers[t.index++ & MASK], bh);
  }
}
