package io.github.cookiegate.test;

import static io.github.cookiegate.test.CookieAssertions.assertThatPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Category;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageAssertTest {

  @Test
  void findsAVendorScriptThatLoads() {
    String html = "<html><head><script src=\"https://widget.intercom.io/widget/abc\" async></script></head></html>";
    assertThatThrownBy(() -> assertThatPage(html).loadsNoVendorOf(Category.CHAT))
        .hasMessageContaining("<script src> from widget.intercom.io: category chat, vendor Intercom")
        .hasMessageContaining("(built-in)");
  }

  @Test
  void aNeutralisedElementLoadsNothing() {
    String html = "<script type=\"text/plain\" data-cookie-gate=\"chat\" data-cookie-gate-src=\"https://widget.intercom.io/w\"></script>"
        + "<iframe data-cookie-gate=\"chat\" data-cookie-gate-src=\"https://widget.intercom.io/f\"></iframe>";
    assertThatPage(html).loadsNoVendor();
  }

  @Test
  void readsIframesPixelsHintsAndInlineScripts() {
    String html = "<!-- <script src=\"https://widget.intercom.io/x\"></script> -->"
        + "<iframe src='https://widget.intercom.io/frame'></iframe>"
        + "<img src=https://www.google-analytics.com/collect?id=1>"
        + "<link rel=\"preconnect\" href=\"https://widget.intercom.io\">"
        + "<link rel=\"stylesheet\" href=\"/site.css\">"
        + "<script>var s=document.createElement('script');s.src='https://widget.intercom.io/w';</script>";
    assertThat(assertThatPage(html).vendorLoads()).containsExactly(
        "iframe src widget.intercom.io", "img src www.google-analytics.com", "link rel=preconnect href widget.intercom.io",
        "script (inline) widget.intercom.io");
  }

  @Test
  void classifiesHostsWithTheApplicationsSettings() {
    String html = "<script src=\"http://127.0.0.1:9999/widget.js\"></script>";
    assertThatPage(html).loadsNoVendor();
    assertThatThrownBy(() -> assertThatPage(html).withSettings(Map.of("hosts.chat", "127.0.0.1")).loadsNoVendor())
        .hasMessageContaining("from 127.0.0.1: category chat, vendor unknown, host rule '127.0.0.1' (app)");
  }

  @Test
  void aGreaterThanSignInAQuotedValueDoesNotEndTheTag() {
    String html = "<a title=\"a > b\" href=\"/x\">x</a><div data-x='<script src=https://widget.intercom.io/w>'></div>"
        + "<script src=\"https://widget.intercom.io/real\"></script>";
    assertThat(assertThatPage(html).vendorLoads()).containsExactly("script src widget.intercom.io");
  }
}
