package io.github.cookiegate.servlet.html;

import static io.github.cookiegate.servlet.html.Pages.allowing;
import static io.github.cookiegate.servlet.html.Pages.assertOnlyRestorableChanges;
import static io.github.cookiegate.servlet.html.Pages.rewrite;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The markup forms that loaded a vendor before any click (gh issue 16), from the shared case file
 * that the Chromium tests also run: what the rewriter holds, and that it changed nothing else.
 */
class MarkupLeaksTest {

  static List<LoadCases> cases() {
    return LoadCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void holdsWhatTheCaseFileSays(LoadCases c) {
    Pages.Run run = rewrite(c.markup(), allowing());

    assertThat(run.events).extracting(e -> e.tagName() + "@" + e.host()).containsExactlyElementsOf(c.holds());
    assertOnlyRestorableChanges(c.markup(), run);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void holdsTheSameWhenThePageArrivesInPieces(LoadCases c) {
    int[] cuts = IntStream.range(1, c.markup().length()).toArray();
    Pages.Run run = rewrite(c.markup(), allowing(), cuts);

    assertThat(run.events).extracting(e -> e.tagName() + "@" + e.host()).containsExactlyElementsOf(c.holds());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void leavesEverythingOnceAllIsAllowed(LoadCases c) {
    Pages.Run run = rewrite(c.markup(), allowing("chat", "analytics", "marketing", "functional"));

    assertThat(run.output()).isEqualTo(c.markup());
  }

  @Test
  void leavesTemplateContentByteForByte() {
    String page = "<template id=t><script src=\"https://widget.intercom.io/widget/abc123\"></script>"
        + "<script>var u = 'https://widget.intercom.io/widget/abc123';</script>"
        + "<template><img src=\"https://www.facebook.com/tr?id=1\"></template>"
        + "<iframe src=\"https://widget.intercom.io/\"></iframe></template>"
        + "<script src=\"https://widget.intercom.io/widget/abc123\"></script>";

    Pages.Run run = rewrite(page, allowing());

    assertThat(run.output()).startsWith(page.substring(0, page.indexOf("</template><script src")));
    assertThat(run.events).extracting(e -> e.tagName() + "@" + e.host()).containsExactly("script@widget.intercom.io");
  }

  @Test
  void readsOnlyTheFirstBaseHref() {
    String page = "<base target=_top><base href=\"https://widget.intercom.io/\"><base href=\"/\">"
        + "<img src=\"pixel.gif\">";

    assertThat(rewrite(page, allowing()).events).extracting(e -> e.tagName() + "@" + e.host())
        .containsExactly("img@widget.intercom.io");
  }

  @Test
  void rewritesSrcdocAndKeepsTheOriginalForGateJs() {
    String page = "<iframe srcdoc='<p>hi &amp; bye</p><img src=\"https://www.facebook.com/tr?id=1\">'></iframe>";

    Pages.Run run = rewrite(page, allowing());

    assertThat(run.output()).isEqualTo("<iframe srcdoc=\"<p>hi &amp; bye</p>"
        + "<img data-cookie-gate=&quot;marketing&quot; data-cookie-gate-src=&quot;https://www.facebook.com/tr?id=1&quot;>\""
        + " data-cookie-gate=\"marketing\" data-cookie-gate-srcdoc='<p>hi &amp; bye</p>"
        + "<img src=\"https://www.facebook.com/tr?id=1\">'></iframe>");
  }

  @Test
  void neutralisesMetaRefreshWithoutUrlKeyword() {
    assertThat(rewrite("<meta http-equiv=Refresh content=\"5;'https://widget.intercom.io/x'\">", allowing()).output())
        .isEqualTo("<meta data-cookie-gate=\"chat\" http-equiv=Refresh data-cookie-gate-content=\"5;'https://widget.intercom.io/x'\">");
  }
}
