/**
 * Internal, no compatibility promise: reading consent as the library's own endpoints and cookies
 * carry it (the choice a banner posts). Do not depend on anything here.
 */
package io.github.cookiegate.internal.consent;
