package io.github.cookiegate.servlet.html;

import io.github.cookiegate.internal.html.PageRewriter;
import java.io.IOException;
import java.io.Writer;
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
 * HtmlRewriter html = HtmlRewriter.wrap(response.getWriter(),
 *     HtmlRewriter.Decider.of(catalog::categoryOfHost, state::allows),
 *     new HtmlRewriter.Listener() {
 *       public void neutralised(HtmlRewriter.Neutralised e) { events.add(e); }
 *     });
 * html.write(page);
 * html.close();
 * }</pre>
 */
public final class HtmlRewriter extends Writer {
  /** The most chars buffered for one element: a start tag, or an inline script with its tags. */
  public static final int MAX_ELEMENT = PageRewriter.MAX_ELEMENT;

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

    /** Called when an element longer than {@link HtmlRewriter#MAX_ELEMENT} chars passed through unchecked. */
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
  interface Rewrites {
    void rewritten(String original, String neutralised);
  }

  private final PageRewriter engine;

  private HtmlRewriter(PageRewriter engine) {
    super(engine);
    this.engine = engine;
  }

  /**
   * Returns a writer that rewrites the HTML written to it into {@code out}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static HtmlRewriter wrap(Writer out, Decider decider, Listener listener) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(decider, "decider");
    Objects.requireNonNull(listener, "listener");
    return wrap(out, decider, listener, MAX_ELEMENT, null);
  }

  static HtmlRewriter wrap(Writer out, Decider decider, Listener listener, int limit, Rewrites rewrites) {
    return new HtmlRewriter(PageRewriter.wrap(out, engineDecider(decider), engineListener(listener), limit,
        rewrites == null ? null : rewrites::rewritten));
  }

  private static PageRewriter.Decider engineDecider(Decider d) {
    return PageRewriter.Decider.of(d::categoryOfHost, d::allowed);
  }

  private static PageRewriter.Listener engineListener(Listener l) {
    return new PageRewriter.Listener() {
      @Override
      public void neutralised(PageRewriter.Neutralised e) {
        l.neutralised(new Neutralised(e.tagName(), e.host(), e.markedCategory(), e.category()));
      }

      @Override
      public void unscanned(String tagName, int length) {
        l.unscanned(tagName, length);
      }

      @Override
      public void failed(RuntimeException cause) {
        l.failed(cause);
      }
    };
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
  public HtmlRewriter insertInHead(java.util.function.Supplier<String> markup) {
    engine.insertInHead(markup);
    return this;
  }

  /**
   * Asks the rewriter to write {@code markup} once at the end of the document's body: right before
   * the first {@code </body>} end tag, or before {@code </html>} when the page omits {@code </body>}.
   * A page with neither gets nothing from the rewriter: its writer adds what it needs at the end of
   * the page, which is then the end of the body. The supplier is called at that moment, so it sees
   * what the page held so far, and may return "".
   *
   * @return this rewriter
   * @throws NullPointerException if {@code markup} is null
   */
  public HtmlRewriter insertAtEndOfBody(Supplier<String> markup) {
    engine.insertAtEndOfBody(markup);
    return this;
  }

  /** Returns whether the {@link #insertAtEndOfBody end-of-body insertion} is still to be written. */
  public boolean endOfBodyPending() {
    return engine.endOfBodyPending();
  }

  /**
   * Returns the {@code lang} attribute of the page's first {@code <html>} start tag, character
   * references decoded and stripped, or empty when none was read (yet).
   */
  public Optional<String> documentLanguage() {
    return engine.documentLanguage();
  }

  /** Returns whether the {@link #insertInHead head insertion} was written. */
  public boolean insertedInHead() {
    return engine.insertedInHead();
  }

  /** Returns whether the page so far had an element with {@code data-cookie-gate-activate}. */
  public boolean sawActivateElement() {
    return engine.sawActivateElement();
  }

  /** Returns how many elements were neutralised so far. */
  public int neutralisedCount() {
    return engine.neutralisedCount();
  }

  /** Undoes a neutralisation of one start tag, byte for byte; what {@code gate.js} does in the DOM. */
  static String restore(String neutralisedTag) {
    return PageRewriter.restore(neutralisedTag);
  }

  @Override
  public void write(char[] cbuf, int off, int length) throws IOException {
    engine.write(cbuf, off, length);
  }

  @Override
  public void write(int c) throws IOException {
    engine.write(c);
  }

  @Override
  public void write(String str, int off, int length) throws IOException {
    engine.write(str, off, length);
  }

  /** Passes on what is complete; a partly read tag or inline script stays buffered. */
  @Override
  public void flush() throws IOException {
    engine.flush();
  }

  /** Writes out anything still buffered, unchanged, and closes the underlying writer. */
  @Override
  public void close() throws IOException {
    engine.close();
  }
}
