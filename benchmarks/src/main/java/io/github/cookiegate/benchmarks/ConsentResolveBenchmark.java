package io.github.cookiegate.benchmarks;

import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a request's consent and activation, done once per request before any cookie is decided.
 *
 * <ul>
 *   <li>{@code ConsentState_fromOwnCookie}: the library's consent cookie ({@code chat.analytics},
 *       {@code none}, ...), one value per request.
 *   <li>{@code CookieGate_readActivation}: a valid activation marker (HMAC-SHA256 check, constant
 *       time), one value per request; eight markers issued at different times.
 *   <li>{@code String_split}: the baseline, {@code value.split("\\.")} of the same consent values.
 * </ul>
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ConsentResolveBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConsentResolveBenchmark {

  private static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;
  private static final String SECRET = "Y29va2llLWdhdGUgYmVuY2htYXJrIHNlY3JldCBrZXkgMzI=";

  private static final String[] CONSENT_VALUES = {
      "chat.analytics", "chat", "none", "analytics.marketing", "chat.functional.analytics.marketing",
      "functional.chat", "marketing", "Chat.Analytics",
  };

  /** What one call measures; one per fork, so the call site stays monomorphic. */
  public enum Operation {
    ConsentState_fromOwnCookie,
    CookieGate_readActivation,
    String_split
  }

  @Param({"ConsentState_fromOwnCookie", "CookieGate_readActivation", "String_split"})
  Operation operation;

  IntFunction<Object> op;

  /** Each thread reads the inputs from its own random place. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setup() {
    CookieGate gate = CookieGate.builder().secret(SECRET).listener(GateListener.none()).build();
    switch (operation) {
      case ConsentState_fromOwnCookie -> {
        List<String>[] values = lists(CONSENT_VALUES);
        op = i -> ConsentState.fromOwnCookie(values[i]);
        for (List<String> v : values) {
          if (!ConsentState.fromOwnCookie(v).isChoiceMade()) {
            throw new IllegalStateException("unreadable consent input " + v);
          }
        }
      }
      case CookieGate_readActivation -> {
        String[] markers = new String[8];
        for (int m = 0; m < markers.length; m++) {
          // Issued minutes apart by another node sharing the secret.
          CookieGate issuer = CookieGate.builder().secret(SECRET).listener(GateListener.none())
              .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10L * m))).build();
          markers[m] = issuer.newActivationMarker(false).value();
        }
        List<String>[] values = lists(markers);
        op = i -> gate.readActivation(values[i]);
        for (List<String> v : values) {
          if (!gate.readActivation(v).isActive()) {
            throw new IllegalStateException("marker does not activate: " + v);
          }
        }
      }
      case String_split -> {
        String[] values = new String[SIZE];
        for (int i = 0; i < SIZE; i++) {
          values[i] = new String(CONSENT_VALUES[i % CONSENT_VALUES.length]);
        }
        op = i -> values[i].split("\\.");
      }
    }
  }

  /** One single-value list per slot, as a request carrying the cookie once gives it. */
  @SuppressWarnings("unchecked")
  private static List<String>[] lists(String[] values) {
    List<String>[] out = (List<String>[]) new List<?>[SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = List.of(new String(values[i % values.length]));
    }
    return out;
  }

  @Benchmark
  public Object resolve(ThreadState t) {
    return op.apply(t.index++ & MASK);
  }
}
