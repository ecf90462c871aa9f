package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README is the product's front door: its tables must say what the code does. */
class ReadmeTest {

  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void configurationTableListsEverySetting() throws IOException {
    String readme = readme();
    for (String key : Settings.KEYS) {
      assertThat(readme).as("configuration table row for " + key).contains("| `" + key + "` |");
    }
  }

  @Test
  void catalogTableListsEveryCuratedPattern() throws IOException {
    String readme = Files.readString(Path.of("..", "docs", "catalog.md"));
    // The curated layer; the rows generated from the Open Cookie Database are in catalog-ocd.csv.
    for (CookieRule rule : CookieCatalog.builtIn().layers().get(0)) {
      assertThat(readme).as("catalog table entry for " + rule).contains("`" + rule.pattern() + "`");
    }
  }

  @Test
  void consentSourcesSectionMapsEveryBuiltInPlatform() throws IOException {
    String readme = readme() + Files.readString(Path.of("..", "docs", "consent.md"));
    assertThat(readme).contains("| `consent-map.<platform>.<category>` |");
    for (String id : ConsentPlatforms.IDS) {
      assertThat(readme).as("mapping table row for " + id).contains("| `" + id + "` |");
      ConsentMapping m = ConsentPlatforms.defaultMappings().get(id);
      for (Category c : Category.CONSENT_REQUIRED) {
        for (String key : m.keys(c)) {
          assertThat(readme).as(id + " " + c.id() + " key " + key).contains("`" + key + "`");
        }
      }
    }
  }
}
