package io.github.cookiegate.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hosts as the URL Standard's parser finds them. */
class UrlsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "https://widget.intercom.io/x | widget.intercom.io",
      "'htt\nps://widget.intercom.io/x' | widget.intercom.io",      // tab and newline removed anywhere
      "'https://widget.inter\tcom.io/x' | widget.intercom.io",
      "'\u0001 https://widget.intercom.io ' | widget.intercom.io",   // C0 and space trimmed
      "https:widget.intercom.io/x | widget.intercom.io",            // special authority ignore slashes
      "http:/widget.intercom.io/x | widget.intercom.io",
      "https:\\\\widget.intercom.io/x | widget.intercom.io",
      "///widget.intercom.io/x | widget.intercom.io",
      "/\\widget.intercom.io/x | widget.intercom.io",
      "https://widget%2Eintercom%2eio/x | widget.intercom.io",      // the host is percent-decoded
      "https://\uFF57idget.intercom.io/ | widget.intercom.io",      // fullwidth w: UTS 46 maps it
      "https://widget\u00AD.intercom.io/ | widget.intercom.io",     // soft hyphen: ignored
      "https://widget\u3002intercom.io/ | widget.intercom.io",      // ideographic full stop
      "https://WIDGET.Intercom.IO.:443/ | widget.intercom.io",
      "https://u:p@widget.intercom.io/ | widget.intercom.io",
      "widget/abc | null",
      "/widget/abc | null",
      "data:text/html,<script src=https://widget.intercom.io/> | null",
      "javascript://widget.intercom.io/%0aalert(1) | null",
  })
  void findsTheHostTheBrowserContacts(String url, String host) {
    assertThat(Urls.host(url, Urls.Base.DOCUMENT)).isEqualTo(host);
  }

  @Test
  void resolvesRelativeUrlsAgainstTheBase() {
    Urls.Base base = Urls.Base.of("https://widget.intercom.io/");

    assertThat(Urls.host("widget/abc", base)).isEqualTo("widget.intercom.io");
    assertThat(Urls.host("/abc", base)).isEqualTo("widget.intercom.io");
    assertThat(Urls.host("?x", base)).isEqualTo("widget.intercom.io");
    assertThat(Urls.host("https:abc", base)).isEqualTo("widget.intercom.io"); // same scheme, no slashes: relative
    assertThat(Urls.host("http:cdn.example.com/x", base)).isEqualTo("cdn.example.com");
    assertThat(Urls.host("//cdn.example.com/x", base)).isEqualTo("cdn.example.com");
    assertThat(Urls.host("x", Urls.Base.of("/relative/"))).isNull();
  }
}
