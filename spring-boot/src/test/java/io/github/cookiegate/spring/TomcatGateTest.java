package io.github.cookiegate.spring;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = {TestApp.class, TomcatServer.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatGateTest extends GateOnServerTests {
  @Override
  String expectedServerClass() {
    return "Tomcat";
  }
}
