/**
 * Internal, no compatibility promise: reading consent, as the library's own endpoints and cookies
 * carry it (the choice a banner posts) and as consent platforms store it in their cookies (one
 * parser per platform, the TCF string). Do not depend on anything here.
 */
package io.github.cookiegate.internal.consent;
