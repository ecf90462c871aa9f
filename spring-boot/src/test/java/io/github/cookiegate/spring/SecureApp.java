package io.github.cookiegate.spring;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Security application: CSRF token in the {@code XSRF-TOKEN} cookie, form login with
 * session fixation protection by {@code changeSessionId}, remember-me, and a secured controller
 * that sets a chat cookie.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecureApp {

  static final String USER = "alice";
  static final String PASSWORD = "correct horse";

  @Bean
  TestApp.Recorder recorder() {
    return new TestApp.Recorder();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, UserDetailsService users) throws Exception {
    http.authorizeHttpRequests(a -> a.requestMatchers("/public", "/login", "/error").permitAll()
            .anyRequest().authenticated())
        // the plain handler: the client sends the cookie's value back, as a single-page app does
        .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
            .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
        .formLogin(f -> f.defaultSuccessUrl("/secured/chat", true))
        .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
        .rememberMe(r -> r.key("cookie-gate-test-key").userDetailsService(users));
    return http.build();
  }

  @RestController
  static class Pages {
    /** A public page that starts a session and renders the CSRF token (which writes XSRF-TOKEN). */
    @GetMapping("/public")
    String publicPage(HttpServletRequest request, CsrfToken token) {
      request.getSession(true);
      return token.getToken();
    }

    /** A page behind login that sets the chat vendor's cookie. */
    @GetMapping("/secured/chat")
    String chat(HttpServletResponse response) {
      Cookie chat = new Cookie("my-chat-id", "c1");
      chat.setPath("/");
      response.addCookie(chat);
      return "secured chat";
    }
  }
}
