package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PageParserTest {

  @Test
  void findsLinksAndLoadsButNotWhatIsInComments() {
    PageParser.Parsed p = PageParser.parse("<!doctype html><a HREF='/a?x=1&amp;y=2'>a</a><!-- <script src=//c.example/x.js></script> -->"
        + "<script>var s = '<img src=https://d.example/p.gif>';</script><IMG src=//e.example/p.gif srcset=\"//f.example/1x.png 1x, //g.example/2x.png 2x\">"
        + "<link rel=\"Preconnect\" href=https://h.example><link rel=canonical href=https://i.example/><area href=/b>"
        + "<script type=application/ld+json src=//j.example/x></script><iframe src=//k.example/f><img src=//l.example/x></iframe>");
    assertThat(p.links()).containsExactly("/a?x=1&y=2", "/b");
    assertThat(p.refs()).extracting(r -> r.element() + " " + r.attribute() + " " + r.url())
        .containsExactly("script inline //d.example/", "img src //e.example/p.gif", "img srcset //f.example/1x.png", "img srcset //g.example/2x.png",
            "link href https://h.example", "iframe src //k.example/f");
  }

  @Test
  void elementsCookieGateHoldsAreReportedAsHeld() {
    PageParser.Parsed p = PageParser.parse("<script data-cookie-gate=\"chat\" type=\"text/plain\" data-cookie-gate-src=\"https://widget.intercom.io/w/x\" async></script>"
        + "<img data-cookie-gate=analytics data-cookie-gate-srcset='//a.example/p.gif 1x'>");
    assertThat(p.refs()).extracting(r -> r.url() + " " + r.held() + " " + r.heldCategory())
        .containsExactly("https://widget.intercom.io/w/x true chat", "//a.example/p.gif true analytics");
  }

  @Test
  void inlineSnippetsNameTheirLoadersHost() {
    PageParser.Parsed p = PageParser.parse("<script>(function(){var s=document.createElement('script');"
        + "s.src='https://widget.intercom.io/widget/'+APP;x('js.intercomcdn.com');y(a.b)})()</script>"
        + "<script type=\"text/plain\" data-cookie-gate=\"chat\">load(\"//client.crisp.chat/l.js\")</script>"
        + "<script type=application/ld+json>{\"url\": \"https://schema.example/x\"}</script>");
    assertThat(p.refs()).extracting(r -> r.url() + " " + r.held())
        .containsExactly("//widget.intercom.io/ false", "//js.intercomcdn.com/ false", "//client.crisp.chat/ true");
  }

  @Test
  void malformedMarkupNeverThrows() {
    for (String s : new String[] {"<", "<a", "<a href=", "<a href='x", "<script>", "<!--", "<img src=\"", "&#xZZ;<a href=&#99999999;>"}) {
      PageParser.parse(s);
    }
    assertThat(PageParser.resolve(URI.create("http://s.example/d/p"), "javascript:alert(1)")).isNull();
    assertThat(PageParser.resolve(URI.create("http://s.example/d/p"), "q r")).hasToString("http://s.example/d/q%20r");
  }
}
