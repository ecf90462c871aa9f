/**
 * The cookie-gate engine: parses {@code Set-Cookie} headers as browsers do, classifies cookies,
 * reads activation and consent, and decides each cookie against the CNIL chatbot rules; start at
 * {@link io.github.cookiegate.CookieGate}.
 */
package io.github.cookiegate;
