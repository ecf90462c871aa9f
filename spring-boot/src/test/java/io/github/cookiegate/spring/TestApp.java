package io.github.cookiegate.spring;

import io.github.cookiegate.GateEvent;
import io.github.cookiegate.GateListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application whose controller sets a session, a chat cookie and two analytics cookies.
 * Spring Security is on the test classpath for {@link SecurityGateTest}; this application leaves it
 * out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
    // Spring Boot 3.5
    "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
    // Spring Boot 4 (module spring-boot-security)
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
class TestApp {

  @Bean
  Recorder recorder() {
    return new Recorder();
  }

  /** A GateListener bean: the starter must hand it the gate's events. */
  static final class Recorder implements GateListener {
    final List<GateEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(GateEvent event) {
      events.add(event);
    }
  }

  /** Registered as a member class of this configuration. */
  @RestController
  static class Pages {
    @GetMapping("/chat")
    String chat(HttpServletRequest request, HttpServletResponse response) {
      request.getSession(true);
      Cookie chat = new Cookie("my-chat-id", "c1");
      chat.setPath("/");
      chat.setMaxAge(7 * 24 * 3600);
      response.addCookie(chat);
      return "chat";
    }

    @GetMapping("/stats")
    String stats(HttpServletResponse response) {
      response.addCookie(new Cookie("stats_id", "s1"));
      response.addCookie(new Cookie("stats_seen", "1"));
      return "stats";
    }
  }
}
