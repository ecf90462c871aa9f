package io.github.cookiegate.internal.html;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link Writer} that streams an HTML page to another writer and neutralises, on the way, the
 * elements that must not load yet: those the one table of what loads names (scripts by URL or by
 * the hosts their inline text names, iframes and their {@code srcdoc}, images and pixels, media,
 * plugins, stylesheets, icons and resource hints, refreshes; see {@code
 * io.github.cookiegate.internal.html.Loads}) when a URL's host is catalogued in a category not
 * allowed for this request, and elements the author marked {@code data-cookie-gate="category"}.
 * Character references and URLs are read as browsers read them (HTML 13.2.5.72-80, the URL
 * Standard), relative URLs against the first {@code <base href>}; template content passes as is.
 *
 * <p>Neutralised means nothing is fetched or run, and the change can be undone byte for byte:
 * the table's attributes and a script's {@code type} get
 * the {@code data-cookie-gate-} prefix, a script gets {@code type="text/plain"}, and
 * {@code data-cookie-gate="category"} is added right after the tag name when absent. The page's
 * {@code gate.js} undoes that in the browser on activation or consent.
 *
 * <p>It never buffers the page: only the start tag being read, or one inline script whose text it
 * must inspect, up to {@value #MAX_ELEMENT} chars. A longer inline script (or start tag) passes
 * through unchanged and is reported to {@link Listener#unscanned}: failing open for one oversized
 * element keeps the page streaming, and the filter's CSP and cookie sweep remain the backstop.
 * Anything else the HTML holds, malformed or not, passes through unchanged; comments, raw text
 * ({@code textarea}, {@code title}, {@code style}, ...) and script text are read as browsers read
 * them (HTML 13.2.5), and {@code noscript} content as markup, so a pixel in it is neutralised too. An exception inside the
 * rewriter is reported to {@link Listener#failed} and the rest of the page passes through unchanged.
 * Not thread-safe: one instance per response.
 *
 * <pre>{@code
 * PageRewriter html = PageRewriter.wrap(response.getWriter(),
 *     PageRewriter.Decider.of(catalog::categoryOfHost, state::allows),
 *     new PageRewriter.Listener() {
 *       public void neutralised(PageRewriter.Neutralised e) { events.add(e); }
 *     });
 * html.write(page);
 * html.close();
 * }</pre>
 */
public final class PageRewriter extends Writer {
  /** The most chars buffered for one element: a start tag, or an inline script with its tags. */
  public static final int MAX_ELEMENT = 256 * 1024;

  private static final System.Logger LOG = System.getLogger(PageRewriter.class.getName());

  /** Tells which category a host belongs to, and whether a category is allowed for this request. */
  public interface Decider {
    /**
     * Returns the category id ({@code "chat"}, {@code "analytics"}, ...) of a host, empty when the
     * host is not catalogued. The host is lower-case, without port.
     */
    Optional<String> categoryOfHost(String host);

    /** Returns whether elements of this category may load for this request. */
    boolean allowed(String category);

    /** Returns a decider made of a host lookup and an allowed-category test. */
    static Decider of(Function<String, Optional<String>> categoryOfHost, Predicate<String> allowed) {
      Objects.requireNonNull(categoryOfHost, "categoryOfHost");
      Objects.requireNonNull(allowed, "allowed");
      return new Decider() {
        @Override
        public Optional<String> categoryOfHost(String host) {
          return categoryOfHost.apply(host);
        }

        @Override
        public boolean allowed(String category) {
          return allowed.test(category);
        }
      };
    }
  }

  /**
   * One neutralised element.
   *
   * @param tagName lower-case tag name: {@code script}, {@code iframe}, {@code img}, {@code link},
   *     {@code source}, {@code embed} or {@code object}
   * @param host the gated host, or "" when the author's mark alone gated it
   * @param markedCategory the author's {@code data-cookie-gate} value, or "" when unmarked
   * @param category the category that gates it, not allowed for this request
   */
  public record Neutralised(String tagName, String host, String markedCategory, String category) {
  }

  /** Receives what the rewriter did; every method defaults to doing nothing. */
  public interface Listener {
    /** Called after an element was neutralised. */
    default void neutralised(Neutralised element) {
    }

    /** Called when an element longer than {@link PageRewriter#MAX_ELEMENT} chars passed through unchecked. */
    default void unscanned(String tagName, int length) {
    }

    /** Called when the rewriter failed; the rest of the page then passes through unchanged. */
    default void failed(RuntimeException cause) {
    }

    /** Returns a listener that ignores everything. */
    static Listener none() {
      return NONE;
    }
  }

  private static final Listener NONE = new Listener() {
  };

  /** Test seam: sees each original start tag and its replacement. */
  public interface Rewrites {
    void rewritten(String original, String neutralised);
  }

  // Tokenizer states (HTML 13.2.5, reduced to what finding elements needs).
  private static final int TEXT = 0;
  private static final int LT = 1;            // buffered "<"
  private static final int START_TAG = 2;     // buffered "<name..."
  private static final int MARKUP_OPEN = 3;   // buffered "<!"
  private static final int MARKUP_DASH = 4;   // buffered "<!-"
  private static final int COMMENT = 5;
  private static final int BOGUS = 6;         // bogus comment, "<?", "<!DOCTYPE", "<![CDATA[" to '>'
  private static final int END_TAG_OPEN = 7;  // "</" written
  private static final int PASS_TAG = 8;      // an end tag, or an oversized start tag, to its '>'
  private static final int RAW = 9;           // raw text / RCDATA / script text, to its end tag
  private static final int CAPTURE = 10;      // inline script text, buffered to its end tag
  private static final int PLAINTEXT = 11;
  private static final int FAILED = 12;
  private static final int CDATA = 13;        // XHTML "<![CDATA[" to "]]>"
  private static final int END_TAG_NAME = 14; // buffered "</name" while the body insertion waits for </body>

  // Tag states, for finding where a tag ends (HTML 13.2.5.8 and 13.2.5.32-40).
  private static final int T_NAME = Tags.T_NAME;
  private static final int T_BEFORE_ATTR = Tags.T_BEFORE_ATTR;
  private static final int T_ATTR_NAME = Tags.T_ATTR_NAME;
  private static final int T_AFTER_ATTR_NAME = Tags.T_AFTER_ATTR_NAME;
  private static final int T_BEFORE_VALUE = Tags.T_BEFORE_VALUE;
  private static final int T_DQ = Tags.T_DQ;
  private static final int T_SQ = Tags.T_SQ;
  private static final int T_UNQUOTED = Tags.T_UNQUOTED;
  private static final int T_AFTER_QUOTED = Tags.T_AFTER_QUOTED;
  private static final int T_SELF_CLOSING = Tags.T_SELF_CLOSING;
  private static final int T_END = Tags.T_END;

  private static final String[] RAW_NAMES = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"};

  private Writer out;
  private final Decider decider;
  private final Listener listener;
  private final int limit;
  private Rewrites rewrites;

  private int state = TEXT;
  private int tagState;
  private char[] buf = new char[256];
  private int len;
  private int dashes;
  private boolean bang;
  private String rawName;         // end tag name that closes RAW/CAPTURE, lower case
  private int endMatch;           // progress through "</" + rawName
  private int scriptState;        // S_* while in a script's text
  private int nameMatched;
  private char endDelimiter;
  private String afterTagRaw;     // raw-text name to enter after an oversized start tag, or null
  private StartTag captured;      // the inline script's start tag while CAPTURE
  private int capturedTagLength;
  private boolean sawActivate;
  private int neutralisedCount;
  private boolean closed;
  private Supplier<String> headInsertion; // written once, in the document's head; null when done or none
  private boolean documentLike;           // a doctype or <html> came first: the page is a document, not a fragment
  private boolean insertedInHead;
  // End-of-body insertion (the chat launcher): written before </body>, or </html> when </body> is omitted.
  private Supplier<String> bodyInsertion;
  private String documentLanguage;
  private boolean sawHtmlTag;
  private char[] scratch;
  // While write(String) runs: the String, where the chunk being processed starts in it, and the
  // last search for each of '<', '"' and '\'' (from where, what it found, -1 for nothing).
  private String text;
  private int textShift;
  private int ltFrom;
  private int ltFound;
  private int dqFrom;
  private int dqFound;
  private int sqFrom;
  private int sqFound;
  // During process(): cur[run, i) passes through unchanged and is not written yet. When the held
  // tag began in this chunk, it is also still cur[tagStart, tagStart + len), after the unwritten
  // text cur[savedRun, tagStart); tagStart is -1 otherwise (then only buf has it).
  private char[] cur;
  private int run;
  private int savedRun;
  private int tagStart = -1;
  private boolean attributeStartsWithD; // in the start tag being read; else it cannot carry the mark
  private final char[] one = new char[1];
  // Context the rules depend on: the first <base href>, inert <template> content, XHTML, srcdoc depth.
  private Urls.Base base = Urls.Base.DOCUMENT;
  private boolean baseSeen;
  private long templates;       // one bit per open template, from the innermost: 1 = inert content
  private int templateLevel;
  private boolean selfClosing;  // the start tag just read ended with "/>"
  private boolean xml;          // application/xhtml+xml: no raw text but script, "/>" closes, CDATA sections
  private int depth;            // srcdoc nesting
  private final char[] endName = new char[8];
  private int endNameLen;
  private boolean readingEndName;
  private Observer observer;

  /**
   * Sees what the reader reads, for tools that report on a page rather than rewrite it: each start
   * tag outside inert template content (with the base URL in force), and each host an inline
   * script names.
   */
  public interface Observer {
    /** A start tag; {@code inert} when it is inside a template's content, which loads nothing. */
    void startTag(StartTag tag, boolean inert, Urls.Base base);

    /** A host an inline script's text names, in order; the script runs, or the filter neutralised it. */
    default void inlineScriptHost(StartTag script, String host) {
    }
  }

  /** Reads the page as XHTML ({@code application/xhtml+xml}): {@code />} closes, only script text is raw, CDATA sections. */
  public PageRewriter xhtml() {
    this.xml = true;
    return this;
  }

  /** Reports every start tag and inline-script host to {@code observer} (the tools' mode; slower). */
  public PageRewriter observe(Observer observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    return this;
  }

  /** Receives the bytes of {@link #writeBytes} that pass unchanged, as they came. */
  public interface ByteSink {
    /** Writes {@code b[off, off + len)} out, now. */
    void write(byte[] b, int off, int len) throws IOException;
  }

  /** The bytes of the page written by {@link #writeBytes}, read one char per byte. */
  private static final int SEGMENT = 256;
  private ByteSink sink;
  // While writeBytes runs: its array, where the chars in scratch start in it, and the unchanged
  // run not written yet (from, length; 0: none), which grows as long as nothing changes.
  private byte[] src;
  private int srcShift;
  private int pendingFrom;
  private int pendingLen;
  /** The page's charset when its bytes above 0x7F are not one char each (UTF-8, windows-1252, ...); else null. */
  private java.nio.charset.Charset charset;

  /**
   * The tag as the browser reads it, for deciding on its URLs: in byte mode, the held chars are
   * the page's bytes, one char per byte, so a tag with a byte above 0x7F is decoded in the page's
   * charset. The tag that goes out is always the one read (its bytes pass as they came).
   */
  private StartTag asDecoded(StartTag t) {
    if (charset == null) {
      return t;
    }
    String text = t.text;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return StartTag.parse(new String(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), charset));
      }
    }
    return t;
  }

  /**
   * Lets this rewriter take the page as bytes ({@link #writeBytes}) in a charset where each byte
   * below 0x80 is the ASCII character and never part of a multi-byte one (UTF-8, ISO-8859-x,
   * windows-125x, US-ASCII): what passes unchanged goes to {@code sink} as the caller's own bytes;
   * what the rewriter changes or inserts goes to the writer as chars, one per byte (ISO-8859-1),
   * after the bytes before it. URLs are read in {@code charset}, as the browser reads them: a
   * fullwidth letter or an ideographic full stop in a host (three bytes in UTF-8) is the letter or
   * the dot it stands for.
   *
   * @return this rewriter
   */
  public PageRewriter bytes(ByteSink sink, java.nio.charset.Charset charset) {
    this.sink = Objects.requireNonNull(sink, "sink");
    String name = charset.name();
    this.charset = name.equals("ISO-8859-1") || name.equals("US-ASCII") ? null : charset;
    Writer target = out;
    out = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws IOException {
        flushBytes();
        target.write(cbuf, off, len);
      }

      @Override
      public void write(String str, int off, int len) throws IOException {
        flushBytes();
        target.write(str, off, len);
      }

      @Override
      public void flush() throws IOException {
        flushBytes();
        target.flush();
      }

      @Override
      public void close() throws IOException {
        flushBytes();
        target.close();
      }
    };
    return this;
  }

  /**
   * Writes a run the rewriter leaves unchanged: from the application's bytes on the byte path, as
   * a slice of the application's String when it wrote one (a container's writer encodes a String
   * faster than a char array: Jetty's reads either through {@code CharSequence.charAt}), else the
   * chars themselves.
   */
  private void emit(char[] c, int from, int n) throws IOException {
    if (src != null && c == scratch) {
      pending(srcShift + from, n);
    } else if (text != null && c == scratch) {
      out.write(text, textShift + from, n);
    } else {
      out.write(c, from, n);
    }
  }

  private void pending(int from, int n) throws IOException {
    if (pendingLen > 0 && from == pendingFrom + pendingLen) {
      pendingLen += n;
      return;
    }
    flushBytes();
    pendingFrom = from;
    pendingLen = n;
  }

  private void flushBytes() throws IOException {
    if (pendingLen > 0) {
      int n = pendingLen;
      pendingLen = 0;
      sink.write(src, pendingFrom, n);
    }
  }

  private boolean inert() {
    return templates != 0;
  }

  /**
   * A template's content is inert (nothing in it loads until a script clones it, which gate.js
   * gates), except a declarative shadow root's ({@code shadowrootmode}), which is part of the page.
   */
  private void enterTemplate() {
    boolean shadow = false;
    if (!inert()) {
      StartTag t = StartTag.parse(new String(buf, 0, len));
      shadow = t.has("shadowrootmode") || t.has("shadowroot");
    }
    if (templateLevel < 63) {
      templates = (templates << 1) | (shadow ? 0 : 1);
    }
    templateLevel++;
  }

  private void leaveTemplate() {
    if (templateLevel > 0) {
      templateLevel--;
      if (templateLevel < 63) {
        templates >>>= 1;
      }
    }
  }

  private PageRewriter(Writer out, Decider decider, Listener listener, int limit) {
    super(out);
    this.out = out;
    this.decider = decider;
    this.listener = listener;
    this.limit = limit;
  }

  /**
   * Returns a writer that rewrites the HTML written to it into {@code out}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static PageRewriter wrap(Writer out, Decider decider, Listener listener) {
    return new PageRewriter(Objects.requireNonNull(out, "out"), Objects.requireNonNull(decider, "decider"),
        Objects.requireNonNull(listener, "listener"), MAX_ELEMENT);
  }

  public static PageRewriter wrap(Writer out, Decider decider, Listener listener, int limit, Rewrites rewrites) {
    PageRewriter r = new PageRewriter(out, decider, listener, limit);
    r.rewrites = rewrites;
    return r;
  }

  /**
   * Asks the rewriter to write {@code markup} once at the start of the document's head: right after
   * the {@code <head>} start tag, or, when the page omits it, right before the first element that
   * is neither {@code html} nor {@code head}, provided a doctype or {@code <html>} came first. A
   * fragment (no doctype, no {@code html} or {@code head} tag first) gets nothing. The supplier is
   * called at that moment, so it can read response headers set before the body.
   *
   * @return this rewriter
   * @throws NullPointerException if {@code markup} is null
   */
  public PageRewriter insertInHead(Supplier<String> markup) {
    this.headInsertion = Objects.requireNonNull(markup, "markup");
    return this;
  }

  /**
   * Asks the rewriter to write {@code markup} once at the end of the document's body: right before
   * the first {@code </body>} end tag, or before {@code </html>} when the page omits {@code </body>}.
   * A page with neither gets nothing from the rewriter: its writer adds what it needs at the end of
   * the page, which is then the end of the body. The supplier is called at that moment, so it sees
   * what the page held so far, and may return "". XHTML pages get nothing here.
   *
   * @return this rewriter
   * @throws NullPointerException if {@code markup} is null
   */
  public PageRewriter insertAtEndOfBody(Supplier<String> markup) {
    this.bodyInsertion = Objects.requireNonNull(markup, "markup");
    return this;
  }

  /** Returns whether the {@link #insertAtEndOfBody end-of-body insertion} is still to be written. */
  public boolean endOfBodyPending() {
    return bodyInsertion != null;
  }

  /**
   * Returns the {@code lang} attribute of the page's first {@code <html>} start tag, character
   * references decoded and stripped, or empty when none was read (yet).
   */
  public Optional<String> documentLanguage() {
    return Optional.ofNullable(documentLanguage);
  }

  /**
   * Returns whether the page so far set a document base URL ({@code <base href>}): markup inserted
   * after it must not use relative or root-relative URLs, which the browser would resolve against it.
   */
  public boolean sawBaseHref() {
    return baseSeen;
  }

  /** Returns whether the {@link #insertInHead head insertion} was written. */
  public boolean insertedInHead() {
    return insertedInHead;
  }

  /** Returns whether the page so far had an element with {@code data-cookie-gate-activate}. */
  public boolean sawActivateElement() {
    return sawActivate;
  }

  /** Returns how many elements were neutralised so far. */
  public int neutralisedCount() {
    return neutralisedCount;
  }

  /** Undoes a neutralisation of one start tag, byte for byte; what {@code gate.js} does in the DOM. */
  public static String restore(String neutralisedTag) {
    return StartTag.restore(neutralisedTag);
  }

  @Override
  public void write(char[] cbuf, int off, int length) throws IOException {
    Objects.checkFromIndexSize(off, length, cbuf.length);
    ensureOpen();
    if (length > 0) {
      process(cbuf, off, off + length);
    }
  }

  @Override
  public void write(int c) throws IOException {
    ensureOpen();
    one[0] = (char) c;
    process(one, 0, 1);
  }

  @Override
  public void write(String str, int off, int length) throws IOException {
    Objects.checkFromIndexSize(off, length, str.length());
    ensureOpen();
    int want = Math.min(8192, Math.max(64, length));
    if (scratch == null || scratch.length < want) {
      scratch = new char[want];
    }
    int i = off;
    int end = off + length;
    text = str;
    ltFrom = dqFrom = sqFrom = Integer.MAX_VALUE;
    try {
      while (i < end) {
        int n = Math.min(scratch.length, end - i);
        str.getChars(i, i + n, scratch, 0);
        textShift = i;
        process(scratch, 0, n);
        i += n;
      }
    } finally {
      text = null;
    }
  }

  /**
   * Rewrites part of a page given as bytes (see {@link #bytes}): the same reading, the same
   * output as {@link #write(String)} of the same bytes read one char per byte. A byte scanner
   * finds each {@code <} eight bytes at a time and passes, without copying them to chars, the text
   * and the tags that cannot change anything: end tags other than {@code </body>}, {@code
   * </html>} and {@code </template>}, and start tags whose name is not in the table of what loads
   * (nor a raw-text, {@code base}, {@code template} or {@code html} element) and that carry no
   * {@code data-cookie-gate} attribute, or whose name is in the table but that hold no character
   * reference, colon or double slash that could name a host. A quoted value is skipped whole, so a
   * {@code >} in it does not end the tag. Everything else (the head insertion's place, comments,
   * raw text's end, a tag split between two writes, any tag that may be held) is read by the char
   * reader, which hands back to the byte scanner after it.
   *
   * @throws IllegalStateException if {@link #bytes} was not called
   */
  public void writeBytes(byte[] b, int off, int length) throws IOException {
    Objects.checkFromIndexSize(off, length, b.length);
    ensureOpen();
    if (sink == null) {
      throw new IllegalStateException("cookie-gate: writeBytes needs bytes(sink) first");
    }
    if (scratch == null || scratch.length < SEGMENT) {
      scratch = new char[Math.max(SEGMENT, scratch == null ? 0 : scratch.length)];
    }
    int end = off + length;
    src = b;
    try {
      int i = off;
      while (i < end) {
        if (state == FAILED || state == PLAINTEXT) {
          pending(i, end - i);
          break;
        }
        i = scanBytes(b, i, end);
        if (i == end) {
          break;
        }
        int n = Math.min(SEGMENT, end - i);
        for (int k = 0; k < n; k++) {
          scratch[k] = (char) (b[i + k] & 0xFF);
        }
        srcShift = i;
        i += process(scratch, 0, n);
      }
      flushBytes();
    } finally {
      pendingLen = 0;
      src = null;
    }
  }

  /**
   * The byte scanner: passes what cannot change from {@code b[i]} on, and returns where the char
   * reader must take over ({@code end} when nothing is left).
   */
  private int scanBytes(byte[] b, int i, int end) throws IOException {
    int from = i;
    try {
      while (i < end && len == 0 && observer == null) {
        if (state == TEXT) {
          int lt = b[i] == '<' ? i : Bytes.indexOf(b, i, end, (byte) '<');
          if (lt == end) {
            i = end;
            break;
          }
          int next = skipTag(b, lt, end);
          if (next < 0) {
            i = lt;
            break;
          }
          i = next;
        } else {
          if (state == RAW && rawAtData()) {
            i = Bytes.indexOf(b, i, end, (byte) '<'); // the char reader looks at what follows it
          }
          break;
        }
      }
    } catch (RuntimeException e) {
      fail(e);
      i = end;
    }
    if (i > from) {
      pending(from, i - from);
    }
    return i;
  }

  /** In raw text, between end tag candidates: only a {@code <} can change the state. */
  private boolean rawAtData() {
    return !xml && rawName.equals("script") ? scriptState == S_DATA : endMatch == 0;
  }

  /**
   * Returns the index after the tag that starts with the {@code <} at {@code b[lt]} when it passes
   * unchanged and leaves the reader in text, as the char reader would find; -1 when the char
   * reader must read it. {@link #skipTag(char[], int, int)} is its twin over chars.
   */
  private int skipTag(byte[] b, int lt, int end) {
    int p = lt + 1;
    if (p >= end) {
      return -1;
    }
    int c = b[p];
    if (isLetter(c)) {
      if (headInsertion != null) {
        return -1; // each start tag may be where the head insertion goes
      }
      long name = Tags.name(b, p, end);
      if (name < 0) {
        return -1;
      }
      int nameEnd = Tags.nameEnd(name);
      int slot = Tags.nameSlot(name);
      int kind = Tags.kind(slot);
      if (kind == Tags.READ) {
        return -1;
      }
      if (b[nameEnd] == '>' && nameEnd - lt < limit) {
        return nameEnd + 1; // no attributes: nothing to hold, no mark
      }
      long r = Tags.end(b, nameEnd, (int) Math.min(end, (long) lt + limit), kind == Tags.LOADS ? slot : -1);
      if (r < 0) {
        return -1; // goes on in the next write, or too long: the char reader holds or reports it
      }
      int q = (int) r;
      if ((r & Tags.STARTS_WITH_D) != 0 && Tags.markIn(b, lt, q)) {
        return -1;
      }
      if (kind == Tags.LOADS && !inert() && (base.host() != null
          || ((r & Tags.CHECKED) != 0 ? (r & Tags.MAY_NAME) != 0 : Tags.mayName(b, nameEnd, q, slot)))) {
        return -1;
      }
      return q;
    }
    if (c == '/') {
      int n = p + 1;
      if (n + 8 > end || !isLetter(b[n])) {
        return -1; // "</" and no letter, or too near the end to tell the name
      }
      if (bodyInsertion != null && !xml && templateLevel == 0
          && (Tags.regionIs(b, n, "body") || Tags.regionIs(b, n, "html"))) {
        return -1;
      }
      if (templateLevel > 0 && Tags.regionIs(b, n, "template")) {
        return -1;
      }
      long r = Tags.endTagEnd(b, n, end);
      return r < 0 ? -1 : (int) r;
    }
    if (c == '!' || c == '?') {
      return -1;
    }
    return p; // '<' in text: what follows it is read as text again
  }

  /**
   * {@link #skipTag(byte[], int, int)} over chars, for the writer path: a tag it passes stays in
   * the unwritten run of text, so that text and tags that do not change go out in one write.
   */
  private int skipTag(char[] c, int lt, int end) {
    int p = lt + 1;
    if (p >= end) {
      return -1;
    }
    char ch = c[p];
    if (Html.isAsciiLetter(ch)) {
      if (headInsertion != null) {
        return -1;
      }
      long name = Tags.name(c, p, end);
      if (name < 0) {
        return -1;
      }
      int nameEnd = Tags.nameEnd(name);
      int slot = Tags.nameSlot(name);
      int kind = Tags.kind(slot);
      if (kind == Tags.READ) {
        return -1;
      }
      if (c[nameEnd] == '>' && nameEnd - lt < limit) {
        return nameEnd + 1; // no attributes: nothing to hold, no mark
      }
      long r = Tags.end(c, nameEnd, (int) Math.min(end, (long) lt + limit), kind == Tags.LOADS ? slot : -1);
      if (r < 0) {
        return -1;
      }
      int q = (int) r;
      if ((r & Tags.STARTS_WITH_D) != 0 && Tags.markIn(c, lt, q)) {
        return -1;
      }
      if (kind == Tags.LOADS && !inert() && (base.host() != null
          || ((r & Tags.CHECKED) != 0 ? (r & Tags.MAY_NAME) != 0 : Tags.mayName(c, nameEnd, q, slot)))) {
        return -1;
      }
      return q;
    }
    if (ch == '/') {
      int n = p + 1;
      if (n + 8 > end || !Html.isAsciiLetter(c[n])) {
        return -1;
      }
      if (bodyInsertion != null && !xml && templateLevel == 0
          && (Tags.regionIs(c, n, "body") || Tags.regionIs(c, n, "html"))) {
        return -1;
      }
      if (templateLevel > 0 && Tags.regionIs(c, n, "template")) {
        return -1;
      }
      long r = Tags.endTagEnd(c, n, end);
      return r < 0 ? -1 : (int) r;
    }
    if (ch == '!' || ch == '?') {
      return -1;
    }
    return p;
  }

  private static boolean isLetter(int c) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }

  /**
   * Returns the index in {@code c} of the first {@code ch} in {@code c[i, end)}, or {@code end}.
   * When the chars come from a String, its {@code indexOf} (a vectorised JDK intrinsic) finds it;
   * what each search found is kept, so that no part of the String is searched twice for one char.
   */
  private int indexOf(char ch, char[] c, int i, int end) {
    if (text == null) {
      while (i < end && c[i] != ch) {
        i++;
      }
      return i;
    }
    int from = i + textShift;
    int found;
    if (ch == '<') {
      if (from < ltFrom || (ltFound >= 0 && ltFound < from)) {
        ltFrom = from;
        ltFound = text.indexOf(ch, from);
      }
      found = ltFound;
    } else if (ch == '"') {
      if (from < dqFrom || (dqFound >= 0 && dqFound < from)) {
        dqFrom = from;
        dqFound = text.indexOf(ch, from);
      }
      found = dqFound;
    } else {
      if (from < sqFrom || (sqFound >= 0 && sqFound < from)) {
        sqFrom = from;
        sqFound = text.indexOf(ch, from);
      }
      found = sqFound;
    }
    return found < 0 || found - textShift >= end ? end : found - textShift;
  }

  /** Passes on what is complete; a partly read tag or inline script stays buffered. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.flush();
  }

  /** Writes out anything still buffered, unchanged, and closes the underlying writer. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (len > 0) {
      out.write(buf, 0, len);
      len = 0;
    }
    out.close();
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("cookie-gate: HTML writer is closed");
    }
  }

  /** Reads {@code c[off, end)}; returns how many chars it read (fewer when it hands back to the byte scanner). */
  private int process(char[] c, int off, int end) throws IOException {
    int i = off;
    run = off;
    cur = c;
    try {
      loop:
      while (i < end) {
        if (src != null && i > off && len == 0 && (state == TEXT || state == RAW && rawAtData())) {
          break; // the byte scanner goes on from here
        }
        switch (state) {
          case TEXT -> {
            int lt = indexOf('<', c, i, end);
            if (src == null && observer == null && len == 0) {
              // Tags that cannot change pass with the text, in the run (the byte scanner's way).
              int next;
              while (lt < end && (next = skipTag(c, lt, end)) >= 0) {
                lt = next < end && c[next] == '<' ? next : indexOf('<', c, next, end);
              }
            }
            i = lt;
            if (lt < end) {
              // The text before the tag is not written yet: if the tag passes unchanged, text and
              // tag go out in one write (see writeBuffer).
              savedRun = run;
              tagStart = lt;
              len = 0;
              hold('<');
              state = LT;
              run = ++i;
            }
          }
          case LT -> {
            char ch = c[i];
            if (Html.isAsciiLetter(ch)) {
              hold(ch);
              run = ++i;
              state = START_TAG;
              tagState = T_NAME;
              attributeStartsWithD = false;
            } else if (ch == '!') {
              hold(ch);
              run = ++i;
              state = MARKUP_OPEN;
            } else if (ch == '/' && bodyInsertion != null && !xml && templateLevel == 0) {
              hold(ch);
              run = ++i;
              state = END_TAG_NAME;
            } else {
              writeBuffer();
              if (ch == '/') {
                state = END_TAG_OPEN;
                i++;
              } else if (ch == '?') {
                state = BOGUS;
                i++;
              } else {
                state = TEXT; // '<' in text: reconsume
              }
            }
          }
          case MARKUP_OPEN, MARKUP_DASH -> {
            char ch = c[i];
            if (ch == '-' && state == MARKUP_OPEN) {
              hold(ch);
              run = ++i;
              state = MARKUP_DASH;
            } else if (ch == '-') {
              writeBuffer();
              i++;
              state = COMMENT;
              dashes = 2; // so that "<!-->" and "<!--->" end at once, as in browsers
              bang = false;
            } else if (xml && ch == '[' && state == MARKUP_OPEN) {
              writeBuffer();
              i++;
              state = CDATA;
              dashes = 0;
            } else {
              documentLike |= state == MARKUP_OPEN && (ch == 'd' || ch == 'D'); // "<!DOCTYPE"
              writeBuffer();
              state = BOGUS; // reconsume
            }
          }
          case COMMENT -> {
            while (i < end) {
              char ch = c[i++];
              if (ch == '>' && (dashes >= 2 || bang)) {
                state = TEXT;
                break;
              } else if (ch == '-') {
                dashes++;
                bang = false;
              } else if (ch == '!' && dashes >= 2) {
                bang = true;
                dashes = 0;
              } else {
                dashes = 0;
                bang = false;
              }
            }
          }
          case CDATA -> {
            while (i < end) {
              char ch = c[i++];
              if (ch == '>' && dashes >= 2) {
                state = TEXT;
                break;
              }
              dashes = ch == ']' ? dashes + 1 : 0;
            }
          }
          case BOGUS -> {
            while (i < end) {
              if (c[i++] == '>') {
                state = TEXT;
                break;
              }
            }
          }
          case END_TAG_OPEN -> {
            char ch = c[i];
            if (Html.isAsciiLetter(ch)) {
              state = PASS_TAG;
              tagState = T_NAME;
              afterTagRaw = null;
              readingEndName = templateLevel > 0; // only "</template>" changes the context
              endNameLen = 0;
            } else if (ch == '>') {
              state = TEXT;
              i++;
            } else {
              state = BOGUS; // reconsume
            }
          }
          case END_TAG_NAME -> {
            char ch = c[i];
            if (Html.isAsciiLetter(ch) && len < 7) {
              hold(ch);
              run = ++i;
            } else {
              endTagName(); // reconsumes ch
            }
          }
          case PASS_TAG -> {
            if (readingEndName) {
              while (i < end && !Html.endsTagName(c[i])) {
                if (endNameLen < endName.length) {
                  endName[endNameLen] = Html.lower(c[i]);
                }
                endNameLen++;
                i++;
              }
              if (i == end) {
                continue;
              }
              readingEndName = false;
              if (endNameLen == 8 && new String(endName).equals("template")) {
                leaveTemplate();
              }
            }
            i = scanTag(c, i, end);
            if (tagState == T_END) {
              enterAfterTag(afterTagRaw);
              afterTagRaw = null;
            }
          }
          case START_TAG -> {
            int from = i;
            int stop = (int) Math.min(end, (long) i + Math.max(0, limit - len) + 1);
            i = scanTag(c, i, stop);
            boolean done = tagState == T_END;
            hold(c, from, i - from);
            run = i;
            if (done) {
              finishStartTag();
            } else if (len > limit) {
              String name = nameInBuffer();
              report(name, len);
              writeBuffer();
              afterTagRaw = rawTextName(name);
              state = PASS_TAG;
            }
          }
          case RAW, CAPTURE -> {
            boolean inScript = !xml && rawName.equals("script");
            int from = i;
            int stop = state == CAPTURE ? (int) Math.min(end, (long) i + Math.max(0, limit - len) + 1) : end;
            boolean found = false;
            while (i < stop) {
              if (inScript ? scriptState == S_DATA : endMatch == 0) {
                if (src != null && state == RAW && i > off) {
                  break loop; // the byte scanner finds the next '<'
                }
                i = indexOf('<', c, i, stop);
                if (i == stop) {
                  break;
                }
              }
              if (inScript ? scriptStep(c[i++]) : matchEnd(c[i++])) {
                found = true;
                break;
              }
            }
            if (state == CAPTURE) {
              hold(c, from, i - from);
              run = i;
              if (found) {
                finishInlineScript();
              } else if (len > limit) {
                report("script", len);
                writeBuffer();
                captured = null;
                state = RAW;
              }
            }
            if (found) {
              afterEndTagName();
            }
          }
          default -> i = end; // PLAINTEXT, FAILED
        }
      }
    } catch (RuntimeException e) {
      fail(e);
      flushBeforeHeld();
      if (len > 0) {
        out.write(buf, 0, len);
        len = 0;
      }
      run = Math.min(run, end);
      i = end;
    }
    flushBeforeHeld(); // a tag that goes on in the next write: the text before it goes now
    if (i > run) {
      emit(c, run, i - run);
    }
    cur = null;
    return i - off;
  }

  /**
   * The buffered {@code </name} is complete: the end-of-body insertion goes before it when it is
   * {@code </body>} or {@code </html>}; then the tag passes on as any end tag does.
   */
  private void endTagName() throws IOException {
    if (len == 2) {
      writeBuffer(); // "</" and no letter: as END_TAG_OPEN reads it
      state = END_TAG_OPEN;
      return;
    }
    if (endNameIs("body") || endNameIs("html")) {
      Supplier<String> markup = bodyInsertion;
      bodyInsertion = null;
      String inserted = markup.get();
      if (!inserted.isEmpty()) {
        flushBeforeHeld();
        out.write(inserted);
      }
    }
    writeBuffer();
    state = PASS_TAG;
    tagState = T_NAME;
    afterTagRaw = null;
    readingEndName = false; // templateLevel is 0 here: no end tag changes the context
    endNameLen = 0;
  }

  /** Whether the buffered end tag, {@code </} and letters, names {@code lower} in any letter case. */
  private boolean endNameIs(String lower) {
    if (len - 2 != lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (Html.lower(buf[2 + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void afterEndTagName() {
    if (endDelimiter == '>') {
      state = TEXT;
    } else {
      state = PASS_TAG;
      afterTagRaw = null;
      tagState = endDelimiter == '/' ? T_SELF_CLOSING : T_BEFORE_ATTR;
    }
  }

  /** Advances the search for {@code </rawName} followed by whitespace, '/' or '>'. */
  private boolean matchEnd(char ch) {
    if (endMatch == 0) {
      endMatch = ch == '<' ? 1 : 0;
      return false;
    }
    if (endMatch == 1) {
      endMatch = ch == '/' ? 2 : ch == '<' ? 1 : 0;
      return false;
    }
    int k = endMatch - 2;
    if (k < rawName.length()) {
      endMatch = Html.lower(ch) == rawName.charAt(k) ? endMatch + 1 : ch == '<' ? 1 : 0;
      return false;
    }
    if (Html.isWhitespace(ch) || ch == '/' || ch == '>') {
      endDelimiter = ch;
      endMatch = 0;
      return true;
    }
    endMatch = ch == '<' ? 1 : 0;
    return false;
  }

  // Script data states (HTML 13.2.5.15-31): "<!--" in a script escapes, and "<script" inside that
  // escapes doubly, so that document.write("<script></script>") in a comment does not end it.
  private static final int S_DATA = 0;
  private static final int S_LT = 1;
  private static final int S_END_OPEN = 2;
  private static final int S_ESC_START = 3;
  private static final int S_ESC_START_DASH = 4;
  private static final int S_ESC = 5;
  private static final int S_ESC_DASH = 6;
  private static final int S_ESC_DASH_DASH = 7;
  private static final int S_ESC_LT = 8;
  private static final int S_ESC_END_OPEN = 9;
  private static final int S_DESC_START = 10;
  private static final int S_DESC = 11;
  private static final int S_DESC_DASH = 12;
  private static final int S_DESC_DASH_DASH = 13;
  private static final int S_DESC_LT = 14;
  private static final int S_DESC_END = 15;
  private static final String SCRIPT_NAME = "script";
  private static final int MISMATCH = 7;

  /** Advances the script data tokenizer by one char; true at the end of {@code </script}. */
  private boolean scriptStep(char ch) {
    while (true) {
      switch (scriptState) {
        case S_DATA -> {
          if (ch == '<') {
            scriptState = S_LT;
          }
          return false;
        }
        case S_LT -> {
          if (ch == '/') {
            scriptState = S_END_OPEN;
            nameMatched = 0;
            return false;
          } else if (ch == '!') {
            scriptState = S_ESC_START;
            return false;
          }
          scriptState = S_DATA;
        }
        case S_END_OPEN, S_ESC_END_OPEN -> {
          int back = scriptState == S_END_OPEN ? S_DATA : S_ESC;
          if (nameMatched < SCRIPT_NAME.length()) {
            if (Html.lower(ch) == SCRIPT_NAME.charAt(nameMatched)) {
              nameMatched++;
              return false;
            }
          } else if (Html.isWhitespace(ch) || ch == '/' || ch == '>') {
            endDelimiter = ch;
            scriptState = S_DATA;
            return true;
          }
          scriptState = back;
        }
        case S_ESC_START -> {
          if (ch == '-') {
            scriptState = S_ESC_START_DASH;
            return false;
          }
          scriptState = S_DATA;
        }
        case S_ESC_START_DASH -> {
          if (ch == '-') {
            scriptState = S_ESC_DASH_DASH;
            return false;
          }
          scriptState = S_DATA;
        }
        case S_ESC, S_ESC_DASH, S_ESC_DASH_DASH, S_DESC, S_DESC_DASH, S_DESC_DASH_DASH -> {
          boolean dbl = scriptState >= S_DESC;
          int dash = dbl ? S_DESC_DASH : S_ESC_DASH;
          int dashDash = dbl ? S_DESC_DASH_DASH : S_ESC_DASH_DASH;
          int plain = dbl ? S_DESC : S_ESC;
          if (ch == '-') {
            scriptState = scriptState == plain ? dash : dashDash;
          } else if (ch == '<') {
            scriptState = dbl ? S_DESC_LT : S_ESC_LT;
          } else if (ch == '>' && scriptState == dashDash) {
            scriptState = S_DATA;
          } else {
            scriptState = plain;
          }
          return false;
        }
        case S_ESC_LT -> {
          if (ch == '/') {
            scriptState = S_ESC_END_OPEN;
            nameMatched = 0;
            return false;
          } else if (Html.isAsciiLetter(ch)) {
            scriptState = S_DESC_START;
            nameMatched = 0;
          } else {
            scriptState = S_ESC;
          }
        }
        case S_DESC_LT -> {
          if (ch == '/') {
            scriptState = S_DESC_END;
            nameMatched = 0;
            return false;
          }
          scriptState = S_DESC;
        }
        default -> { // S_DESC_START, S_DESC_END: is the tag name "script"?
          boolean start = scriptState == S_DESC_START;
          if (Html.isWhitespace(ch) || ch == '/' || ch == '>') {
            boolean script = nameMatched == SCRIPT_NAME.length();
            scriptState = start ? (script ? S_DESC : S_ESC) : (script ? S_ESC : S_DESC);
            return false;
          } else if (Html.isAsciiLetter(ch)) {
            nameMatched = nameMatched < SCRIPT_NAME.length() && Html.lower(ch) == SCRIPT_NAME.charAt(nameMatched)
                ? nameMatched + 1 : MISMATCH;
            return false;
          }
          scriptState = start ? S_ESC : S_DESC;
        }
      }
    }
  }

  /**
   * Advances {@link #tagState} over {@code c[i, stop)}, stopping right after the {@code '>'} that
   * ends the tag; returns where it stopped. Quoted values, most of a tag, are skipped in one loop.
   */
  private int scanTag(char[] c, int i, int stop) {
    int s = tagState;
    while (i < stop) {
      if (s == T_DQ || s == T_SQ) {
        char quote = s == T_DQ ? '"' : '\'';
        i = indexOf(quote, c, i, stop);
        if (i == stop) {
          break;
        }
        i++;
        s = T_AFTER_QUOTED;
        continue;
      }
      if (s == T_NAME || s == T_ATTR_NAME || s == T_UNQUOTED) {
        // Names and unquoted values: skip, in one loop, the chars that leave each of these states
        // as it is; Tags.next decides on the others.
        while (i < stop && plain(c[i])) {
          i++;
        }
        if (i == stop) {
          break;
        }
      }
      char ch = c[i++];
      int before = s;
      s = Tags.next(s, ch);
      if (s == T_END) {
        selfClosing = before == T_SELF_CLOSING;
        break;
      }
      if (s == T_ATTR_NAME && before != T_ATTR_NAME && (ch | 0x20) == 'd') {
        attributeStartsWithD = true; // maybe data-cookie-gate: the tag is checked for it once read
      }
    }
    tagState = s;
    return i;
  }

  /** Chars that leave a tag name, attribute name or unquoted value in its state. */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (char ch = 0; ch < 128; ch++) {
      PLAIN[ch] = !Html.isWhitespace(ch) && ch != '/' && ch != '>' && ch != '=' && ch != '"' && ch != '\'';
    }
  }

  private static boolean plain(char ch) {
    return ch >= 128 || PLAIN[ch];
  }

  private void finishStartTag() throws IOException {
    int nameEnd = 1;
    while (nameEnd < len && !Html.endsTagName(buf[nameEnd])) {
      nameEnd++;
    }
    boolean afterThisTag = headInsertion != null && beforeOrAfterHead(nameEnd);
    if (!sawHtmlTag && nameIs(nameEnd, "html")) {
      sawHtmlTag = true;
      documentLanguage = languageOf(StartTag.parse(new String(buf, 0, len)));
    }
    int kind = kind(nameEnd);
    boolean selfClosed = selfClosing;
    if (kind == TEMPLATE) {
      enterTemplate();
    }
    if (kind == OTHER || kind == TEMPLATE || inert()) {
      if (observer == null ? containsMarkAttribute() && !inert() : true) {
        StartTag t = StartTag.parse(new String(buf, 0, len));
        sawActivate |= !inert() && t.has(StartTag.ACTIVATE);
        if (observer != null) {
          observer.startTag(t, inert(), base);
        }
      }
      String raw = xml && selfClosed ? null : rawTextName(nameEnd);
      if (afterThisTag) {
        flushBeforeHeld();
        writeBuffer();
        writeHeadInsertion();
      } else {
        writeBuffer();
      }
      enterAfterTag(raw);
      return;
    }
    if (kind == BASE) {
      StartTag t = StartTag.parse(new String(buf, 0, len));
      if (!baseSeen && t.has("href")) {
        baseSeen = true; // the first base element with an href sets the document's base URL
        base = Urls.Base.of(asDecoded(t).decodedValue("href"));
      }
      if (observer != null) {
        observer.startTag(t, false, base);
      }
      writeBuffer();
      enterAfterTag(null);
      return;
    }
    if (kind != SCRIPT && observer == null && base.host() == null && !mayBeGated()) {
      // No mark and no URL that can name a host: nothing to parse (most <img> and <link> tags).
      writeBuffer();
      enterAfterTag(xml && selfClosed ? null : kind == IFRAME ? "iframe" : null);
      return;
    }
    StartTag t = StartTag.parse(new String(buf, 0, len));
    String lowerName = t.lowerName();
    sawActivate |= t.has(StartTag.ACTIVATE);
    String marked = marked(t);
    boolean script = kind == SCRIPT;
    if (observer != null) {
      observer.startTag(t, false, base);
      boolean inline = script && !t.has("src") && !t.has("href") && !t.has("xlink:href") && !(xml && selfClosed);
      if (inline && (Loads.scriptRuns(t.value("type")) || t.has(StartTag.MARK))) {
        captured = t; // its text is read for hosts, and passed on unchanged
        capturedTagLength = len;
        rawName = "script";
        endMatch = 0;
        scriptState = S_DATA;
        state = CAPTURE;
        return;
      }
      writeBuffer();
      enterAfterTag(xml && selfClosed ? null : script || kind == IFRAME ? lowerName : null);
      return;
    }
    if (script && !t.has("src") && !t.has("href") && !t.has("xlink:href") && !(xml && selfClosed)) {
      if (marked.isEmpty() && Loads.scriptRuns(t.value("type"))) {
        captured = t;
        capturedTagLength = len;
        rawName = "script";
        endMatch = 0;
        scriptState = S_DATA;
        state = CAPTURE;
        return;
      }
    }
    java.util.List<String> moved = new java.util.ArrayList<>(4);
    String[] found = {"", null}; // host, category
    String inserted = null;
    if (Loads.applies(t, lowerName) || !marked.isEmpty()) { // the author's mark holds the element whatever its rel or type
      for (Loads.Attribute a : Loads.of(lowerName)) {
        if (!t.has(a.name())) {
          continue;
        }
        moved.add(a.name());
        if (!marked.isEmpty() || found[1] != null) {
          continue;
        }
        String v = (a.kind() == Loads.Kind.DOCUMENT ? t : asDecoded(t)).decodedValue(a.name());
        switch (a.kind()) {
          case URL -> check(Urls.host(v, base), found);
          case SRCSET -> {
            for (String url : Loads.srcsetUrls(v)) {
              if (check(Urls.host(url, base), found)) {
                break;
              }
            }
          }
          case REFRESH -> {
            String url = Loads.refreshUrl(v);
            if (url != null) {
              check(Urls.host(url, base), found);
            }
          }
          case DOCUMENT -> inserted = rewriteDocument(v, found);
        }
      }
    }
    if (script) {
      moved.add("type");
    }
    String category = found[1];
    if (!moved.isEmpty() && !marked.isEmpty()) {
      category = decider.allowed(marked) ? null : marked;
      inserted = null;
    }
    if (!moved.isEmpty() && category != null) {
      if (inserted == null) {
        moved.remove("srcdoc"); // held for another attribute: its document stays as written
      }
      emitNeutralised(t, lowerName, found[0], marked, category, moved.toArray(new String[0]), inserted);
    } else {
      writeBuffer();
    }
    enterAfterTag(xml && selfClosed ? null : script || kind == IFRAME ? lowerName : null);
  }

  /** Looks a host up; when its category is held, records host and category and returns true. */
  private boolean check(String host, String[] found) {
    String category = host == null ? null : gatedCategoryOf(host);
    if (category != null) {
      found[0] = host;
      found[1] = category;
      return true;
    }
    return false;
  }

  /**
   * An {@code iframe srcdoc} is a document: rewritten by the same rules (its own base, no head
   * insertion). When it held something, returns the {@code srcdoc} attribute to insert before the
   * original (which moves under {@code data-cookie-gate-}, for gate.js to give back); else null.
   */
  private String rewriteDocument(String document, String[] found) {
    if (depth >= 4) {
      return null; // srcdoc inside srcdoc inside ...: the next level holds it whole
    }
    java.io.StringWriter inner = new java.io.StringWriter(document.length() + 64);
    String[] first = {null, null};
    PageRewriter nested = new PageRewriter(inner, decider, new Listener() {
      @Override
      public void neutralised(Neutralised e) {
        if (first[1] == null) {
          first[0] = e.host();
          first[1] = e.category(); // reported once, as the iframe's
        }
      }

      @Override
      public void failed(RuntimeException cause) {
        throw cause;
      }
    }, limit);
    nested.depth = depth + 1;
    nested.xml = xml;
    try {
      nested.write(document);
      nested.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (first[1] == null) {
      return null;
    }
    found[0] = first[0];
    found[1] = first[1];
    return " srcdoc=\"" + CharRefs.escapeAttribute(inner.toString()) + "\"";
  }

  /**
   * Called for each start tag while the head insertion waits: writes it before this tag when the
   * head was omitted, and returns true when it goes right after this tag ({@code <head>}).
   */
  private boolean beforeOrAfterHead(int nameEnd) throws IOException {
    if (nameIs(nameEnd, "head")) {
      return true;
    }
    if (nameIs(nameEnd, "html")) {
      documentLike = true;
      return false;
    }
    if (documentLike) {
      writeHeadInsertion(); // before this tag: the head was omitted (HTML 13.1.2.4 allows it)
    } else {
      headInsertion = null; // a fragment: it belongs to a page that has its own head
    }
    return false;
  }

  private void writeHeadInsertion() throws IOException {
    Supplier<String> markup = headInsertion;
    headInsertion = null;
    String text = markup.get();
    if (!text.isEmpty()) {
      flushBeforeHeld();
      out.write(text);
      insertedInHead = true;
    }
  }

  private void finishInlineScript() throws IOException {
    int textEnd = len - (2 + rawName.length() + 1);
    String[] found = {"", null};
    java.nio.CharBuffer text = java.nio.CharBuffer.wrap(buf, 0, len);
    try {
      if (observer != null) {
        StartTag tag = captured;
        Loads.hostsInScript(text, capturedTagLength, textEnd, h -> observer.inlineScriptHost(tag, h));
      } else {
        Loads.hostsInScript(text, capturedTagLength, textEnd, h -> {
          if (check(h, found)) {
            throw STOP;
          }
        });
      }
    } catch (Stop stop) {
      // the first held host names the script
    }
    String host = found[0];
    String category = found[1];
    StartTag t = captured;
    captured = null;
    if (category == null) {
      writeBuffer();
      state = RAW;
      return;
    }
    String neutralised = t.neutralise(category, true, null, SCRIPT_MOVED);
    flushBeforeHeld();
    int total = len;
    len = 0;
    out.write(neutralised);
    out.write(buf, capturedTagLength, total - capturedTagLength);
    done(t.text, neutralised, new Neutralised("script", host, "", category));
    state = RAW;
  }

  private void emitNeutralised(StartTag t, String name, String host, String marked, String category, String[] moved,
      String inserted) throws IOException {
    if (t.hasMovedAttribute()) {
      LOG.log(System.Logger.Level.DEBUG, () -> "cookie-gate: <" + name + "> already carries a data-cookie-gate-"
          + " attribute; neutralised, but gate.js cannot restore it exactly");
    }
    String neutralised = t.neutralise(category, name.equals("script"), inserted, moved);
    flushBeforeHeld();
    len = 0;
    out.write(neutralised);
    done(t.text, neutralised, new Neutralised(name, host, marked, category));
  }

  private void done(String original, String neutralised, Neutralised event) {
    neutralisedCount++;
    if (rewrites != null) {
      rewrites.rewritten(original, neutralised);
    }
    try {
      listener.neutralised(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cookie-gate: exception thrown by HTML listener", e);
    }
  }

  private void report(String name, int length) {
    try {
      listener.unscanned(name, length);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cookie-gate: exception thrown by HTML listener", e);
    }
  }

  private void fail(RuntimeException cause) {
    state = FAILED;
    LOG.log(System.Logger.Level.WARNING, "cookie-gate: HTML rewriting stopped; the rest of the page passes unchanged", cause);
    try {
      listener.failed(cause);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cookie-gate: exception thrown by HTML listener", e);
    }
  }

  private String gatedCategoryOf(String host) {
    if (host.isEmpty()) {
      return null;
    }
    Optional<String> category = decider.categoryOfHost(host);
    return category.isPresent() && !decider.allowed(category.get()) ? category.get() : null;
  }

  private static final String[] SCRIPT_MOVED = {"src", "type"};

  /** Ends the walk over an inline script's hosts once one is held. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  private static final Stop STOP = new Stop();

  private static String marked(StartTag t) {
    String v = t.value(StartTag.MARK);
    return v == null ? "" : CharRefs.decodeAttribute(v).strip().toLowerCase(Locale.ROOT);
  }

  private static final int OTHER = 0;
  private static final int SCRIPT = 1;
  private static final int IFRAME = 2;
  private static final int LOADS = 3;    // another element of the Loads table
  private static final int BASE = 4;
  private static final int TEMPLATE = 5;

  /** Table elements other than script and iframe, by first letter; base and template added. */
  private static final String[][] BY_FIRST = new String[26][];

  static {
    java.util.Map<Character, java.util.List<String>> m = new java.util.TreeMap<>();
    for (String e : Loads.ELEMENTS.keySet()) {
      if (!e.equals("script") && !e.equals("iframe")) {
        m.computeIfAbsent(e.charAt(0), k -> new java.util.ArrayList<>()).add(e);
      }
    }
    m.forEach((c, list) -> BY_FIRST[c - 'a'] = list.toArray(new String[0]));
  }

  private int kind(int nameEnd) {
    char first = Html.lower(buf[1]);
    if (first < 'a' || first > 'z') {
      return OTHER;
    }
    if (first == 's' && nameIs(nameEnd, "script")) {
      return SCRIPT;
    } else if (first == 'i' && nameIs(nameEnd, "iframe")) {
      return IFRAME;
    } else if (first == 'b' && nameIs(nameEnd, "base")) {
      return BASE;
    } else if (first == 't' && nameIs(nameEnd, "template")) {
      return TEMPLATE;
    }
    String[] names = BY_FIRST[first - 'a'];
    if (names != null) {
      for (String n : names) {
        if (nameIs(nameEnd, n)) {
          return LOADS;
        }
      }
    }
    return OTHER;
  }

  private boolean nameIs(int nameEnd, String lower) {
    if (nameEnd - 1 != lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (Html.lower(buf[1 + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private String rawTextName(int nameEnd) {
    if (xml) {
      return nameIs(nameEnd, "script") ? "script" : null; // XML has no raw text; script text is read to its end tag
    }
    char first = Html.lower(buf[1]);
    if (first != 's' && first != 't' && first != 'x' && first != 'i' && first != 'n' && first != 'p') {
      return null; // no raw-text element starts so
    }
    for (String n : RAW_NAMES) {
      if (nameIs(nameEnd, n)) {
        return n;
      }
    }
    return nameIs(nameEnd, "plaintext") ? "plaintext" : null;
  }

  private String rawTextName(String name) {
    if (name.equals("plaintext")) {
      return name;
    }
    for (String n : RAW_NAMES) {
      if (n.equals(name)) {
        return n;
      }
    }
    return null;
  }

  private String nameInBuffer() {
    int nameEnd = 1;
    while (nameEnd < len && !Html.endsTagName(buf[nameEnd])) {
      nameEnd++;
    }
    return new String(buf, 1, Math.min(nameEnd, 64) - 1).toLowerCase(Locale.ROOT);
  }

  private void enterAfterTag(String raw) {
    if (raw == null) {
      state = TEXT;
    } else if (raw.equals("plaintext")) {
      state = PLAINTEXT;
    } else {
      rawName = raw;
      endMatch = 0;
      scriptState = S_DATA;
      state = RAW;
    }
  }

  /**
   * Whether the buffered tag may carry the author's mark or an absolute or protocol-relative URL,
   * the only kind that can name a host ({@link Urls#host}): a {@code ':'}, two slashes or
   * backslashes (or one followed by a tab or newline, which URL parsing removes), or a character
   * reference that could hide one of those. A cheap pre-check; false means the tag is not gated.
   */
  private boolean mayBeGated() {
    for (int i = 0; i < len; i++) {
      char c = buf[i];
      if (c < 128 && !SUSPECT[c]) {
        continue;
      }
      if (c == ':' || c == '&') {
        return true;
      }
      if ((c == '/' || c == '\\') && i + 1 < len) {
        char d = buf[i + 1];
        if (d == '/' || d == '\\' || d == '\t' || d == '\n' || d == '\r') {
          return true;
        }
      } else if (attributeStartsWithD && (c | 0x20) == 'd' && markAt(i)) {
        return true;
      }
    }
    return false;
  }

  /** The chars {@link #mayBeGated} looks at; it skips the others in one test. */
  private static final boolean[] SUSPECT = new boolean[128];

  static {
    for (char ch : new char[] {':', '&', '/', '\\', 'd', 'D'}) {
      SUSPECT[ch] = true;
    }
  }

  /** Whether {@code data-cookie-gate} starts at {@code buf[i]}, in any letter case. */
  private boolean markAt(int i) {
    String needle = StartTag.MARK;
    int n = needle.length();
    if (i + n > len) {
      return false;
    }
    for (int k = 1; k < n; k++) {
      if (Html.lower(buf[i + k]) != needle.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the buffered tag may hold a data-cookie-gate attribute (a cheap pre-check). */
  private boolean containsMarkAttribute() {
    if (!attributeStartsWithD) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if ((buf[i] | 0x20) == 'd' && markAt(i)) {
        return true;
      }
    }
    return false;
  }

  private void hold(char ch) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[len++] = ch;
  }

  private void hold(char[] c, int off, int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(c, off, buf, len, n);
    len += n;
  }

  /** Passes the held chars on unchanged. */
  private void writeBuffer() throws IOException {
    if (tagStart >= 0) {
      // Still in this chunk, right after the unwritten text: let them join it, one write later.
      tagStart = -1;
      len = 0;
      run = savedRun;
      return;
    }
    int n = len;
    len = 0;
    out.write(buf, 0, n);
  }

  /** Writes the text before the held chars, so that something else can be written after it. */
  private void flushBeforeHeld() throws IOException {
    if (tagStart >= 0) {
      int n = tagStart - savedRun;
      tagStart = -1;
      if (n > 0) {
        emit(cur, savedRun, n);
      }
    }
  }

  /** The {@code lang} of an {@code <html>} tag: decoded and stripped, null when absent, empty or too long. */
  private static String languageOf(StartTag html) {
    String v = html.value("lang");
    if (v == null || v.length() > 64) {
      return null;
    }
    String lang = CharRefs.decodeAttribute(v).strip();
    return lang.isEmpty() ? null : lang;
  }
}
