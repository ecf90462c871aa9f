/**
 * The Spring Boot starter: {@code io.github.cookiegate.spring} (the auto-configuration and its
 * properties). Spring reads and proxies these classes by reflection, so the package is open to it.
 * Micrometer and Actuator are optional, as in the starter's POM.
 */
// Spring publishes no descriptors (automatic modules), and its annotations on the configuration
// classes need not be re-exported: applications configure the starter through properties.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "exports"})
module io.github.cookiegate.spring {
  requires transitive io.github.cookiegate.servlet;
  requires spring.beans;
  requires spring.context;
  requires spring.core;
  requires transitive spring.boot;
  requires spring.boot.autoconfigure;
  requires static micrometer.core;
  requires static spring.boot.actuator;
  requires static spring.boot.actuator.autoconfigure;

  exports io.github.cookiegate.spring;
  opens io.github.cookiegate.spring;
}
