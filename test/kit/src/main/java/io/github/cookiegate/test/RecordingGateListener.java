package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link GateListener} that records the gate's events for assertions: what it blocked, allowed,
 * rewrote, swept, and the request events (activation, end, consent, erasure).
 *
 * <p>Thread-safe: the filter calls it from request threads while the test reads it. Bounded: it
 * keeps the last {@code capacity} events (default {@value #DEFAULT_CAPACITY}) and counts the ones it
 * dropped ({@link #dropped()}), so a long load test cannot exhaust the heap. Events carry cookie
 * names and categories, never values.
 *
 * <pre>{@code
 * RecordingGateListener events = new RecordingGateListener();
 * CookieGate gate = CookieGate.builder().listener(events).build();     // or a GateListener @Bean in Spring Boot
 * visitor.get("/");
 * events.assertBlocked("intercom-id-demo");
 * events.awaitEvent(GateEvent.Type.CONVERSATION_ENDED, Duration.ofSeconds(2)); // async paths
 * }</pre>
 */
public final class RecordingGateListener implements GateListener {
  /** Events kept when no capacity is given. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final ArrayDeque<GateEvent> events = new ArrayDeque<>();
  private long dropped;

  /** Records up to {@value #DEFAULT_CAPACITY} events. */
  public RecordingGateListener() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Records up to {@code capacity} events, dropping the oldest beyond that.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public RecordingGateListener(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity is " + capacity + "; expected at least 1");
    }
    this.capacity = capacity;
  }

  @Override
  public void onEvent(GateEvent event) {
    Objects.requireNonNull(event, "event");
    lock.lock();
    try {
      if (events.size() == capacity) {
        events.removeFirst();
        dropped++;
      }
      events.addLast(event);
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Returns every recorded event, oldest first. */
  public List<GateEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** Returns the recorded events that match, oldest first. */
  public List<GateEvent> events(Predicate<? super GateEvent> filter) {
    Objects.requireNonNull(filter, "filter");
    List<GateEvent> out = new ArrayList<>();
    for (GateEvent e : events()) {
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Returns the events of this type. */
  public List<GateEvent> events(GateEvent.Type type) {
    Objects.requireNonNull(type, "type");
    return events(e -> e.type() == type);
  }

  /** Returns the events about the cookie of this name. */
  public List<GateEvent> eventsFor(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    return events(e -> e.cookieName().filter(cookieName::equals).isPresent());
  }

  /** Returns the events about cookies (or vendor loads) of this category. */
  public List<GateEvent> eventsOf(Category category) {
    Objects.requireNonNull(category, "category");
    return events(e -> e.category().filter(category::equals).isPresent());
  }

  /** Returns how many events were dropped because the capacity was reached. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every event (between the steps of a test). */
  public void clear() {
    lock.lock();
    try {
      events.clear();
      dropped = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until an event that matches is recorded (one already recorded counts) and returns the
   * first such event: for cookies decided on another thread (async servlets, end-of-conversation work).
   *
   * @throws AssertionError naming what was recorded, if none arrives within {@code timeout}
   */
  public GateEvent awaitEvent(Predicate<? super GateEvent> filter, Duration timeout) {
    Objects.requireNonNull(filter, "filter");
    long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "timeout").toNanos();
    lock.lock();
    try {
      while (true) {
        for (GateEvent e : events) {
          if (filter.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw Failures.error("No matching gate event within " + timeout + ". Recorded:\n" + summary(List.copyOf(events)));
        }
        added.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a gate event", e);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for an event of this type; see {@link #awaitEvent(Predicate, Duration)}. */
  public GateEvent awaitEvent(GateEvent.Type type, Duration timeout) {
    Objects.requireNonNull(type, "type");
    return awaitEvent(e -> e.type() == type, timeout);
  }

  /** Asserts that the gate blocked (or, in report-only mode, would have blocked) a cookie of this name. */
  public RecordingGateListener assertBlocked(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    if (first(GateEvent.Type.BLOCKED, cookieName).isEmpty()) {
      throw Failures.error("Expected the gate to block '" + cookieName + "', but it did not. Recorded:\n" + summary(events()));
    }
    return this;
  }

  /** Asserts that the gate let a cookie of this name through (as written or rewritten). */
  public RecordingGateListener assertAllowed(String cookieName) {
    Objects.requireNonNull(cookieName, "cookieName");
    if (first(GateEvent.Type.ALLOWED, cookieName).isEmpty() && first(GateEvent.Type.REWRITTEN, cookieName).isEmpty()) {
      throw Failures.error("Expected the gate to allow '" + cookieName + "', but it did not. Recorded:\n" + summary(events()));
    }
    return this;
  }

  /** Asserts that the gate let no cookie of these categories through. */
  public RecordingGateListener assertNoneAllowedOf(Category... categories) {
    if (categories.length == 0) {
      throw new IllegalArgumentException("give at least one category");
    }
    List<GateEvent> bad = new ArrayList<>();
    for (GateEvent e : events()) {
      if ((e.type() == GateEvent.Type.ALLOWED || e.type() == GateEvent.Type.REWRITTEN) && e.category().isPresent()) {
        for (Category c : categories) {
          if (e.category().get() == c) {
            bad.add(e);
          }
        }
      }
    }
    if (!bad.isEmpty()) {
      throw Failures.error("Expected the gate to allow no " + CookieAssert.words(java.util.EnumSet.copyOf(List.of(categories)))
          + " cookie, but it allowed:\n" + summary(bad));
    }
    return this;
  }

  /** Asserts that at least one event of this type was recorded. */
  public RecordingGateListener assertRecorded(GateEvent.Type type) {
    if (events(type).isEmpty()) {
      throw Failures.error("Expected a " + type + " event, but none was recorded. Recorded:\n" + summary(events()));
    }
    return this;
  }

  private Optional<GateEvent> first(GateEvent.Type type, String cookieName) {
    for (GateEvent e : events()) {
      if (e.type() == type && e.cookieName().filter(cookieName::equals).isPresent()) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static String summary(List<GateEvent> list) {
    if (list.isEmpty()) {
      return "  (nothing)";
    }
    StringBuilder sb = new StringBuilder();
    int from = Math.max(0, list.size() - 50);
    if (from > 0) {
      sb.append("  ... ").append(from).append(" earlier\n");
    }
    for (int i = from; i < list.size(); i++) {
      sb.append("  - ").append(list.get(i)).append(i == list.size() - 1 ? "" : "\n");
    }
    return sb.toString();
  }
}
