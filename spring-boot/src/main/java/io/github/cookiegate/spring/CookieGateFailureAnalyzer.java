package io.github.cookiegate.spring;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.internal.config.ConfigMessages;
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

  /**
   * In the core's wording, with property names: {@code unknown property 'cookie-gate.x' = '1' from
   * origin (did you mean 'cookie-gate.y'?); accepted: ...}. The value of a name holding "secret" is
   * not shown.
   */
  private static FailureAnalysis unknown(UnboundConfigurationPropertiesException unbound, BindException bind) {
    List<String> accepted = acceptedProperties();
    List<String> lines = new ArrayList<>();
    for (ConfigurationProperty p : unbound.getUnboundProperties()) {
      String name = p.getName().toString();
      String where = (name.contains("secret") ? "(value not shown)" : "= '" + p.getValue() + "'")
          + (p.getOrigin() == null ? "" : " from " + p.getOrigin());
      lines.add(ConfigMessages.unknownKey("property", name, where, accepted));
    }
    String description;
    if (lines.size() == 1) {
      description = "Invalid cookie-gate configuration: " + lines.get(0);
    } else {
      // several: the accepted list once, at the end
      StringBuilder d = new StringBuilder("Invalid cookie-gate configuration:");
      for (String line : lines) {
        d.append("\n  ").append(line, 0, line.lastIndexOf("; accepted: "));
      }
      description = d.append("\naccepted: ").append(String.join(", ", accepted)).toString();
    }
    return new FailureAnalysis(description,
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
