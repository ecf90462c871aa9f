package io.github.cookiegate.spring;

import io.github.cookiegate.CookieGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a start-up that failed on a {@code cookie-gate.*} property: a value the gate refused
 * ({@link CookieGatePropertyException}), or a property name under {@code cookie-gate.} that does not
 * exist (a typo). Names the property, the value (never a secret's) and what is accepted. Ordered
 * before Spring Boot's own bind analyzers, which do not list the accepted names.
 */
public class CookieGateFailureAnalyzer implements FailureAnalyzer, Ordered {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CookieGatePropertyException e) {
        return new FailureAnalysis("Invalid cookie-gate configuration: " + e.getMessage(),
            "Fix '" + e.property() + "' in application.properties or application.yml (or its environment variable "
                + envName(e.property()) + ").", e);
      }
      if (t instanceof BindException bind && bind.getCause() instanceof UnboundConfigurationPropertiesException unbound
          && bind.getName() != null && bind.getName().toString().equals(CookieGateProperties.PREFIX)) {
        return unknown(unbound, bind);
      }
    }
    return null;
  }

  private static FailureAnalysis unknown(UnboundConfigurationPropertiesException unbound, BindException bind) {
    StringBuilder d = new StringBuilder("Unknown cookie-gate propert")
        .append(unbound.getUnboundProperties().size() == 1 ? "y" : "ies").append(':');
    for (ConfigurationProperty p : unbound.getUnboundProperties()) {
      String name = p.getName().toString();
      d.append("\n  ").append(name).append(" = ")
          .append(name.contains("secret") ? "(value not shown)" : "'" + p.getValue() + "'");
      if (p.getOrigin() != null) {
        d.append(" (").append(p.getOrigin()).append(')');
      }
    }
    d.append("\nAccepted: ").append(String.join(", ", acceptedProperties()));
    return new FailureAnalysis(d.toString(),
        "Correct the name (relaxed binding accepts cookie-gate.chat-max-age, cookieGate.chatMaxAge and COOKIE_GATE_CHAT_MAX_AGE)"
            + " or remove the property.", bind);
  }

  /** Every property the starter accepts, {@code cookie-gate.} prefixed. */
  static List<String> acceptedProperties() {
    List<String> out = new ArrayList<>();
    out.add(CookieGateProperties.PREFIX + ".enabled");
    out.add(CookieGateProperties.PREFIX + ".filter-order");
    for (String key : CookieGate.Builder.settingKeys()) {
      out.add(CookieGateProperties.PREFIX + "." + key);
    }
    out.add(CookieGateProperties.PREFIX + ".consent-map.<platform>.<category>");
    return out;
  }

  private static String envName(String property) {
    return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
