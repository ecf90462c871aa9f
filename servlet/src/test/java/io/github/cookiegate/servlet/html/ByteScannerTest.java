package io.github.cookiegate.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.html.PageRewriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte scanner of the output-stream path ({@code PageRewriter.writeBytes}) against the char
 * reader ({@code write(String)} of the same bytes, one char per byte): the same output byte for
 * byte, the same events and the same insertions, for the benchmark pages, every case of
 * {@code load-cases.txt} and markup aimed at the scanner's shortcuts, written whole, cut in two at
 * every offset, and in small pieces.
 */
public class ByteScannerTest {

  static final String HEAD = "<script src=\"/cookie-gate/gate.js\"></script>";
  static final String BODY = "<button data-cookie-gate-activate>Chat</button>";

  /** Markup aimed at the byte scanner's shortcuts: quotes, names, end tags, raw text, templates. */
  public static final List<String> TRICKY = List.of(
      // A quoted '>' does not end the tag: the script after it is read (and held).
      "<div title=\"a>b\"><script src=\"https://widget.intercom.io/widget/x\"></script></div>",
      "<div title='a>b' class=x><img src=\"https://www.facebook.com/tr?id=1\"></div>",
      // A quote inside an unquoted value opens nothing: the tag ends at the first '>'.
      "<div title=a\"b><script src=\"https://widget.intercom.io/widget/x\"></script><p class=\"c\">x</p>",
      "<p a=b'c>q</p><img src=https://www.facebook.com/tr?id=2>",
      // A leading '=' starts an attribute name, and a quote after it is part of that name.
      "<a =\"x>y\"><script src=https://widget.intercom.io/w></script>",
      "<a b=\"c\"=\"d>e\"><img src=//www.facebook.com/tr>",
      "<a b = \"c>d\" e><img src=//www.facebook.com/tr>",
      // A tag inside a quoted value is no tag.
      "<div title=\"<script src=https://widget.intercom.io/w></script>\">x</div>",
      "<span data-x='<img src=https://www.facebook.com/tr>'>y</span>",
      // End tags with attributes and quotes.
      "<p>x</p title=\">\"><img src=https://www.facebook.com/tr></p>",
      "</div class='a>b'><script src=https://widget.intercom.io/w></script>",
      "</ x><img src=https://www.facebook.com/tr> </><img src=https://www.facebook.com/tr>",
      // Marks on elements of no importance, data-* attributes that are not the mark.
      "<li data-product-id=\"1\" DATA-Cookie-Gate=\"analytics\">x</li><div data-cookie-gate-activate>c</div>",
      "<li data-product-id=\"1\" data-toggle=x>y</li>",
      "<section data-cookie-gate=marketing><p>x</p></section>",
      // Letter case and names close to the table's.
      "<IMG SRC=\"HTTPS://WWW.FACEBOOK.COM/TR\"><Script Src=//widget.intercom.io/w></Script><imgx src=//www.facebook.com/>",
      "<scripts src=//widget.intercom.io/w></scripts><ifram src=//widget.intercom.io/w>",
      // Raw text: a tag in it is no tag; its end tag in any case.
      "<style>a>b{}</style><title><img src=//www.facebook.com/tr></title><textarea><script src=//widget.intercom.io/w></textarea>",
      "<STYLE>x<y</StYlE><img src=//www.facebook.com/tr>",
      "<script>if (a<b && c>d) x='</scrip'; var u='https://widget.intercom.io/w';</script><p>after</p>",
      "<script><!-- document.write('<script src=//widget.intercom.io/w></script>') --></script><img src=//www.facebook.com/tr>",
      "<xmp><img src=//www.facebook.com/tr></xmp><noembed><img src=//www.facebook.com/tr></noembed>",
      "<plaintext><img src=//www.facebook.com/tr>",
      // Comments, doctypes, processing instructions, bogus comments.
      "<!-- <img src=//www.facebook.com/tr> --><!doctype html><? x ><img src=//www.facebook.com/tr>",
      "<!---><img src=//www.facebook.com/tr><!--a--!><img src=//www.facebook.com/tr>",
      // '<' in text.
      "a < b <3 <<p>x</p> <= <\n<img src=//www.facebook.com/tr>",
      // Templates: inert content, shadow roots, nested.
      "<template><img src=//www.facebook.com/tr><p>x</p></template><img src=//www.facebook.com/tr>",
      "<template><template></template><img src=//www.facebook.com/tr></TEMPLATE><img src=//www.facebook.com/tr>",
      "<div><template shadowrootmode=open><img src=//www.facebook.com/tr></template></div>",
      // Base.
      "<base href=\"https://widget.intercom.io/\"><img src=\"x.png\"><script src=\"w\"></script>",
      // Documents: where the head insertion and the end-of-body insertion go.
      "<!DOCTYPE html><html lang=\"de\"><head><meta charset=utf-8><title>t</title></head><body><p>x</p></body></html>",
      "<!doctype html><p>no head</p><img src=//www.facebook.com/tr></BODY></html>",
      "<html><body><p>x</p></body2></bodyx></body ></html>",
      "<p>fragment</p><img src=//www.facebook.com/tr>",
      // Non-ASCII and malformed UTF-8 bytes pass as they are.
      "<p title=\"caf\u00e9 \u20ac\">\u00fcber</p><img alt=\"\u00e9\" src=//www.facebook.com/tr>",
      // Srcdoc, refresh, srcset, character references.
      "<iframe srcdoc=\"<img src=&quot;https://www.facebook.com/tr&quot;>\"></iframe><p>x</p>",
      "<meta http-equiv=refresh content=\"0; url=https://widget.intercom.io/x\"><meta name=x content=\"a:b\">",
      "<img srcset=\"a.png 1x, https://www.facebook.com/tr 2x\"><img src=\"https:&#x2F&#x2Fwww.facebook.com/tr\">",
      "<img src=\"/x.png\" alt=\"a//b\"><img src=\"/y.png\" alt=\"a:b\"><img src='/z.png'>",
      "<link rel=stylesheet href=/site.css><link rel=\"stylesheet\" href=\"https://widget.intercom.io/s.css\">");

  static Stream<Arguments> inputs() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("shop-30k.html", page("shop-30k.html")));
    out.add(Arguments.of("clean-30k.html", page("clean-30k.html")));
    for (LoadCases c : LoadCases.all()) {
      out.add(Arguments.of(c.name(), c.markup().getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < TRICKY.size(); i++) {
      out.add(Arguments.of("tricky-" + i, TRICKY.get(i).getBytes(StandardCharsets.UTF_8)));
    }
    byte[] malformed = "<p>\u00e9</p><img src=//www.facebook.com/tr><p title=\"x\">y</p>".getBytes(StandardCharsets.UTF_8);
    malformed[3] = (byte) 0xFF; // a lone byte that is no UTF-8
    out.add(Arguments.of("malformed-utf-8", malformed));
    return out.stream();
  }

  static byte[] page(String name) {
    try (InputStream in = ByteScannerTest.class.getResourceAsStream("pages/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void bytesGiveWhatCharsGiveWrittenWhole(String name, byte[] page) {
    for (boolean xhtml : new boolean[] {false, true}) {
      for (Set<String> allowed : List.of(Set.<String>of(), Set.of("chat", "analytics", "marketing", "functional"))) {
        Result chars = chars(page, allowed, xhtml);
        assertThat(bytes(page, allowed, xhtml, page.length)).as("%s xhtml=%s allowed=%s", name, xhtml, allowed)
            .isEqualTo(chars);
        assertThat(bytes(page, allowed, xhtml, 7)).as("in 7-byte writes").isEqualTo(chars);
        assertThat(bytes(page, allowed, xhtml, 1)).as("in 1-byte writes").isEqualTo(chars);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void bytesGiveWhatCharsGiveCutAtEveryOffset(String name, byte[] page) {
    Result chars = chars(page, Set.of(), false);
    for (int cut = 0; cut <= page.length; cut++) {
      Result r = run(page, Set.of(), false, true, cut);
      if (!r.equals(chars)) {
        assertThat(r).as("%s cut at %d", name, cut).isEqualTo(chars);
      }
    }
  }

  @Test
  void aQuotedGreaterThanSignDoesNotEndTheTag() {
    String page = "<p title=\"a > <img src=https://www.facebook.com/tr>\">x</p><img src=\"https://www.facebook.com/tr\">";
    Result r = bytes(page.getBytes(StandardCharsets.UTF_8), Set.of(), false, page.length());
    assertThat(r.events).containsExactly("img@www.facebook.com");
    assertThat(r.output).startsWith("<p title=\"a > <img src=https://www.facebook.com/tr>\">x</p><img ");
  }

  /**
   * A UTF-8 page on the output stream whose URL hosts are spelt with fullwidth letters or an
   * ideographic full stop, raw (not as character references): the browser reads the characters,
   * so the byte path decides on them too, as the writer path does with the same page as chars.
   */
  @Test
  void hostsAreReadInThePagesCharset() throws IOException {
    String page = "<p>caf\u00e9</p><script src=\"https://\uFF57idget.intercom.io/widget/abc123\"></script>"
        + "<img alt=\"\u00e9\" src=\"https://www.facebook\u3002com/tr\"><base href=\"https://widget.intercom\u3002io/\">"
        + "<script src=\"w\"></script>";
    List<String> events = new ArrayList<>();
    StringWriter chars = new StringWriter();
    PageRewriter writerPath = rewriter(chars, Set.of(), false, events);
    writerPath.write(page);
    writerPath.close();
    assertThat(events).containsExactly("script@widget.intercom.io", "img@www.facebook.com", "script@widget.intercom.io");
    Result bytes = bytes(page.getBytes(StandardCharsets.UTF_8), Set.of(), false, page.length() * 3);
    assertThat(bytes.events).isEqualTo(events);
    assertThat(bytes.output.getBytes(StandardCharsets.ISO_8859_1))
        .isEqualTo(chars.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aQuoteInAnUnquotedValueOpensNothing() {
    String page = "<p title=a\"b>x</p><img src=\"https://www.facebook.com/tr\"><p title=\"c\">y</p>";
    Result r = bytes(page.getBytes(StandardCharsets.UTF_8), Set.of(), false, page.length());
    assertThat(r.events).containsExactly("img@www.facebook.com");
  }

  @Test
  void unchangedBytesReachTheSinkAsTheirOwnArrayInFewWrites() throws IOException {
    byte[] page = page("clean-30k.html");
    List<byte[]> arrays = new ArrayList<>();
    int[] writes = {0};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Writer chars = new OutputStreamWriter(sink, StandardCharsets.ISO_8859_1);
    PageRewriter rewriter = PageRewriter.wrap(chars,
        PageRewriter.Decider.of(Pages::categoryOfHost, c -> c.equals("necessary")), PageRewriter.Listener.none());
    rewriter.insertInHead(() -> HEAD);
    rewriter.bytes((b, off, len) -> {
      chars.flush();
      arrays.add(b);
      writes[0]++;
      sink.write(b, off, len);
    }, StandardCharsets.UTF_8);
    rewriter.writeBytes(page, 0, page.length);
    rewriter.close();
    assertThat(arrays).allMatch(b -> b == page);
    // Before and after the head insertion, and around the one absolute URL the page names.
    assertThat(writes[0]).isLessThanOrEqualTo(4);
    String expected = new String(page, StandardCharsets.ISO_8859_1).replaceFirst("<head>", "<head>" + HEAD);
    assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
  }

  /** What a run gives: the output as ISO-8859-1 chars (one per byte), the events, the insertions' state. */
  record Result(String output, List<String> events, int neutralised, boolean insertedInHead, boolean sawActivate,
      String language, boolean endOfBodyPending) {
  }

  static Result chars(byte[] page, Set<String> allowed, boolean xhtml) {
    return run(page, allowed, xhtml, false, page.length);
  }

  /** Writes through writeBytes in pieces of {@code piece} bytes. */
  static Result bytes(byte[] page, Set<String> allowed, boolean xhtml, int piece) {
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Writer chars = new OutputStreamWriter(sink, StandardCharsets.ISO_8859_1);
    PageRewriter r = rewriter(chars, allowed, xhtml, events);
    r.bytes((b, off, len) -> {
      chars.flush();
      sink.write(b, off, len);
    }, StandardCharsets.UTF_8);
    try {
      for (int i = 0; i < page.length; i += piece) {
        r.writeBytes(page, i, Math.min(piece, page.length - i));
      }
      Result before = result("", events, r);
      r.close();
      return new Result(sink.toString(StandardCharsets.ISO_8859_1), before.events, before.neutralised,
          before.insertedInHead, before.sawActivate, before.language, before.endOfBodyPending);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes in two parts cut at {@code cut}: through writeBytes when {@code asBytes}, else as one String each. */
  static Result run(byte[] page, Set<String> allowed, boolean xhtml, boolean asBytes, int cut) {
    if (asBytes) {
      List<String> events = new ArrayList<>();
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      Writer chars = new OutputStreamWriter(sink, StandardCharsets.ISO_8859_1);
      PageRewriter r = rewriter(chars, allowed, xhtml, events);
      r.bytes((b, off, len) -> {
        chars.flush();
        sink.write(b, off, len);
      }, StandardCharsets.UTF_8);
      try {
        r.writeBytes(page, 0, cut);
        r.writeBytes(page, cut, page.length - cut);
        Result before = result("", events, r);
        r.close();
        return new Result(sink.toString(StandardCharsets.ISO_8859_1), before.events, before.neutralised,
            before.insertedInHead, before.sawActivate, before.language, before.endOfBodyPending);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> events = new ArrayList<>();
    StringWriter out = new StringWriter();
    PageRewriter r = rewriter(out, allowed, xhtml, events);
    String text = new String(page, StandardCharsets.ISO_8859_1);
    try {
      r.write(text, 0, cut);
      r.write(text, cut, text.length() - cut);
      Result before = result("", events, r);
      r.close();
      return new Result(out.toString(), before.events, before.neutralised, before.insertedInHead, before.sawActivate,
          before.language, before.endOfBodyPending);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PageRewriter rewriter(Writer out, Set<String> allowed, boolean xhtml, List<String> events) {
    PageRewriter r = PageRewriter.wrap(out,
        PageRewriter.Decider.of(Pages::categoryOfHost, c -> c.equals("necessary") || allowed.contains(c)),
        new PageRewriter.Listener() {
          @Override
          public void neutralised(PageRewriter.Neutralised e) {
            events.add(e.tagName() + "@" + e.host());
          }

          @Override
          public void failed(RuntimeException cause) {
            throw new AssertionError("the rewriter failed", cause);
          }
        });
    r.insertInHead(() -> HEAD);
    if (xhtml) {
      r.xhtml();
    } else {
      r.insertAtEndOfBody(() -> events.isEmpty() ? "" : BODY);
    }
    return r;
  }

  static Result result(String output, List<String> events, PageRewriter r) {
    return new Result(output, List.copyOf(events), r.neutralisedCount(), r.insertedInHead(), r.sawActivateElement(),
        r.documentLanguage().orElse(null), r.endOfBodyPending());
  }
}
