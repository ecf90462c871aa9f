/**
 * Internal, no compatibility promise: the servlet adapter's parts that live in sub-packages. Do
 * not depend on anything here; it changes without notice.
 */
package io.github.cookiegate.servlet.internal;
