package io.github.cookiegate.spring;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieCatalog;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.CookieRule;
import io.github.cookiegate.HostCatalog;
import io.github.cookiegate.HostRule;
import io.github.cookiegate.LayerOrigin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code cookiegate} Actuator endpoint: the gate's effective configuration and catalog, read
 * from the running {@link CookieGate} (so an application's own gate bean shows as it is). Never a
 * cookie value, never the {@code secret}: only whether one is configured.
 *
 * <pre>{@code
 * {"configuration": {"mode": "enforce", "secret": "random per start", ...},
 *  "cookies": [{"pattern": "JSESSIONID", "kind": "exact", "category": "necessary",
 *               "vendor": "Servlet container", "layer": "built-in"}, ...],
 *  "hosts":   [{"pattern": "*.intercom.io", "glob": true, "category": "chat",
 *               "vendor": "Intercom", "layer": "built-in"}, ...]}
 * }</pre>
 *
 * <p>Each rule's {@code layer} is its {@link LayerOrigin}: {@code app} for the
 * application's rules, {@code container} for the servlet container's session cookie (a gate from
 * {@link CookieGate#withNecessaryCookie}), {@code built-in} for the library's catalog. The
 * configuration's {@code cookies.*} and {@code hosts.*} list the application's rules only.
 */
@Endpoint(id = "cookiegate")
public class CookieGateEndpoint {

  static final String BUILT_IN = "built-in";
  static final String CONTAINER = "container";
  static final String APP = "app";

  private final CookieGate gate;

  /** Reports on {@code gate}. */
  public CookieGateEndpoint(CookieGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /** Returns the configuration, the cookie rules and the host rules, highest priority first. */
  @ReadOperation
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("configuration", configuration());
    out.put("cookies", cookieRules(gate.catalog()));
    out.put("hosts", hostRules(gate.hostCatalog()));
    return out;
  }

  private Map<String, Object> configuration() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("secret", gate.secretConfigured() ? "configured" : "random per start");
    c.put("mode", gate.mode().id());
    c.put("activation-path", gate.activationPath());
    List<List<CookieRule>> cookieLayers = appLayers(gate.catalog().layers(), gate.catalog().origins());
    for (Category category : Category.values()) {
      c.put("cookies." + category.id(), cookieLayers.stream().flatMap(List::stream)
          .filter(r -> r.category() == category).map(CookieRule::pattern).collect(Collectors.joining(",")));
    }
    c.put("unknown-cookies", gate.unknownCookies().id());
    c.put("consent-cookie", gate.consentCookie());
    c.put("chat-max-age", gate.chatMaxAge().id());
    for (Category category : List.of(Category.FUNCTIONAL, Category.ANALYTICS, Category.MARKETING)) {
      c.put("max-age." + category.id(), gate.maxAge(category).map(Object::toString).orElse("none"));
    }
    c.put("sweep", gate.sweep());
    c.put("html", gate.html());
    c.put("html-cache", size(gate.htmlCache()));
    List<List<HostRule>> hostLayers = appLayers(gate.hostCatalog().layers(), gate.hostCatalog().origins());
    for (Category category : Category.CONSENT_REQUIRED) {
      c.put("hosts." + category.id(), hostLayers.stream().flatMap(List::stream)
          .filter(r -> r.category() == category).map(HostRule::pattern).collect(Collectors.joining(",")));
    }
    c.put("gate-script-path", gate.gateScriptPath());
    c.put("csp", gate.csp().id());
    c.put("report-path", gate.reportPath());
    c.put("consent-sources", String.join(",", gate.consentSources()));
    c.put("gpc", gate.gpc().isEmpty() ? "off"
        : gate.gpc().stream().map(Category::id).collect(Collectors.joining(",")));
    c.put("consent-max-age", gate.consentMaxAge().toString());
    c.put("consent-revision", gate.consentRevision());
    c.put("declaration-path", gate.declarationPath());
    c.put("audit-log", gate.auditLog().isPresent() ? "configured" : "off");
    c.put("consent-path", gate.consentPath());
    c.put("forget-path", gate.forgetPath());
    c.put("clear-site-data", gate.clearSiteData().isEmpty() ? "none"
        : gate.clearSiteData().stream().map(CookieGate.ClearSiteData::id).sorted().collect(Collectors.joining(",")));
    c.put("launcher", gate.launcher() ? "auto" : "off");
    c.put("launcher.position", gate.launcherPosition().id());
    c.put("launcher.color", gate.launcherColor());
    c.put("launcher.label", gate.launcherLabel().orElse(""));
    return c;
  }

  /** A size as the {@code html-cache} setting writes it: {@code off}, {@code 8MB}, {@code 512KB} or bytes. */
  static String size(long bytes) {
    if (bytes == 0) {
      return "off";
    }
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + "MB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + "KB" : Long.toString(bytes);
  }

  private static List<Map<String, Object>> cookieRules(CookieCatalog catalog) {
    List<List<CookieRule>> layers = catalog.layers();
    List<LayerOrigin> origins = catalog.origins();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      String name = layerName(origins.get(i));
      for (CookieRule r : layers.get(i)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", r.pattern());
        m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        m.put("category", r.category().id());
        m.put("vendor", r.vendor().orElse(null));
        m.put("layer", name);
        out.add(m);
      }
    }
    return out;
  }

  private static List<Map<String, Object>> hostRules(HostCatalog catalog) {
    List<List<HostRule>> layers = catalog.layers();
    List<LayerOrigin> origins = catalog.origins();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      String name = layerName(origins.get(i));
      for (HostRule r : layers.get(i)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", r.pattern());
        m.put("glob", r.isGlob());
        m.put("category", r.category().id());
        m.put("vendor", r.vendor().orElse(null));
        m.put("layer", name);
        out.add(m);
      }
    }
    return out;
  }

  /** The {@code layer} field: {@code built-in}, {@code container} or {@code app}. */
  private static String layerName(LayerOrigin origin) {
    if (origin.isBuiltIn()) {
      return BUILT_IN;
    }
    return origin == LayerOrigin.CONTAINER ? CONTAINER : APP;
  }

  /** The application's layers only: what its {@code cookies.*} and {@code hosts.*} settings hold. */
  private static <R> List<List<R>> appLayers(List<List<R>> layers, List<LayerOrigin> origins) {
    List<List<R>> app = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (origins.get(i) == LayerOrigin.APPLICATION) {
        app.add(layers.get(i));
      }
    }
    return app;
  }
}
