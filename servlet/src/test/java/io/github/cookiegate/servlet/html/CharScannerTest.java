package io.github.cookiegate.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.html.PageRewriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
 * The writer path's tag skipping ({@code write(String)} and {@code write(char[])} pass the tags
 * that cannot change with the text around them, without holding them) against the char reader
 * alone: the same page written one char at a time, where no tag is ever whole in one write, gives
 * the reference. The same output, events and insertions for the benchmark pages, every case of
 * {@code load-cases.txt}, {@link ByteScannerTest#TRICKY} and markup aimed at the skipping's edges,
 * written whole, as a char array, and cut in two at every offset.
 */
class CharScannerTest {

  /** Markup aimed at the char path's shortcuts, beyond what the byte scanner's cases hold. */
  static final List<String> EDGES = List.of(
      // A quoted '>' in a skipped tag, and in a table element's attribute that is not a URL.
      "<a href=\"/x\" title=\"1 > 0\">a</a><img alt=\"a > b\" src=\"https://www.facebook.com/tr\">",
      "<img alt='x>' src=/a.png><img alt=\"x'>\" src='https://www.facebook.com/tr'>",
      // A URL in an attribute the table does not read passes; in one it reads, it is held.
      "<img src=\"/p.png\" alt=\"https://www.facebook.com/tr\" title=\"a:b\" data-x=\"//www.facebook.com\">",
      "<img title=x src=\"//www.facebook.com/tr\"><img SRC=//www.facebook.com/tr><img srcset=\"/a 1x,//www.facebook.com/tr 2x\">",
      "<img src=\"/\t/www.facebook.com/tr\"><img src=\"/\n/www.facebook.com/tr\"><img src=\"\\\\www.facebook.com/tr\">",
      "<img src=\"https&#58;//www.facebook.com/tr\"><img src=\"&#x2F;&#x2F;www.facebook.com/tr\">",
      "<img src=/a.png src=//www.facebook.com/tr><img src=//www.facebook.com/tr src=/a.png>",
      // Inputs: only type=image loads, in any case, with references or spaces; a mark holds any.
      "<input type=hidden value=\"https://www.facebook.com/tr\"><input src=//www.facebook.com/tr>",
      "<input type=IMAGE src=//www.facebook.com/tr><input type=\" image \" src=//www.facebook.com/tr>",
      "<input type=&#105;mage src=//www.facebook.com/tr><input type=text type=image src=//www.facebook.com/tr>",
      "<input type=image type=text src=//www.facebook.com/tr><input src=//www.facebook.com/tr type=image>",
      "<input data-cookie-gate=marketing type=hidden src=/x><input type=hidden data-cookie-gate-activate>",
      // Links and metas: rel and http-equiv decide.
      "<link rel=canonical href=\"https://www.facebook.com/x\"><link rel=icon href=//www.facebook.com/i.ico>",
      "<meta name=viewport content=\"width=device-width, initial-scale=1\"><meta property=x content=\"https://www.facebook.com/tr\">",
      // Attribute names that read as the table's under Java's letter case folding but not in HTML.
      "<img \u017Frc=\"//www.facebook.com/tr\"><img src=/a.png data-cook\u0130e-gate-activate alt=\"a:b\">",
      "<img alt=\"a:b\" data-cook\u0130e-gate-activate=1 src=/b.png><img alt=\"a:b\" src=/c.png data-\u212Aey=x>",
      "<input type=\u0131mage src=//www.facebook.com/tr><div data-cook\u0130e-gate=marketing>x</div>",
      // Chars above 0xFF whose low byte is '<', '>' or a quote are text, not markup.
      "\u013Cimg src=//www.facebook.com/tr\u013E<p title=\"\u0122\">\u0127</p><img src=//www.facebook.com/tr>",
      // Names close to the table's, names with digits and non-ASCII letters, end tags of all kinds.
      "<h1 class=t>x</h1><imgs src=//www.facebook.com/tr><im src=//www.facebook.com/tr><\u00EFmg src=//www.facebook.com/tr>",
      "<plaintex>a</plaintex><plaintexts>b</plaintexts><td background=//www.facebook.com/tr>c</td>",
      "</p></div   ><//p></p/><img src=//www.facebook.com/tr></html x=\">\"><img src=//www.facebook.com/tr>",
      // Self-closing forms and a slash in unquoted values.
      "<br/><img src=/a.png/><img src=//www.facebook.com/tr/><p a=b/>c</p><img/src=//www.facebook.com/tr>",
      // A base in force: every table element is read.
      "<p>x</p><base href=\"https://www.facebook.com/\"><img src=tr><p>y</p><img src=/a.png>");

  static Stream<Arguments> inputs() {
    List<Arguments> out = new ArrayList<>();
    ByteScannerTest.inputs().forEach(a -> {
      Object[] args = a.get();
      out.add(Arguments.of(args[0], new String((byte[]) args[1], StandardCharsets.UTF_8)));
    });
    for (int i = 0; i < EDGES.size(); i++) {
      out.add(Arguments.of("edge-" + i, EDGES.get(i)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void wholeWritesGiveWhatTheCharReaderGives(String name, String page) {
    for (boolean xhtml : new boolean[] {false, true}) {
      for (Set<String> allowed : List.of(Set.<String>of(), Set.of("chat", "analytics", "marketing", "functional"))) {
        Result reference = oneByOne(page, allowed, xhtml);
        assertThat(run(page, allowed, xhtml, page.length(), false)).as("%s xhtml=%s allowed=%s", name, xhtml, allowed)
            .isEqualTo(reference);
        assertThat(run(page, allowed, xhtml, page.length(), true)).as("as one char array").isEqualTo(reference);
        assertThat(run(page, allowed, xhtml, 7, false)).as("in 7-char writes").isEqualTo(reference);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void writesCutAtEveryOffsetGiveWhatTheCharReaderGives(String name, String page) {
    Result reference = oneByOne(page, Set.of(), false);
    for (int cut = 0; cut <= page.length(); cut++) {
      Result r = cut(page, cut);
      if (!r.equals(reference)) {
        assertThat(r).as("%s cut at %d", name, cut).isEqualTo(reference);
      }
    }
  }

  @Test
  void aTableElementIsHeldForItsUrlAttributesOnly() {
    String page = "<img src=\"/p.png\" alt=\"https://www.facebook.com/tr\"><img alt=\"a:b\" src=\"//www.facebook.com/tr\">"
        + "<input type=hidden value=\"//www.facebook.com/tr\" src=\"//www.facebook.com/tr\">"
        + "<input type=image src=\"//www.facebook.com/tr\">";
    Result r = run(page, Set.of(), false, page.length(), false);
    assertThat(r.events).containsExactly("img@www.facebook.com", "input@www.facebook.com");
    assertThat(r.output).startsWith("<img src=\"/p.png\" alt=\"https://www.facebook.com/tr\"><img data-cookie-gate=");
  }

  @Test
  void aQuotedGreaterThanSignInASkippedTagDoesNotEndIt() {
    String page = "<p title=\"a > <img src=https://www.facebook.com/tr>\">x</p><img src=\"https://www.facebook.com/tr\">";
    Result r = run(page, Set.of(), false, page.length(), false);
    assertThat(r.events).containsExactly("img@www.facebook.com");
    assertThat(r.output).startsWith("<p title=\"a > <img src=https://www.facebook.com/tr>\">x</p><img data-cookie-gate=");
  }

  /**
   * A start tag longer than the rewriter's limit passes unread and is reported, whichever path
   * finds it: the char path, the byte path and the char reader alone report the same tags.
   */
  @Test
  void tagsOverTheLimitAreReportedOnEveryPath() throws IOException {
    List<String> pages = new ArrayList<>(EDGES);
    pages.addAll(ByteScannerTest.TRICKY);
    for (int limit : new int[] {3, 4, 5, 9, 16, 40}) {
      for (String page : pages) {
        List<String> reference = new ArrayList<>();
        StringWriter one = new StringWriter();
        PageRewriter r = limited(one, limit, reference);
        for (int i = 0; i < page.length(); i++) {
          r.write(page.charAt(i));
        }
        r.close();
        List<String> whole = new ArrayList<>();
        StringWriter out = new StringWriter();
        r = limited(out, limit, whole);
        r.write(page);
        r.close();
        assertThat(out.toString()).as("limit %d: %s", limit, page).isEqualTo(one.toString());
        assertThat(whole).as("limit %d: %s", limit, page).isEqualTo(reference);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        List<String> fromBytes = new ArrayList<>();
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.Writer chars = new java.io.OutputStreamWriter(sink, StandardCharsets.ISO_8859_1);
        r = limited(chars, limit, fromBytes);
        r.bytes((b, off, len) -> {
          chars.flush();
          sink.write(b, off, len);
        }, StandardCharsets.UTF_8);
        r.writeBytes(bytes, 0, bytes.length);
        r.close();
        assertThat(fromBytes).as("bytes, limit %d: %s", limit, page).isEqualTo(oneByOneLatin1(bytes, limit));
      }
    }
  }

  /** The char reader alone on the bytes read one char per byte, with a limit: what it reports. */
  private static List<String> oneByOneLatin1(byte[] bytes, int limit) throws IOException {
    List<String> events = new ArrayList<>();
    PageRewriter r = limited(new StringWriter(), limit, events);
    for (byte b : bytes) {
      r.write(b & 0xFF);
    }
    r.close();
    return events;
  }

  private static PageRewriter limited(java.io.Writer out, int limit, List<String> events) {
    return PageRewriter.wrap(out, PageRewriter.Decider.of(Pages::categoryOfHost, c -> c.equals("necessary")),
        new PageRewriter.Listener() {
          @Override
          public void neutralised(PageRewriter.Neutralised e) {
            events.add(e.tagName() + "@" + e.host());
          }

          @Override
          public void unscanned(String tagName, int length) {
            events.add("unscanned " + tagName + " " + length);
          }
        }, limit, null);
  }

  record Result(String output, List<String> events, int neutralised, boolean insertedInHead, boolean sawActivate,
      String language, boolean endOfBodyPending) {
  }

  /** The reference: one char a write, so that only the char reader's states ever see a tag. */
  static Result oneByOne(String page, Set<String> allowed, boolean xhtml) {
    return write(page, allowed, xhtml, r -> {
      for (int i = 0; i < page.length(); i++) {
        r.write(page.charAt(i));
      }
    });
  }

  /** In pieces of {@code piece} chars, as Strings or as char arrays. */
  static Result run(String page, Set<String> allowed, boolean xhtml, int piece, boolean asArray) {
    return write(page, allowed, xhtml, r -> {
      char[] chars = page.toCharArray();
      for (int i = 0; i < page.length(); i += piece) {
        int n = Math.min(piece, page.length() - i);
        if (asArray) {
          r.write(chars, i, n);
        } else {
          r.write(page, i, n);
        }
      }
    });
  }

  static Result cut(String page, int cut) {
    return write(page, Set.of(), false, r -> {
      r.write(page, 0, cut);
      r.write(page, cut, page.length() - cut);
    });
  }

  interface Writes {
    void to(PageRewriter r) throws IOException;
  }

  static Result write(String page, Set<String> allowed, boolean xhtml, Writes writes) {
    List<String> events = new ArrayList<>();
    StringWriter out = new StringWriter();
    PageRewriter r = ByteScannerTest.rewriter(out, allowed, xhtml, events);
    try {
      writes.to(r);
      ByteScannerTest.Result before = ByteScannerTest.result("", events, r);
      r.close();
      return new Result(out.toString(), before.events(), before.neutralised(), before.insertedInHead(),
          before.sawActivate(), before.language(), before.endOfBodyPending());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
