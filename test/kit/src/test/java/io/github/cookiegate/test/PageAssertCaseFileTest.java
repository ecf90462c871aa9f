package io.github.cookiegate.test;

import static io.github.cookiegate.test.CookieAssertions.assertThatPage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit reads pages by the filter's rules: every case of the servlet module's shared case file
 * ({@code load-cases.txt}, which the rewriter's and the Chromium tests also run) reports as
 * loading exactly the hosts the filter holds in it.
 */
class PageAssertCaseFileTest {
  private static final Path CASES = Path.of("../../servlet/src/test/resources/io/github/cookiegate/servlet/html/load-cases.txt");

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(CASES, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" \\| ", 4);
      List<String> hosts = f[2].strip().equals("-") ? List.of()
          : Arrays.stream(f[2].strip().split(" ")).map(h -> h.substring(h.indexOf('@') + 1)).toList();
      out.add(Arguments.of(f[0].strip(), unescape(f[3]), hosts));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsWhatTheFilterHolds(String name, String markup, List<String> hosts) {
    List<String> loads = assertThatPage(markup)
        .withSettings(Map.of("hosts.chat", "widget.intercom.io", "hosts.marketing", "www.facebook.com"))
        .vendorLoads();

    assertThat(loads).extracting(l -> l.substring(l.lastIndexOf(' ') + 1)).containsExactlyElementsOf(hosts);
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(d == 'n' ? '\n' : d == 't' ? '\t' : d);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
