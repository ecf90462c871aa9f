package io.github.cookiegate.scan;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The application's cookie-gate settings for {@code --config}: a {@code .properties} file with the
 * init-param keys (a {@code cookie-gate.} prefix accepted), or Spring Boot's {@code application.yml}
 * / {@code .yaml}, whose {@code cookie-gate:} tree is read as the starter binds it (nested keys,
 * YAML lists, camelCase names, {@code ${VAR:default}} placeholders from the environment).
 */
final class ConfigFile {

  private static final String PREFIX = "cookie-gate.";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::([^}]*))?}");

  private ConfigFile() {}

  static Map<String, String> read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
    Map<String, String> flat = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(r)) {
          if (doc instanceof Map<?, ?> map && !profileSpecific(map)) {
            flatten("", map, flat);
          }
        }
      } else {
        Properties p = new Properties();
        p.load(r);
        for (String k : p.stringPropertyNames()) {
          flat.put(k, p.getProperty(k));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--config is '" + file + "': cannot read it (" + e.getMessage()
          + "); expected a .properties file with cookie-gate's init-param keys, or an application.yml/.yaml", e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    flat.forEach((key, value) -> {
      String k;
      if (key.startsWith(PREFIX)) {
        k = key.substring(PREFIX.length());
      } else if (yaml) {
        return; // the rest of application.yml (server, spring, ...) is not the gate's
      } else {
        k = key; // the init-param keys, as in web.xml
      }
      if (k.equals("secret") || k.equals("enabled") || k.equals("filter-order")) {
        // the scan only classifies: it never checks an activation marker, and these only concern the filter
        return;
      }
      settings.put(k, resolve(value));
    });
    return settings;
  }

  /** A YAML document that applies only to some profiles ({@code spring.config.activate.on-profile}). */
  private static boolean profileSpecific(Map<?, ?> doc) {
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", doc, flat);
    return flat.keySet().stream().anyMatch(k -> k.startsWith("spring.config.activate.") || k.equals("spring.profiles"));
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String key = prefix + kebab(String.valueOf(k));
      if (v instanceof Map<?, ?> inner) {
        flatten(key + ".", inner, out);
      } else if (v instanceof List<?> list) {
        out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
      } else {
        out.put(key, v == null ? "" : String.valueOf(v));
      }
    });
  }

  /** Relaxed binding: {@code chatMaxAge} is {@code chat-max-age}. */
  private static String kebab(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (i > 0 && name.charAt(i - 1) != '.' && name.charAt(i - 1) != '-') {
          sb.append('-');
        }
        sb.append((char) (c + 32));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code ${VAR}} and {@code ${VAR:default}} from the environment or system properties; left as is when unset. */
  private static String resolve(String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String found = System.getProperty(name, System.getenv(name));
      String replacement = found != null ? found : m.group(2) != null ? m.group(2) : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(sb).toString();
  }
}
