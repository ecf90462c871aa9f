package io.github.cookiegate.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.cookiegate.internal.html.PageRewriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Pages the filter rewrote, kept to serve the same page again without reading it ({@code
 * html-cache}): each entry holds the page exactly as the application wrote it, its rewrite as
 * literal runs and the points where the request's own markup goes (the activation script, the end
 * of the body), the elements it neutralised, and every decision the rewrite asked for. A page is
 * kept only after its URL served the same bytes twice in a row (a doorkeeper of fingerprints), so
 * pages that differ on every request cost a fingerprint and no copy. Bounded by weight (bytes of
 * input and output); shared by the filter's requests; holds nothing per user beyond what a page
 * itself holds, and serves an entry only to a request whose application wrote those same bytes.
 */
final class PageCache {

  /** The longest page kept, in chars (writer) or bytes (output stream). */
  static final int MAX_PAGE = 1024 * 1024;
  /** The longest rewrite kept (literal chars and bytes). */
  static final int MAX_OUTPUT = 2 * MAX_PAGE;
  /** The most pages kept for one URL and one set of decisions. */
  static final int PER_KEY = 4;
  /** URLs longer than this are not cached. */
  static final int MAX_PATH = 1024;

  static final int WRITER = 0;
  static final int BYTES = 1;
  static final int DECODED = 2;

  // Template operations: each is three ints (op, a, b).
  static final int LIT_BYTES = 1;   // outBytes[a, a + b)
  static final int LIT_CHARS = 2;   // outChars[a, a + b)
  static final int HEAD = 3;        // the activation script tag, in the head
  static final int BODY = 4;        // the end-of-body markup, with facts[a]
  static final int CLOSE = 5;       // the end-of-page markup, with facts[a]
  static final int EVENT = 6;       // events[a] to the listener

  /** The cache when {@code html-cache=off}. */
  static final PageCache OFF = new PageCache(0);

  private static final int DOORKEEPER = 4096;

  private final long maxBytes;
  /** Pages served from the cache (tests). */
  final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
  private final Cache<Key, Page[]> pages;
  /** Per URL slot: the fingerprint of the page it served last; 0 for none. */
  private final AtomicLongArray last;
  /** Per URL slot: 1 when its last two pages differed. */
  private final AtomicIntegerArray unstable;

  private PageCache(long maxBytes) {
    this.maxBytes = maxBytes;
    if (maxBytes == 0) {
      pages = null;
      last = null;
      unstable = null;
    } else {
      pages = Caffeine.newBuilder().executor(Runnable::run).maximumWeight(maxBytes).weigher((Key k, Page[] v) -> weight(k, v)).build();
      last = new AtomicLongArray(DOORKEEPER);
      unstable = new AtomicIntegerArray(DOORKEEPER);
    }
  }

  /** Returns a cache of at most {@code maxBytes}; {@link #OFF} for 0. */
  static PageCache of(long maxBytes) {
    return maxBytes <= 0 ? OFF : new PageCache(maxBytes);
  }

  boolean enabled() {
    return pages != null;
  }

  long maxBytes() {
    return maxBytes;
  }

  private static int weight(Key k, Page[] v) {
    long w = 64 + 2L * k.path.length();
    for (Page p : v) {
      w += p.weight;
    }
    return (int) Math.min(Integer.MAX_VALUE, w);
  }

  /**
   * Where pages are kept: the URL, how the application writes (writer, bytes read as they are, or
   * bytes decoded in a charset), XHTML, and the categories allowed for the request. Nothing per user.
   */
  record Key(String path, int kind, String charset, boolean xhtml, int allowed) {}

  /** The pages this key served that are kept, newest first; empty when none. */
  Page[] candidates(Key key) {
    Page[] found = pages.getIfPresent(key);
    return found == null ? NONE : found;
  }

  private static final Page[] NONE = new Page[0];

  private int slot(Key key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (DOORKEEPER - 1);
  }

  /** Whether to record this key's next page: its URL served a page before, and the same one the time before. */
  boolean shouldRecord(Key key) {
    int slot = slot(key);
    return last.get(slot) != 0 && unstable.get(slot) == 0;
  }

  /**
   * A page was rewritten (not served from the cache) with this fingerprint: keeps {@code recorded}
   * (if any) when the URL's previous page had the same fingerprint; remembers the fingerprint.
   */
  void rewritten(Key key, long fingerprint, Page recorded) {
    int slot = slot(key);
    long previous = last.getAndSet(slot, fingerprint);
    if (previous == fingerprint) {
      unstable.set(slot, 0);
      if (recorded != null) {
        put(key, recorded);
      }
    } else if (previous != 0) {
      unstable.set(slot, 1);
    }
  }

  void put(Key key, Page page) {
    pages.asMap().compute(key, (k, old) -> {
      List<Page> kept = new ArrayList<>(PER_KEY);
      kept.add(page);
      if (old != null) {
        for (Page p : old) {
          if (kept.size() < PER_KEY && !p.sameInput(page)) {
            kept.add(p);
          }
        }
      }
      return kept.toArray(new Page[0]);
    });
  }

  /** How many pages are kept (tests, benchmarks). */
  long size() {
    cleanUp();
    return pages == null ? 0 : pages.asMap().values().stream().mapToLong(v -> v.length).sum();
  }

  /** The keys that hold pages (tests). */
  java.util.Set<Key> keys() {
    return pages == null ? java.util.Set.of() : java.util.Set.copyOf(pages.asMap().keySet());
  }

  /** Runs pending evictions now. */
  void cleanUp() {
    if (pages != null) {
      pages.cleanUp();
    }
  }

  /** The request's markup-relevant page state at the moment a hook ran. */
  record Facts(boolean sawBaseHref, boolean sawActivateElement, boolean insertedInHead, int neutralisedCount,
      String documentLanguage) {
    static Facts of(PageRewriter r) {
      return new Facts(r.sawBaseHref(), r.sawActivateElement(), r.insertedInHead(), r.neutralisedCount(),
          r.documentLanguage().orElse(null));
    }
  }

  /**
   * One kept page: the input, the rewrite as a template, the events and the decisions. Immutable.
   * The template is laid out for replay: a literal run an event interrupted is one run, the event
   * going before it (never past a hook, whose markup may depend on it), and on a page read as bytes
   * the rewriter's own literal chars (one per byte) are bytes beside the page's, so that between
   * two hooks the kept rewrite is one write to the container.
   */
  static final class Page {
    /** The input of a page read as bytes; null for writer pages. */
    final byte[] inBytes;
    /** The input of a writer page (the application's own String when it wrote the page in one); else null. */
    final String inText;
    final int length;
    final int[] ops;
    final byte[] outBytes;
    /** The literal chars (stream pages: what goes to the encoder); null for writer pages. */
    final char[] outChars;
    /** Writer pages: the literal chars as a String, which containers' writers take fastest. */
    final String outText;
    final String[] hosts;
    final String[] hostCategories;
    final String[] categories;
    final boolean[] answers;
    final PageRewriter.Neutralised[] events;
    /** Each event's detail for the listener, as {@link HtmlGating#eventDetail} gives it. */
    final String[] eventDetails;
    final Facts[] facts;
    final int weight;

    private Page(Recorder r) {
      this.inBytes = r.inBytes == null ? null : Arrays.copyOf(r.inBytes, r.inLength);
      this.inText = r.kind != WRITER ? null : r.inText != null ? r.inText : new String(r.inChars, 0, r.inLength);
      this.length = r.inLength;
      Layout layout = new Layout(r);
      this.ops = layout.ops();
      this.outBytes = layout.bytes;
      if (r.kind == WRITER) {
        this.outChars = null;
        this.outText = new String(r.outChars, 0, r.outCharsLength);
      } else {
        this.outChars = layout.chars;
        this.outText = null;
      }
      this.hosts = r.hosts.keySet().toArray(new String[0]);
      this.hostCategories = new String[hosts.length];
      int i = 0;
      for (Optional<String> c : r.hosts.values()) {
        hostCategories[i++] = c.orElse(null);
      }
      this.categories = r.categories.keySet().toArray(new String[0]);
      this.answers = new boolean[categories.length];
      i = 0;
      for (boolean a : r.categories.values()) {
        answers[i++] = a;
      }
      this.events = r.events.toArray(new PageRewriter.Neutralised[0]);
      this.eventDetails = new String[events.length];
      for (i = 0; i < events.length; i++) {
        eventDetails[i] = HtmlGating.eventDetail(events[i]);
      }
      this.facts = r.facts.toArray(new Facts[0]);
      long w = 256L + (inBytes != null ? length : 2L * length) + outBytes.length + 2L * r.outCharsLength
          + 4L * ops.length + 96L * (hosts.length + categories.length + events.length + facts.length);
      this.weight = (int) Math.min(Integer.MAX_VALUE, w);
    }

    boolean sameInput(Page o) {
      return length == o.length && (inBytes != null ? Arrays.equals(inBytes, o.inBytes)
          : o.inText != null && inText.equals(o.inText));
    }

    /** Whether this request's decider gives every answer the recorded rewrite got. */
    boolean decisionsHold(PageRewriter.Decider decider) {
      for (int i = 0; i < hosts.length; i++) {
        if (!Objects.equals(decider.categoryOfHost(hosts[i]).orElse(null), hostCategories[i])) {
          return false;
        }
      }
      for (int i = 0; i < categories.length; i++) {
        if (decider.allowed(categories[i]) != answers[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Records one page while it is rewritten: its input, the rewrite's output with the hooks' places
   * and facts, its events and its decisions. Gives up (and frees what it copied) on anything that
   * makes the rewrite unfit to replay: an oversized page, a flush, an element left unscanned, a
   * failure, a hook whose markup did not come out where expected.
   */
  static final class Recorder {
    private final int kind;
    private boolean invalid;
    byte[] inBytes;
    char[] inChars;
    /** A writer page the application wrote as one String, kept as that String (not copied); else null. */
    String inText;
    int inLength;
    int[] ops = new int[48];
    int opsLength;
    byte[] outBytes = new byte[0];
    int outBytesLength;
    char[] outChars = new char[0];
    int outCharsLength;
    final Map<String, Optional<String>> hosts = new LinkedHashMap<>();
    final Map<String, Boolean> categories = new LinkedHashMap<>();
    final List<PageRewriter.Neutralised> events = new ArrayList<>();
    final List<Facts> facts = new ArrayList<>();
    /** Hook markup the rewriter is about to write: its op goes where it comes out. */
    private String expected;
    private int expectedOp;
    private int expectedFacts;

    Recorder(int kind) {
      this.kind = kind;
      if (kind == WRITER) {
        inChars = new char[0];
      } else {
        inBytes = new byte[4096];
      }
    }

    boolean valid() {
      return !invalid;
    }

    void giveUp() {
      invalid = true;
      inBytes = null;
      inChars = null;
      inText = null;
      outBytes = new byte[0];
      outChars = new char[0];
      ops = new int[0];
      opsLength = outBytesLength = outCharsLength = inLength = 0;
    }

    private boolean room(int more) {
      if (invalid) {
        return false;
      }
      if (inLength + (long) more > MAX_PAGE) {
        giveUp();
        return false;
      }
      return true;
    }

    void inputBytes(byte[] b, int off, int len) {
      if (!room(len)) {
        return;
      }
      if (inBytes.length < inLength + len) {
        inBytes = Arrays.copyOf(inBytes, Math.max(inLength + len, inBytes.length * 2));
      }
      System.arraycopy(b, off, inBytes, inLength, len);
      inLength += len;
    }

    void inputChars(char[] c, int off, int len) {
      if (!room(len)) {
        return;
      }
      growInput(len);
      System.arraycopy(c, off, inChars, inLength, len);
      inLength += len;
    }

    /** Chars of a String: a page written as one String is kept as that String. */
    void inputText(String s, int off, int len) {
      if (!room(len)) {
        return;
      }
      if (inLength == 0 && off == 0 && len == s.length()) {
        inText = s;
        inLength = len;
        return;
      }
      growInput(len);
      s.getChars(off, off + len, inChars, inLength);
      inLength += len;
    }

    /** Makes room for more input chars, copying a String kept whole first. */
    private void growInput(int len) {
      if (inChars.length < inLength + len) {
        inChars = Arrays.copyOf(inChars, Math.max(inLength + len, Math.max(4096, inChars.length * 2)));
      }
      if (inText != null) {
        inText.getChars(0, inText.length(), inChars, 0);
        inText = null;
      }
    }

    private void op(int op, int a, int b) {
      if (ops.length < opsLength + 3) {
        ops = Arrays.copyOf(ops, ops.length * 2);
      }
      ops[opsLength++] = op;
      ops[opsLength++] = a;
      ops[opsLength++] = b;
    }

    private boolean outRoom(int more) {
      if (invalid) {
        return false;
      }
      if (outBytesLength + (long) outCharsLength + more > MAX_OUTPUT) {
        giveUp();
        return false;
      }
      return true;
    }

    void outputBytes(byte[] b, int off, int len) {
      if (len == 0 || !outRoom(len)) {
        return;
      }
      if (outBytes.length < outBytesLength + len) {
        outBytes = Arrays.copyOf(outBytes, Math.max(outBytesLength + len, Math.max(4096, outBytes.length * 2)));
      }
      System.arraycopy(b, off, outBytes, outBytesLength, len);
      literal(LIT_BYTES, outBytesLength, len);
      outBytesLength += len;
    }

    void outputChars(char[] c, int off, int len) {
      if (len == 0 || !outRoom(len)) {
        return;
      }
      growChars(len);
      System.arraycopy(c, off, outChars, outCharsLength, len);
      literal(LIT_CHARS, outCharsLength, len);
      outCharsLength += len;
    }

    void outputChars(String s, int off, int len) {
      if (len == 0 || !outRoom(len)) {
        return;
      }
      growChars(len);
      s.getChars(off, off + len, outChars, outCharsLength);
      literal(LIT_CHARS, outCharsLength, len);
      outCharsLength += len;
    }

    private void growChars(int len) {
      if (outChars.length < outCharsLength + len) {
        outChars = Arrays.copyOf(outChars, Math.max(outCharsLength + len, Math.max(4096, outChars.length * 2)));
      }
    }

    /** Appends a literal run, joined to the previous one when it continues it. */
    private void literal(int op, int from, int len) {
      int last = opsLength - 3;
      if (last >= 0 && ops[last] == op && ops[last + 1] + ops[last + 2] == from) {
        ops[last + 2] += len;
      } else {
        op(op, from, len);
      }
    }

    /**
     * A hook ran and returned {@code markup} (facts index, or -1): the rewriter writes it next, after
     * any text it still held; its op goes where it comes out ({@link #hookWritten}).
     */
    void hook(int op, Facts f, String markup) {
      if (invalid) {
        return;
      }
      if (expected != null) {
        giveUp(); // the previous hook's markup never came out
        return;
      }
      int factsIndex = -1;
      if (f != null) {
        factsIndex = facts.size();
        facts.add(f);
      }
      if (markup.isEmpty()) {
        op(op, factsIndex, 0); // nothing comes out: its place does not matter
      } else {
        expected = markup;
        expectedOp = op;
        expectedFacts = factsIndex;
      }
    }

    /** Whether {@code s} is the markup of the hook that just ran (then its op is recorded here). */
    boolean hookWritten(String s, int off, int len) {
      if (expected == null || s != expected || off != 0 || len != s.length()) {
        return false;
      }
      expected = null;
      if (!invalid) {
        op(expectedOp, expectedFacts, 0);
      }
      return true;
    }

    /** The end-of-page markup, written by the caller right after this call. */
    void closing(Facts f) {
      if (invalid) {
        return;
      }
      if (expected != null) {
        giveUp();
        return;
      }
      op(CLOSE, facts.size(), 0);
      facts.add(f);
    }

    void event(PageRewriter.Neutralised e) {
      if (!invalid) {
        op(EVENT, events.size(), 0);
        events.add(e);
      }
    }

    void host(String host, Optional<String> category) {
      if (!invalid && hosts.size() < 4096) {
        hosts.putIfAbsent(host, category);
      } else if (!invalid) {
        giveUp();
      }
    }

    void allowed(String category, boolean answer) {
      if (!invalid) {
        categories.putIfAbsent(category, answer);
      }
    }

    /** The finished recording; null when it gave up. */
    Page page() {
      if (invalid || expected != null) {
        return null;
      }
      return new Page(this);
    }

    int kind() {
      return kind;
    }
  }

  /**
   * A recorded template laid out for replay. Literal runs an event interrupted become one run, the
   * event going first: events never move past a hook (the end-of-body markup reads what they
   * said). On a page read as bytes, where the encoder writes each char below 0x100 as that byte
   * (ISO-8859-1), the rewriter's literal chars become bytes, in order beside the page's own, so that
   * between two hooks there is one literal run.
   */
  private static final class Layout {
    final byte[] bytes;
    final char[] chars;
    private final int[] out;
    private int n;
    /** The literal run not yet laid out: its op (0 for none), start and length. */
    private int runOp;
    private int runFrom;
    private int runLen;

    Layout(Recorder r) {
      int[] ops = r.ops;
      boolean asBytes = r.kind == BYTES && latin1(r.outChars, 0, r.outCharsLength);
      out = new int[r.opsLength];
      if (asBytes) {
        bytes = new byte[r.outBytesLength + r.outCharsLength];
        chars = new char[0];
      } else {
        bytes = Arrays.copyOf(r.outBytes, r.outBytesLength);
        chars = Arrays.copyOf(r.outChars, r.outCharsLength);
      }
      int at = 0; // where the next literal goes in bytes (asBytes)
      for (int i = 0; i < r.opsLength; i += 3) {
        int op = ops[i];
        int a = ops[i + 1];
        int b = ops[i + 2];
        switch (op) {
          case LIT_BYTES, LIT_CHARS -> {
            if (asBytes) {
              if (op == LIT_BYTES) {
                System.arraycopy(r.outBytes, a, bytes, at, b);
              } else {
                for (int k = 0; k < b; k++) {
                  bytes[at + k] = (byte) r.outChars[a + k];
                }
              }
              literal(LIT_BYTES, at, b);
              at += b;
            } else {
              literal(op, a, b);
            }
          }
          case EVENT -> add(op, a, b);
          default -> {
            endRun();
            add(op, a, b);
          }
        }
      }
      endRun();
    }

    private static boolean latin1(char[] c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (c[i] > 0xFF) {
          return false;
        }
      }
      return true;
    }

    private void literal(int op, int from, int len) {
      if (runOp == op && runFrom + runLen == from) {
        runLen += len;
        return;
      }
      endRun();
      runOp = op;
      runFrom = from;
      runLen = len;
    }

    private void endRun() {
      if (runOp != 0) {
        add(runOp, runFrom, runLen);
        runOp = 0;
      }
    }

    private void add(int op, int a, int b) {
      out[n++] = op;
      out[n++] = a;
      out[n++] = b;
    }

    int[] ops() {
      return Arrays.copyOf(out, n);
    }
  }

  /**
   * A fingerprint of a page's bytes or chars that does not depend on how they were split into
   * writes: the bytes 8 at a time by their place in the page, spread over four multiply-add lanes,
   * then the length. Chars count by their low byte. Not a cryptographic hash: it
   * only decides what is worth recording; a page is served from the cache after comparing it whole.
   */
  static final class Fingerprint {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0x9E3779B97F4A7C15L;
    private long h0;
    private long h1 = 1;
    private long h2 = 2;
    private long h3 = 3;
    private long word;
    private int fill;
    /** Whole words taken so far: where the next one goes, by its place in the page. */
    private long index;
    private long length;
    private byte[] folded;

    void bytes(byte[] b, int off, int len) {
      length += len;
      int i = off;
      int end = off + len;
      while (fill != 0 && i < end) {
        word |= (b[i++] & 0xFFL) << (fill << 3);
        if (++fill == 8) {
          add(word);
          word = 0;
          fill = 0;
        }
      }
      while ((index & 3) != 0 && i + 8 <= end) {
        add((long) LONGS.get(b, i));
        i += 8;
      }
      long a = h0;
      long c = h1;
      long d = h2;
      long e = h3;
      int from = i;
      for (; i + 32 <= end; i += 32) {
        a = (a + (long) LONGS.get(b, i)) * M;
        c = (c + (long) LONGS.get(b, i + 8)) * M;
        d = (d + (long) LONGS.get(b, i + 16)) * M;
        e = (e + (long) LONGS.get(b, i + 24)) * M;
      }
      index += (i - from) >>> 3;
      h0 = a;
      h1 = c;
      h2 = d;
      h3 = e;
      for (; i + 8 <= end; i += 8) {
        add((long) LONGS.get(b, i));
      }
      while (i < end) {
        word |= (b[i++] & 0xFFL) << (fill << 3);
        fill++;
      }
    }

    /** Chars of a String, by their low byte (what the ISO-8859-1 view of the page gives). */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is that low-byte copy, without allocating
    void text(String s, int off, int len) {
      if (folded == null) {
        folded = new byte[8192];
      }
      while (len > 0) {
        int n = Math.min(len, folded.length);
        s.getBytes(off, off + n, folded, 0);
        bytes(folded, 0, n);
        off += n;
        len -= n;
      }
    }

    /** Chars, as {@link #text} takes them. */
    void chars(char[] c, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, 8192);
        text(new String(c, off, n), 0, n);
        off += n;
        len -= n;
      }
    }

    private void add(long w) {
      switch ((int) (index++ & 3)) {
        case 0 -> h0 = (h0 + w) * M;
        case 1 -> h1 = (h1 + w) * M;
        case 2 -> h2 = (h2 + w) * M;
        default -> h3 = (h3 + w) * M;
      }
    }

    /** The fingerprint of everything given so far; never 0. */
    long value() {
      long x = h0 ^ Long.rotateLeft(h1, 16) ^ Long.rotateLeft(h2, 32) ^ Long.rotateLeft(h3, 48);
      x ^= (word + fill) * 0xBF58476D1CE4E5B9L;
      x = (x ^ length * 0x94D049BB133111EBL) * M;
      x ^= x >>> 31;
      return x == 0 ? 1 : x;
    }
  }
}
