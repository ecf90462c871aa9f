/**
 * Internal, no compatibility promise: the response headers the gate reads and rewrites besides
 * {@code Set-Cookie}, namely Content-Security-Policy ({@link
 * io.github.cookiegate.servlet.internal.headers.CspPolicy}, {@link
 * io.github.cookiegate.servlet.internal.headers.CspFilter}) and the cache headers that keep
 * state-dependent responses out of shared caches ({@link
 * io.github.cookiegate.servlet.internal.headers.CacheSafety}).
 */
package io.github.cookiegate.servlet.internal.headers;
