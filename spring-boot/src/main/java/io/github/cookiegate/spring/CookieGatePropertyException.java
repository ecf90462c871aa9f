package io.github.cookiegate.spring;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.internal.config.ConfigMessages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A {@code cookie-gate.*} property the gate refused, with the gate's message rewritten to name the
 * property ({@code cookie-gate.mode}) rather than the init param ({@code mode}). The message holds the
 * bad value and the accepted values, never the {@code secret}.
 */
public class CookieGatePropertyException extends IllegalStateException {

  private static final String CORE_PREFIX = "cookie-gate: ";
  private static final String UNKNOWN = "unknown setting '";

  private final String property;

  CookieGatePropertyException(String property, String message, Throwable cause) {
    super(message, cause);
    this.property = property;
  }

  /** The full property name ({@code cookie-gate.mode}), or {@code cookie-gate.*} when the gate named none. */
  public String property() {
    return property;
  }

  static CookieGatePropertyException of(RuntimeException e, Map<String, String> settings) {
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    String rest = message.startsWith(CORE_PREFIX) ? message.substring(CORE_PREFIX.length()) : message;
    List<String> keys = new ArrayList<>(CookieGate.Builder.settingKeys());
    keys.addAll(settings.keySet());
    keys.sort(Comparator.comparingInt(String::length).reversed()); // cookies.chat before a shorter key
    for (String key : keys) {
      String property = CookieGateProperties.PREFIX + "." + key;
      if (rest.startsWith(key + " ")) {
        return new CookieGatePropertyException(property, property + rest.substring(key.length()), e);
      }
      if (rest.startsWith(UNKNOWN + key + "'")) {
        // the core's own wording, with property names: one format for every unknown name
        String text = ConfigMessages.unknownKey("property", property, null, CookieGateFailureAnalyzer.acceptedProperties());
        return new CookieGatePropertyException(property, text, e);
      }
    }
    for (String key : keys) {
      if (rest.contains(key)) {
        String property = CookieGateProperties.PREFIX + "." + key;
        return new CookieGatePropertyException(property, property + ": " + rest, e);
      }
    }
    return new CookieGatePropertyException(CookieGateProperties.PREFIX + ".*", CookieGateProperties.PREFIX + ": " + rest, e);
  }
}
