package io.github.cookiegate.examples.boot;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** Throwaway until the starter lands: registers the filter from the cookie-gate.* properties. */
@Configuration(proxyBeanMethods = false)
class GateRegistration {

  @Bean
  FilterRegistrationBean<CookieGateFilter> cookieGate(Environment environment) {
    Map<String, String> settings = Binder.get(environment)
        .bind("cookie-gate", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    FilterRegistrationBean<CookieGateFilter> r = new FilterRegistrationBean<>(new CookieGateFilter(CookieGate.fromSettings(settings)));
    r.addUrlPatterns("/*");
    r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    r.setAsyncSupported(true);
    r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return r;
  }
}
