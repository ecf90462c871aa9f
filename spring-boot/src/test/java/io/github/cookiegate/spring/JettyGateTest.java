package io.github.cookiegate.spring;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = {TestApp.class, JettyServer.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JettyGateTest extends GateOnServerTests {
  @Override
  String expectedServerClass() {
    return "Jetty";
  }
}
