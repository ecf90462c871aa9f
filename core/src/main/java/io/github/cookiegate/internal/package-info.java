/**
 * Internal, no compatibility promise: helpers the servlet adapter shares with the core. Do not
 * depend on anything here; it changes without notice.
 */
package io.github.cookiegate.internal;
