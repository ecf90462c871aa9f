package io.github.cookiegate;

/**
 * Where a catalog layer comes from: the one place that says whether rules are built in, the
 * container's or the application's, and how the declaration labels them.
 */
enum LayerOrigin {
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

  /** Whether the layer ships with the library. */
  boolean isBuiltIn() {
    return this == CURATED || this == OPEN_COOKIE_DATABASE;
  }

  /** The declaration's {@code source}: {@code built-in}, {@code container} or {@code application}. */
  String label() {
    return label;
  }
}
