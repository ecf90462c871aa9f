/**
 * Test kit: assertions over {@code Set-Cookie} and page markup classified with the application's
 * own configuration, a recording {@link io.github.cookiegate.GateListener}, and a visitor with a
 * cookie jar that walks the decision table against a running server.
 */
package io.github.cookiegate.test;
