package io.github.cookiegate.spring;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/** With Tomcat and Jetty both on the classpath, this bean makes Boot's Tomcat factory back off. */
@TestConfiguration(proxyBeanMethods = false)
class JettyServer {
  @Bean
  JettyServletWebServerFactory jettyServletWebServerFactory() {
    return new JettyServletWebServerFactory();
  }
}
