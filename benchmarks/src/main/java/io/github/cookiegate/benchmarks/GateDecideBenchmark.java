package io.github.cookiegate.benchmarks;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieCatalog;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.DecisionTable;
import io.github.cookiegate.internal.GateAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Classify and decide one pre-parsed cookie, the work the gate adds to each {@code Set-Cookie}, on
 * a shared gate ({@code GateListener.none()}, default settings). The allow path on a catalog cache
 * hit must allocate nothing (style section 7): read {@code gc.alloc.rate.norm}.
 *
 * <ul>
 *   <li>{@code CookieGate_necessary}: {@code gate.decide} of necessary cookies (JSESSIONID,
 *       XSRF-TOKEN, load balancers); allowed, cache hit.
 *   <li>{@code CookieGate_chatActivated}: chat session cookies (no {@code Max-Age}, so no rewrite)
 *       with the chat activated; allowed, cache hit.
 *   <li>{@code CookieGate_chatBlocked}: the same cookies before activation; blocked, cache hit.
 *   <li>{@code CookieGate_miss}: activated chat cookies with 262,144 distinct names ({@code
 *       intercom-id-<n>}) against a cache of {@link CookieCatalog#CACHE_SIZE} names: classified
 *       through the rules and cached again on almost every call.
 *   <li>{@code CookieGate_hostPrefixed}: necessary {@code __Host-} cookies (the gate's own marker and
 *       consent cookie, as a secure request sets them); allowed, no cache.
 *   <li>{@code CookieGate_defaultListener}: as {@code chatActivated}, on a gate with the default
 *       {@link GateListener#logging()} listener (JUL at INFO, so no event is wanted).
 *   <li>{@code GatePolicy_chatActivated}: {@code GateAccess.policy(gate).decide} (the gate's
 *       {@code GatePolicy}) alone, classification done beforehand.
 *   <li>{@code HashMap_get}: the baseline, {@code HashMap<String, Category>.get(name)} of the same
 *       names as {@code chatActivated}.
 * </ul>
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar GateDecideBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GateDecideBenchmark {

  /** Inputs for the cache-hit cases: a few names, each repeated, as a site sets them. */
  private static final int HIT_SIZE = 1 << 10;
  /**
   * Distinct names for the miss case. Cycling 2^16 names through the 10,000-name cache still hits
   * about 10% of the time (the cache's frequency sketch keeps some); 2^18 names hit none.
   */
  private static final int MISS_SIZE = 1 << 18;

  private static final String[] NECESSARY = {
      "JSESSIONID=node01a2b3c4d5e6f7g8h9i0j1k2l3m4n5o6.node0; Path=/; Secure; HttpOnly; SameSite=Lax",
      "XSRF-TOKEN=6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b; Path=/; Secure; SameSite=Lax",
      "AWSALBTG=Xq3mZ1c9VbN8kLp2Rt5Yw7Hd0Fg4Js6Ae1Uo3Ii5Pl7Kk9; Path=/; Max-Age=604800",
      "__cf_bm=Ab3dEf7hIj1lMn5pQr9tUv3xYz.1732370000-1.0.1.1; Path=/; Domain=.example.com;"
          + " Max-Age=1800; HttpOnly; Secure; SameSite=None",
  };

  private static final String[] CHAT_SESSION = {
      "intercom-session-a1b2c3d4=ZW5jcnlwdGVkLXNlc3Npb24tdG9rZW4tZXhhbXBsZQ; Path=/; SameSite=Lax; Secure",
      "intercom-id-a1b2c3d4=7f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b; Path=/; SameSite=Lax; Secure",
      "intercom-device-id-a1b2c3d4=0c1d2e3f-4a5b-6978-8a9b-7f1c2d3e4b5a; Path=/; SameSite=Lax; Secure",
      "cw_conversation=eyJhbGciOiJIUzI1NiJ9.eyJzb3VyY2VfaWQiOiIxMjMifQ.c2lnbmF0dXJl; Path=/; SameSite=Lax",
      "__zlcmid=1Nf3kLpQzX8aBcD; Path=/; SameSite=Lax",
      "crisp-client%2Fsession%2F0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e=session_7f1c2d3e; Path=/; SameSite=Lax",
      "tawk_uuid_5f3a2b1c0d9e8f7a6b5c4d3e=7f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b; Path=/; SameSite=Lax",
      "driftt_aid=7f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b; Path=/; SameSite=None; Secure",
  };

  private static final String[] HOST_PREFIXED = {
      "__Host-cookie_gate_chat=v1.1795453200.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEf; Path=/; Secure;"
          + " HttpOnly; SameSite=Lax",
      "__Host-cookie_gate_consent=chat.analytics; Path=/; Secure; SameSite=Lax",
  };

  /** What one call measures; one per fork, so the call site stays monomorphic. */
  public enum Operation {
    CookieGate_necessary,
    CookieGate_chatActivated,
    CookieGate_chatBlocked,
    CookieGate_miss,
    CookieGate_hostPrefixed,
    CookieGate_defaultListener,
    GatePolicy_chatActivated,
    HashMap_get
  }

  @Param({"CookieGate_necessary", "CookieGate_chatActivated", "CookieGate_chatBlocked", "CookieGate_miss",
      "CookieGate_hostPrefixed", "CookieGate_defaultListener", "GatePolicy_chatActivated", "HashMap_get"})
  Operation operation;

  int mask;
  IntFunction<Object> op;

  /** Each thread reads the inputs from its own random place. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  @Setup
  public void setup() {
    CookieGate gate = CookieGate.builder()
        .secret("Y29va2llLWdhdGUgYmVuY2htYXJrIHNlY3JldCBrZXkgMzI=")
        .listener(operation == Operation.CookieGate_defaultListener ? GateListener.logging() : GateListener.none())
        .build();
    Activation active = gate.readActivation(List.of(GateAccess.ownCookies(gate).newActivationMarker(false).value()));
    if (!active.isActive()) {
      throw new IllegalStateException("the marker just issued does not activate");
    }
    ConsentState consent = ConsentState.none();
    switch (operation) {
      case CookieGate_necessary -> {
        SetCookie[] cookies = cycle(NECESSARY, HIT_SIZE);
        op = i -> gate.decide(cookies[i], Activation.none(), consent);
        expect(cookies, op, Decision.Reason.NECESSARY);
      }
      case CookieGate_chatActivated, CookieGate_defaultListener -> {
        SetCookie[] cookies = cycle(CHAT_SESSION, HIT_SIZE);
        op = i -> gate.decide(cookies[i], active, consent);
        expect(cookies, op, Decision.Reason.CHAT_ACTIVATED);
      }
      case CookieGate_chatBlocked -> {
        SetCookie[] cookies = cycle(CHAT_SESSION, HIT_SIZE);
        Activation none = Activation.none();
        op = i -> gate.decide(cookies[i], none, consent);
        expect(cookies, op, Decision.Reason.NOT_ACTIVATED);
      }
      case CookieGate_miss -> {
        String value = Headers.uuid(new Random(42));
        SetCookie[] cookies = new SetCookie[MISS_SIZE];
        for (int i = 0; i < MISS_SIZE; i++) {
          cookies[i] = SetCookie.builder("intercom-id-" + Integer.toHexString(i), value)
              .path("/").sameSite(SetCookie.SameSite.LAX).secure(true).build();
        }
        op = i -> gate.decide(cookies[i], active, consent);
        expect(cookies, op, Decision.Reason.CHAT_ACTIVATED);
      }
      case CookieGate_hostPrefixed -> {
        SetCookie[] cookies = cycle(HOST_PREFIXED, HIT_SIZE);
        op = i -> gate.decide(cookies[i], Activation.none(), consent);
        expect(cookies, op, Decision.Reason.NECESSARY);
      }
      case GatePolicy_chatActivated -> {
        SetCookie[] cookies = cycle(CHAT_SESSION, HIT_SIZE);
        Classification[] classifications = new Classification[HIT_SIZE];
        for (int i = 0; i < HIT_SIZE; i++) {
          classifications[i] = gate.classify(cookies[i].name());
        }
        DecisionTable policy = GateAccess.policy(gate);
        op = i -> policy.decide(cookies[i], classifications[i], active, consent);
        expect(cookies, op, Decision.Reason.CHAT_ACTIVATED);
      }
      case HashMap_get -> {
        SetCookie[] cookies = cycle(CHAT_SESSION, HIT_SIZE);
        Map<String, Category> categories = new HashMap<>();
        for (SetCookie c : cookies) {
          categories.put(c.name(), gate.classify(c.name()).category().orElseThrow());
        }
        op = i -> categories.get(cookies[i].name());
        mask = HIT_SIZE - 1;
        for (int i = 0; i < HIT_SIZE; i++) {
          if (op.apply(i) != Category.CHAT) {
            throw new IllegalStateException("baseline map misses " + cookies[i]);
          }
        }
      }
    }
  }

  /** Parses each header and repeats them, in order, to fill {@code size} slots. */
  private static SetCookie[] cycle(String[] headers, int size) {
    SetCookie[] parsed = new SetCookie[headers.length];
    for (int i = 0; i < headers.length; i++) {
      String h = headers[i];
      parsed[i] = SetCookie.parse(h).orElseThrow(() -> new IllegalStateException("unparseable input " + h));
    }
    SetCookie[] out = new SetCookie[size];
    for (int i = 0; i < size; i++) {
      out[i] = parsed[i % parsed.length];
    }
    return out;
  }

  /** Checks every input once (which also fills the catalog cache for the hit cases). */
  private void expect(SetCookie[] cookies, IntFunction<Object> call, Decision.Reason reason) {
    mask = cookies.length - 1;
    for (int i = 0; i < cookies.length; i++) {
      Decision d = (Decision) call.apply(i);
      if (d.reason() != reason) {
        throw new IllegalStateException(operation + ": expected " + reason + " for " + cookies[i] + ", got " + d);
      }
    }
  }

  @Benchmark
  public Object decide(ThreadState t) {
    return op.apply(t.index++ & mask);
  }
}
