package io.github.cookiegate.internal.config;

import io.github.cookiegate.internal.text.Text;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wording for configuration errors, whichever way the gate is configured (init params,
 * {@code CookieGate.fromSettings}, Spring Boot properties). Internal, no compatibility promise.
 */
public final class ConfigMessages {

  /** A Spring-style placeholder, {@code ${NAME}} or {@code ${NAME:default}}, left as text. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private ConfigMessages() {}

  /**
   * {@code unknown setting 'chat-max-agee' (did you mean 'chat-max-age'?); accepted: secret, mode, ...}:
   * the "did you mean" part only when exactly one accepted name is one edit away.
   *
   * @param noun {@code setting} or {@code property}
   * @param detail shown after the name ({@code = '1' from application.yml - 3:5}), or null
   */
  public static String unknownKey(String noun, String key, String detail, Collection<String> accepted) {
    StringBuilder sb = new StringBuilder("unknown ").append(noun).append(" '").append(Text.printable(key)).append('\'');
    if (detail != null && !detail.isBlank()) {
      sb.append(' ').append(detail);
    }
    didYouMean(key, accepted).ifPresent(s -> sb.append(" (did you mean '").append(s).append("'?)"));
    return sb.append("; accepted: ").append(String.join(", ", accepted)).toString();
  }

  /** The only accepted name one edit (insertion, deletion, substitution, swap of neighbours) away from {@code key}. */
  public static Optional<String> didYouMean(String key, Collection<String> accepted) {
    if (key == null) {
      return Optional.empty();
    }
    String found = null;
    for (String candidate : accepted) {
      if (oneEditAway(key, candidate)) {
        if (found != null && !found.equals(candidate)) {
          return Optional.empty(); // two candidates: no guess
        }
        found = candidate;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The first {@code ${...}} placeholder in a setting's value, when its value still holds one:
   * a variable that was not set where the configuration expected it to be resolved.
   */
  public static Optional<String> unresolvedPlaceholder(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = PLACEHOLDER.matcher(value);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /**
   * {@code secret is '${COOKIE_GATE_SECRET}': placeholder not resolved; ...}. Only the
   * placeholder is shown, never the rest of the value (it may be a secret).
   */
  public static String placeholderNotResolved(String key, String placeholder) {
    String name = placeholder.substring(2, placeholder.length() - 1);
    int colon = name.indexOf(':');
    String variable = colon < 0 ? name : name.substring(0, colon);
    return key + " is '" + Text.printable(placeholder) + "': placeholder not resolved; set " + Text.printable(variable)
        + " (an environment variable or a system property) where the application starts, or give the value itself";
  }

  static boolean oneEditAway(String a, String b) {
    if (a.equals(b)) {
      return false;
    }
    int la = a.length();
    int lb = b.length();
    if (Math.abs(la - lb) > 1) {
      return false;
    }
    int i = 0;
    while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (la == lb) {
      // one substitution, or two neighbours swapped
      if (a.substring(i + 1).equals(b.substring(i + 1))) {
        return true;
      }
      return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
          && a.substring(i + 2).equals(b.substring(i + 2));
    }
    // one insertion or deletion
    return la < lb ? a.substring(i).equals(b.substring(i + 1)) : a.substring(i + 1).equals(b.substring(i));
  }
}
