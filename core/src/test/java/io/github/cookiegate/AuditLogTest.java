package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.internal.text.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditLog}: consent proof as JSON lines (issue 6, item 7). */
class AuditLogTest {

  static final Instant T = Instant.parse("2026-12-02T07:50:01Z");
  static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

  @TempDir
  Path dir;

  static Map<String, Object> parse(String line) {
    return Json.object(line, false).orElseThrow(() -> new AssertionError("not one JSON object: " + line));
  }

  @Test
  void writesEveryFieldAnEventCarries() {
    GateEvent e = GateEvent.of(GateEvent.Type.CONSENT_CHANGED, "consent endpoint")
        .withConsent(EnumSet.of(Category.CHAT, Category.ANALYTICS), Set.of(Category.CHAT), "cookie-gate")
        .at(T, "req-1", "conv-1");
    Map<String, Object> line = parse(AuditLog.json(e, Clock.systemUTC()));
    assertThat(line).containsExactlyInAnyOrderEntriesOf(Map.of("time", "2026-12-02T07:50:01Z",
        "type", "CONSENT_CHANGED", "request", "req-1", "conversation", "conv-1",
        "before", List.of("chat", "analytics"), "after", List.of("chat"), "source", "cookie-gate",
        "detail", "consent endpoint"));
  }

  @Test
  void writesPurposeCheckWithCategoryPurposeResultAndSource() {
    GateEvent e = GateEvent.purposeChecked("sentiment-analysis", Category.ANALYTICS, false, "tcf").at(T, "r", "c");
    Map<String, Object> line = parse(AuditLog.json(e, CLOCK));
    assertThat(line).containsEntry("type", "PURPOSE_CHECKED").containsEntry("category", "analytics")
        .containsEntry("purpose", "sentiment-analysis").containsEntry("allowed", false).containsEntry("source", "tcf");
  }

  @Test
  void eventWithoutTimeTakesTheLogsClock() {
    assertThat(parse(AuditLog.json(GateEvent.of(GateEvent.Type.ACTIVATED, "x"), CLOCK)))
        .containsEntry("time", "2026-12-02T07:50:01Z").doesNotContainKey("request");
  }

  @Test
  void escapesHostileStringsSoEachEventStaysOneParseableLine() {
    String hostile = "a\"b\\c\nd\re\tf\u0000g\u001fh\u007fi\u2028j\u2029k</script>{\"type\":\"ERASED\"}\ud800l\udc00m\ud83d\ude00";
    String line = AuditLog.json(GateEvent.of(GateEvent.Type.CONSENT_CHANGED, hostile).at(T, hostile, hostile), CLOCK);
    assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0000", "\u007f", "\ud800l");
    assertThat(line).contains("\ud83d\ude00"); // a valid pair stays as it is
    Map<String, Object> parsed = parse(line);
    assertThat(parsed).containsEntry("detail", hostile).containsEntry("request", hostile)
        .containsEntry("type", "CONSENT_CHANGED");
  }

  @Test
  void wantsEveryRequestEventButNoCookieDecision() {
    AuditLog log = AuditLog.of(lines -> {}, CLOCK, 0);
    for (GateEvent.Type t : GateEvent.Type.values()) {
      boolean cookie = EnumSet.of(GateEvent.Type.ALLOWED, GateEvent.Type.REWRITTEN, GateEvent.Type.BLOCKED,
          GateEvent.Type.SWEPT, GateEvent.Type.VENDOR_LOAD_REPORTED).contains(t);
      assertThat(log.wants(t)).as(t.name()).isEqualTo(!cookie);
    }
  }

  @Test
  void eightThreadsWritingAThousandEventsEachGiveEightThousandWholeLines() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.toFile(file);
    List<Thread> threads = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      String id = "thread-" + t + "-" + "x".repeat(200);
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 1000; i++) {
          log.onEvent(GateEvent.of(GateEvent.Type.ACTIVATED, id + "-" + i).at(T, id, "c"));
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    log.close();
    List<String> lines = Files.readAllLines(file);
    assertThat(log.dropped()).isZero();
    assertThat(lines).hasSize(8000);
    Set<String> details = new java.util.HashSet<>();
    for (String line : lines) {
      Map<String, Object> parsed = parse(line);
      assertThat((String) parsed.get("detail")).startsWith((String) parsed.get("request"));
      details.add((String) parsed.get("detail"));
    }
    assertThat(details).hasSize(8000);
  }

  @Test
  void fullQueueDropsAndCountsEventsWithoutBlockingTheCaller() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    AuditLog log = AuditLog.of(lines -> {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.addAll(lines);
    }, CLOCK, 2);
    log.onEvent(GateEvent.of(GateEvent.Type.ACTIVATED, "1"));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds event 1
    long start = System.nanoTime();
    for (int i = 2; i <= 6; i++) {
      log.onEvent(GateEvent.of(GateEvent.Type.ACTIVATED, Integer.toString(i)));
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    assertThat(log.dropped()).isEqualTo(3); // 2 and 3 fill the queue; 4, 5, 6 are dropped
    release.countDown();
    log.close();
    assertThat(written).hasSize(3);
  }

  @Test
  void writeFailureNeverReachesTheCallerIsCountedAndLoggedOnce() {
    List<LogRecord> warnings = new ArrayList<>();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(AuditLog.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel() == java.util.logging.Level.WARNING) {
          warnings.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(handler);
    try {
      AuditLog log = AuditLog.of(lines -> {
        throw new IOException("disk full");
      }, CLOCK, 0);
      for (int i = 0; i < 5; i++) {
        log.onEvent(GateEvent.of(GateEvent.Type.CONVERSATION_ENDED, "e" + i));
      }
      assertThat(log.dropped()).isEqualTo(5);
      assertThat(log.failures()).isEqualTo(5);
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getMessage()).contains("audit log could not be written").contains("disk full");
    } finally {
      jul.removeHandler(handler);
    }
  }

  @Test
  void loggerSinkWritesOneInfoLinePerEventOnTheCallersThread() {
    List<LogRecord> infos = new ArrayList<>();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(AuditLog.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel() == java.util.logging.Level.INFO) {
          infos.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Level was = jul.getLevel();
    jul.setLevel(java.util.logging.Level.INFO); // the test logging.properties keeps WARNING and above
    jul.addHandler(handler);
    try {
      AuditLog.toLogger().onEvent(GateEvent.of(GateEvent.Type.CONVERSATION_ENDED, "ended\nforged").at(T, "r", "c"));
      assertThat(infos).singleElement().satisfies(r -> assertThat(parse(r.getMessage()))
          .containsEntry("type", "CONVERSATION_ENDED").containsEntry("detail", "ended\nforged"));
    } finally {
      jul.removeHandler(handler);
      jul.setLevel(was);
    }
  }

  @Test
  void fileThatCannotBeOpenedDropsEventsAndTheCallerGoesOn() throws Exception {
    Path file = dir.resolve("gone.jsonl");
    AuditLog log = AuditLog.toFile(file);
    Files.createDirectory(file); // now a directory: every open fails
    log.onEvent(GateEvent.of(GateEvent.Type.ACTIVATED, "x"));
    log.close();
    assertThat(log.dropped()).isEqualTo(1);
    assertThat(log.failureLogged()).isTrue();
  }

  @Test
  void rotatesTheFileAtItsSizeCap() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog log = AuditLog.toFile(file, 4096);
    for (int i = 0; i < 200; i++) {
      log.onEvent(GateEvent.of(GateEvent.Type.ACTIVATED, "event " + i).at(T, "r", "c"));
    }
    log.close();
    Path rotated = dir.resolve("audit.jsonl.1");
    assertThat(rotated).exists();
    assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
    assertThat(Files.size(rotated)).isLessThanOrEqualTo(4096);
    List<String> last = Files.readAllLines(file);
    assertThat(parse(last.get(last.size() - 1))).containsEntry("detail", "event 199");
  }

  @Test
  void auditLogSettingOpensTheFileBesideTheListener() throws Exception {
    Path file = dir.resolve("proof.jsonl");
    CookieGate gate = CookieGate.fromSettings(Map.of("audit-log", file.toString()));
    assertThat(gate.auditLog()).isPresent();
    assertThat(gate.listener().wants(GateEvent.Type.ACTIVATED)).isTrue();
    gate.notify(GateEvent.of(GateEvent.Type.ACTIVATED, "chat activated").at(T, "r", "c"));
    gate.auditLog().orElseThrow().close();
    assertThat(Files.readAllLines(file)).singleElement().satisfies(l -> assertThat(parse(l)).containsEntry("type", "ACTIVATED"));
    assertThat(CookieGate.fromSettings(Map.of()).auditLog()).isEmpty();
  }

  @Test
  void auditLogSettingRejectsADirectoryAndAMissingDirectory() {
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("audit-log", dir.toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit-log").hasMessageContaining("directory");
    assertThatThrownBy(() -> CookieGate.fromSettings(Map.of("audit-log", dir.resolve("no/such/x.jsonl").toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit-log")
        .hasMessageContaining("does not exist");
  }

  @Test
  void pseudonymIsStablePerValueAndKeyedBySecret() {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    k2[0] = 1;
    CookieGate a = CookieGate.builder().secret(k1).build();
    CookieGate b = CookieGate.builder().secret(k2).build();
    String marker = a.newActivationMarker(false).value();
    assertThat(a.pseudonym(marker)).isEqualTo(a.pseudonym(marker)).hasSize(22).doesNotContain(marker);
    assertThat(a.pseudonym(marker)).isNotEqualTo(b.pseudonym(marker)).isNotEqualTo(a.pseudonym(marker + "x"));
  }
}
