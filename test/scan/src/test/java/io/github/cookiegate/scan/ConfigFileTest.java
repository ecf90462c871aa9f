package io.github.cookiegate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --config reads init-param .properties and Spring Boot's application.yml alike. */
class ConfigFileTest {

  @TempDir Path dir;

  @Test
  void readsTheCookieGateTreeOfApplicationYmlAsTheStarterBindsIt() throws Exception {
    Map<String, String> settings = ConfigFile.read(Path.of(getClass().getResource("/demo-application.yml").toURI()));
    assertThat(settings).containsExactly(
        Map.entry("chat-max-age", "PT24H"),               // camelCase, and a placeholder's default
        Map.entry("cookies.analytics", "_ga,_ga_*"),      // a YAML list
        Map.entry("cookies.chat", "fakechat-*, fakechat_*"),
        Map.entry("hosts.chat", "127.0.0.1"),
        Map.entry("hosts.analytics", "127.0.0.2"));       // no secret, no server.*, no profile document
  }

  @Test
  void readsTheSameFromProperties() throws Exception {
    Path props = Files.writeString(dir.resolve("cookie-gate.properties"),
        "cookie-gate.cookies.chat=cw_*\nchat-max-age=PT2H\nsecret=abc\n");
    assertThat(ConfigFile.read(props)).containsOnly(Map.entry("cookies.chat", "cw_*"), Map.entry("chat-max-age", "PT2H"));
  }

  @Test
  void aYamlFileThatIsNotYamlIsAConfigurationError() throws Exception {
    Path bad = Files.writeString(dir.resolve("application.yaml"), "cookie-gate:\n  cookies: [unclosed\n");
    assertThatThrownBy(() -> ConfigFile.read(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--config is '" + bad + "': cannot read it (")
        .hasMessageEndingWith("expected a .properties file with cookie-gate's init-param keys, or an application.yml/.yaml");
  }

  @Test
  void anUnsetPlaceholderWithoutDefaultIsLeftForTheGateToReport() throws Exception {
    Path yml = Files.writeString(dir.resolve("application.yml"), "cookie-gate:\n  chat-max-age: ${NOT_SET_ANYWHERE_I19}\n");
    assertThat(ConfigFile.read(yml)).containsEntry("chat-max-age", "${NOT_SET_ANYWHERE_I19}");
    Sites.Run run = Sites.scan(dir.resolve("out"), "http://localhost:1/", "--config", yml.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("chat-max-age is '${NOT_SET_ANYWHERE_I19}': placeholder not resolved");
  }
}
