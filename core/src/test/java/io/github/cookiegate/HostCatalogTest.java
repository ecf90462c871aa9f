package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostCatalogTest {

  /** Every row of shared/facts/chat-hosts.csv, kept as a copy in test resources. */
  static Stream<List<String>> factRows() {
    return Csv.readResource(HostCatalogTest.class, "facts/chat-hosts.csv").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("factRows")
  void builtInCatalogCoversEveryFactRow(List<String> row) {
    String host = row.get(1).replace("*", "x1");
    Category category = Category.fromId(row.get(2)).orElseThrow();
    HostRule rule = HostCatalog.builtIn().match(host).orElseThrow(() -> new AssertionError("no rule for " + host));
    assertThat(rule.category()).isEqualTo(category);
    assertThat(rule.vendor()).contains(row.get(0));
  }

  @Test
  void factsCopyMatchesSharedFactsWhenPresent() throws java.io.IOException {
    java.nio.file.Path shared = java.nio.file.Path.of("..", "..", "shared", "facts", "chat-hosts.csv");
    org.assertj.core.api.Assumptions.assumeThat(java.nio.file.Files.exists(shared)).isTrue();
    java.nio.file.Path copy = java.nio.file.Path.of("src", "test", "resources", "io", "github", "cookiegate", "facts", "chat-hosts.csv");
    assertThat(java.nio.file.Files.readString(copy)).isEqualTo(java.nio.file.Files.readString(shared));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "widget.intercom.io, widget.intercom.io",
      "WIDGET.Intercom.IO:443, widget.intercom.io",
      "https://widget.intercom.io/widget/abc, widget.intercom.io",
      "//js.intercomcdn.com/frame.js, js.intercomcdn.com",
      "https://user:pw@embed.tawk.to:8443/x?y#z, embed.tawk.to",
      "http://[::1]:8080/x, [::1]",
      "widget.intercom.io., widget.intercom.io",
  })
  void readsTheHostOfAUrl(String url, String host) {
    assertThat(HostCatalog.hostOf(url)).isEqualTo(host);
  }

  @ParameterizedTest
  @CsvSource({"/js/app.js", "app.js?x=https://widget.intercom.io", "javascript:alert(1)", "''", "data:text/plain,x"})
  void relativeUrlsNameNoHost(String url) {
    assertThat(HostCatalog.builtIn().match(url)).isEmpty();
  }

  @Test
  void globsMatchSubdomainsButNotTheBareDomain() {
    assertThat(HostCatalog.builtIn().match("abc.intercom-messenger.com").map(HostRule::category)).contains(Category.CHAT);
    assertThat(HostCatalog.builtIn().match("intercom-messenger.com")).isEmpty();
    assertThat(HostCatalog.builtIn().match("www.googletagmanager.com").map(HostRule::category)).contains(Category.ANALYTICS);
    assertThat(HostCatalog.builtIn().match("connect.facebook.net").map(HostRule::category)).contains(Category.MARKETING);
  }

  @Test
  void applicationRulesWinAndMoreLiteralGlobWins() {
    HostCatalog c = HostCatalog.builtIn().with(List.of(
        HostRule.of("*.example-chat.com", Category.CHAT),
        HostRule.of("stats.example-chat.com", Category.ANALYTICS),
        HostRule.of("*.cdn.example-chat.com", Category.FUNCTIONAL),
        HostRule.of("widget.intercom.io", Category.FUNCTIONAL)));
    assertThat(c.match("app.example-chat.com").map(HostRule::category)).contains(Category.CHAT);
    assertThat(c.match("stats.example-chat.com").map(HostRule::category)).contains(Category.ANALYTICS);
    assertThat(c.match("a.cdn.example-chat.com").map(HostRule::category)).contains(Category.FUNCTIONAL);
    assertThat(c.match("widget.intercom.io").map(HostRule::category)).contains(Category.FUNCTIONAL);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"https://x.com", "x.com:443", "x.com/path", "x com", "''"})
  void hostRulesRefuseWhatIsNotAHost(String bad) {
    assertThatThrownBy(() -> HostRule.of(bad, Category.CHAT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameHostInTwoCategoriesFailsNamingBoth() {
    assertThatThrownBy(() -> HostCatalog.empty().with(List.of(HostRule.of("a.com", Category.CHAT),
        HostRule.of("A.com", Category.MARKETING))))
        .hasMessageContaining("'a.com'").hasMessageContaining("chat").hasMessageContaining("marketing");
  }

  /** A plain lower-case host is its own host without being parsed: the same answer as parsing it. */
  @Test
  void aPlainHostIsItsOwnHostAsParsingSays() {
    assertThat(HostCatalog.hostOf("widget.intercom.io")).isSameAs(HostCatalog.hostOf("widget.intercom.io"))
        .isEqualTo("widget.intercom.io");
    assertThat(HostCatalog.isPlainHost("widget.intercom.io.")).isFalse();
    assertThat(HostCatalog.isPlainHost("Widget.intercom.io")).isFalse();
    assertThat(HostCatalog.isPlainHost("")).isFalse();
    java.util.Random random = new java.util.Random(20261207);
    String alphabet = "ab0.-_:/@[]?#\\ A\t";
    for (int run = 0; run < 50_000; run++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(14); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      assertThat(HostCatalog.hostOf(s)).as("[%s]", s).isEqualTo(HostCatalog.parseHost(s));
    }
  }
}
