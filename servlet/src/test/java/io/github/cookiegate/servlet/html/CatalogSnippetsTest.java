package io.github.cookiegate.servlet.html;

import static io.github.cookiegate.servlet.html.Pages.assertOnlyRestorableChanges;
import static io.github.cookiegate.servlet.html.Pages.rewrite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vendors' published embed snippets against the built-in host catalog (not a test map): held
 * before activation or consent, left alone once their category is allowed (gh-13).
 */
class CatalogSnippetsTest {

  /** A decider over the real built-in host catalog allowing these categories. */
  static HtmlRewriter.Decider builtInAllowing(String... categories) {
    Set<String> allowed = Set.of(categories);
    return HtmlRewriter.Decider.of(
        host -> HostCatalog.builtIn().match(host).map(HostRule::category).map(c -> c.id()),
        c -> c.equals("necessary") || allowed.contains(c));
  }

  static final String HUBSPOT_EU = """
      <!-- Start of HubSpot Embed Code -->
      <script type="text/javascript" id="hs-script-loader" async defer src="//js-eu1.hs-scripts.com/26123456.js"></script>
      <!-- End of HubSpot Embed Code -->
      """;

  static final String IADVIZE = """
      <script>
        window.iAdvizeInterface = window.iAdvizeInterface || [];
      </script>
      <script src="https://halc.iadvize.com/iadvize.js?sid=1234" async></script>
      """;

  static final String IADVIZE_INLINE = """
      <script type="text/javascript">
      (function() {
        var idz = document.createElement('script'); idz.type = 'text/javascript'; idz.async = true;
        idz.src = document.location.protocol + '//lc.iadvize.com/iadvize.js?sid=1234';
        var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(idz, s);
      })();
      </script>
      """;

  static final String BREVO = """
      <!-- Brevo Conversations {literal} -->
      <script>
          (function(d, w, c) {
              w.BrevoConversationsID = '0123456789abcdef01234567';
              w[c] = w[c] || function() {
                  (w[c].q = w[c].q || []).push(arguments);
              };
              var s = d.createElement('script');
              s.async = true;
              s.src = 'https://conversations-widget.brevo.com/brevo-conversations.js';
              if (d.head) d.head.appendChild(s);
          })(document, window, 'BrevoConversations');
      </script>
      <!-- /Brevo Conversations {/literal} -->
      """;

  static final String TAWK_VISITOR_SERVER = """
      <script async src="https://vsb12.tawk.to/s/0123456789abcdef01234567/1abcdefgh"></script>
      """;

  static final String CLARITY = """
      <script type="text/javascript">
          (function(c,l,a,r,i,t,y){
              c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
              t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;
              y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);
          })(window, document, "clarity", "script", "abcdefghij");
      </script>
      """;

  static final String LINKEDIN_NOSCRIPT_PIXEL = """
      <img height="1" width="1" style="display:none;" alt="" src="https://px.ads.linkedin.com/collect/?pid=123&fmt=gif" />
      """;

  static final String BING_UET = """
      <script src="https://bat.bing.com/bat.js" async></script>
      """;

  static Stream<Arguments> snippets() {
    return Stream.of(
        Arguments.of("HubSpot EU", HUBSPOT_EU, "chat", List.of("js-eu1.hs-scripts.com")),
        Arguments.of("iAdvize", IADVIZE, "chat", List.of("halc.iadvize.com")),
        Arguments.of("iAdvize inline", IADVIZE_INLINE, "chat", List.of("lc.iadvize.com")),
        Arguments.of("Brevo Conversations", BREVO, "chat", List.of("conversations-widget.brevo.com")),
        Arguments.of("tawk.to", Pages.TAWK, "chat", List.of("embed.tawk.to")),
        Arguments.of("tawk.to visitor server", TAWK_VISITOR_SERVER, "chat", List.of("vsb12.tawk.to")),
        Arguments.of("Microsoft Clarity", CLARITY, "analytics", List.of("www.clarity.ms")),
        Arguments.of("LinkedIn pixel", LINKEDIN_NOSCRIPT_PIXEL, "marketing", List.of("px.ads.linkedin.com")),
        Arguments.of("Microsoft UET", BING_UET, "marketing", List.of("bat.bing.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snippets")
  void heldUntilItsCategoryIsAllowed(String vendor, String snippet, String category, List<String> hosts) {
    String input = "<!doctype html><html><head></head><body>\n" + snippet + "</body></html>";
    Pages.Run held = rewrite(input, builtInAllowing());
    assertThat(held.events).extracting(HtmlRewriter.Neutralised::host).containsExactlyElementsOf(hosts);
    assertThat(held.events).allSatisfy(e -> assertThat(e.category()).isEqualTo(category));
    assertThat(held.output()).doesNotContain(" src=\"https://" + hosts.get(0));
    assertOnlyRestorableChanges(input, held);

    Pages.Run allowed = rewrite(input, builtInAllowing(category));
    assertThat(allowed.output()).isEqualTo(input);
    assertThat(allowed.events).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snippets")
  void otherCategoriesDoNotReleaseIt(String vendor, String snippet, String category, List<String> hosts) {
    String input = "<html><body>" + snippet + "</body></html>";
    String[] others = Stream.of("chat", "functional", "analytics", "marketing").filter(c -> !c.equals(category))
        .toArray(String[]::new);
    assertThat(rewrite(input, builtInAllowing(others)).events).hasSize(hosts.size());
  }

  @org.junit.jupiter.api.Test
  void hubSpotsOwnBannerAndSharedHostsAreNotHeld() {
    String input = "<html><body>"
        + "<script src=\"https://js.hs-banner.com/v2/26123456/banner.js\"></script>"
        + "<script src=\"https://sdk.twilio.com/js/client/v1.14/twilio.min.js\"></script>"
        + "<script src=\"https://js.sentry-cdn.com/abc.min.js\"></script>"
        + "<a href=\"https://www.facebook.com/ourpage\">Follow us</a>"
        + "</body></html>";
    Pages.Run run = rewrite(input, builtInAllowing());
    assertThat(run.output()).isEqualTo(input);
    assertThat(HostCatalog.builtIn().match("js.hs-banner.com")).isEqualTo(Optional.empty());
  }
}
