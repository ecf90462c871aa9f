/**
 * The cookie-gate engine. Exports {@code io.github.cookiegate} (the facade, its builder, the values,
 * the SPI and the listener). The {@code internal} packages are exported only to the library's own
 * modules that use them: the servlet adapter, the Spring Boot starter, the test kit and the scanner.
 * Consent resolvers are found with {@link java.util.ServiceLoader}: a module that {@code provides
 * io.github.cookiegate.ConsentResolver} is found on the module path, a {@code META-INF/services}
 * entry on the class path.
 */
@SuppressWarnings("module") // the test kit and the scanner are built after this module
module io.github.cookiegate {
  requires com.github.benmanes.caffeine;

  exports io.github.cookiegate;

  exports io.github.cookiegate.internal
      to io.github.cookiegate.servlet, io.github.cookiegate.test, io.github.cookiegate.scan;
  exports io.github.cookiegate.internal.config to io.github.cookiegate.spring;
  exports io.github.cookiegate.internal.consent to io.github.cookiegate.servlet;
  exports io.github.cookiegate.internal.own
      to io.github.cookiegate.servlet, io.github.cookiegate.test, io.github.cookiegate.scan;
  exports io.github.cookiegate.internal.html
      to io.github.cookiegate.servlet, io.github.cookiegate.test, io.github.cookiegate.scan;
  exports io.github.cookiegate.internal.text
      to io.github.cookiegate.servlet, io.github.cookiegate.test, io.github.cookiegate.scan;

  uses io.github.cookiegate.ConsentResolver;
}
