package io.github.cookiegate.spring;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = {SecureApp.class, TomcatServer.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "cookie-gate.activation-path=/cookie-gate/activate")
class TomcatSecurityGateTest extends SecurityGateTests {
  @Override
  String expectedServerClass() {
    return "Tomcat";
  }
}
