package io.github.cookiegate.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Activation;
import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingGateListenerTest {
  private final RecordingGateListener events = new RecordingGateListener();
  private final CookieGate gate = CookieGate.builder().listener(events).build();

  @Test
  void recordsTheGatesDecisions() {
    gate.decide("intercom-id-demo=x; Path=/", Activation.none(), ConsentState.none());
    gate.decide("JSESSIONID=y; Path=/", Activation.none(), ConsentState.none());
    events.assertBlocked("intercom-id-demo").assertAllowed("JSESSIONID").assertNoneAllowedOf(Category.CHAT);
    assertThat(events.events(GateEvent.Type.BLOCKED)).hasSize(1);
    assertThat(events.eventsFor("intercom-id-demo")).singleElement()
        .satisfies(e -> assertThat(e.vendor()).contains("Intercom"));
    assertThat(events.eventsOf(Category.NECESSARY)).hasSize(1);
    assertThatThrownBy(() -> events.assertAllowed("intercom-id-demo"))
        .hasMessageContaining("Expected the gate to allow 'intercom-id-demo'")
        .hasMessageContaining("blocked cookie 'intercom-id-demo'");
    assertThatThrownBy(() -> events.assertNoneAllowedOf(Category.NECESSARY))
        .hasMessageContaining("allow no necessary cookie").hasMessageContaining("JSESSIONID");
  }

  @Test
  void keepsTheLastEventsAndCountsTheDropped() {
    RecordingGateListener small = new RecordingGateListener(2);
    CookieGate g = CookieGate.builder().listener(small).build();
    for (int i = 0; i < 5; i++) {
      g.decide("c" + i + "=v", Activation.none(), ConsentState.none());
    }
    assertThat(small.events()).extracting(e -> e.cookieName().orElseThrow()).containsExactly("c3", "c4");
    assertThat(small.dropped()).isEqualTo(3);
    small.clear();
    assertThat(small.events()).isEmpty();
    assertThat(small.dropped()).isZero();
    assertThatThrownBy(() -> new RecordingGateListener(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void awaitsAnEventFromAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> {
        Thread.sleep(100);
        gate.decide("intercom-session-demo=x", Activation.none(), ConsentState.none());
        return null;
      });
      GateEvent e = events.awaitEvent(ev -> ev.cookieName().filter("intercom-session-demo"::equals).isPresent(),
          Duration.ofSeconds(5));
      assertThat(e.type()).isEqualTo(GateEvent.Type.BLOCKED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void awaitTimesOutNamingWhatWasRecorded() {
    gate.decide("JSESSIONID=y", Activation.none(), ConsentState.none());
    long start = System.nanoTime();
    assertThatThrownBy(() -> events.awaitEvent(GateEvent.Type.CONVERSATION_ENDED, Duration.ofMillis(150)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No matching gate event within PT0.15S")
        .hasMessageContaining("JSESSIONID");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void isSafeUnderConcurrentWrites() throws Exception {
    int threads = 4;
    int each = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int t = 0; t < threads; t++) {
        pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            gate.decide("JSESSIONID=v", Activation.none(), ConsentState.none());
          }
          return null;
        });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(events.events()).hasSize(threads * each);
  }
}
