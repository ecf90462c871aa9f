package io.github.cookiegate.spring;

import io.github.cookiegate.CookieGate;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator, the {@code cookiegate} endpoint ({@link CookieGateEndpoint}). Like every Actuator
 * endpoint but health, it is reachable over HTTP only when the application exposes it: {@code
 * management.endpoints.web.exposure.include=cookiegate}.
 */
@AutoConfiguration(after = CookieGateAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(CookieGate.class)
@ConditionalOnAvailableEndpoint(endpoint = CookieGateEndpoint.class)
public class CookieGateEndpointAutoConfiguration {

  /** The endpoint, reporting on the application's gate. */
  @Bean
  @ConditionalOnMissingBean
  public CookieGateEndpoint cookieGateEndpoint(CookieGate gate) {
    return new CookieGateEndpoint(gate);
  }
}
