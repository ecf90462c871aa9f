package io.github.cookiegate.examples.boot;

import java.net.URI;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A shop page with a chatbot, on Spring Boot, behind cookie-gate. The gate is configured only by
 * {@code application.yml} ({@code cookie-gate.*}); the page embeds a fake chat vendor's widget from
 * another site and an analytics script, both held until the chat button or the consent banner.
 *
 * <pre>
 * mvn -q -pl examples/spring-boot -am -DskipTests package exec:java    # http://localhost:8090
 * </pre>
 */
@SpringBootApplication
public class ChatApplication {

  /** The port {@link #main} uses without an argument. */
  public static final int DEFAULT_PORT = 8090;

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    Running running = start(port);
    System.out.println("cookie-gate Spring Boot example on http://localhost:" + running.port() + "/, fake chat vendor on "
        + running.vendor().origin() + "  (Ctrl+C to stop)");
  }

  /**
   * Starts the app on this port (0: any free port), its fake vendor on the next one (or any free
   * one for 0).
   */
  public static Running start(int port) {
    SpringApplication app = new SpringApplication(ChatApplication.class);
    ConfigurableApplicationContext context = app.run("--server.port=" + port,
        "--fake-vendor.port=" + (port == 0 ? 0 : port + 1));
    return new Running(context);
  }

  /** The fake chat vendor and analytics host the page loads from. */
  @Bean(destroyMethod = "close")
  FakeVendor fakeVendor(@org.springframework.beans.factory.annotation.Value("${fake-vendor.port:8091}") int port) {
    return FakeVendor.start(port);
  }

  /** A started app: its port, its vendor, stopped by {@link #close}. */
  public static final class Running implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    Running(ConfigurableApplicationContext context) {
      this.context = context;
    }

    /** The port the app listens on (the free one chosen for port 0). */
    public int port() {
      return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The app's root, {@code http://localhost:<port>/} (the vendor is 127.0.0.1, another site). */
    public URI uri() {
      return URI.create("http://localhost:" + port() + "/");
    }

    /** The fake vendor the page loads. */
    public FakeVendor vendor() {
      return context.getBean(FakeVendor.class);
    }

    /** Stops the app and its vendor. */
    @Override
    public void close() {
      context.close();
    }
  }
}
