package io.github.cookiegate;

/**
 * Where a catalog layer comes from: the one place that says whether rules are built in, the
 * container's or the application's, and how the declaration labels them.
 *
 * <p>Read it beside a catalog's layers, to say where the rule that classified a name comes from
 * (a test's failure message, a report of the effective configuration). {@code origins()} on
 * {@link CookieCatalog}, {@link HostCatalog} and {@link StorageCatalog} gives one origin per layer,
 * in the order of their {@code layers()}:
 *
 * <pre>{@code
 * CookieCatalog catalog = gate.catalog();
 * List<LayerOrigin> origins = catalog.origins();
 * for (int i = 0; i < catalog.layers().size(); i++) {
 *   if (!origins.get(i).isBuiltIn()) {
 *     System.out.println(origins.get(i).label() + ": " + catalog.layers().get(i));
 *   }
 * }
 * }</pre>
 */
public enum LayerOrigin {
  /** The project's reviewed rows: {@code catalog.csv}, {@code hosts.csv}, {@code storage.csv}. */
  CURATED("built-in"),
  /** Rows generated from the Open Cookie Database: {@code catalog-ocd.csv}; never necessary. */
  OPEN_COOKIE_DATABASE("built-in"),
  /** The servlet container's session cookie, necessary unless the application names it. */
  CONTAINER("container"),
  /** The application's rules (settings or the builder). */
  APPLICATION("application");

  private final String label;

  LayerOrigin(String label) {
    this.label = label;
  }

  /** Returns whether the layer ships with the library: {@link #CURATED} or {@link #OPEN_COOKIE_DATABASE}. */
  public boolean isBuiltIn() {
    return this == CURATED || this == OPEN_COOKIE_DATABASE;
  }

  /**
   * Returns the declaration's {@code source} for the layer's rules: {@code built-in}, {@code
   * container} or {@code application}.
   */
  public String label() {
    return label;
  }
}
