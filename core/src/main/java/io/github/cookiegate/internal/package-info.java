/**
 * Internal, no compatibility promise: what the library's own modules (servlet, Spring Boot
 * starter, test kit, scanner, benchmarks) share with the core. Do not depend on anything here or in
 * its sub-packages; it changes without notice.
 *
 * <p>The rule: a type or member is public in {@code io.github.cookiegate} only when a user types it.
 * What the library's own modules need beyond that lives here, {@code public} in an {@code internal}
 * package, or, where it must stay beside a public type's package-private state, behind {@link
 * io.github.cookiegate.internal.GateAccess}, which {@code CookieGate} fills from its static
 * initializer.
 */
package io.github.cookiegate.internal;
