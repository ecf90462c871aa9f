/**
 * Internal, no compatibility promise: the library's own cookies (the signed activation marker and
 * the consent cookie), their names, issuing, deleting and reading.
 */
package io.github.cookiegate.internal.own;
