/**
 * A streaming HTML rewriter that neutralises chat vendors' and trackers' scripts, iframes, pixels
 * and resource hints until the chat is activated or their category consented, restorably.
 */
package io.github.cookiegate.servlet.html;
