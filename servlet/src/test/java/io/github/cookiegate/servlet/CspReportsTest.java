package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the CSP violation reports browsers send to the report endpoint. */
class CspReportsTest {

  @Test
  void readsCsp2AndReportingApiBodies() {
    assertThat(CspReports.reports("{\"csp-report\":{\"document-uri\":\"https://site/\",\"blocked-uri\":"
        + "\"https://widget.intercom.io/widget/x\",\"violated-directive\":\"script-src-elem 'self'\"}}"))
        .containsExactly(new CspReports.Report("https://widget.intercom.io/widget/x", "script-src-elem"));
    assertThat(CspReports.reports("[{\"type\":\"csp-violation\",\"age\":3,\"body\":{\"blockedURL\":"
        + "\"https://www.google-analytics.com/g/collect?v=2\",\"effectiveDirective\":\"connect-src\",\"x\":[1,true,null,{}]}},"
        + "{\"type\":\"deprecation\",\"body\":{\"blockedURL\":\"https://a/\"}}]"))
        .containsExactly(new CspReports.Report("https://www.google-analytics.com/g/collect?v=2", "connect-src"));
  }

  @Test
  void readsEscapesAndIgnoresTrailingText() {
    assertThat(CspReports.reports("\uFEFF {\"csp-report\":{\"blocked-uri\":\"https:\\/\\/widget.intercom.io\\u002fx\"}} trailing"))
        .containsExactly(new CspReports.Report("https://widget.intercom.io/x", "a"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[", "{\"csp-report\":", "\"x", "{\"a\" 1}", "}", "{\"a\":\"\\u12\"}"})
  void failsOnWhatItCannotRead(String body) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CspReports.reports(body))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundsNestingAndCount() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CspReports.reports("[".repeat(5000)))
        .isInstanceOf(IllegalArgumentException.class);
    String one = "{\"body\":{\"blockedURL\":\"https://widget.intercom.io/\"}}";
    assertThat(CspReports.reports("[" + String.join(",", java.util.Collections.nCopies(100, one)) + "]"))
        .hasSize(CspReports.MAX_REPORTS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"https://Widget.Intercom.IO:443/x|widget.intercom.io", "inline|", "eval|",
      "/relative|", "https://|", "http://a b/|"})
  void readsTheHostOfABlockedUrl(String url, String host) {
    assertThat(CspReports.hostOf(url)).isEqualTo(host);
  }
}
