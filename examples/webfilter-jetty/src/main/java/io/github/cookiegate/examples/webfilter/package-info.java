/** cookie-gate wired in by a {@code @WebFilter} subclass, found by annotation scanning on Jetty 12 ee10. */
package io.github.cookiegate.examples.webfilter;
