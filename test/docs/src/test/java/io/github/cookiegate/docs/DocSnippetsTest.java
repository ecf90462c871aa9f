package io.github.cookiegate.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cookiegate.CookieGate;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every snippet of the README and of docs/ compiles, parses, and configures a gate as it says. */
class DocSnippetsTest {

  /** Properties only the Spring Boot starter reads (rows of the table that say so). */
  private static final List<String> STARTER_ONLY = List.of("enabled", "filter-order");

  @Test
  void everyJavaSnippetCompiles() {
    List<Markdown.Block> java = Markdown.blocks("java");
    assertThat(java).as("java blocks in README.md and docs/").hasSizeGreaterThan(5);
    List<SnippetCompiler.Problem> problems = SnippetCompiler.compile(java);
    if (!problems.isEmpty()) {
      fail(problems.size() + " compile error(s) in the documentation's Java snippets:" + SnippetCompiler.describe(problems));
    }
  }

  @Test
  void theCompilerCheckCatchesABrokenSnippet() {
    Markdown.Block good = new Markdown.Block(Markdown.root().resolve("README.md"), 1, "java",
        "CookieGate gate = CookieGate.builder().build();\n", "");
    Markdown.Block undeclared = new Markdown.Block(Markdown.root().resolve("README.md"), 10, "java",
        "CookieGate gate = CookieGate.builder().build();\ngate.noSuchMethod(request);\n", "");
    Markdown.Block missingImport = new Markdown.Block(Markdown.root().resolve("README.md"), 20, "java",
        "import java.util.List;\nclass Unit { CookieGate gate; }\n", "");
    assertThat(SnippetCompiler.compile(List.of(good))).isEmpty();
    List<SnippetCompiler.Problem> problems = SnippetCompiler.compile(List.of(good, undeclared, missingImport));
    assertThat(problems).extracting(SnippetCompiler.Problem::where)
        .anyMatch(w -> w.startsWith("README.md:12 "))   // the second line of the block at line 10
        .anyMatch(w -> w.startsWith("README.md:22 "));  // a unit compiles as shown: CookieGate is not imported
  }

  @Test
  void everyXmlSnippetParses() throws Exception {
    List<String> problems = new ArrayList<>();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    for (Markdown.Block b : Markdown.blocks("xml")) {
      String text = b.text().strip();
      // Fragments (a <dependency>, a <filter> and its <filter-mapping>) parse inside one element.
      String xml = text.startsWith("<?xml") ? text : "<snippet>\n" + text + "\n</snippet>";
      try {
        factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
      } catch (Exception e) {
        problems.add(b.where() + ": " + e.getMessage());
      }
    }
    assertThat(problems).as("xml blocks that do not parse").isEmpty();
  }

  @Test
  void everyYamlSnippetParsesAndItsSettingsAreAccepted() {
    List<String> problems = new ArrayList<>();
    List<Markdown.Block> yaml = Markdown.blocks("yaml");
    yaml = new ArrayList<>(yaml);
    yaml.addAll(Markdown.blocks("yml"));
    assertThat(yaml).as("yaml blocks").isNotEmpty();
    for (Markdown.Block b : yaml) {
      try {
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(b.text())) {
          if (doc instanceof Map<?, ?> map && map.get("cookie-gate") instanceof Map<?, ?> gate) {
            Map<String, String> settings = new LinkedHashMap<>();
            flatten("", gate, settings);
            apply(settings, b, problems);
          }
        }
      } catch (RuntimeException e) {
        problems.add(b.where() + ": " + e.getMessage());
      }
    }
    assertThat(problems).as("yaml blocks that do not parse or configure a gate").isEmpty();
  }

  @Test
  void everyPropertiesSnippetLoadsAndItsSettingsAreAccepted() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Markdown.Block b : Markdown.blocks("properties")) {
      Properties props = new Properties();
      props.load(new StringReader(b.text()));
      Map<String, String> settings = new LinkedHashMap<>();
      for (String key : props.stringPropertyNames()) {
        if (key.startsWith("cookie-gate.")) {
          settings.put(key.substring("cookie-gate.".length()), props.getProperty(key));
        }
      }
      apply(settings, b, problems);
    }
    assertThat(problems).as("properties blocks whose cookie-gate settings a gate refuses").isEmpty();
  }

  @Test
  void aMisspeltSettingInASnippetIsCaught() {
    List<String> problems = new ArrayList<>();
    Markdown.Block b = new Markdown.Block(Markdown.root().resolve("README.md"), 1, "yaml", "", "");
    apply(Map.of("chat-max-agee", "PT2H"), b, problems);
    assertThat(problems).singleElement().asString().contains("chat-max-agee");
  }

  /** Applies a snippet's settings to a gate; placeholders (resolved by Spring) and starter-only keys are left out. */
  private static void apply(Map<String, String> settings, Markdown.Block b, List<String> problems) {
    Map<String, String> forGate = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      if (!STARTER_ONLY.contains(k) && !v.contains("${")) {
        forGate.put(k, v);
      }
    });
    try {
      CookieGate.fromSettings(forGate);
    } catch (IllegalArgumentException e) {
      problems.add(b.where() + ": " + e.getMessage());
    }
  }

  /** {@code cookies: {chat: a}} to {@code cookies.chat=a}; a YAML list to a comma-separated one. */
  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String key = prefix + k;
      if (v instanceof Map<?, ?> inner) {
        flatten(key + ".", inner, out);
      } else if (v instanceof List<?> list) {
        out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
      } else {
        out.put(key, v == null ? "" : String.valueOf(v));
      }
    });
  }
}
