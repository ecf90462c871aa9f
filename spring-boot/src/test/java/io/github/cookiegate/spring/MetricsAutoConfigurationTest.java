package io.github.cookiegate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** When the counting listener is there, and that the gate gets it. */
class MetricsAutoConfigurationTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CookieGateAutoConfiguration.class,
          CookieGateMetricsAutoConfiguration.class));

  @Test
  void withoutARegistryBeanThereIsNoMetricsListener() {
    web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CookieGateMetrics.class));
  }

  @Test
  void withoutMicrometerOnTheClasspathTheGateStillStarts() {
    web.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CookieGateMetrics.class)
            .hasBean("cookieGate"));
  }

  @Test
  void withARegistryBeanTheListenerIsRegisteredAndOffWithTheGate() {
    WebApplicationContextRunner withRegistry = web.withBean(SimpleMeterRegistry.class);
    withRegistry.run(context -> {
      assertThat(context).hasSingleBean(CookieGateMetrics.class);
      assertThat(context.getBean(MeterRegistry.class).find(CookieGateMetrics.EVENTS).counters()).isNotEmpty();
    });
    withRegistry.withPropertyValues("cookie-gate.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CookieGateMetrics.class));
  }
}
