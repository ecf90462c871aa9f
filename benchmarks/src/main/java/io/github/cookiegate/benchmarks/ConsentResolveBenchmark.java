package io.github.cookiegate.benchmarks;

import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.internal.GateAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *   <li>{@code CookieGate_resolveConsent_20}: {@code CookieGate.resolveConsent} with the default
 *       {@code consent-sources} (own cookie, then every platform) on a request of 20 cookies, the
 *       only consent being a 300-character TC string, so every resolver looks before TCF answers
 *       (the worst case); the cookies are read through a by-name scan of the parsed pairs, as the
 *       servlet's view scans the container's {@code Cookie[]}; {@code Sec-GPC} absent.
 *   <li>{@code CookieHeader_naiveParse_20}: the baseline, the same {@code Cookie} header split into
 *       name/value pairs with {@code split(";")} and {@code indexOf('=')}, the least a container does.
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
    String_split,
    CookieGate_resolveConsent_20,
    CookieHeader_naiveParse_20
  }

  /** A 300-character TC string: the observed core segment (purposes 1-10), vendor bits and a disclosed-vendors segment. */
  static final String TC_STRING = "CPhgeQAPhgeQAAHABBENCmCgAP_AAAEAAAqIAAAAAAAAK-hEAS8voCi-Z0MYhL2qLu0g4MZlMFZu-YDuf3mtPLZOinZw9cRaBYVCqnvwxlQ"
      + "-GX2yM4fL55wJ28m0KYi5-WCCPguYg5qg01-i89-Sw_n7puUwioy-UlA5HXDOvu_HYTiB2-J8dMvuSfoSEMNF97IDQKUh5_CRY4945j9IlukuEK"
      + "jjj834vEKfeEWrvEGa3rJ.IUOzR7_JQJsDXTXkTxccQ1UoeAxYpw4ByRdviXTVRxJHBF8HOMvEHc0clL8J";

  /** 20 cookies a consenting visitor of a site with a chat, analytics and a TCF banner sends. */
  static final String COOKIE_HEADER = String.join("; ",
      "JSESSIONID=node01q2w3e4r5t6y7u8i9o0p1a2s3d4f5.node0",
      "XSRF-TOKEN=6b1f0c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e",
      "AWSALB=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4",
      "AWSALBCORS=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4",
      "_ga=GA1.2.1234567890.1700000000",
      "_ga_ABCDEF1234=GS1.1.1700000000.3.1.1700000123.0.0.0",
      "_gid=GA1.2.987654321.1700000000",
      "_gcl_au=1.1.1122334455.1700000000",
      "_fbp=fb.1.1700000000000.1234567890",
      "_hjSessionUser_123456=eyJpZCI6ImFiY2RlZiIsImNyZWF0ZWQiOjE3MDAwMDAwMDAwMDB9",
      "_hjSession_123456=eyJpZCI6ImdoaWprbCIsImMiOjE3MDAwMDAwMDAwMDB9",
      "intercom-id-abc123=5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      "intercom-session-abc123=",
      "intercom-device-id-abc123=1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
      "__cf_bm=abcdefghijklmnopqrstuvwxyz0123456789ABCDEF-1700000000-0-AAAA",
      "lang=fr",
      "theme=dark",
      "cart=3",
      "ajs_anonymous_id=2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e",
      "euconsent-v2=" + TC_STRING);

  @Param({"ConsentState_fromOwnCookie", "CookieGate_readActivation", "String_split", "CookieGate_resolveConsent_20",
      "CookieHeader_naiveParse_20"})
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
          markers[m] = GateAccess.ownCookies(issuer).newActivationMarker(false).value();
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
      case CookieGate_resolveConsent_20 -> {
        // Within consent-max-age of the string's LastUpdated (2022-10-27).
        CookieGate consentGate = CookieGate.builder().listener(GateListener.none())
            .clock(Clock.fixed(Instant.parse("2022-11-01T00:00:00Z"), ZoneOffset.UTC)).build();
        ParsedCookies[] requests = new ParsedCookies[SIZE];
        for (int i = 0; i < SIZE; i++) {
          requests[i] = ParsedCookies.parse(new String(COOKIE_HEADER));
        }
        op = i -> consentGate.resolveConsent(requests[i]);
        ConsentState s = consentGate.resolveConsent(requests[0]);
        if (!s.source().equals("tcf") || s.granted().isEmpty()) {
          throw new IllegalStateException("the TC string does not resolve: " + s);
        }
      }
      case CookieHeader_naiveParse_20 -> {
        String[] headers = new String[SIZE];
        for (int i = 0; i < SIZE; i++) {
          headers[i] = new String(COOKIE_HEADER);
        }
        op = i -> ParsedCookies.parse(headers[i]);
      }
    }
  }

  /** Name/value pairs of a {@code Cookie} header, looked up by a scan, as a container's {@code Cookie[]}. */
  static final class ParsedCookies implements ConsentRequest {
    final String[] names;
    final String[] values;

    private ParsedCookies(String[] names, String[] values) {
      this.names = names;
      this.values = values;
    }

    static ParsedCookies parse(String header) {
      String[] pairs = header.split(";");
      String[] names = new String[pairs.length];
      String[] values = new String[pairs.length];
      for (int i = 0; i < pairs.length; i++) {
        String p = pairs[i].trim();
        int eq = p.indexOf('=');
        names[i] = eq < 0 ? "" : p.substring(0, eq);
        values[i] = eq < 0 ? p : p.substring(eq + 1);
      }
      return new ParsedCookies(names, values);
    }

    @Override
    public List<String> cookies(String name) {
      String first = null;
      List<String> more = null;
      for (int i = 0; i < names.length; i++) {
        if (name.equals(names[i])) {
          if (first == null) {
            first = values[i];
          } else {
            if (more == null) {
              more = new ArrayList<>(4);
              more.add(first);
            }
            more.add(values[i]);
          }
        }
      }
      return more != null ? more : first != null ? List.of(first) : List.of();
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.empty();
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
