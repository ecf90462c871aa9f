package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** JettyEe11Server must stay the ee10 JettyServer with ee11 imports, or the two Jetty lines test different set-ups. */
class JettyEe11ServerTest {

  @Test
  void isTheEe10StarterWithEe11Imports() throws Exception {
    Path here = Path.of("src/test/java/io/github/cookiegate/servlet");
    String ee10 = Files.readString(Path.of("../../servlet").resolve(here).resolve("JettyServer.java"));
    String ee11 = Files.readString(here.resolve("JettyEe11Server.java"));
    assertThat(withoutClassDoc(ee11))
        .isEqualTo(withoutClassDoc(ee10.replace("org.eclipse.jetty.ee10.", "org.eclipse.jetty.ee11.")
            .replace("class JettyServer ", "class JettyEe11Server ").replace(" ee10 (Servlet", " ee11 (Servlet")));
  }

  private static String withoutClassDoc(String source) {
    return source.replaceFirst("(?s)/\\*\\*[^\n]*\\*/\nfinal class", "final class");
  }
}
