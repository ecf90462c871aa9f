package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated Open Cookie Database layer: reproducible, never necessary, reviewed vendors kept whole. */
class OcdCatalogGeneratorTest {

  private static final String HEADER = String.join(",", OcdCatalogGenerator.HEADER.subList(0, 8))
      + ",User Privacy & GDPR Rights Portals,Wildcard match\n";

  static String data() throws IOException {
    return Files.readString(OcdCatalogGenerator.INPUT, StandardCharsets.UTF_8);
  }

  @Test
  void committedLayerIsWhatTheGeneratorProducesNow() throws IOException {
    String generated = OcdCatalogGenerator.generate(data());
    if (Boolean.getBoolean("ocd.regenerate")) {
      Files.writeString(OcdCatalogGenerator.OUTPUT, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(OcdCatalogGenerator.OUTPUT, StandardCharsets.UTF_8))
        .as("catalog-ocd.csv is stale: run mvn -pl core test -Dtest=OcdCatalogGeneratorTest -Docd.regenerate=true")
        .isEqualTo(generated);
  }

  @Test
  void neverYieldsNecessary() throws IOException {
    assertThat(OcdCatalogGenerator.rows(data())).noneMatch(r -> r.category() == Category.NECESSARY);
    assertThat(CookieCatalog.builtIn().layers().get(1)).noneMatch(r -> r.category() == Category.NECESSARY);
  }

  @Test
  void trackingVendorsKeepTheirCategoryForEveryCookie() throws IOException {
    Map<String, List<Category>> byVendor = OcdCatalogGenerator.rows(data()).stream().collect(
        Collectors.groupingBy(OcdCatalogGenerator.Row::vendor,
            Collectors.mapping(OcdCatalogGenerator.Row::category, Collectors.toList())));
    // Each of these has rows the data set calls Functional.
    assertThat(byVendor.get("Hotjar")).hasSizeGreaterThan(20).containsOnly(Category.ANALYTICS);
    assertThat(byVendor.get("Crazy Egg")).containsOnly(Category.ANALYTICS);
    assertThat(byVendor.get("Google Analytics")).containsOnly(Category.ANALYTICS);
    assertThat(byVendor.get("LinkedIn")).hasSizeGreaterThan(50).containsOnly(Category.MARKETING);
    assertThat(byVendor.get("PubMatic")).containsOnly(Category.MARKETING);
    assertThat(byVendor.get("Dynamic Yield")).containsOnly(Category.MARKETING);
    assertThat(byVendor.get("Bing / Microsoft")).containsOnly(Category.MARKETING);
    assertThat(byVendor.get("Facebook")).containsOnly(Category.MARKETING);
  }

  @Test
  void wildcardMakesAPrefixGlob() throws IOException {
    CookieCatalog ocd = CookieCatalog.empty().with(CookieCatalog.builtIn().layers().get(1));
    assertThat(ocd.classify("_ga_ABC123").vendor()).contains("Google Analytics");
    assertThat(ocd.classify("_hjSessionUser_12345").category()).contains(Category.ANALYTICS);
    assertThat(ocd.classify("_pk_id.1.abcd").category()).contains(Category.ANALYTICS);
    assertThat(ocd.classify("_gat_UA-1").category()).contains(Category.ANALYTICS);
  }

  @Test
  void layerIsLargeAndEveryRowHasVendorAndSource() {
    List<CookieRule> layer = CookieCatalog.builtIn().layers().get(1);
    assertThat(layer).hasSizeGreaterThanOrEqualTo(1500);
    assertThat(layer).allSatisfy(r -> {
      assertThat(r.vendor()).as("vendor of %s", r.pattern()).isPresent();
      assertThat(r.source()).as("source of %s", r.pattern()).get().asString().startsWith("Open Cookie Database ");
    });
  }

  @Test
  void leavesOutSecurityRowsFrameworksConsentPlatformsAndGenericNames() throws IOException {
    List<String> patterns = OcdCatalogGenerator.rows(data()).stream().map(OcdCatalogGenerator.Row::pattern).toList();
    assertThat(patterns).doesNotContain("XSRF-TOKEN", "csrftoken", "laravel_session", "CookieConsent", "token",
        "locale", "s", "sb-*", "cmplz_marketing");
  }

  @Test
  void malformedRowFailsNamingItsLine() {
    String ok = "a1,Hotjar,Analytics,_hjid,,visitor id,1 year,Hotjar,https://x,0\n";
    assertThat(OcdCatalogGenerator.rows(HEADER + ok)).hasSize(1);
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + ok + "a2,Hotjar,Analytics,_hjx,,x,1 year,Hotjar,https://x\n"))
        .hasMessageContaining("line 3").hasMessageContaining("9 fields");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + ok + ok + "a3,V,Tracking,n1,,x,1 year,V,u,0\n"))
        .hasMessageContaining("line 4").hasMessageContaining("Tracking");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + "a4,V,Analytics,n1,,x,1 year,V,u,2\n"))
        .hasMessageContaining("line 2").hasMessageContaining("Wildcard");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + "a5,V,Analytics,\"bad\u0001name\",,x,1 year,V,u,0\n"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + "a6,V,Analytics,,,x,1 year,V,u,0\n"))
        .hasMessageContaining("line 2").hasMessageContaining("no cookie name");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + "a7,V,Analytics,\"unclosed,,x,1 year,V,u,0\n"))
        .hasMessageContaining("line 2").hasMessageContaining("not closed");
    assertThatThrownBy(() -> OcdCatalogGenerator.generate("ID,Platform\n" + ok)).hasMessageContaining("line 1");
  }

  @Test
  void onePatternWithTwoCategoriesFailsNamingBothLines() {
    String rows = "a1,V1,Analytics,shared_name,,x,1 year,V1,u,0\n"
        + "\"a2\",V2,Marketing,shared_name,,\"multi\nline\",1 year,V2,u,0\n"
        + "a3,V3,Marketing,shared_name,,x,1 year,V3,u,0\n";
    assertThatThrownBy(() -> OcdCatalogGenerator.generate(HEADER + rows))
        .hasMessageContaining("line 3").hasMessageContaining("line 2");
  }
}
