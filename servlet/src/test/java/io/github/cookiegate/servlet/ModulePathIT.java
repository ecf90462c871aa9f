package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.CookieGate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors at work: a user's module on the module path, beside the core and servlet
 * jars, Caffeine, the servlet API and Jetty 12 (all named modules), compiles against the public
 * API, serves a page through the filter on a real Jetty, has its own consent resolver found by
 * ServiceLoader ({@code provides}), and cannot reach an internal package, neither at compile time
 * nor by reflection. It runs in a JVM of its own, started with {@code java --module-path ... -m}.
 */
class ModulePathIT {

  /** The user's module: the filter on Jetty, a consent resolver of its own, one try at the internals. */
  private static final Map<String, String> CONSUMER = Map.of(
      "module-info.java", """
          module example.site {
            requires io.github.cookiegate.servlet;
            requires org.eclipse.jetty.server;
            requires org.eclipse.jetty.ee10.servlet;
            requires java.net.http;
            provides io.github.cookiegate.ConsentResolver with example.site.PartnerConsent;
          }
          """,
      "example/site/PartnerConsent.java", """
          package example.site;

          import io.github.cookiegate.Category;
          import io.github.cookiegate.ConsentRequest;
          import io.github.cookiegate.ConsentResolver;
          import io.github.cookiegate.ConsentState;
          import java.util.List;
          import java.util.Optional;
          import java.util.Set;

          public final class PartnerConsent implements ConsentResolver {
            public String id() { return "partner"; }
            public Optional<ConsentState> resolve(ConsentRequest request) {
              return request.cookies("partner_optin").equals(List.of("yes"))
                  ? Optional.of(ConsentState.of(id(), Set.of(Category.ANALYTICS))) : Optional.empty();
            }
          }
          """,
      "example/site/Main.java", """
          package example.site;

          import io.github.cookiegate.Category;
          import io.github.cookiegate.CookieGate;
          import io.github.cookiegate.servlet.CookieGateFilter;
          import jakarta.servlet.DispatcherType;
          import jakarta.servlet.http.HttpServlet;
          import jakarta.servlet.http.HttpServletRequest;
          import jakarta.servlet.http.HttpServletResponse;
          import java.net.URI;
          import java.net.http.HttpClient;
          import java.net.http.HttpRequest;
          import java.net.http.HttpResponse;
          import java.util.EnumSet;
          import java.util.stream.Collectors;
          import org.eclipse.jetty.ee10.servlet.FilterHolder;
          import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
          import org.eclipse.jetty.ee10.servlet.ServletHolder;
          import org.eclipse.jetty.server.Server;
          import org.eclipse.jetty.server.ServerConnector;

          public final class Main {
            public static void main(String[] args) throws Exception {
              CookieGate gate = CookieGate.builder()
                  .cookies(Category.CHAT, "cw_conversation")
                  .consentSources("partner", "cookie-gate")
                  .build();
              for (Module m : new Module[] {CookieGate.class.getModule(), CookieGateFilter.class.getModule()}) {
                System.out.println("module " + m.getName() + " automatic=" + m.getDescriptor().isAutomatic());
              }
              try {
                Class.forName("io.github.cookiegate.internal.GateAccess")
                    .getMethod("ownCookies", CookieGate.class).invoke(null, gate);
                System.out.println("internal: reached");
              } catch (IllegalAccessException e) {
                System.out.println("internal: " + e.getClass().getSimpleName());
              }

              Server server = new Server();
              ServerConnector connector = new ServerConnector(server);
              connector.setHost("127.0.0.1");
              connector.setPort(0);
              server.addConnector(connector);
              ServletContextHandler context = new ServletContextHandler();
              context.addFilter(new FilterHolder(new CookieGateFilter(gate)), "/*",
                  EnumSet.of(DispatcherType.REQUEST));
              context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                  resp.addHeader("Set-Cookie", "_ga=GA1.1.1; Path=/");
                  resp.addHeader("Set-Cookie", "cw_conversation=c1; Path=/");
                  resp.addHeader("Set-Cookie", "JSESSIONID=s1; Path=/");
                  resp.setContentType("text/plain");
                }
              }), "/");
              server.setHandler(context);
              server.start();
              try {
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                HttpClient client = HttpClient.newHttpClient();
                System.out.println("fresh: " + cookieNames(client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.discarding())));
                System.out.println("partner: " + cookieNames(client.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .header("Cookie", "partner_optin=yes").build(), HttpResponse.BodyHandlers.discarding())));
                HttpResponse<String> script = client.send(HttpRequest.newBuilder(URI.create(base + gate.gateScriptPath()))
                    .build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("gate.js: " + script.statusCode() + " " + (script.body().length() > 100));
              } finally {
                server.stop();
              }
            }

            private static String cookieNames(HttpResponse<?> response) {
              return response.headers().allValues("set-cookie").stream()
                  .map(c -> c.substring(0, c.indexOf('='))).sorted().collect(Collectors.joining(","));
            }
          }
          """);

  /** A module that names an internal package: must not compile. */
  private static final Map<String, String> SNEAKY = Map.of(
      "module-info.java", """
          module example.sneaky {
            requires io.github.cookiegate.servlet;
          }
          """,
      "example/sneaky/Peek.java", """
          package example.sneaky;

          import io.github.cookiegate.CookieGate;
          import io.github.cookiegate.internal.GateAccess;

          public final class Peek {
            public static Object own(CookieGate gate) { return GateAccess.ownCookies(gate); }
          }
          """);

  private static List<Path> modulePath;

  @BeforeAll
  static void libraryJars() throws URISyntaxException {
    // The library's two modules as the build made them, and from this JVM's class path the named
    // modules they and the consumer need; Tomcat and Undertow (also on it) stay out.
    List<Path> path = new ArrayList<>();
    path.add(Path.of(CookieGate.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    path.add(Path.of(CookieGateFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.endsWith(".jar") && (name.startsWith("jetty-") || name.startsWith("caffeine-")
          || name.startsWith("jakarta.servlet-api-") || name.startsWith("slf4j-api-"))) {
        path.add(Path.of(entry));
      }
    }
    modulePath = List.copyOf(path);
  }

  @Test
  void aUserModuleRunsTheFilterOnJettyAndCannotReachTheInternals(@TempDir Path dir) throws Exception {
    Path classes = dir.resolve("classes");
    String errors = compile(CONSUMER, dir.resolve("src"), classes);
    assertThat(errors).as("javac on the public API").isEmpty();

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", join(modulePath) + java.io.File.pathSeparator + classes,
        "-m", "example.site/example.site.Main"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("the consumer ends").isTrue();
    assertThat(java.exitValue()).as(out).isZero();

    assertThat(out).as(out)
        .contains("module io.github.cookiegate automatic=false")
        .contains("module io.github.cookiegate.servlet automatic=false")
        // GateAccess is public in a package exported only to the library's own modules
        .contains("internal: IllegalAccessException")
        // the built-in catalogs (resources of the core module) know both; chat waits for activation
        .contains("fresh: JSESSIONID\n")
        // the module's own resolver, found by ServiceLoader from its provides clause
        .contains("partner: JSESSIONID,_ga\n")
        // gate.js, a resource of the servlet module
        .contains("gate.js: 200 true");
  }

  @Test
  void aUserModuleThatNamesAnInternalPackageDoesNotCompile(@TempDir Path dir) throws IOException {
    String errors = compile(SNEAKY, dir.resolve("src"), dir.resolve("classes"));
    assertThat(errors).contains("io.github.cookiegate.internal").contains("does not export");
  }

  /** Compiles one module's sources for Java 17 against {@link #modulePath}; returns javac's errors. */
  private static String compile(Map<String, String> sources, Path src, Path out) throws IOException {
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
        "--module-path", join(modulePath), "-Xlint:none"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    javac.run(null, errors, errors, args.toArray(String[]::new));
    return errors.toString(StandardCharsets.UTF_8);
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
  }
}
