package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The page cache's side of one page that {@link HtmlGating} rewrites. At the first write it looks
 * up the pages this URL served for the same decisions; while the application writes exactly the
 * bytes of one of them it writes nothing; when the page ends with that same length, and this
 * request's decider gives every answer the kept rewrite got, it writes the kept rewrite with this
 * request's own markup (nonce, allowed categories, launcher language) and events. On the first
 * difference, a flush, or any error, what matched so far (the kept page's own bytes) goes to the
 * rewriter and the page goes on through it, as without a cache. A page the rewriter reads may be
 * recorded, and kept when its URL served the same bytes before. {@link PageWriter} and {@link
 * PageStream} are the writer and the stream the application gets when the cache is on.
 */
final class PageFront {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  private static final int START = 0;
  private static final int MATCHING = 1;
  private static final int PLAIN = 2;
  private static final int SERVED = 3;

  /** The page this is the front of: its rewriter, decider, targets and recorder. */
  private final HtmlGating gating;
  private final int kind;
  private final Charset charset;
  private int mode = START;
  private PageCache.Key key;
  private PageCache.Page[] candidates;
  /** One bit per candidate still equal to the page so far. */
  private int alive;
  /** Units (chars or bytes) of the page so far, equal to each live candidate's first ones. */
  private int matched;
  /** A candidate equal to the page so far: where the matched units are taken from on a miss. */
  private PageCache.Page source;
  private PageCache.Fingerprint fingerprint;
  /** Where a kept String's chars (and the other side's, for a String) are compared, {@link #CHUNK} at a time. */
  private char[] scratch;
  private char[] scratch2;
  private boolean closed;

  PageFront(HtmlGating gating, int kind, Charset charset) {
    this.gating = gating;
    this.kind = kind;
    this.charset = charset;
  }

  private void begin() {
    mode = PLAIN;
    try {
      key = key();
      if (key != null) {
        candidates = gating.cache.candidates(key);
        if (candidates.length > 0) {
          mode = MATCHING;
          alive = (1 << candidates.length) - 1;
          source = candidates[0];
          return;
        }
      }
    } catch (RuntimeException e) {
      key = null;
      LOG.log(Level.WARNING, () -> "cookie-gate: the page cache failed; the page is rewritten: " + e);
    }
    plain();
  }

  private PageCache.Key key() {
    String path = gating.state.pagePath();
    if (path == null || path.length() > PageCache.MAX_PATH) {
      return null;
    }
    int allowed = 0;
    for (Category c : gating.state.gateRequest().allowed()) {
      allowed |= 1 << c.ordinal();
    }
    return new PageCache.Key(path, kind, charset == null ? "" : charset.name(), gating.xhtml, allowed);
  }

  /** From here on the rewriter reads the page; it is recorded when its URL served a page the same twice. */
  private void plain() {
    mode = PLAIN;
    candidates = null;
    if (key != null) {
      fingerprint = new PageCache.Fingerprint();
      if (gating.cache.shouldRecord(key)) {
        gating.recorder = new PageCache.Recorder(kind);
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("cookie-gate: HTML writer is closed");
    }
  }

  void chars(char[] c, int off, int len) throws IOException {
    ensureOpen();
    if (mode == START) {
      begin();
    }
    if (mode == MATCHING) {
      if (matches(c, null, null, off, len)) {
        return;
      }
      miss();
    }
    plainChars(c, off, len);
  }

  void string(String s, int off, int len) throws IOException {
    ensureOpen();
    if (mode == START) {
      begin();
    }
    if (mode == MATCHING) {
      if (matches(null, null, s, off, len)) {
        return;
      }
      miss();
    }
    plainString(s, off, len);
  }

  void bytes(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (mode == START) {
      begin();
    }
    if (mode == MATCHING) {
      if (matches(null, b, null, off, len)) {
        return;
      }
      miss();
    }
    plainBytes(b, off, len);
  }

  /** Chars compared at a time when a kept page's String is compared with other chars (fits in L1 twice). */
  private static final int CHUNK = 1024;
  /** Short runs are compared in place ({@link String#regionMatches}); longer ones chunk by chunk. */
  private static final int SHORT = 32;

  /** Fingerprints and records chars of a String the rewriter reads next. */
  private void note(String s, int off, int len) {
    try {
      if (fingerprint != null) {
        fingerprint.text(s, off, len);
      }
      PageCache.Recorder r = gating.recorder;
      if (r != null) {
        r.inputText(s, off, len);
      }
    } catch (RuntimeException e) {
      noteFailed(e);
    }
  }

  private void note(char[] c, int off, int len) {
    try {
      if (fingerprint != null) {
        fingerprint.chars(c, off, len);
      }
      PageCache.Recorder r = gating.recorder;
      if (r != null) {
        r.inputChars(c, off, len);
      }
    } catch (RuntimeException e) {
      noteFailed(e);
    }
  }

  private void note(byte[] b, int off, int len) {
    try {
      if (fingerprint != null) {
        fingerprint.bytes(b, off, len);
      }
      PageCache.Recorder r = gating.recorder;
      if (r != null) {
        r.inputBytes(b, off, len);
      }
    } catch (RuntimeException e) {
      noteFailed(e);
    }
  }

  /** Fingerprinting or recording failed: the page is neither counted nor kept; the rewriter reads it as ever. */
  private void noteFailed(RuntimeException e) {
    fingerprint = null;
    gating.recordingFailed(e);
  }

  private void plainChars(char[] c, int off, int len) throws IOException {
    note(c, off, len);
    gating.rewriter().write(c, off, len);
  }

  private void plainString(String s, int off, int len) throws IOException {
    note(s, off, len);
    gating.rewriter().write(s, off, len);
  }

  private void plainBytes(byte[] b, int off, int len) throws IOException {
    note(b, off, len);
    gating.stream().write(b, off, len);
  }

  /**
   * Whether the next units (chars {@code c}, bytes {@code b} or String {@code s}, one of them)
   * equal those of a live candidate; narrows the candidates to those.
   */
  private boolean matches(char[] c, byte[] b, String s, int off, int len) {
    try {
      int from = matched;
      int to = from + len;
      int still = 0;
      for (int i = 0; i < candidates.length; i++) {
        PageCache.Page p = candidates[i];
        if ((alive & (1 << i)) != 0 && p.length >= to && (b != null
            ? p.inBytes != null && Arrays.equals(p.inBytes, from, to, b, off, off + len)
            : p.inText != null && (s != null ? sameText(p.inText, from, s, off, len)
                : sameChars(p.inText, from, c, off, len)))) {
          still |= 1 << i;
        }
      }
      if (still == 0) {
        return false;
      }
      alive = still;
      source = candidates[Integer.numberOfTrailingZeros(still)];
      matched = to;
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: the page cache failed; the page is rewritten: " + e);
      return false;
    }
  }

  /**
   * Whether {@code kept[from, from + len)} equals {@code s[off, off + len)}: a page written as one
   * String by {@link String#equals} (at once when it is the String kept), without copying either.
   */
  private boolean sameText(String kept, int from, String s, int off, int len) {
    if (from == 0 && off == 0 && len == kept.length() && len == s.length()) {
      return kept.equals(s);
    }
    if (len <= SHORT) {
      return kept.regionMatches(from, s, off, len);
    }
    char[] a = scratch();
    char[] b = scratch2;
    for (int k = 0; k < len; k += CHUNK) {
      int n = Math.min(len - k, CHUNK);
      kept.getChars(from + k, from + k + n, a, 0);
      s.getChars(off + k, off + k + n, b, 0);
      if (!Arrays.equals(a, 0, n, b, 0, n)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code kept[from, from + len)} equals {@code c[off, off + len)}. */
  private boolean sameChars(String kept, int from, char[] c, int off, int len) {
    char[] a = scratch();
    for (int k = 0; k < len; k += CHUNK) {
      int n = Math.min(len - k, CHUNK);
      kept.getChars(from + k, from + k + n, a, 0);
      if (!Arrays.equals(a, 0, n, c, off + k, off + k + n)) {
        return false;
      }
    }
    return true;
  }

  private char[] scratch() {
    if (scratch == null) {
      scratch = new char[CHUNK];
      scratch2 = new char[CHUNK];
    }
    return scratch;
  }

  /** The page differs from every kept one: the rewriter reads what matched (the kept page's first units), then the rest. */
  private void miss() throws IOException {
    PageCache.Page p = source;
    int n = matched;
    plain();
    if (n > 0) {
      if (p.inText != null) {
        plainString(p.inText, 0, n);
      } else {
        plainBytes(p.inBytes, 0, n);
      }
    }
  }

  void flush() throws IOException {
    ensureOpen();
    interrupt();
    if (kind == PageCache.WRITER) {
      gating.rewriter().flush();
    } else {
      gating.stream().flush();
    }
  }

  void interrupt() throws IOException {
    if (closed) {
      return;
    }
    if (mode == START) {
      begin();
    }
    if (mode == MATCHING) {
      miss();
    }
    gating.giveUpRecording();
  }

  void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (mode == START) {
      begin();
    }
    if (mode == MATCHING) {
      PageCache.Page hit = hit();
      if (hit != null) {
        mode = SERVED;
        serve(hit);
        return;
      }
      miss();
    }
    if (kind == PageCache.WRITER) {
      gating.rewriter().close();
    } else {
      gating.stream().close();
    }
    PageCache.Recorder r = gating.recorder;
    gating.recorder = null;
    if (fingerprint != null) {
      try {
        gating.cache.rewritten(key, fingerprint.value(), r == null ? null : r.page());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, () -> "cookie-gate: the page cache failed to keep a page: " + e);
      }
    }
  }

  /** The live candidate as long as the page, if this request's decider agrees with every recorded decision. */
  private PageCache.Page hit() {
    try {
      for (int i = 0; i < candidates.length; i++) {
        PageCache.Page p = candidates[i];
        if ((alive & (1 << i)) != 0 && p.length == matched && p.decisionsHold(gating.decider)) {
          return p;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "cookie-gate: the page cache failed; the page is rewritten: " + e);
    }
    return null;
  }

  /** Writes the kept rewrite: literal runs as kept, this request's markup at the hooks, the events. */
  private void serve(PageCache.Page p) throws IOException {
    int[] ops = p.ops;
    for (int i = 0; i < ops.length; i += 3) {
      int a = ops[i + 1];
      switch (ops[i]) {
        case PageCache.LIT_BYTES -> gating.rawTarget.write(p.outBytes, a, ops[i + 2]);
        case PageCache.LIT_CHARS -> {
          if (p.outText != null) {
            gating.target.write(p.outText, a, ops[i + 2]);
          } else {
            gating.target.write(p.outChars, a, ops[i + 2]);
          }
        }
        case PageCache.HEAD -> gating.target.write(gating.gateScriptTag());
        case PageCache.BODY, PageCache.CLOSE -> gating.target.write(gating.epilogue(p.facts[a]));
        case PageCache.EVENT -> gating.neutralisedElement(p.events[a], p.eventDetails[a]);
        default -> throw new IllegalStateException("cookie-gate: unknown page cache operation " + ops[i]);
      }
    }
    if (gating.target instanceof HtmlGating.EncodingWriter) {
      gating.target.close(); // drains its bytes into the container's stream; does not flush that
    }
    gating.cache.hits.increment();
  }

  /** The writer the application gets when the page cache is on. */
  static final class PageWriter extends Writer {
    private final PageFront front;
    private final char[] one = new char[1];

    PageWriter(PageFront front) {
      this.front = front;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
      if (len > 0) {
        front.chars(cbuf, off, len);
      }
    }

    @Override
    public void write(int c) throws IOException {
      one[0] = (char) c;
      front.chars(one, 0, 1);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, str.length());
      if (len > 0) {
        front.string(str, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      front.flush();
    }

    @Override
    public void close() throws IOException {
      front.close();
    }
  }

  /** The stream the application gets when the page cache is on. */
  static final class PageStream extends ServletOutputStream {
    private final PageFront front;
    private final ServletOutputStream container;
    private final byte[] one = new byte[1];

    PageStream(PageFront front, ServletOutputStream container) {
      this.front = front;
      this.container = container;
    }

    @Override
    public void write(int b) throws IOException {
      one[0] = (byte) b;
      front.bytes(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        front.bytes(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      front.flush();
    }

    @Override
    public void close() throws IOException {
      front.close();
    }

    @Override
    public boolean isReady() {
      return container.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      container.setWriteListener(listener);
    }
  }
}
