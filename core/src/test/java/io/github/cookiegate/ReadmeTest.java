package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.internal.consent.ConsentMapping;
import io.github.cookiegate.internal.consent.ConsentPlatforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is the product's front door, and docs/ holds the rest: their tables must say what the
 * code does. (test/docs checks the configuration table both ways, and every snippet.)
 */
class ReadmeTest {

  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  /** The README and every page of docs/, whichever page a table lives on. */
  static String documentation() throws IOException {
    StringBuilder all = new StringBuilder(readme());
    try (Stream<Path> pages = Files.walk(Path.of("..", "docs"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        all.append('\n').append(Files.readString(page));
      }
    }
    return all.toString();
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
    String readme = documentation();
    // The curated layer; the rows generated from the Open Cookie Database are in catalog-ocd.csv.
    for (CookieRule rule : CookieCatalog.builtIn().layers().get(0)) {
      assertThat(readme).as("catalog table entry for " + rule).contains("`" + rule.pattern() + "`");
    }
  }

  @Test
  void consentSourcesSectionMapsEveryBuiltInPlatform() throws IOException {
    String readme = documentation();
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
