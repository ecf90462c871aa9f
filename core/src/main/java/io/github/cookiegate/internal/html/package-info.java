/**
 * Internal, no compatibility promise: the one HTML reader and "what loads" table that the
 * filter's page rewriter, the test kit and the scanner share; do not depend on it.
 */
package io.github.cookiegate.internal.html;
