package io.github.cookiegate.servlet;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateEvent;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.internal.html.PageRewriter;
import io.github.cookiegate.servlet.internal.headers.CspPolicy;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The page side of the gate for one {@code text/html} response: the streaming {@link PageRewriter}
 * between the application and the container, deciding by the host catalog and the request's
 * activation and consent, and, at the end of the page, the activation script (and a chat button
 * where a chat vendor was neutralised and the page has none). With the filter's {@link PageCache},
 * a page whose application writes exactly the bytes of a kept one is served from it ({@link PageFront}).
 */
final class HtmlGating {

  private static final Logger LOG = System.getLogger(CookieGateFilter.class.getName());

  final RequestState state;
  /** The response whose body this rewrites: its Content-Security-Policy gives the tags' nonces. */
  private final GatedResponse response;
  private final String contextPath;
  final boolean xhtml;
  private final boolean gzip;
  final PageCache cache;
  /** Set up at the first page it reads ({@link #rewriter()}): a page served from the cache needs none. */
  private PageRewriter rewriter;
  private DecodingStream stream;
  /** Where the rewrite goes as chars: the container's writer, or the encoder to its stream. */
  Writer target;
  /** The container's stream (output-stream pages), where unchanged bytes go. */
  ServletOutputStream rawTarget;
  /** Output-stream pages: the response's charset, and whether the rewriter reads its bytes as they are. */
  private Charset charset;
  private boolean bytewise;
  /** The page cache's side of this page; null when the cache is off. */
  private PageFront front;
  /** Records this page's rewrite while the cache wants it; else null. */
  PageCache.Recorder recorder;
  private boolean chatNeutralised;
  private boolean finished;
  /** The first held chat element's vendor, by the host catalog; null when none named one. */
  private String chatVendor;
  private boolean launcherWritten;
  private boolean scriptWritten;

  HtmlGating(RequestState state, GatedResponse response, String contextPath, boolean xhtml, boolean gzip) {
    this.state = state;
    this.response = response;
    this.contextPath = contextPath == null ? "" : contextPath;
    this.xhtml = xhtml;
    this.gzip = gzip;
    this.cache = state.pages;
  }

  /** The most compressed bytes of one gzip page held to be decoded (the application's own body). */
  static final int GZIP_MAX_COMPRESSED = 8 * 1024 * 1024;
  /** The most bytes one gzip page may decode to (a body that inflates further is cut there). */
  static final long GZIP_MAX_DECODED = 64L * 1024 * 1024;

  /** Whether the page arrives gzip-compressed by the application. */
  boolean gzip() {
    return gzip;
  }

  /** Whether a Content-Encoding value is gzip alone (x-gzip is its old name, RFC 9110 8.4.1.3). */
  static boolean isGzip(String contentEncoding) {
    String e = contentEncoding.strip();
    return e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip");
  }

  /**
   * Returns a stream for a page the application compresses with gzip itself: the compressed bytes
   * are held (at most {@value #GZIP_MAX_COMPRESSED}), and when the application is done they are
   * decoded (at most {@link #GZIP_MAX_DECODED} bytes), rewritten and compressed again to the
   * container. Fails closed: a body that is not valid gzip, or bigger than these bounds, is cut
   * where it stops being readable, with one WARNING line; nothing unread reaches the browser.
   */
  ServletOutputStream wrapGzip(ServletOutputStream container, Charset charset) {
    GzipPage page = new GzipPage(container, charset);
    gzipPage = page;
    return page;
  }

  private GzipPage gzipPage;

  /** Holds the application's gzip bytes; on close, inflates, rewrites and deflates them to the container. */
  private final class GzipPage extends ServletOutputStream {
    private final ServletOutputStream container;
    private final Charset charset;
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream(8192);
    private boolean overflow;
    private boolean closed;

    GzipPage(ServletOutputStream container, Charset charset) {
      this.container = container;
      this.charset = charset;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (held.size() + (long) len > GZIP_MAX_COMPRESSED) {
        overflow = true;
        return;
      }
      held.write(b, off, len);
    }

    @Override
    public void flush() {
      // held until the page is complete: a gzip member is only readable whole
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      java.util.zip.GZIPOutputStream deflate = new java.util.zip.GZIPOutputStream(new java.io.FilterOutputStream(container) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          container.write(b, off, len);
        }

        @Override
        public void close() {
          // the container completes the response itself
        }
      }, 8192);
      ServletOutputStream reencode = new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          deflate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          deflate.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return container.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          container.setWriteListener(listener);
        }
      };
      ServletOutputStream rewriting = wrap(reencode, charset);
      long decoded = 0;
      String problem = overflow ? "its compressed body exceeds " + GZIP_MAX_COMPRESSED + " bytes" : null;
      try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
          new java.io.ByteArrayInputStream(held.toByteArray()), 8192)) {
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
          decoded += n;
          if (decoded > GZIP_MAX_DECODED) {
            problem = "it decodes to more than " + GZIP_MAX_DECODED + " bytes";
            break;
          }
          rewriting.write(chunk, 0, n);
        }
      } catch (java.io.EOFException | java.util.zip.ZipException e) {
        problem = held.size() == 0 ? null : "it is not valid gzip (" + e.getMessage() + ")";
      }
      if (problem != null) {
        String why = problem;
        LOG.log(Level.WARNING, () -> "cookie-gate: an application-compressed (gzip) page was cut because " + why
            + "; the rest was not sent unrewritten");
      }
      rewriting.close();
      deflate.finish();
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

  /** Whether a category may load for this request: chat by activation or consent, others by consent. */
  private boolean allowed(String categoryId) {
    Category c = Category.fromId(categoryId).orElse(null);
    if (c == null) {
      return false; // an unknown mark fails closed
    }
    return state.gateRequest().allows(c);
  }

  private Optional<String> categoryOfHost(String host) {
    return state.gate.hostCatalog().match(host).map(HostRule::category).map(Category::id);
  }

  /** Returns the writer the application writes its page to. */
  Writer wrap(Writer container) {
    target = container;
    if (!cache.enabled()) {
      return rewriter();
    }
    front = new PageFront(this, PageCache.WRITER, null);
    return new PageFront.PageWriter(front);
  }

  /** The rewriter's decider: this request's answers, noted by the recorder while one records. */
  final PageRewriter.Decider decider = new PageRewriter.Decider() {
    @Override
    public Optional<String> categoryOfHost(String host) {
      Optional<String> category = HtmlGating.this.categoryOfHost(host);
      PageCache.Recorder r = recorder;
      if (r != null) {
        try {
          r.host(host, category);
        } catch (RuntimeException e) {
          recordingFailed(e);
        }
      }
      return category;
    }

    @Override
    public boolean allowed(String category) {
      boolean allowed = HtmlGating.this.allowed(category);
      PageCache.Recorder r = recorder;
      if (r != null) {
        try {
          r.allowed(category, allowed);
        } catch (RuntimeException e) {
          recordingFailed(e);
        }
      }
      return allowed;
    }
  };

  /** The page's rewriter, set up when first needed. */
  PageRewriter rewriter() {
    if (rewriter == null) {
      build();
    }
    return rewriter;
  }

  /** The stream that takes an output-stream page's bytes to the rewriter, set up with it. */
  DecodingStream stream() {
    if (rewriter == null) {
      build();
    }
    return stream;
  }

  /**
   * Sets up the rewriter that writes the page to {@link #target} and, on an output-stream page,
   * its unchanged bytes to {@link #rawTarget}.
   */
  private void build() {
    Writer container = target;
    Writer tail = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        PageCache.Recorder r = recorder;
        if (r != null) {
          try {
            r.outputChars(cbuf, off, len);
          } catch (RuntimeException e) {
            recordingFailed(e);
          }
        }
        container.write(cbuf, off, len);
      }

      @Override
      public void write(String str, int off, int len) throws IOException {
        PageCache.Recorder r = recorder;
        if (r != null) {
          try {
            if (!r.hookWritten(str, off, len)) {
              r.outputChars(str, off, len);
            }
          } catch (RuntimeException e) {
            recordingFailed(e);
          }
        }
        container.write(str, off, len);
      }

      @Override
      public void flush() throws IOException {
        container.flush();
      }

      /**
       * The rewriter is done: add the epilogue and hand everything to the container, without
       * flushing it. The container then completes the response itself, so a page that fits its
       * buffer still goes out in one write with a Content-Length instead of chunked.
       */
      @Override
      public void close() throws IOException {
        PageCache.Facts facts = PageCache.Facts.of(rewriter);
        String end = epilogue(facts); // what the end of the body did not get (a page without </body> and </html>)
        PageCache.Recorder r = recorder;
        if (r != null) {
          try {
            r.closing(facts);
          } catch (RuntimeException e) {
            recordingFailed(e);
          }
        }
        container.write(end);
        if (container instanceof EncodingWriter) {
          container.close(); // drains its bytes into the container's stream; does not flush that
        }
      }
    };
    rewriter = PageRewriter.wrap(tail, decider,
        new PageRewriter.Listener() {
          @Override
          public void neutralised(PageRewriter.Neutralised e) {
            PageCache.Recorder r = recorder;
            if (r != null) {
              try {
                r.event(e);
              } catch (RuntimeException failure) {
                recordingFailed(failure);
              }
            }
            neutralisedElement(e);
          }

          @Override
          public void unscanned(String tagName, int length) {
            giveUpRecording();
            LOG.log(Level.WARNING, () -> "cookie-gate: an inline <" + tagName + "> of " + length
                + " chars is too long to check and passed unchanged");
          }

          @Override
          public void failed(RuntimeException cause) {
            giveUpRecording();
            LOG.log(Level.WARNING, () -> "cookie-gate: page rewriting failed; the rest of the page passes unchanged: "
                + cause);
          }
        });
    rewriter.insertInHead(() -> {
      String tag = gateScriptTag();
      PageCache.Recorder r = recorder;
      if (r != null) {
        try {
          r.hook(PageCache.HEAD, null, tag);
        } catch (RuntimeException e) {
          recordingFailed(e);
        }
      }
      return tag;
    });
    if (xhtml) {
      rewriter.xhtml();
    } else {
      rewriter.insertAtEndOfBody(() -> {
        PageCache.Facts facts = PageCache.Facts.of(rewriter);
        String markup = epilogue(facts);
        PageCache.Recorder r = recorder;
        if (r != null) {
          try {
            r.hook(PageCache.BODY, facts, markup);
          } catch (RuntimeException e) {
            recordingFailed(e);
          }
        }
        return markup;
      });
    }
    if (rawTarget != null) {
      ServletOutputStream raw = rawTarget;
      Charset wire = bytewise ? StandardCharsets.ISO_8859_1 : charset;
      if (bytewise) {
        rewriter.bytes((b, off, len) -> {
          PageCache.Recorder r = recorder;
          if (r != null) {
            try {
              r.outputBytes(b, off, len);
            } catch (RuntimeException e) {
              recordingFailed(e);
            }
          }
          raw.write(b, off, len);
        }, charset);
      }
      stream = new DecodingStream(raw, rewriter, wire, bytewise);
    }
  }

  /** A held element: remembers the first chat vendor (for the launcher) and tells the gate's listener. */
  void neutralisedElement(PageRewriter.Neutralised e) {
    neutralisedElement(e, null);
  }

  /**
   * A held element, with the listener's detail when it is known already (a kept page's): the event
   * is built only when the listener wants it.
   */
  void neutralisedElement(PageRewriter.Neutralised e, String detail) {
    CookieGate gate = state.gate;
    if (e.category().equals(Category.CHAT.id())) {
      chatNeutralised = true;
      if (chatVendor == null && !e.host().isEmpty()) {
        chatVendor = gate.hostCatalog().match(e.host()).flatMap(HostRule::vendor).map(Launcher::vendorName)
            .orElse(null);
      }
    }
    if (wanted(gate)) {
      GateAccess.notify(gate, GateAccess.event(GateEvent.Type.BLOCKED, detail != null ? detail : eventDetail(e)));
    }
  }

  /** Whether the gate's listener wants a held element's event; a listener that fails to say is told, and the gate logs its failure. */
  private static boolean wanted(CookieGate gate) {
    try {
      return gate.listener().wants(GateEvent.Type.BLOCKED);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The listener's detail for a held element. */
  static String eventDetail(PageRewriter.Neutralised e) {
    return "neutralised <" + e.tagName() + ">" + (e.host().isEmpty() ? "" : " from " + e.host()) + " until "
        + e.category() + (e.category().equals(Category.CHAT.id()) ? " activation or consent" : " consent");
  }

  void giveUpRecording() {
    PageCache.Recorder r = recorder;
    if (r != null) {
      r.giveUp();
    }
  }

  /** The recorder failed: this page is not kept; the rewrite goes on untouched (never fails open for it). */
  void recordingFailed(RuntimeException e) {
    recorder = null;
    LOG.log(Level.WARNING, () -> "cookie-gate: the page cache could not record a page; it is not kept: " + e);
  }

  /**
   * Returns a stream that rewrites the page. In a charset where every byte below 0x80 is the ASCII
   * character and never part of a multi-byte one (UTF-8, ISO-8859-x, windows-125x, EUC), the
   * markup the rewriter looks for is plain ASCII, so the rewriter reads the bytes themselves
   * ({@link PageRewriter#writeBytes}): the bytes it leaves unchanged go to the container as the
   * application wrote them, malformed ones included, without being decoded or encoded; what it
   * inserts or changes is written as one byte per char (ISO-8859-1), which gives back exactly the
   * bytes it read. Other charsets are decoded, rewritten and encoded back.
   */
  ServletOutputStream wrap(ServletOutputStream container, Charset charset) {
    this.charset = charset;
    bytewise = asciiTransparent(charset);
    EncodingWriter encoder = new EncodingWriter(container, bytewise ? StandardCharsets.ISO_8859_1 : charset);
    // Unchanged runs go straight to the container, so the encoder's bytes must be there before them.
    encoder.immediate = bytewise;
    target = encoder;
    rawTarget = container;
    if (!cache.enabled() || gzip) {
      return stream();
    }
    front = new PageFront(this, bytewise ? PageCache.BYTES : PageCache.DECODED, charset);
    return new PageFront.PageStream(front, container);
  }

  /** Whether bytes 0x00-0x7F always stand for themselves, alone (not Shift_JIS, GBK, Big5, UTF-16). */
  static boolean asciiTransparent(Charset charset) {
    String name = charset.name().toUpperCase(Locale.ROOT);
    return name.equals("UTF-8") || name.equals("US-ASCII") || name.startsWith("ISO-8859-")
        || name.startsWith("WINDOWS-125") || name.startsWith("KOI8-") || name.equals("EUC-JP")
        || name.equals("EUC-KR");
  }

  /** Writes out what the rewriter still holds and the script; once. */
  void finish() {
    if (finished || (rewriter == null && gzipPage == null && front == null)) {
      return;
    }
    finished = true;
    try {
      if (gzipPage != null) {
        gzipPage.close(); // decodes, rewrites, compresses again
      } else if (front != null) {
        front.close(); // serves the kept rewrite, or ends the rewriter's page
      } else if (stream != null) {
        stream.close(); // decodes what is left, then closes the rewriter
      } else {
        rewriter.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: could not finish the page: " + e);
    }
  }

  /**
   * What goes at the end of the body (before {@code </body>}, else at the end of the page): the chat
   * launcher where a chat vendor was held and the page has no button of its own ({@code launcher=auto}),
   * and the activation script when the head did not get it (a fragment, or a page without head) but
   * the page needs it. Each at most once: what the end of the body got, the end of the page does not.
   */
  String epilogue(PageCache.Facts page) {
    if (xhtml) {
      return ""; // XHTML: nothing may follow the root element (its head got the script)
    }
    StringBuilder sb = new StringBuilder(0);
    // After a <base href>, the browser resolves "/cookie-gate/..." against that base, which may be a
    // vendor's host: the launcher's stylesheet and links then name the page's own origin.
    String prefix = contextPath;
    if (page.sawBaseHref()) {
      String origin = state.origin();
      // The host comes from the request: only a plain scheme://host:port goes into the markup.
      boolean plain = origin != null && origin.chars().allMatch(
          c -> c < 0x7F && (Character.isLetterOrDigit(c) || ".:-[]/".indexOf(c) >= 0));
      prefix = plain ? origin + contextPath : contextPath;
    }
    if (!launcherWritten && chatNeutralised && !page.sawActivateElement() && state.gate.launcher()) {
      launcherWritten = true;
      String language = Launcher.language(page.documentLanguage(), state.acceptLanguage());
      sb.append(Launcher.markup(state.gate, prefix, language, chatVendor, CspPolicy.styleNonceOf(response)));
    }
    if (!scriptWritten && !page.insertedInHead() && (page.neutralisedCount() > 0 || page.sawActivateElement())) {
      scriptWritten = true;
      sb.append('\n').append(gateScriptTag(prefix)).append('\n');
    }
    return sb.toString();
  }

  /**
   * The tag that loads the activation script: a classic script without {@code defer}, so that in the
   * head it runs before any page script can insert a vendor element. {@code data-allowed} lists the
   * categories allowed for this request, so the script holds back the others that page scripts
   * insert at run time.
   */
  String gateScriptTag() {
    return gateScriptTag(contextPath);
  }

  private String gateScriptTag(String prefix) {
    StringBuilder sb = new StringBuilder(192);
    sb.append("<script src=\"").append(prefix).append(state.gate.gateScriptPath())
        .append("\" data-activation-path=\"").append(contextPath).append(state.gate.activationPath())
        .append("\" data-allowed=\"");
    int mark = sb.length();
    java.util.Set<Category> allowed = state.gateRequest().allowed();
    for (Category c : Category.CONSENT_REQUIRED) {
      if (allowed.contains(c)) {
        sb.append(sb.length() == mark ? "" : " ").append(c.id());
      }
    }
    return sb.append('"').append(gateScriptAttributes()).append("></script>").toString();
  }

  /**
   * Returns the activation script tag's attributes that come from the response's policy: {@code
   * nonce="..."} when the policy has a usable nonce, and {@code data-reload-on-activate} when the
   * gate holds chat vendors back in it (gate.js then reloads the page after activation instead of
   * restoring in place). "" when neither.
   */
  private String gateScriptAttributes() {
    String n = CspPolicy.nonceOf(response);
    String nonce = n == null ? "" : " nonce=\"" + n + "\"";
    return response.policyHoldsChatBack() ? nonce + " data-reload-on-activate" : nonce;
  }

  /**
   * Something other than the page's own bytes happened mid-page ({@code flushBuffer}, {@code reset},
   * {@code resetBuffer}): a page being compared with a kept one goes to the rewriter now, and this
   * page is not kept.
   */
  void interrupted() {
    if (front != null) {
      try {
        front.interrupt();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: could not hand the page to the rewriter: " + e);
      }
    }
  }

  /** Chars in, bytes in the response's charset to the container, through a 4 KiB buffer. */
  static final class EncodingWriter extends Writer {
    /** Hands each write's bytes to the container at once: the rewriter writes unchanged bytes there itself. */
    boolean immediate;
    private final ServletOutputStream container;
    private final Charset charset;
    /** Made at the first chars encoded, with the buffer: a page served from the cache may need neither. */
    private java.nio.charset.CharsetEncoder encoder;
    private ByteBuffer bytes;
    /** A high surrogate whose low half comes with the next write. */
    private CharBuffer pending;

    EncodingWriter(ServletOutputStream container, Charset charset) {
      this.container = container;
      this.charset = charset;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      if (pending != null && pending.position() > 0) {
        pending.put(cbuf[off]).flip();
        encode(pending);
        pending.clear();
        off++;
        len--;
      }
      CharBuffer chars = CharBuffer.wrap(cbuf, off, len);
      encode(chars);
      if (chars.hasRemaining()) {
        pending.put(chars.get()); // the encoder waits for the rest of a surrogate pair
      }
      if (immediate) {
        drain(); // the rewriter's next unchanged bytes go straight to the container: these first
      }
    }

    /**
     * In ISO-8859-1 with nothing pending, a String that does not end with a high surrogate becomes
     * the bytes {@link String#getBytes(Charset)} gives, which replaces as the encoder does (one
     * {@code ?} per unmappable char or surrogate pair): written at once, without the buffer.
     */
    @Override
    public void write(String str, int off, int len) throws IOException {
      if (immediate && len > 0 && charset.equals(StandardCharsets.ISO_8859_1)
          && (pending == null || pending.position() == 0) && !Character.isHighSurrogate(str.charAt(off + len - 1))) {
        drain();
        byte[] b = (off == 0 && len == str.length() ? str : str.substring(off, off + len))
            .getBytes(StandardCharsets.ISO_8859_1);
        container.write(b, 0, b.length);
        return;
      }
      super.write(str, off, len);
    }

    /** Encodes into the buffer; writes to the container only when it is full (the rewriter writes in small pieces). */
    private void encode(CharBuffer chars) throws IOException {
      if (encoder == null) {
        encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
        bytes = ByteBuffer.allocate(4096);
        pending = CharBuffer.allocate(2);
      }
      while (encoder.encode(chars, bytes, false).isOverflow()) {
        drain();
      }
    }

    private void drain() throws IOException {
      if (bytes == null) {
        return;
      }
      bytes.flip();
      if (bytes.hasRemaining()) {
        container.write(bytes.array(), bytes.position(), bytes.remaining());
      }
      bytes.clear();
    }

    @Override
    public void flush() throws IOException {
      drain();
      container.flush();
    }

    /** Finishes encoding and hands the bytes to the container's stream, without flushing it. */
    @Override
    public void close() throws IOException {
      if (encoder == null) {
        return; // nothing went through the encoder: its end adds nothing
      }
      if (pending.position() > 0) {
        pending.flip();
        encode(pending); // a lone high surrogate at the end: the encoder replaces it
        pending.clear();
      }
      CharBuffer none = CharBuffer.allocate(0);
      while (encoder.encode(none, bytes, true).isOverflow()) {
        drain();
      }
      while (encoder.flush(bytes).isOverflow()) {
        drain();
      }
      drain();
    }
  }

  /**
   * Bytes in: to the rewriter as they are ({@code bytewise}), or decoded to chars; malformed input
   * is replaced, as any HTML parser would.
   */
  static final class DecodingStream extends ServletOutputStream {
    private final ServletOutputStream container;
    private final PageRewriter writer;
    private final CharsetDecoder decoder;
    // Small: the container buffers the response; these only carry one write() at a time. None when bytewise.
    private final ByteBuffer in;
    private final CharBuffer out;
    private final boolean bytewise;
    private final byte[] one = new byte[1];

    DecodingStream(ServletOutputStream container, PageRewriter writer, Charset charset, boolean bytewise) {
      this.container = container;
      this.writer = writer;
      this.bytewise = bytewise;
      this.in = bytewise ? null : ByteBuffer.allocate(4096);
      this.out = bytewise ? null : CharBuffer.allocate(4096);
      this.decoder = bytewise ? null : charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    @Override
    public void write(int b) throws IOException {
      if (bytewise) {
        one[0] = (byte) b;
        writer.writeBytes(one, 0, 1);
        return;
      }
      if (!in.hasRemaining()) {
        drain(false);
      }
      in.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (bytewise) {
        writer.writeBytes(b, off, len);
        return;
      }
      while (len > 0) {
        int n = Math.min(len, in.remaining());
        in.put(b, off, n);
        off += n;
        len -= n;
        if (!in.hasRemaining()) {
          drain(false);
        }
      }
    }

    private void drain(boolean end) throws IOException {
      in.flip();
      while (true) {
        CoderResult r = decoder.decode(in, out, end);
        out.flip();
        writer.write(out.array(), out.position(), out.remaining());
        out.clear();
        if (!r.isOverflow()) {
          break;
        }
      }
      in.compact(); // keeps a partial multi-byte character for the next write
    }

    @Override
    public void flush() throws IOException {
      if (!bytewise) {
        drain(false);
      }
      writer.flush();
    }

    @Override
    public void close() throws IOException {
      if (!bytewise) {
        drain(true);
      }
      writer.close();
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
