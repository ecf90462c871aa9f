package io.github.cookiegate.internal;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.Decision;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateRequest;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.own.OwnCookies;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the library's own modules reach in a {@link CookieGate} and a {@link GateEvent} that users
 * never call: the gate's own cookies, its decision table, its listener, and the event factories.
 * {@code CookieGate} registers the one {@link Bridge} from its static initializer, so these
 * members stay package-private there (the pattern of the JDK's {@code SharedSecrets}).
 */
public final class GateAccess {

  /** Implemented once, in {@code io.github.cookiegate}, where the package-private members are. */
  public interface Bridge {

    OwnCookies ownCookies(CookieGate gate);

    DecisionTable policy(CookieGate gate);

    void notify(CookieGate gate, GateEvent event);

    GateEvent event(GateEvent.Type type, String detail);

    GateEvent cookieEvent(GateEvent.Type type, String cookieName, Classification classification,
        Decision.Reason reason, boolean reportOnly);

    GateEvent purposeChecked(String purpose, Category category, boolean allowed, String source);

    GateEvent vendorLoad(HostRule rule, String host, String directive);

    ConsentState consentState(String source, Set<Category> granted, Instant timestamp, int revision);

    GateRequest.Verdict decide(GateRequest request, String name, String value, String[] attributes, int count);

    String header(GateRequest.Verdict verdict);

    SetCookie cookie(GateRequest.Verdict verdict);
  }

  private static volatile Bridge bridge;

  private GateAccess() {}

  /**
   * Called once by {@code CookieGate}'s static initializer with a class nested in it; any other
   * bridge, or a second call, fails, so nothing else can take the bridge's place.
   */
  public static synchronized void register(Bridge b) {
    if (b == null || b.getClass().getNestHost() != CookieGate.class) {
      throw new IllegalArgumentException("cookie-gate: only CookieGate registers the gate access bridge");
    }
    if (bridge != null) {
      throw new IllegalStateException("cookie-gate: the gate access bridge is already registered");
    }
    bridge = b;
  }

  private static Bridge bridge() {
    Bridge b = bridge;
    if (b == null) {
      try {
        // Initialising CookieGate registers the bridge; with a gate in hand it already has.
        Class.forName(CookieGate.class.getName(), true, CookieGate.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      b = bridge;
    }
    return b;
  }

  /** The gate's own cookies: the activation marker and the consent cookie. */
  public static OwnCookies ownCookies(CookieGate gate) {
    return bridge().ownCookies(Objects.requireNonNull(gate, "gate"));
  }

  /** The gate's decision table alone (design section 1). */
  public static DecisionTable policy(CookieGate gate) {
    return bridge().policy(Objects.requireNonNull(gate, "gate"));
  }

  /**
   * Reports a request event (activation, end of conversation, consent change, sweep) to the gate's
   * listener; a listener failure is logged at WARNING and otherwise ignored.
   */
  public static void notify(CookieGate gate, GateEvent event) {
    bridge().notify(Objects.requireNonNull(gate, "gate"), Objects.requireNonNull(event, "event"));
  }

  /** An event about the request as a whole (activation, end of conversation, consent). */
  public static GateEvent event(GateEvent.Type type, String detail) {
    return bridge().event(type, detail);
  }

  /** An event about one cookie. */
  public static GateEvent cookieEvent(GateEvent.Type type, String cookieName, Classification classification,
      Decision.Reason reason, boolean reportOnly) {
    return bridge().cookieEvent(type, cookieName, classification, reason, reportOnly);
  }

  /** An event saying the application checked a category for one purpose of its own processing. */
  public static GateEvent purposeChecked(String purpose, Category category, boolean allowed, String source) {
    return bridge().purposeChecked(purpose, category, allowed, source);
  }

  /** An event about a load from a vendor host that a browser reported. */
  public static GateEvent vendorLoad(HostRule rule, String host, String directive) {
    return bridge().vendorLoad(rule, host, directive);
  }

  /**
   * A choice a consent platform's cookie stored, read from {@code source}, with its time (may be
   * null) and revision (-1: none) where stored.
   */
  public static ConsentState consentState(String source, Set<Category> granted, Instant timestamp, int revision) {
    return bridge().consentState(source, granted, timestamp, revision);
  }

  /**
   * Decides, for {@code request}, the cookie a header {@code name=value; n1=v1; n2; ...} would set
   * ({@code attributes}: {@code count} names and values in turn, a null value for a flag), without
   * writing or parsing that header. The parts come from a servlet {@code Cookie}: a token name, no
   * {@code ;} in the value or an attribute value. Never throws; a failure blocks.
   */
  public static GateRequest.Verdict decide(GateRequest request, String name, String value, String[] attributes,
      int count) {
    return bridge().decide(Objects.requireNonNull(request, "request"), name, value, attributes, count);
  }

  /** The verdict's {@code header()}, or null: no {@code Optional} per cookie on the response's path. */
  public static String header(GateRequest.Verdict verdict) {
    return bridge().header(verdict);
  }

  /** The verdict's {@code cookie()}, or null. */
  public static SetCookie cookie(GateRequest.Verdict verdict) {
    return bridge().cookie(verdict);
  }
}
