package io.github.cookiegate.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.cookiegate.CookieGate;
import java.io.File;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's test with only the kit and core (and core's Caffeine) on the classpath: no Spring, no
 * RestAssured, no opentest4j, no AssertJ. It must compile (no "class file for X not found") and fail
 * with a plain {@link AssertionError}.
 */
class CoreOnlyClasspathTest {
  private static final String USER_TEST = """
      import static io.github.cookiegate.test.CookieAssertions.assertThatCookies;
      import io.github.cookiegate.Category;
      import io.github.cookiegate.test.RecordingGateListener;
      import io.github.cookiegate.test.VisitorSession;
      import java.util.List;

      public class UserTest {
        public static String run() {
          assertThatCookies(List.of("JSESSIONID=1; Path=/")).setOnlyNecessaryCookies().setNoCookieOf(Category.CHAT);
          new RecordingGateListener();
          VisitorSession.of(java.net.URI.create("http://127.0.0.1:1"));
          try {
            assertThatCookies(List.of("intercom-id-x=secret-value")).setNoCookieOf(Category.CHAT);
            return "no failure";
          } catch (AssertionError e) {
            return e.getClass().getName() + ": " + e.getMessage();
          }
        }
      }
      """;

  @Test
  void theCoreEntryCompilesAndRunsWithoutTheOptionalDependencies(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("UserTest.java");
    Files.writeString(src, USER_TEST);
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<Path> classpath = List.of(location(CookieAssertions.class), location(CookieGate.class), location(Caffeine.class));
    String cp = String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList());

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", cp, "-d", out.toString(), "-proc:none"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
    assertThat(ok).as(diagnostics.toString()).isTrue();
    assertThat(diagnostics.toString()).doesNotContain("not found");

    URL[] urls = {out.toUri().toURL(), classpath.get(0).toUri().toURL(), classpath.get(1).toUri().toURL(),
        classpath.get(2).toUri().toURL()};
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      assertThat(loader.loadClass("io.github.cookiegate.test.CookieAssertions").getClassLoader()).isSameAs(loader);
      String result = (String) loader.loadClass("UserTest").getMethod("run").invoke(null);
      assertThat(result).startsWith("java.lang.AssertionError: ")
          .contains("intercom-id-x: category chat").doesNotContain("secret-value");
    }
  }

  private static Path location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
