package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public contract of the catalogs' {@code origins()}: one origin per layer, in the order of {@code layers()}. */
class LayerOriginTest {

  @Test
  void eachOriginSaysWhetherItIsBuiltInAndItsLabel() {
    assertThat(LayerOrigin.CURATED.isBuiltIn()).isTrue();
    assertThat(LayerOrigin.OPEN_COOKIE_DATABASE.isBuiltIn()).isTrue();
    assertThat(LayerOrigin.CONTAINER.isBuiltIn()).isFalse();
    assertThat(LayerOrigin.APPLICATION.isBuiltIn()).isFalse();
    assertThat(LayerOrigin.CURATED.label()).isEqualTo("built-in");
    assertThat(LayerOrigin.OPEN_COOKIE_DATABASE.label()).isEqualTo("built-in");
    assertThat(LayerOrigin.CONTAINER.label()).isEqualTo("container");
    assertThat(LayerOrigin.APPLICATION.label()).isEqualTo("application");
  }

  @Test
  void theOriginsAreWhatAUserCanCall() throws Exception {
    // The test kit and the Spring Boot endpoint read them from other packages.
    assertThat(Modifier.isPublic(LayerOrigin.class.getModifiers())).isTrue();
    for (String method : List.of("isBuiltIn", "label")) {
      assertThat(Modifier.isPublic(LayerOrigin.class.getDeclaredMethod(method).getModifiers())).as(method).isTrue();
    }
    for (Class<?> catalog : List.of(CookieCatalog.class, HostCatalog.class, StorageCatalog.class)) {
      assertThat(Modifier.isPublic(catalog.getDeclaredMethod("origins").getModifiers())).as(catalog.getSimpleName()).isTrue();
    }
  }

  @Test
  void theBuiltInCatalogsAreBuiltInLayers() {
    CookieCatalog cookies = CookieCatalog.builtIn();
    assertThat(cookies.origins()).containsExactly(LayerOrigin.CURATED, LayerOrigin.OPEN_COOKIE_DATABASE);
    assertThat(cookies.origins()).hasSameSizeAs(cookies.layers());
    // The reviewed rows first: they win over the Open Cookie Database's.
    assertThat(cookies.layers().get(0)).anySatisfy(r -> assertThat(r.pattern()).isEqualTo("intercom-id-*"));
    assertThat(cookies.layers().get(1)).anySatisfy(r -> assertThat(r.pattern()).isEqualTo("_ga"))
        .allSatisfy(r -> assertThat(r.category()).isNotEqualTo(Category.NECESSARY));
    assertThat(HostCatalog.builtIn().origins()).containsExactly(LayerOrigin.CURATED)
        .hasSameSizeAs(HostCatalog.builtIn().layers());
    assertThat(StorageCatalog.builtIn().origins()).containsExactly(LayerOrigin.CURATED)
        .hasSameSizeAs(StorageCatalog.builtIn().layers());
    assertThat(CookieCatalog.empty().origins()).isEmpty();
  }

  @Test
  void withAddsTheApplicationsLayerFirst() {
    CookieRule theme = CookieRule.exact("theme", Category.FUNCTIONAL);
    CookieCatalog cookies = CookieCatalog.builtIn().with(List.of(theme));
    assertThat(cookies.origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CURATED,
        LayerOrigin.OPEN_COOKIE_DATABASE);
    assertThat(cookies.layers().get(0)).containsExactly(theme);
    assertThat(CookieCatalog.builtIn().with(List.of()).origins()).hasSize(2); // no rules, no layer

    HostRule chat = HostRule.of("chat.example.net", Category.CHAT);
    HostCatalog hosts = HostCatalog.builtIn().with(List.of(chat));
    assertThat(hosts.origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CURATED);
    assertThat(hosts.layers().get(0)).containsExactly(chat);

    StorageRule key = StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "acme_chat", Category.CHAT);
    StorageCatalog storage = StorageCatalog.builtIn().with(List.of(key));
    assertThat(storage.origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CURATED);
    assertThat(storage.layers().get(0)).containsExactly(key);
  }

  @Test
  void withNecessaryCookiePutsTheContainersCookieInItsOwnLayerUnderTheApplicationsRules() {
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).cookies(Category.FUNCTIONAL, "theme").build()
        .withNecessaryCookie("APPSESSION");
    CookieCatalog catalog = gate.catalog();
    assertThat(catalog.origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CONTAINER, LayerOrigin.CURATED,
        LayerOrigin.OPEN_COOKIE_DATABASE);
    assertThat(catalog.layers().get(0)).singleElement().satisfies(r -> assertThat(r.pattern()).isEqualTo("theme"));
    assertThat(catalog.layers().get(1)).singleElement().satisfies(r -> {
      assertThat(r.pattern()).isEqualTo("APPSESSION");
      assertThat(r.category()).isEqualTo(Category.NECESSARY);
      assertThat(r.vendor()).contains("Servlet container");
    });

    CookieGate noRules = CookieGate.builder().listener(GateListener.none()).build().withNecessaryCookie("APPSESSION");
    assertThat(noRules.catalog().origins()).containsExactly(LayerOrigin.CONTAINER, LayerOrigin.CURATED,
        LayerOrigin.OPEN_COOKIE_DATABASE);
    // The application's own rule for the name wins: no container layer.
    CookieGate named = CookieGate.builder().listener(GateListener.none()).cookies(Category.FUNCTIONAL, "APPSESSION")
        .build().withNecessaryCookie("APPSESSION");
    assertThat(named.catalog().origins()).containsExactly(LayerOrigin.APPLICATION, LayerOrigin.CURATED,
        LayerOrigin.OPEN_COOKIE_DATABASE);
    // The host and storage catalogs have no container layer.
    assertThat(gate.hostCatalog().origins()).doesNotContain(LayerOrigin.CONTAINER);
    assertThat(gate.storageCatalog().origins()).doesNotContain(LayerOrigin.CONTAINER);
  }
}
