package io.github.cookiegate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the contract: every setting the gate accepts has a row, and
 * every row names a setting the gate (or, where the row says so, the Spring Boot starter) accepts.
 */
class ConfigurationTableTest {

  /** Sample values for the placeholders of a row such as {@code consent-map.<platform>.<category>}. */
  private static final Map<String, String> PLACEHOLDERS = Map.of(
      "<platform>", "onetrust", "<category>", "analytics", "<param>", "mode");

  @Test
  void everySettingTheGateAcceptsHasARow() {
    List<String> rows = DocPages.configurationRows();
    List<String> missing = new ArrayList<>();
    for (String key : CookieGate.Builder.settingKeys()) {
      if (rows.stream().noneMatch(row -> matches(row, key))) {
        missing.add(key);
      }
    }
    assertThat(missing).as("settings of CookieGate.Builder.settingKeys() without a row in README.md's configuration table").isEmpty();
  }

  @Test
  void everyRowNamesASettingTheGateOrTheStarterAccepts() throws IOException {
    Set<String> starter = starterProperties();
    List<String> unknown = new ArrayList<>();
    for (String row : DocPages.configurationRows()) {
      String key = row;
      for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
        key = key.replace(p.getKey(), p.getValue());
      }
      if (key.contains("<") || key.contains("*")) {
        unknown.add(row + " (a placeholder this test has no sample value for: add one to PLACEHOLDERS)");
      } else if (!CookieGate.Builder.settingKeys().contains(key) && !acceptedByTheGate(key) && !starter.contains("cookie-gate." + key)) {
        unknown.add(row);
      }
    }
    assertThat(unknown).as("rows of README.md's configuration table that name no setting").isEmpty();
  }

  @Test
  void theStarterOnlyRowsAreStarterProperties() throws IOException {
    Set<String> starter = starterProperties();
    assertThat(starter).as("the starter's configuration metadata").contains("cookie-gate.enabled", "cookie-gate.filter-order");
    assertThat(DocPages.configurationRows()).contains("enabled", "filter-order");
  }

  private static boolean acceptedByTheGate(String key) {
    try {
      // "none" is accepted by every list-valued setting with a prefix (consent-map.*); an unknown
      // key fails before its value is read.
      CookieGate.fromSettings(Map.of(key, "none"));
      return true;
    } catch (IllegalArgumentException e) {
      return !e.getMessage().contains("unknown setting");
    }
  }

  private static boolean matches(String row, String key) {
    if (row.equals(key)) {
      return true;
    }
    if (!row.contains("<")) {
      return false;
    }
    String regex = Pattern.quote(row).replaceAll("<[^>]+>", "\\\\E[^.]+\\\\Q");
    return key.matches(regex);
  }

  /** Property names in the starter's configuration metadata (generated and additional). */
  private static Set<String> starterProperties() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    Pattern name = Pattern.compile("\"name\"\\s*:\\s*\"(cookie-gate\\.[^\"]+)\"");
    for (String resource : List.of("META-INF/spring-configuration-metadata.json",
        "META-INF/additional-spring-configuration-metadata.json")) {
      Enumeration<java.net.URL> urls = ConfigurationTableTest.class.getClassLoader().getResources(resource);
      while (urls.hasMoreElements()) {
        try (InputStream in = urls.nextElement().openStream()) {
          Matcher m = name.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }
}
