package io.github.cookiegate.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * What differs between the Spring Boot lines the starter's tests run on (3.5 in compat/spring-boot-3.5,
 * 4.0 here, 4.1 in compat/spring-boot-4.1): Boot 4 moved the web server classes to new packages, so
 * these tests name them only here, by reflection or by class name.
 */
final class BootLine {

  private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

  private BootLine() {
  }

  /** The running web server's class, e.g. {@code TomcatWebServer} (getWebServer() is on both lines' context). */
  static String webServerClass(ApplicationContext context) {
    try {
      Object server = context.getClass().getMethod("getWebServer").invoke(context);
      return server.getClass().getSimpleName();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("not a servlet web server context: " + context.getClass().getName(), e);
    }
  }

  /**
   * Boot's servlet web server factory for "tomcat" or "jetty": in {@code org.springframework.boot.<server>.servlet}
   * on Boot 4, in {@code org.springframework.boot.web.embedded.<server>} on Boot 3.
   */
  static Class<?> servletWebServerFactory(String server) {
    String type = Character.toUpperCase(server.charAt(0)) + server.substring(1) + "ServletWebServerFactory";
    ClassLoader loader = BootLine.class.getClassLoader();
    for (String pkg : new String[] {"org.springframework.boot." + server + ".servlet.", "org.springframework.boot.web.embedded." + server + "."}) {
      if (ClassUtils.isPresent(pkg + type, loader)) {
        return ClassUtils.resolveClassName(pkg + type, loader);
      }
    }
    throw new IllegalStateException("no " + type + " on the class path");
  }

  /**
   * Appends "spring-boot, Boot version on the server, Java" to the file named by the system property
   * {@code cookie-gate.test.record}, once per JVM: what CI ran, for the compatibility table.
   */
  static void record(String server) { // "Tomcat" or "Jetty"
    String file = System.getProperty("cookie-gate.test.record", "");
    String release = server + " " + serverVersion(server);
    String line = "spring-boot\tSpring Boot " + SpringBootVersion.getVersion() + " on " + release
        + "\tjava " + Runtime.version().feature() + "\n";
    if (file.isEmpty()) {
      return;
    }
    synchronized (RECORDED) {
      boolean first = RECORDED.isEmpty();
      if (!RECORDED.add(line)) {
        return;
      }
      try {
        // One file per Java release; this JVM's first line replaces what an earlier run left.
        Path path = Path.of(file.replace(".tsv", "-java" + Runtime.version().feature() + ".tsv"));
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            first ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String serverVersion(String server) {
    try {
      if (server.startsWith("Tomcat")) {
        String info = (String) Class.forName("org.apache.catalina.util.ServerInfo").getMethod("getServerInfo").invoke(null);
        return info.substring(info.indexOf('/') + 1); // "Apache Tomcat/11.0.29"
      }
      if (server.startsWith("Jetty")) {
        return (String) Class.forName("org.eclipse.jetty.util.Jetty").getField("VERSION").get(null);
      }
    } catch (ReflectiveOperationException e) {
      return "?";
    }
    return "?";
  }
}
