package io.github.cookiegate.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer on the classpath and a {@link MeterRegistry} bean, adds {@link CookieGateMetrics}
 * as a {@link io.github.cookiegate.GateListener} bean, which {@link CookieGateAutoConfiguration}
 * hands the gate's events. Runs after Boot's metrics auto-configuration, which defines the registry
 * (named for Boot 3.5 and for Boot 4, which moved it, so one jar serves both).
 */
@AutoConfiguration(
    before = CookieGateAutoConfiguration.class,
    afterName = {
        // Spring Boot 3.5
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        // Spring Boot 4 (module spring-boot-micrometer-metrics)
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = CookieGateProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class CookieGateMetricsAutoConfiguration {

  /** The counting listener, bound to the application's registry. */
  @Bean
  @ConditionalOnMissingBean
  public CookieGateMetrics cookieGateMetrics(MeterRegistry registry) {
    return new CookieGateMetrics(registry);
  }
}
