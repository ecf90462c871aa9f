package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The launcher's pure parts: language choice, vendor names, colours, markup. */
class LauncherTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "fr | null | fr",
      "fr-CA | de | fr",
      "FR_ca | null | fr",
      "pt-BR | de-DE,de;q=0.9,en;q=0.8 | de",
      "null | pt-BR, es;q=0.4, it;q=0.7 | it",
      "null | en;q=0, nl;q=0.1 | nl",
      "null | *, fr;q=bad | en",
      "null | null | en",
      "tlh | x-klingon | en",
      "frx | null | en",
  })
  void choosesThePageLanguageThenAcceptLanguageThenEnglish(String htmlLang, String acceptLanguage, String expected) {
    assertThat(Launcher.language(htmlLang, acceptLanguage)).isEqualTo(expected);
  }

  @Test
  void readsBoundedAcceptLanguageOnly() {
    assertThat(Launcher.language(null, "x;q=0.1,".repeat(100) + "fr")).isEqualTo("en");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "Intercom (Messenger) | Intercom",
      "HubSpot \u2014 chat (Conversations / chatflows) | HubSpot",
      "Freshchat / Freshworks | Freshchat",
      "tawk.to | tawk.to",
      "null | null",
  })
  void namesVendorsAsVisitorsKnowThem(String catalog, String expected) {
    assertThat(Launcher.vendorName(catalog)).isEqualTo(expected);
  }

  @Test
  void textColourContrastsAtLeastFourAndAHalfToOneOnAnyBackground() {
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      String bg = String.format("#%06x", random.nextInt(0x1000000));
      String fg = Launcher.foreground(bg);
      assertThat(Launcher.contrast(fg, bg)).as("%s on %s", fg, bg).isGreaterThanOrEqualTo(4.5);
    }
    assertThat(Launcher.foreground(Launcher.expand(CookieGate.DEFAULT_LAUNCHER_COLOR))).isEqualTo("#fff");
    assertThat(Launcher.foreground("#ffff00")).isEqualTo("#000");
    // The notice's own colours.
    assertThat(Launcher.contrast("#1f2937", "#fff")).isGreaterThan(4.5);
    assertThat(Launcher.contrast("#1d4ed8", "#fff")).isGreaterThan(4.5);
  }

  @Test
  void markupIsANativeButtonWithItsNameAndNoInlineStyleOrScript() {
    CookieGate gate = CookieGate.builder().build();
    String m = Launcher.markup(gate, "/shop", "fr", "Intercom", "abc=");
    assertThat(m).contains("<link rel=\"stylesheet\" href=\"/shop/cookie-gate/launcher.css\" nonce=\"abc=\">")
        .contains("<aside class=\"cookie-gate-launcher\" data-cookie-gate-launcher lang=\"fr\" aria-label=\"Discuter avec nous\">")
        .contains("<button type=\"button\" class=\"cookie-gate-launcher-button\" data-cookie-gate-activate"
            + " aria-describedby=\"cookie-gate-launcher-notice\">")
        .contains("aria-hidden=\"true\"")
        .contains("<span class=\"cookie-gate-launcher-label\">Discuter avec nous</span>")
        .contains("Ouvrir la discussion permet \u00e0 Intercom d&#39;enregistrer")
        .contains("<a href=\"/shop/cookie-gate/cookies\">Cookies utilis\u00e9s</a>")
        .doesNotContain(" style=").doesNotContain("<script").doesNotContainPattern(" on[a-z]+=");
    String unknown = Launcher.markup(CookieGate.builder().launcherLabel("Une <question> ?").build(), "", "xx", null, null);
    assertThat(unknown).contains("our chat provider").contains("Une &lt;question&gt; ?").doesNotContain("nonce")
        .contains("lang=\"en\"");
  }

  @Test
  void everyLanguageHasItsTexts() {
    for (String lang : Launcher.LANGUAGES) {
      String m = Launcher.markup(CookieGate.builder().build(), "", lang, "Crisp", null);
      assertThat(m).as(lang).contains("Crisp").doesNotContain("{vendor}").doesNotContain("null");
    }
  }

  @Test
  void stylesheetCarriesTheColourAndCorner() {
    String right = new String(Launcher.stylesheet(CookieGate.builder().build()).bytes(), StandardCharsets.UTF_8);
    assertThat(right).contains("right:1rem").contains("background:#1f2937").contains("color:#fff")
        .contains("prefers-reduced-motion").contains(":focus-visible");
    String left = new String(Launcher.stylesheet(CookieGate.builder().launcherColor("#FD0")
        .launcherPosition(CookieGate.LauncherPosition.BOTTOM_LEFT).build()).bytes(), StandardCharsets.UTF_8);
    assertThat(left).contains("left:1rem").contains("background:#ffdd00").contains("color:#000").doesNotContain("right:1rem");
  }
}
