package io.github.cookiegate;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consent proof: a {@link GateListener} that writes every request event (activation, end of
 * conversation, consent change, erasure, purpose check, and any request event type added later) as
 * one line of JSON, so a site can show when and how a consent was given. Cookie decisions
 * (allowed, rewritten, blocked, swept) and vendor-load reports are left to {@link
 * GateListener#logging()}.
 *
 * <p>A line holds the time, the event type, the random request id and the pseudonymous
 * conversation id (see {@link GateEvent#at}), and where the event carries them the category,
 * purpose, result, categories before and after, consent source and detail. Never an IP address, a
 * session id or a cookie value.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.toFile(Path.of("/var/log/site/consent.jsonl"));
 * CookieGate gate = CookieGate.builder().listener(GateListener.logging().andThen(audit)).build();
 * // {"time":"2026-12-02T07:50:01Z","type":"ACTIVATED","request":"3f2c...","conversation":"q9X...","detail":"chat activated"}
 * }</pre>
 *
 * <p>The file log never holds up a request: events go to a bounded queue that one daemon thread
 * writes; when the queue is full the event is dropped and counted ({@link #dropped()}). A write
 * failure is logged once at WARNING and never reaches the request. The file is rotated to {@code
 * <file>.1} when it would grow past its size cap. Call {@link #close()} when the application stops.
 */
public final class AuditLog implements GateListener, AutoCloseable {

  /** Default cap on the file's size before it is rotated: 64 MB. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  /** Default number of events waiting to be written before new ones are dropped. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;

  private static final Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final Set<GateEvent.Type> COOKIE_TYPES = Set.of(GateEvent.Type.ALLOWED,
      GateEvent.Type.REWRITTEN, GateEvent.Type.BLOCKED, GateEvent.Type.SWEPT, GateEvent.Type.VENDOR_LOAD_REPORTED);

  /** Where lines go: a file or a logger. */
  interface Sink {
    void write(List<String> lines) throws IOException;

    default void close() throws IOException {}
  }

  private final Sink sink;
  private final Clock clock;
  private final BlockingQueue<String> queue;
  private final Thread writer;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean closed;

  private AuditLog(Sink sink, Clock clock, int capacity, String name) {
    this.sink = sink;
    this.clock = clock;
    if (capacity > 0) {
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.writer = new Thread(this::drain, name);
      writer.setDaemon(true);
      writer.start();
    } else {
      this.queue = null;
      this.writer = null;
    }
  }

  /**
   * Returns a log that appends JSON lines to {@code file}, rotated at {@link #DEFAULT_MAX_BYTES}.
   *
   * @throws IllegalArgumentException if {@code file} is a directory or its directory does not exist
   */
  public static AuditLog toFile(Path file) {
    return toFile(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Returns a log that appends JSON lines to {@code file}, moved to {@code <file>.1} (replacing an
   * older one) when the next line would take it past {@code maxBytes}.
   *
   * @throws IllegalArgumentException if {@code file} is a directory, its directory does not exist,
   *     or {@code maxBytes} is under 4096
   */
  public static AuditLog toFile(Path file, long maxBytes) {
    checkFile(file);
    if (maxBytes < 4096) {
      throw new IllegalArgumentException("cookie-gate: audit log size cap is " + maxBytes + "; expected 4096 bytes or more");
    }
    return new AuditLog(new FileSink(file.toAbsolutePath(), maxBytes), Clock.systemUTC(), DEFAULT_QUEUE_CAPACITY,
        "cookie-gate-audit");
  }

  /**
   * Returns a log that writes each JSON line at INFO to the {@link System.Logger} {@code
   * io.github.cookiegate.AuditLog}, on the request's thread.
   */
  public static AuditLog toLogger() {
    return new AuditLog(lines -> {
      for (String line : lines) {
        LOG.log(Level.INFO, line);
      }
    }, Clock.systemUTC(), 0, null);
  }

  /** Returns a log over any sink, for tests: {@code capacity} 0 writes on the caller's thread. */
  static AuditLog of(Sink sink, Clock clock, int capacity) {
    return new AuditLog(sink, clock, capacity, "cookie-gate-audit-test");
  }

  static void checkFile(Path file) {
    Objects.requireNonNull(file, "file");
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException("cookie-gate: audit-log is '" + file + "'; expected a file, not a directory");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("cookie-gate: audit-log is '" + file + "'; its directory does not exist");
    }
  }

  /** Request events only: every type but the cookie decisions and vendor-load reports. */
  @Override
  public boolean wants(GateEvent.Type type) {
    return !COOKIE_TYPES.contains(type);
  }

  @Override
  public void onEvent(GateEvent event) {
    String line = json(event, clock);
    if (queue == null) {
      write(List.of(line));
    } else if (closed || !queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /** Returns how many events were dropped: queue full, log closed, or a write that failed. */
  public long dropped() {
    return dropped.get();
  }

  /** Writes what is queued (waiting up to five seconds) and closes the file. */
  @Override
  public void close() {
    closed = true;
    if (writer != null) {
      // Not interrupted: an interrupt would close the file channel in the middle of a write.
      try {
        writer.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      sink.close();
    } catch (IOException e) {
      failed(e);
    }
  }

  private void drain() {
    List<String> batch = new ArrayList<>(256);
    while (true) {
      String first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null;
        closed = true;
      }
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch, 1023);
        write(batch);
        batch.clear();
      } else if (closed) {
        return;
      }
    }
  }

  private void write(List<String> lines) {
    try {
      sink.write(lines);
    } catch (IOException | RuntimeException e) {
      dropped.addAndGet(lines.size());
      failed(e);
    }
  }

  private void failed(Exception e) {
    failures.incrementAndGet();
    if (failureLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "cookie-gate: the audit log could not be written (logged once; events are"
          + " dropped and counted): " + e);
    }
  }

  /** Returns how many writes failed (only the first is logged). */
  long failures() {
    return failures.get();
  }

  /** Whether a write failure has been logged. */
  boolean failureLogged() {
    return failureLogged.get();
  }

  /**
   * Returns the event as one line of JSON (no line break inside): {@code time} (the event's, else
   * now), {@code type}, then each field the event carries.
   */
  static String json(GateEvent e, Clock clock) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"time\":");
    string(sb, e.time().orElseGet(clock::instant).toString());
    sb.append(",\"type\":");
    string(sb, e.type().name());
    e.requestId().ifPresent(v -> string(sb.append(",\"request\":"), v));
    e.conversationId().ifPresent(v -> string(sb.append(",\"conversation\":"), v));
    e.cookieName().ifPresent(v -> string(sb.append(",\"cookie\":"), v));
    e.category().ifPresent(v -> string(sb.append(",\"category\":"), v.id()));
    e.vendor().ifPresent(v -> string(sb.append(",\"vendor\":"), v));
    e.purpose().ifPresent(v -> string(sb.append(",\"purpose\":"), v));
    e.allowed().ifPresent(v -> sb.append(",\"allowed\":").append(v.booleanValue()));
    e.before().ifPresent(v -> categories(sb.append(",\"before\":"), v));
    e.after().ifPresent(v -> categories(sb.append(",\"after\":"), v));
    e.source().ifPresent(v -> string(sb.append(",\"source\":"), v));
    e.reason().ifPresent(v -> string(sb.append(",\"reason\":"), v.name().toLowerCase(Locale.ROOT)));
    e.detail().ifPresent(v -> string(sb.append(",\"detail\":"), v));
    return sb.append('}').toString();
  }

  private static void categories(StringBuilder sb, Set<Category> set) {
    sb.append('[');
    boolean first = true;
    for (Category c : Category.values()) {
      if (set.contains(c)) {
        if (!first) {
          sb.append(',');
        }
        string(sb, c.id());
        first = false;
      }
    }
    sb.append(']');
  }

  /**
   * Appends a JSON string (RFC 8259 section 7): quote, backslash and every control character
   * escaped; U+2028/U+2029 and lone surrogates too, so each line stays one valid line of UTF-8.
   */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          boolean loneSurrogate = Character.isHighSurrogate(c)
              ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
              : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || loneSurrogate) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Appends lines to a file, rotating it to {@code <file>.1} at the size cap. */
  private static final class FileSink implements Sink {
    private final Path file;
    private final Path rotated;
    private final long maxBytes;
    private FileChannel channel;
    private long size;

    FileSink(Path file, long maxBytes) {
      this.file = file;
      this.rotated = file.resolveSibling(file.getFileName() + ".1");
      this.maxBytes = maxBytes;
    }

    @Override
    public void write(List<String> lines) throws IOException {
      for (String line : lines) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel == null) {
          channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          size = channel.size();
        }
        if (size > 0 && size + bytes.length > maxBytes) {
          channel.close();
          channel = null;
          Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
          channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          size = 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        } catch (IOException e) {
          channel.close();
          channel = null;
          throw e;
        }
        size += bytes.length;
      }
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }
}
