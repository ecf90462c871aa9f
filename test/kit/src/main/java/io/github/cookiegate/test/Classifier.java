package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.Classification;
import io.github.cookiegate.CookieCatalog;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.internal.text.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A gate's effective classification of cookie names and hosts, with the rule and its layer for messages. */
final class Classifier {
  private static final class Default {
    // The built-in catalog with every default: what an application without cookies.* settings runs.
    static final Classifier INSTANCE = of(CookieGate.builder().listener(GateListener.none()).build());
  }

  private final CookieGate gate;
  private final Category unknownAs;

  private Classifier(CookieGate gate) {
    this.gate = gate;
    this.unknownAs = gate.unknownCookies().category().orElse(null);
  }

  static Classifier defaults() {
    return Default.INSTANCE;
  }

  static Classifier of(CookieGate gate) {
    return new Classifier(gate); // cheap: the gate's catalog caches lookups itself
  }

  CookieGate gate() {
    return gate;
  }

  /** The category the gate decides this name by, or empty for an unknown cookie the gate blocks or allows as such. */
  Optional<Category> category(String cookieName) {
    Classification c = gate.classify(cookieName);
    return c.isKnown() ? c.category() : Optional.ofNullable(unknownAs);
  }

  /** One line for a failure message: category, vendor, rule and layer; never a value. */
  String describe(String cookieName) {
    StringBuilder sb = new StringBuilder(Text.printable(cookieName)).append(": ");
    Classification c = gate.classify(cookieName);
    if (gate.isOwnCookie(cookieName)) {
      return sb.append("category necessary, vendor cookie-gate, rule: cookie-gate's own cookie").toString();
    }
    if (!c.isKnown()) {
      if (unknownAs != null) {
        return sb.append("category ").append(unknownAs.id()).append(", vendor unknown, rule: no rule matches, so")
            .append(" unknown-cookies=").append(unknownAs.id()).append(" (app)").toString();
      }
      return sb.append("category unknown, vendor unknown, rule: no rule matches (unknown-cookies=")
          .append(gate.unknownCookies().id()).append(')').toString();
    }
    CookieRule rule = c.rule().orElseThrow();
    sb.append("category ").append(rule.category().id())
        .append(", vendor ").append(rule.vendor().orElse("unknown"))
        .append(", rule ").append(rule.kind().name().toLowerCase(Locale.ROOT)).append(" '").append(rule.pattern())
        .append("' (").append(layerOf(rule)).append(')');
    return sb.toString();
  }

  /** {@code built-in} when the rule that matched comes from the built-in catalog, else {@code app}. */
  String layerOf(CookieRule rule) {
    List<List<CookieRule>> layers = gate.catalog().layers();
    List<List<CookieRule>> builtIn = CookieCatalog.builtIn().layers();
    for (List<CookieRule> layer : layers) {
      if (layer.contains(rule)) {
        // The first layer that holds it is the one lookup used (highest priority first).
        return builtIn.contains(layer) ? "built-in" : "app";
      }
    }
    return "app";
  }

  Optional<HostRule> host(String hostOrUrl) {
    return gate.hostCatalog().match(hostOrUrl);
  }

  String describe(HostRule rule) {
    List<HostRule> builtIn = HostCatalog.builtIn().layers().get(0);
    String layer = "app";
    for (List<HostRule> l : gate.hostCatalog().layers()) {
      if (l.contains(rule)) {
        layer = l.equals(builtIn) ? "built-in" : "app";
        break;
      }
    }
    return "category " + rule.category().id() + ", vendor " + rule.vendor().orElse("unknown")
        + ", host rule '" + rule.pattern() + "' (" + layer + ")";
  }
}
