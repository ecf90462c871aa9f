package io.github.cookiegate.spring;

import io.github.cookiegate.ConsentResolver;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import java.util.Iterator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers {@link CookieGateFilter} for every request of a servlet web application, configured by
 * the {@code cookie-gate.*} properties ({@link CookieGateProperties}). Off with {@code
 * cookie-gate.enabled=false}. The application may define its own {@link CookieGate} bean; every
 * {@link GateListener} bean receives the gate's events after the default logging listener, and every
 * {@link ConsentResolver} bean is added as a consent source.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({CookieGateFilter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = CookieGateProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CookieGateProperties.class)
public class CookieGateAutoConfiguration {

  /**
   * Default order of the filter: after Spring's ForwardedHeaderFilter and CharacterEncodingFilter
   * (both {@link Ordered#HIGHEST_PRECEDENCE}; the gate then sees the forwarded scheme, which picks
   * its {@code __Host-} cookie names, and reads the consent form in the right charset) and the
   * observation filter ({@code HIGHEST_PRECEDENCE + 1}), before Spring Session's
   * SessionRepositoryFilter ({@code Integer.MIN_VALUE + 50}) and Spring Security's chain
   * ({@code -100}), so the session cookie and Security's cookies are gated too.
   */
  public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  /** Name of the filter registration bean (and of the filter in the container). */
  public static final String FILTER_NAME = "cookieGateFilter";

  /**
   * The gate, configured by the properties, with the logging listener followed by every {@link
   * GateListener} bean (in their order) and every {@link ConsentResolver} bean.
   *
   * @throws CookieGatePropertyException for a bad property value, naming the property
   */
  @Bean
  @ConditionalOnMissingBean
  public CookieGate cookieGate(CookieGateProperties properties, ObjectProvider<GateListener> listeners,
      ObjectProvider<ConsentResolver> resolvers) {
    var settings = properties.toSettings();
    try {
      CookieGate.Builder builder = CookieGate.builder().settings(settings);
      GateListener listener = GateListener.logging();
      for (Iterator<GateListener> it = listeners.orderedStream().iterator(); it.hasNext(); ) {
        listener = listener.andThen(it.next());
      }
      builder.listener(listener);
      resolvers.orderedStream().forEach(builder::addConsentResolver);
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CookieGatePropertyException.of(e, settings);
    }
  }

  /** The filter, mapped to {@code /*} for REQUEST, ASYNC and ERROR dispatches, async supported. */
  @Bean(name = FILTER_NAME + "Registration")
  @ConditionalOnMissingBean(name = FILTER_NAME + "Registration")
  public FilterRegistrationBean<CookieGateFilter> cookieGateFilterRegistration(CookieGate gate,
      CookieGateProperties properties) {
    FilterRegistrationBean<CookieGateFilter> registration = new FilterRegistrationBean<>(new CookieGateFilter(gate));
    registration.setName(FILTER_NAME);
    registration.addUrlPatterns("/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    registration.setAsyncSupported(true);
    registration.setOrder(properties.getFilterOrder());
    return registration;
  }
}
