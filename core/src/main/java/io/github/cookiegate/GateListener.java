package io.github.cookiegate;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Receives the gate's {@link GateEvent}s, for logging, metrics and audit. Called on the request's
 * thread; implementations must be thread-safe and quick.
 *
 * <p>A listener that throws while a cookie is being allowed blocks that cookie (the gate fails
 * closed) and the failure is logged once at WARNING; the request is still served.
 *
 * <pre>{@code
 * GateListener audit = event -> {
 *   if (event.type() == GateEvent.Type.CONVERSATION_ENDED) conversations.eraseFor(currentUser());
 * };
 * CookieGate gate = CookieGate.builder().listener(GateListener.logging().andThen(audit)).build();
 * }</pre>
 */
@FunctionalInterface
public interface GateListener {

  /** Handles one event. */
  void onEvent(GateEvent event);

  /**
   * Whether this listener wants events of this type; the gate does not build events nobody wants,
   * so the common allow path allocates nothing.
   */
  default boolean wants(GateEvent.Type type) {
    return true;
  }

  /** Returns a listener that passes each event to this one, then to {@code next}. */
  default GateListener andThen(GateListener next) {
    Objects.requireNonNull(next, "next");
    GateListener first = this;
    return new GateListener() {
      @Override
      public void onEvent(GateEvent event) {
        if (first.wants(event.type())) {
          first.onEvent(event);
        }
        if (next.wants(event.type())) {
          next.onEvent(event);
        }
      }

      @Override
      public boolean wants(GateEvent.Type type) {
        return first.wants(type) || next.wants(type);
      }
    };
  }

  /** Returns a listener that ignores everything. */
  static GateListener none() {
    return NoOpListener.INSTANCE;
  }

  /**
   * Returns the default listener: one line per event through {@link System.Logger} {@code
   * io.github.cookiegate.CookieGate}, naming the cookie, its category and the reason, never its
   * value. Allowed cookies log at TRACE; blocked, rewritten and swept cookies and request events at
   * DEBUG; in report-only mode, cookies that would have been blocked at INFO; vendor loads a
   * browser reported ({@code csp=report}) at INFO.
   */
  static GateListener logging() {
    return LoggingListener.INSTANCE;
  }
}

/** The no-op listener. */
enum NoOpListener implements GateListener {
  INSTANCE;

  @Override
  public void onEvent(GateEvent event) {}

  @Override
  public boolean wants(GateEvent.Type type) {
    return false;
  }
}

/** The System.Logger listener. */
enum LoggingListener implements GateListener {
  INSTANCE;

  private static final Logger LOG = System.getLogger(CookieGate.class.getName());

  private static Level level(GateEvent.Type type, boolean reportOnly) {
    return switch (type) {
      case ALLOWED -> Level.TRACE;
      case BLOCKED -> reportOnly ? Level.INFO : Level.DEBUG;
      case VENDOR_LOAD_REPORTED -> Level.INFO;
      default -> Level.DEBUG;
    };
  }

  @Override
  public void onEvent(GateEvent event) {
    Level level = level(event.type(), event.reportOnly());
    if (LOG.isLoggable(level)) {
      LOG.log(level, event.toString());
    }
  }

  @Override
  public boolean wants(GateEvent.Type type) {
    // Report-only BLOCKED events log at INFO; the rest at DEBUG or TRACE.
    return LOG.isLoggable(type == GateEvent.Type.BLOCKED ? Level.INFO : level(type, false));
  }
}
