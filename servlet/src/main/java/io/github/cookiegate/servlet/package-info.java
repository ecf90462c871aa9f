/**
 * The Jakarta Servlet 6 adapter: {@link io.github.cookiegate.servlet.CookieGateFilter} gates every
 * cookie a response tries to set, and {@link io.github.cookiegate.servlet.ChatActivation} lets the
 * application mark chat activation and the end of a conversation.
 */
package io.github.cookiegate.servlet;
