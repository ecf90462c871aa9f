package io.github.cookiegate.servlet.html;

import static io.github.cookiegate.servlet.html.Pages.allowing;
import static io.github.cookiegate.servlet.html.Pages.assertOnlyRestorableChanges;
import static io.github.cookiegate.servlet.html.Pages.page;
import static io.github.cookiegate.servlet.html.Pages.rewrite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.html.CharRefs;
import io.github.cookiegate.internal.html.StartTag;
import io.github.cookiegate.internal.html.Urls;
import io.github.cookiegate.servlet.html.HtmlRewriter.Neutralised;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlRewriterTest {
  private static final HtmlRewriter.Decider NOTHING_ALLOWED = allowing();

  static Stream<Arguments> chatVendorSnippets() {
    return Stream.of(
        Arguments.of("Intercom", Pages.INTERCOM, List.of("api-iam.intercom.io", "widget.intercom.io")),
        Arguments.of("Crisp", Pages.CRISP, List.of("client.crisp.chat")),
        Arguments.of("tawk.to", Pages.TAWK, List.of("embed.tawk.to")),
        Arguments.of("Tidio", Pages.TIDIO, List.of("code.tidio.co")),
        Arguments.of("Drift", Pages.DRIFT, List.of("js.driftt.com")),
        Arguments.of("Zendesk", Pages.ZENDESK, List.of("static.zdassets.com")),
        Arguments.of("HubSpot", Pages.HUBSPOT, List.of("js.hs-scripts.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatVendorSnippets")
  void neutralisesChatVendorSnippetBeforeActivation(String vendor, String snippet, List<String> hosts) {
    String input = page(snippet);
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).extracting(Neutralised::host).containsExactlyElementsOf(hosts);
    assertThat(run.events).allSatisfy(e -> {
      assertThat(e.tagName()).isEqualTo("script");
      assertThat(e.category()).isEqualTo("chat");
      assertThat(e.markedCategory()).isEmpty();
    });
    assertThat(run.rewrites).allSatisfy(r -> assertThat(r[1])
        .startsWith("<script data-cookie-gate=\"chat\" type=\"text/plain\"")
        .doesNotContain(" src=")
        .doesNotContain(" type=\"text/javascript\""));
    assertThat(run.writer.sawActivateElement()).isTrue();
    assertOnlyRestorableChanges(input, run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatVendorSnippets")
  void leavesChatVendorSnippetAloneOnceChatIsAllowed(String vendor, String snippet, List<String> hosts) {
    String input = page(snippet);
    Pages.Run run = rewrite(input, allowing("chat"));

    assertThat(run.output()).isEqualTo(input);
    assertThat(run.events).isEmpty();
  }

  @Test
  void rewritesTidioScriptTagExactly() {
    Pages.Run run = rewrite(Pages.TIDIO, NOTHING_ALLOWED);

    assertThat(run.output()).isEqualTo("<script data-cookie-gate=\"chat\" type=\"text/plain\" "
        + "data-cookie-gate-src=\"//code.tidio.co/abcdefghijklmnopqrstuvwxyz012345.js\" async></script>\n");
  }

  @Test
  void keepsOriginalScriptTypeInDataAttribute() {
    Pages.Run run = rewrite(Pages.HUBSPOT, NOTHING_ALLOWED);

    assertThat(run.output()).contains("<script data-cookie-gate=\"chat\" type=\"text/plain\" "
        + "data-cookie-gate-type=\"text/javascript\" id=\"hs-script-loader\" async defer "
        + "data-cookie-gate-src=\"//js.hs-scripts.com/1234567.js\"></script>");
  }

  @Test
  void leavesGoogleTagAloneWithAnalyticsConsent() {
    String input = page(Pages.GTAG);
    Pages.Run run = rewrite(input, allowing("analytics"));

    assertThat(run.output()).isEqualTo(input);
    assertThat(run.events).isEmpty();
  }

  @Test
  void neutralisesGoogleTagLoaderWithoutAnalyticsConsentButNotItsHostlessConfig() {
    String input = page(Pages.GTAG);
    Pages.Run run = rewrite(input, allowing("chat"));

    assertThat(run.events).containsExactly(new Neutralised("script", "www.googletagmanager.com", "", "analytics"));
    assertThat(run.output()).contains("<script>\n  window.dataLayer");
    assertOnlyRestorableChanges(input, run);
  }

  @Test
  void reportsNoActivateElementWhenPageHasNone() {
    Pages.Run run = rewrite("<html><body>" + Pages.TIDIO + "</body></html>", NOTHING_ALLOWED);

    assertThat(run.writer.sawActivateElement()).isFalse();
    assertThat(run.writer.neutralisedCount()).isEqualTo(1);
  }

  @Test
  void findsActivateElementInAnyLetterCase() {
    Pages.Run run = rewrite("<DIV class=x DATA-COOKIE-GATE-ACTIVATE=''>chat</DIV>", NOTHING_ALLOWED);

    assertThat(run.writer.sawActivateElement()).isTrue();
  }

  @Test
  void doesNotTakeActivateTextInAnAttributeValueForTheAttribute() {
    Pages.Run run = rewrite("<p title=\"data-cookie-gate-activate\">x</p>", NOTHING_ALLOWED);

    assertThat(run.writer.sawActivateElement()).isFalse();
  }

  // Elements by kind

  static Stream<Arguments> gatedElements() {
    return Stream.of(
        Arguments.of("<iframe src=\"https://widget.intercom.io/frame?a=1&amp;b=2\" title=chat></iframe>",
            "<iframe data-cookie-gate=\"chat\" data-cookie-gate-src=\"https://widget.intercom.io/frame?a=1&amp;b=2\" title=chat></iframe>"),
        Arguments.of("<img src=\"https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1\" height=1 width=1 style=display:none>",
            "<img data-cookie-gate=\"marketing\" data-cookie-gate-src=\"https://www.facebook.com/tr?id=1&amp;ev=PageView&amp;noscript=1\" height=1 width=1 style=display:none>"),
        Arguments.of("<img srcset='/a.png 1x, https://www.google-analytics.com/p.gif 2x' alt=''/>",
            "<img data-cookie-gate=\"analytics\" data-cookie-gate-srcset='/a.png 1x, https://www.google-analytics.com/p.gif 2x' alt=''/>"),
        Arguments.of("<link rel=\"preconnect\" href=\"https://widget.intercom.io\" crossorigin>",
            "<link data-cookie-gate=\"chat\" rel=\"preconnect\" data-cookie-gate-href=\"https://widget.intercom.io\" crossorigin>"),
        Arguments.of("<link rel=dns-prefetch href=//js.driftt.com>",
            "<link data-cookie-gate=\"chat\" rel=dns-prefetch data-cookie-gate-href=//js.driftt.com>"),
        Arguments.of("<LINK REL=\"Preload\" AS=script HREF=\"https://js.intercomcdn.com/frame.js\">",
            "<LINK data-cookie-gate=\"chat\" REL=\"Preload\" AS=script data-cookie-gate-HREF=\"https://js.intercomcdn.com/frame.js\">"),
        Arguments.of("<SCRIPT SRC=//code.tidio.co/x.js></SCRIPT>",
            "<SCRIPT data-cookie-gate=\"chat\" type=\"text/plain\" data-cookie-gate-SRC=//code.tidio.co/x.js></SCRIPT>"),
        Arguments.of("<script src='https://CODE.TIDIO.CO:443/x.js' src=\"/local.js\"></script>",
            "<script data-cookie-gate=\"chat\" type=\"text/plain\" data-cookie-gate-src='https://CODE.TIDIO.CO:443/x.js' data-cookie-gate-src=\"/local.js\"></script>"),
        Arguments.of("<script type=module src=\"https&colon;&sol;&sol;code.tidio.co/x.js\"></script>",
            "<script data-cookie-gate=\"chat\" type=\"text/plain\" data-cookie-gate-type=module data-cookie-gate-src=\"https&colon;&sol;&sol;code.tidio.co/x.js\"></script>"),
        Arguments.of("<script\nsrc=\"https://user:pw@sub.eu.zendesk.com./x.js\"\n></script>",
            "<script data-cookie-gate=\"chat\" type=\"text/plain\"\ndata-cookie-gate-src=\"https://user:pw@sub.eu.zendesk.com./x.js\"\n></script>"),
        Arguments.of("<script/src=\\\\code.tidio.co/x.js></script>",
            "<script data-cookie-gate=\"chat\" type=\"text/plain\"/data-cookie-gate-src=\\\\code.tidio.co/x.js></script>"),
        Arguments.of("<img src=\"https://www.google-analytics.com/collect\"/>",
            "<img data-cookie-gate=\"analytics\" data-cookie-gate-src=\"https://www.google-analytics.com/collect\"/>"),
        Arguments.of("<embed src=\"https://widget.intercom.io/x\" type=text/html>",
            "<embed data-cookie-gate=\"chat\" data-cookie-gate-src=\"https://widget.intercom.io/x\" type=text/html>"),
        Arguments.of("<object data=\"//www.facebook.com/tr?id=1\" width=1></object>",
            "<object data-cookie-gate=\"marketing\" data-cookie-gate-data=\"//www.facebook.com/tr?id=1\" width=1></object>"),
        Arguments.of("<picture><source srcset=\"https://www.google-analytics.com/p.gif\"><img src=/a.png></picture>",
            "<picture><source data-cookie-gate=\"analytics\" data-cookie-gate-srcset=\"https://www.google-analytics.com/p.gif\"><img src=/a.png></picture>"),
        // URLs that only name a host once parsed: a tab inside "//", and character references
        Arguments.of("<img src=\"/\t/www.facebook.com/tr\">",
            "<img data-cookie-gate=\"marketing\" data-cookie-gate-src=\"/\t/www.facebook.com/tr\">"),
        Arguments.of("<img src=\"&#47;&#47;www.facebook.com/tr\">",
            "<img data-cookie-gate=\"marketing\" data-cookie-gate-src=\"&#47;&#47;www.facebook.com/tr\">"),
        // marked by the author
        Arguments.of("<script data-cookie-gate=\"analytics\">track()</script>",
            "<script type=\"text/plain\" data-cookie-gate=\"analytics\">track()</script>"),
        Arguments.of("<script type=\"text/javascript\" data-cookie-gate=marketing src=\"/js/pixel.js\"></script>",
            "<script type=\"text/plain\" data-cookie-gate-type=\"text/javascript\" data-cookie-gate=marketing data-cookie-gate-src=\"/js/pixel.js\"></script>"),
        Arguments.of("<iframe src=\"/embed/map\" data-cookie-gate=\"functional\"></iframe>",
            "<iframe src=\"/embed/map\" data-cookie-gate=\"functional\"></iframe>".replace("<iframe src", "<iframe data-cookie-gate-src")),
        Arguments.of("<img alt=\"x\"DATA-Cookie-Gate=\"marketing\" src=/px.gif>",
            "<img alt=\"x\"DATA-Cookie-Gate=\"marketing\" data-cookie-gate-src=/px.gif>"),
        Arguments.of("<img/data-cookie-gate=marketing src=/px.gif>",
            "<img/data-cookie-gate=marketing data-cookie-gate-src=/px.gif>"),
        Arguments.of("<img data-cookie-gate=\"marketing\" src=\"/px.gif\">",
            "<img data-cookie-gate=\"marketing\" data-cookie-gate=\"marketing\" data-cookie-gate-src=\"/px.gif\">"),
        Arguments.of("<link data-cookie-gate='functional' rel=stylesheet href=\"https://fonts.example.com/css\">",
            "<link data-cookie-gate='functional' rel=stylesheet data-cookie-gate-href=\"https://fonts.example.com/css\">"));
  }

  @ParameterizedTest
  @MethodSource("gatedElements")
  void neutralisesGatedElementRestorably(String input, String expected) {
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.output()).isEqualTo(expected);
    assertThat(run.events).hasSize(1);
    assertOnlyRestorableChanges(input, run);
  }

  @ParameterizedTest
  @MethodSource("gatedElements")
  void givesTheSameOutputWhereverTheInputIsCut(String input, String expected) {
    assertSameAtEveryCut(input, NOTHING_ALLOWED);
  }

  @Test
  void reportsHostAndMarkedCategory() {
    Pages.Run run = rewrite("<iframe src=//widget.intercom.io/x></iframe><script data-cookie-gate=Analytics>x()</script>",
        NOTHING_ALLOWED);

    assertThat(run.events).containsExactly(
        new Neutralised("iframe", "widget.intercom.io", "", "chat"),
        new Neutralised("script", "", "analytics", "analytics"));
  }

  @Test
  void authorsMarkWinsOverHostCatalog() {
    String input = "<script data-cookie-gate=\"necessary\" src=\"https://widget.intercom.io/widget/x\"></script>";

    assertThat(rewrite(input, NOTHING_ALLOWED).output()).isEqualTo(input);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<div data-cookie-gate=\"chat\">a chat box gate.js handles</div>",
      "<a href=\"https://widget.intercom.io/\">a link is not a load</a>",
      "<script src=\"/js/app.js\"></script><script src=\"https://cdn.example.com/x.js\"></script>",
      "<img src=\"/img/widget.intercom.io.png\" alt=\"//widget.intercom.io\">",
      "<iframe></iframe><img alt=x><link rel=preconnect>",
      "<script type=\"application/ld+json\">{\"url\": \"https://widget.intercom.io/\"}</script>",
      "<script type=\"text/template\"><iframe src=\"https://widget.intercom.io/\"></iframe></script>",
      "<script>// just a comment with // slashes and http://localhost:8080/x\nvar a = 1 // 2;</script>",
      "<script src=\"https:widget.intercom.io.example/x.js\"></script>",
      "<link rel=canonical href=\"https://widget.intercom.io/\">",
      "<template><script src=\"https://widget.intercom.io/widget/abc123\"></script></template>",
  })
  void leavesUngatedElementsAlone(String input) {
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.output()).isEqualTo(input);
    assertThat(run.events).isEmpty();
  }

  // Malformed HTML passes through unchanged but for neutralised elements

  static Stream<String> malformed() {
    return Stream.of(
        "<p>unclosed <b>tags <div><span>",
        "a < b and c<d e>f <3 <> < / a<-b",
        "<img src=/local.png alt=x title='it''s' data-x=\"a\"b>",
        "<p class=a class=b CLASS=c>dup</p>",
        "<!-- <script src=\"https://widget.intercom.io/widget/x\"></script> -->",
        "<!----><!--><!---><!-- a --!>text<!-- <img src=//code.tidio.co/b.gif> -- > --!still --!>",
        "<!-- unterminated <script src=//code.tidio.co/x.js></script>",
        "<![CDATA[ x ]]><?xml version=\"1.0\"?><!DOCTYPE html><!doctype html>",
        "<textarea><script src=\"https://widget.intercom.io/w\"></script></textarea>",
        "<title><img src=//code.tidio.co/x.gif></title><TITLE>a</TITLE >",
        "<style>a::after{content:\"<iframe src=//widget.intercom.io>\"}</style>",
        "<noembed><script src=//code.tidio.co/x.js></script></noembed>",
        "<script>var s = \"</scr\" + \"ipt>\"; var t = '</scriptx>';</script><p>after</p>",
        "<script>x()</script >after <b>text</b></script> still text",
        "<script>x()</SCRIPT\t\n>t</script/>u",
        "text </script> more </p> </ foo> </> </1>",
        "<p title=\">\" data-a='>'>quoted gt</p>",
        "<a href=x/>self</a><br/><input disabled/>",
        "<plaintext><script src=//code.tidio.co/x.js></script></plaintext>",
        "<p>text <img src=\"https://widget.intercom.io/x",
        "<p>text <",
        "<script>var a = '//code.tidio.co/x.js';",
        "<svg><script xlink:href=x></script></svg>",
        "<script><!-- document.write('<script><\\/script>'); document.write('<script></script><img src=//p.example/x.gif>') --></script><p>",
        "<script><!--<script></script>--></script><img src=/a.gif><script><!-- </script><img src=/b.gif>",
        "<script><!--<scripts></script><img src=/c.gif><script>a<!-x</script><i>");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void passesMalformedHtmlThroughUnchanged(String input) {
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.output()).isEqualTo(input);
    assertThat(run.events).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void passesMalformedHtmlThroughUnchangedWhereverCut(String input) {
    assertSameAtEveryCut(input, NOTHING_ALLOWED);
  }

  @Test
  void neutralisesGatedElementsBetweenMalformedParts() {
    String input = "a < b <p title='<script src=//code.tidio.co/x.js>'>"
        + "<!-- <img src=//code.tidio.co/c.gif> --><script>var s='</scr'+'ipt>'; var u='//code.tidio.co/k.js';</script >"
        + "</script> <IMG SRC=//code.tidio.co/p.gif/> <textarea><img src=//code.tidio.co/t.gif></textarea>";
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).extracting(Neutralised::tagName).containsExactly("script", "img");
    assertThat(run.output())
        .contains("<script data-cookie-gate=\"chat\" type=\"text/plain\">var s='</scr'+'ipt>'; var u='//code.tidio.co/k.js';</script >")
        .contains("<IMG data-cookie-gate=\"chat\" data-cookie-gate-SRC=//code.tidio.co/p.gif/>")
        .contains("<!-- <img src=//code.tidio.co/c.gif> -->")
        .contains("<textarea><img src=//code.tidio.co/t.gif></textarea>");
    assertOnlyRestorableChanges(input, run);
    assertSameAtEveryCut(input, NOTHING_ALLOWED);
  }

  @Test
  void readsScriptTextWithEscapedScriptTagsAsOneScript() {
    String input = "<script><!-- document.write('<script></script><img src=//code.tidio.co/p.gif>') --></script>"
        + "<img src=//code.tidio.co/q.gif>";
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).extracting(Neutralised::tagName).containsExactly("script", "img");
    assertThat(run.output()).contains("<img src=//code.tidio.co/p.gif>') --></script>");
    assertOnlyRestorableChanges(input, run);
    assertSameAtEveryCut(input, NOTHING_ALLOWED);
  }

  @Test
  void endsScriptAtEndTagInsideSingleEscape() {
    String input = "<script><!-- </script><img src=//code.tidio.co/b.gif> -->";
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).extracting(Neutralised::tagName).containsExactly("img");
  }

  private static final String[] PIECES = {
      "<", ">", "/", "!", "-", "--", "=", "\"", "'", " ", "\n", "a", "b", "<p>", "</p>", "<!--", "-->", "--!>",
      "<script", "<SCRIPT", "</script", "</script>", "<img", "<iframe", "<link", "<textarea>", "</textarea>",
      "<title>", "</title>", "<style>", "</style>", "<plaintext>", "<![CDATA[", "]]>", "<?", "<!DOCTYPE html>",
      " src=", " SRC=", " srcset=", " href=", " rel=preconnect", " rel=stylesheet", " type=module",
      " type=\"text/plain\"", " data-cookie-gate=", "chat", "analytics", " data-cookie-gate-activate",
      " data-cookie-gate-src=x", "//code.tidio.co/x.js", "https://widget.intercom.io/w", "//www.google-analytics.com/p",
      "/local.js", "&amp;", "&sol;", "\\/\\/client.crisp.chat", "\u00e9", "\r\n", "\t"};

  @Test
  void survivesRandomTagSoupRestorablyAndWhereverCut() {
    java.util.Random random = new java.util.Random(20261123);
    for (int round = 0; round < 3000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + random.nextInt(40);
      for (int k = 0; k < n; k++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String input = sb.toString();

      assertThat(rewrite(input, HtmlRewriter.Decider.of(Pages::categoryOfHost, c -> true)).output())
          .as("all allowed: %s", input).isEqualTo(input);
      Pages.Run run = rewrite(input, NOTHING_ALLOWED);
      if (!run.rewrites.stream().anyMatch(r -> new StartTagView(r[0]).alreadyNeutralised())) {
        assertOnlyRestorableChanges(input, run);
      }
      int cut = random.nextInt(input.length() + 1);
      int cut2 = cut + random.nextInt(input.length() - cut + 1);
      assertThat(rewrite(input, NOTHING_ALLOWED, cut, cut2).output()).as("cuts %d %d in %s", cut, cut2, input)
          .isEqualTo(run.output());
    }
  }

  /** Tags that already carry a data-cookie-gate-src-like attribute cannot be restored exactly (documented). */
  private record StartTagView(String tag) {
    boolean alreadyNeutralised() {
      return StartTag.parse(tag).hasMovedAttribute();
    }
  }

  @Test
  void endsCommentsWhereBrowsersDo() {
    String input = "<!----><!--><img src=//code.tidio.co/a.gif><!---><!-- a --!><img src=//code.tidio.co/b.gif>";
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).hasSize(2);
    assertOnlyRestorableChanges(input, run);
    assertSameAtEveryCut(input, NOTHING_ALLOWED);
  }

  @Test
  void scansJsonEscapedUrlsInInlineScripts() {
    String input = "<script>var cfg = {\"src\":\"https:\\/\\/client.crisp.chat\\/l.js\"};</script>";
    Pages.Run run = rewrite(input, NOTHING_ALLOWED);

    assertThat(run.events).containsExactly(new Neutralised("script", "client.crisp.chat", "", "chat"));
    assertOnlyRestorableChanges(input, run);
  }

  // Streaming

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatVendorSnippets")
  void givesTheSameOutputForVendorSnippetsWhereverCut(String vendor, String snippet, List<String> hosts) {
    assertSameAtEveryCut(snippet, NOTHING_ALLOWED);
    assertSameAtEveryCut(snippet, allowing("chat"));
  }

  @Test
  void givesTheSameOutputWhenWrittenCharByChar() throws IOException {
    String input = page(Pages.INTERCOM + Pages.GTAG + Pages.DRIFT + Pages.TIDIO);
    String whole = rewrite(input, NOTHING_ALLOWED).output();
    StringWriter sink = new StringWriter();
    HtmlRewriter w = HtmlRewriter.wrap(sink, NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    for (int i = 0; i < input.length(); i++) {
      w.write(input.charAt(i));
    }
    w.close();

    assertThat(sink.toString()).isEqualTo(whole);
  }

  @Test
  void streamsAMegabytePageInEightKilobyteWrites() {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>Catalogue</title>");
    sb.append(Pages.INTERCOM.replace("window.intercomSettings = {\n    api_base: \"https://api-iam.intercom.io\",", "window.intercomSettings = {"));
    sb.append("</head><body>");
    int i = 0;
    while (sb.length() < 1_000_000) {
      sb.append("<div class=\"product\" id=\"p").append(i).append("\"><h2>Product ").append(i)
          .append("</h2><img src=\"/img/").append(i).append(".jpg\" alt=\"a &lt;nice&gt; thing\" loading=lazy>")
          .append("<p>Price: ").append(i % 97).append(" &euro; <a href=\"https://www.example.com/p/").append(i)
          .append("\">details</a> if a < b</p><!-- item ").append(i).append(" --></div>\n");
      if (i == 3000) {
        sb.append("<script>var x = 1 < 2; // no host here\n</script>");
      }
      i++;
    }
    sb.append(Pages.TIDIO).append("</body></html>");
    String input = sb.toString();

    Pages.Run whole = rewrite(input, NOTHING_ALLOWED);
    Pages.Run chunked = Pages.rewriteInChunks(input, NOTHING_ALLOWED, 8192);

    assertThat(input.length()).isGreaterThan(1_000_000);
    assertThat(chunked.output()).isEqualTo(whole.output());
    assertThat(chunked.events).extracting(Neutralised::host).containsExactly("widget.intercom.io", "code.tidio.co");
    assertOnlyRestorableChanges(input, chunked);
  }

  @Test
  void keepsHalfReadTagBufferedOnFlushAndWritesItOnClose() throws IOException {
    StringWriter sink = new StringWriter();
    HtmlRewriter w = HtmlRewriter.wrap(sink, NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    w.write("<p>hello</p><script src=\"//code.tid");
    w.flush();
    assertThat(sink.toString()).isEqualTo("<p>hello</p>");

    w.write("io.co/x.js\"></script><p>bye");
    w.flush();
    assertThat(sink.toString()).isEqualTo("<p>hello</p><script data-cookie-gate=\"chat\" type=\"text/plain\" "
        + "data-cookie-gate-src=\"//code.tidio.co/x.js\"></script><p>bye");

    w.write("<script>var a='//code.tidio.co/'");
    w.flush();
    assertThat(sink.toString()).endsWith("<p>bye");
    w.close();
    assertThat(sink.toString()).endsWith("<p>bye<script>var a='//code.tidio.co/'");
  }

  @Test
  void passesOversizedInlineScriptThroughUnchangedAndReportsIt() {
    String input = "<p>a</p><script>var u='//code.tidio.co/x.js';" + "x();".repeat(100) + "</script><p>b</p>"
        + "<script>var u='//code.tidio.co/x.js';</script>";
    Pages.Run run = Pages.rewriteWithLimit(input, NOTHING_ALLOWED, 128);

    assertThat(run.unscanned).containsExactly("script");
    assertThat(run.events).hasSize(1);
    assertThat(run.output()).startsWith(input.substring(0, input.indexOf("<p>b</p>") + 8));
    assertOnlyRestorableChanges(input, run);
  }

  @Test
  void passesOversizedStartTagThroughUnchangedAndKeepsItsRawText() {
    String input = "<script src=\"//code.tidio.co/x.js\" data-x=\"" + "y".repeat(300) + "\">"
        + "<img src=//code.tidio.co/in-script-text.gif></script><img src=//code.tidio.co/p.gif>";
    Pages.Run run = Pages.rewriteWithLimit(input, NOTHING_ALLOWED, 128);

    assertThat(run.unscanned).containsExactly("script");
    assertThat(run.events).extracting(Neutralised::tagName).containsExactly("img");
    assertThat(run.output()).contains("<img src=//code.tidio.co/in-script-text.gif></script>");
    assertOnlyRestorableChanges(input, run);
  }

  // Failing open

  @Test
  void passesTheRestOfThePageThroughWhenTheDeciderThrows() throws IOException {
    String input = "<p>a</p><script src=\"//code.tidio.co/x.js\"></script><p>b</p><img src=//code.tidio.co/p.gif>";
    HtmlRewriter.Decider broken = HtmlRewriter.Decider.of(h -> {
      throw new IllegalStateException("catalog broken");
    }, c -> false);
    StringWriter sink = new StringWriter();
    List<RuntimeException> failures = new java.util.ArrayList<>();
    HtmlRewriter w = HtmlRewriter.wrap(sink, broken, new HtmlRewriter.Listener() {
      @Override
      public void failed(RuntimeException cause) {
        failures.add(cause);
      }
    });
    w.write(input, 0, 20);
    w.write(input, 20, input.length() - 20);
    w.close();

    assertThat(sink.toString()).isEqualTo(input);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("catalog broken");
  }

  @Test
  void ignoresAThrowingListener() throws IOException {
    StringWriter sink = new StringWriter();
    HtmlRewriter w = HtmlRewriter.wrap(sink, NOTHING_ALLOWED, new HtmlRewriter.Listener() {
      @Override
      public void neutralised(Neutralised element) {
        throw new IllegalStateException("listener broken");
      }
    });
    w.write(Pages.TIDIO + Pages.TIDIO);
    w.close();

    assertThat(w.neutralisedCount()).isEqualTo(2);
    assertThat(sink.toString()).doesNotContain(" src=");
  }

  @Test
  void closeIsIdempotentAndWriteAfterCloseFails() throws IOException {
    HtmlRewriter w = HtmlRewriter.wrap(new StringWriter(), NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    w.close();
    w.close();

    org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(() -> w.write("x"));
  }

  // Hosts

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "null", value = {
      "https://js.intercomcdn.com/x.js | js.intercomcdn.com",
      "//widget.intercom.io/widget/abc | widget.intercom.io",
      "HTTPS://Widget.Intercom.IO:8443/x | widget.intercom.io",
      "https://user:pw@embed.tawk.to/a | embed.tawk.to",
      "https://client.crisp.chat?x=1 | client.crisp.chat",
      "https://client.crisp.chat#f | client.crisp.chat",
      "'  https://client.crisp.chat./l.js' | client.crisp.chat",
      "https:\\\\code.tidio.co/x | code.tidio.co",
      "https&colon;//code.tidio.co/x | code.tidio.co",
      "&#x2F;&#47;code.tidio.co/x | code.tidio.co",
      "http://[::1]:8080/x | [::1]",
      "/js/app.js | null",
      "js/app.js | null",
      "widget.intercom.io/x | null",
      "mailto:a@b.c | null",
      "'' | null",
      "https:// | null",
  })
  void extractsHostFromAbsoluteAndProtocolRelativeUrls(String url, String host) {
    assertThat(Urls.host(CharRefs.decodeAttribute(url), Urls.Base.DOCUMENT)).isEqualTo(host);
  }

  @Test
  void decidesWithAnyHostLookup() {
    HtmlRewriter.Decider d = HtmlRewriter.Decider.of(h -> h.endsWith(".example-chat.com") ? Optional.of("chat") : Optional.empty(),
        c -> false);
    Pages.Run run = rewrite("<script src=https://a.example-chat.com/x.js></script>", d);

    assertThat(run.events).containsExactly(new Neutralised("script", "a.example-chat.com", "", "chat"));
  }

  static Stream<Arguments> headInsertions() {
    return Stream.of(
        Arguments.of("<!doctype html><html><head><title>t</title>", "<!doctype html><html><head>[G]<title>t</title>"),
        Arguments.of("<!DOCTYPE html>\n<HEAD lang=fr>\n<meta charset=utf-8>", "<!DOCTYPE html>\n<HEAD lang=fr>[G]\n<meta charset=utf-8>"),
        Arguments.of("<!doctype html><!-- <head> --><title>t</title>", "<!doctype html><!-- <head> -->[G]<title>t</title>"),
        Arguments.of("<html><body><p>x", "<html>[G]<body><p>x"),
        Arguments.of("<html>\n<script src=https://widget.intercom.io/w></script>",
            "<html>\n[G]<script data-cookie-gate=\"chat\" type=\"text/plain\" data-cookie-gate-src=https://widget.intercom.io/w></script>"),
        Arguments.of("<div><p>a fragment</p></div><head>", "<div><p>a fragment</p></div><head>"),
        Arguments.of("no tags at all", "no tags at all"));
  }

  @ParameterizedTest
  @MethodSource("headInsertions")
  void insertsTheGateScriptOnceAtTheStartOfTheHeadWhereverCut(String input, String expected) {
    for (int cut = 0; cut <= input.length(); cut++) {
      StringWriter out = new StringWriter();
      try (HtmlRewriter w = HtmlRewriter.wrap(out, NOTHING_ALLOWED, HtmlRewriter.Listener.none())
          .insertInHead(() -> "[G]")) {
        w.write(input, 0, cut);
        w.write(input, cut, input.length() - cut);
        w.flush();
        assertThat(w.insertedInHead()).isEqualTo(expected.contains("[G]"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(out.toString()).as("cut at %d", cut).isEqualTo(expected);
    }
  }

  static Stream<Arguments> endOfBodyInsertions() {
    return Stream.of(
        Arguments.of("<!doctype html><html><body><p>x</p></body></html>", "<!doctype html><html><body><p>x</p>[L]</body></html>"),
        Arguments.of("<html><BODY><p>x</BODY >\n</HTML>", "<html><BODY><p>x[L]</BODY >\n</HTML>"),
        Arguments.of("<html><body><p>x</p></html>", "<html><body><p>x</p>[L]</html>"),
        Arguments.of("<html><body><p>x</p></bodyx></body>", "<html><body><p>x</p></bodyx>[L]</body>"),
        Arguments.of("<html><body><script>var s = '</body>';</script></body>",
            "<html><body><script>var s = '</body>';</script>[L]</body>"),
        Arguments.of("<html><body><!-- </body> --><textarea></body></textarea></body>",
            "<html><body><!-- </body> --><textarea></body></textarea>[L]</body>"),
        Arguments.of("<p>a</p></ b></>x</body>", "<p>a</p></ b></>x[L]</body>"),
        Arguments.of("<html><body><p>no end tags", "<html><body><p>no end tags"));
  }

  @ParameterizedTest
  @MethodSource("endOfBodyInsertions")
  void insertsAtTheEndOfTheBodyOnceWhereverCut(String input, String expected) {
    for (int cut = 0; cut <= input.length(); cut++) {
      StringWriter out = new StringWriter();
      boolean pending;
      try (HtmlRewriter w = HtmlRewriter.wrap(out, NOTHING_ALLOWED, HtmlRewriter.Listener.none())
          .insertAtEndOfBody(() -> "[L]")) {
        w.write(input, 0, cut);
        w.write(input, cut, input.length() - cut);
        w.flush();
        pending = w.endOfBodyPending();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(out.toString()).as("cut at %d", cut).isEqualTo(expected);
      assertThat(pending).as("cut at %d", cut).isEqualTo(!expected.contains("[L]"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "<!doctype html><html lang=fr-CA><body> | fr-CA",
      "<HTML LANG=\"de\"> | de",
      "<html lang='  nl '><p> | nl",
      "<html><p lang=fr> | null",
      "<p>x</p><html lang=es> | es",
      "<html lang=\"\"> | null",
  })
  void readsTheDocumentLanguageFromTheHtmlTag(String input, String lang) throws IOException {
    StringWriter out = new StringWriter();
    HtmlRewriter w = HtmlRewriter.wrap(out, NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    w.write(input);
    assertThat(w.documentLanguage().orElse(null)).isEqualTo(lang);
    w.close();
    assertThat(out.toString()).isEqualTo(input);
  }

  @Test
  void passesAChunkWithoutGatedElementsOnInOneWrite() throws IOException {
    // Each write to the container costs (an encoder call, a buffer check): the markup between
    // gated elements goes out as one piece, not one write per tag.
    String page = "<!doctype html><html><head><title>t</title></head><body>"
        + "<div class=\"p\"><a href=\"/p/1\"><img src=\"/i/1.jpg\" alt=\"x\"></a></div>".repeat(50);
    List<Integer> writes = new java.util.ArrayList<>();
    StringWriter sink = new StringWriter();
    java.io.Writer counting = new java.io.Writer() {
      @Override
      public void write(char[] c, int off, int len) {
        writes.add(len);
        sink.write(c, off, len);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    HtmlRewriter w = HtmlRewriter.wrap(counting, NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    w.write(page + "<script src=\"https://widget.intercom.io/w\"></script>" + page);
    w.close();

    assertThat(writes).hasSize(3); // the page, the neutralised tag, the rest
    assertThat(sink.toString()).startsWith(page).endsWith("</script>" + page);
  }

  @Test
  void keepsLargeWritesWholeAfterASmallFirstOne() throws IOException {
    // A template engine's first write is often the doctype alone; later writes must not be cut
    // into pieces of that size.
    String body = "<div class=\"p\"><p>text</p></div>".repeat(2000);
    List<Integer> writes = new java.util.ArrayList<>();
    java.io.Writer counting = new java.io.Writer() {
      @Override
      public void write(char[] c, int off, int len) {
        writes.add(len);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    HtmlRewriter w = HtmlRewriter.wrap(counting, NOTHING_ALLOWED, HtmlRewriter.Listener.none());
    w.write("<!doctype html>");
    w.write(body);
    w.close();

    assertThat(writes.size()).isLessThanOrEqualTo(2 + body.length() / 8192 + 1);
  }

  @Test
  void findsTheSameElementsInStringsAsInCharsWhateverTheQuotesAndDistances() throws IOException {
    // write(String) searches with String.indexOf and remembers what it found; an unclosed quote or
    // a '<' far ahead must not change what is found.
    String input = "<p title='x>" + "a".repeat(20_000) + "'><script src=https://widget.intercom.io/w></script>"
        + "<div title=\"" + "b".repeat(300_000) + "\"><img src=\"https://www.facebook.com/tr\">"
        + "<p>" + "c".repeat(40_000) + "<iframe src=//widget.intercom.io/f></iframe>";
    StringWriter fromString = new StringWriter();
    try (HtmlRewriter w = HtmlRewriter.wrap(fromString, NOTHING_ALLOWED, HtmlRewriter.Listener.none())) {
      w.write(input);
    }
    StringWriter fromChars = new StringWriter();
    try (HtmlRewriter w = HtmlRewriter.wrap(fromChars, NOTHING_ALLOWED, HtmlRewriter.Listener.none())) {
      char[] c = input.toCharArray();
      for (int off = 0; off < c.length; off += 997) {
        w.write(c, off, Math.min(997, c.length - off));
      }
    }
    assertThat(fromString.toString()).isEqualTo(fromChars.toString())
        .contains("data-cookie-gate-src=https://widget.intercom.io/w")
        .contains("data-cookie-gate-src=\"https://www.facebook.com/tr\"")
        .contains("data-cookie-gate-src=//widget.intercom.io/f");
  }

  private static void assertSameAtEveryCut(String input, HtmlRewriter.Decider decider) {
    String whole = rewrite(input, decider).output();
    for (int cut = 0; cut <= input.length(); cut++) {
      assertThat(rewrite(input, decider, cut).output()).as("cut at %d", cut).isEqualTo(whole);
    }
    for (int a = 0; a <= input.length(); a += Math.max(1, input.length() / 40)) {
      for (int b = a; b <= input.length(); b += 3) {
        assertThat(rewrite(input, decider, a, b).output()).as("cuts at %d and %d", a, b).isEqualTo(whole);
      }
    }
  }
}
