package io.github.cookiegate.spring;

import io.github.cookiegate.Category;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GateListener} that counts the gate's decisions in a Micrometer {@link MeterRegistry}.
 *
 * <ul>
 *   <li>{@value #COOKIES}, tagged {@code decision} ({@code allowed}, {@code rewritten}, {@code
 *       blocked}, {@code swept}), {@code category} (the category id, {@code unknown} for an unknown
 *       cookie) and {@code vendor} (the vendor of the catalog rule that classified the cookie,
 *       {@code unknown} when none). Tags never carry a cookie's name or value, so the number of
 *       series is bounded by the catalog, whatever names browsers and vendors send.
 *   <li>{@value #EVENTS}, tagged {@code type} for every other event ({@code activated}, {@code
 *       conversation_ended}, {@code consent_changed}, {@code erased}, {@code vendor_load_reported},
 *       {@code purpose_checked}); these counters exist (at zero) from start-up.
 * </ul>
 *
 * <p>In {@code report-only} mode a cookie the gate would have blocked counts as {@code blocked}.
 */
public final class CookieGateMetrics implements GateListener {

  /** Name of the cookie decision counter. */
  public static final String COOKIES = "cookie_gate.cookies";

  /** Name of the request event counter. */
  public static final String EVENTS = "cookie_gate.events";

  /** Tag value for a cookie without category or vendor. */
  static final String UNKNOWN = "unknown";

  private final MeterRegistry registry;
  private final Map<GateEvent.Type, Counter> events = new EnumMap<>(GateEvent.Type.class);
  private final Map<CookieKey, Counter> cookies = new ConcurrentHashMap<>();

  /** Registers the event counters in {@code registry}; cookie counters appear with their first count. */
  public CookieGateMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    for (GateEvent.Type type : GateEvent.Type.values()) {
      if (!isCookieDecision(type)) {
        events.put(type, Counter.builder(EVENTS).tag("type", tagValue(type))
            .description("cookie-gate request events: activation, end of conversation, consent, erasure")
            .register(registry));
      }
    }
  }

  @Override
  public void onEvent(GateEvent event) {
    GateEvent.Type type = event.type();
    if (isCookieDecision(type)) {
      CookieKey key = new CookieKey(type, event.category().orElse(null), event.vendor().orElse(UNKNOWN));
      cookies.computeIfAbsent(key, this::cookieCounter).increment();
    } else {
      events.get(type).increment();
    }
  }

  private Counter cookieCounter(CookieKey key) {
    return Counter.builder(COOKIES)
        .tag("decision", decision(key.type))
        .tag("category", key.category == null ? UNKNOWN : key.category.id())
        .tag("vendor", key.vendor)
        .description("cookie-gate decisions on Set-Cookie headers and swept browser cookies")
        .register(registry);
  }

  private static boolean isCookieDecision(GateEvent.Type type) {
    return switch (type) {
      case ALLOWED, REWRITTEN, BLOCKED, SWEPT -> true;
      default -> false;
    };
  }

  private static String decision(GateEvent.Type type) {
    return switch (type) {
      case ALLOWED -> "allowed";
      case REWRITTEN -> "rewritten";
      case BLOCKED -> "blocked";
      case SWEPT -> "swept";
      default -> throw new IllegalArgumentException(type.name());
    };
  }

  private static String tagValue(GateEvent.Type type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /** One cookie series: decision, category (null for unknown), vendor. */
  private record CookieKey(GateEvent.Type type, Category category, String vendor) {}
}
