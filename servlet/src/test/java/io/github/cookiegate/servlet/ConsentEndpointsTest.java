package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsentEndpointsTest {

  @Test
  void domainVariantsAreTheHostAndItsParentsButNeverASingleLabel() {
    assertThat(ConsentEndpoints.domainVariants("www.shop.example.com"))
        .containsExactly("example.com", "shop.example.com", "www.shop.example.com");
    assertThat(ConsentEndpoints.domainVariants("Example.COM.")).containsExactly("example.com");
    assertThat(ConsentEndpoints.domainVariants("a.b.c.d.e.example.com"))
        .containsExactly("example.com", "e.example.com", "d.e.example.com", "c.d.e.example.com");
  }

  @Test
  void domainVariantsSkipTwoLabelCountrySuffixes() {
    assertThat(ConsentEndpoints.domainVariants("www.shop.co.uk")).containsExactly("shop.co.uk", "www.shop.co.uk");
    assertThat(ConsentEndpoints.domainVariants("shop.com.au")).containsExactly("shop.com.au");
    assertThat(ConsentEndpoints.domainVariants("co.uk")).isEmpty();
  }

  @Test
  void noDomainVariantsForIpLiteralsSingleLabelsOrHostileHosts() {
    for (String host : new String[] {"localhost", "com", "127.0.0.1", "[::1]", "::1", "", "a..b.com", ".example.com",
        "exa mple.com", "example.com;x", "x".repeat(300) + ".com"}) {
      assertThat(ConsentEndpoints.domainVariants(host)).as(host).isEmpty();
    }
  }

  @Test
  void formValuesAreDecodedAndOtherFieldsIgnored() {
    assertThat(ConsentEndpoints.formValues("a=1&categories=chat%2Canalytics&categories=marketing&categories"))
        .containsExactly("chat,analytics", "marketing");
    assertThat(ConsentEndpoints.formValues("categories=%zz&categories=chat")).containsExactly("chat");
    assertThat(ConsentEndpoints.formValues("")).isEmpty();
  }
}
