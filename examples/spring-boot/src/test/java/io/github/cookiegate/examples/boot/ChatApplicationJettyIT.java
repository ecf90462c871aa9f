package io.github.cookiegate.examples.boot;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** {@link ChatApplicationIT}'s visit, with the app on Jetty 12.1 (ee11) instead of Tomcat. */
@SpringBootTest(classes = {ChatApplication.class, ChatApplicationJettyIT.OnJetty.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "fake-vendor.port=0")
class ChatApplicationJettyIT extends ChatApplicationIT {

  @TestConfiguration(proxyBeanMethods = false)
  static class OnJetty {
    @Bean
    JettyServletWebServerFactory jettyServletWebServerFactory() {
      return new JettyServletWebServerFactory();
    }
  }

  @Override
  String expectedServer() {
    return "JettyServletWebServer";
  }
}
