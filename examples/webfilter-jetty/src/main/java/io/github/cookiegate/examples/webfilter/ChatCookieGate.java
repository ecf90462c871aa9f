package io.github.cookiegate.examples.webfilter;

import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;

/**
 * The whole cookie-gate configuration of this example: the filter, its mapping and its init params,
 * in one annotation the container finds by scanning. No web.xml, no code.
 *
 * <p>The subclass exists only to carry the annotation ({@link CookieGateFilter} itself has none, so
 * that adding the jar never installs a filter nobody asked for). Annotated filters run in an
 * unspecified order: if the application has other filters that set cookies, name this one in a
 * web.xml {@code <filter-mapping>} (by {@code cookie-gate}) to put it first.
 */
@WebFilter(
    filterName = "cookie-gate",
    urlPatterns = "/*",
    asyncSupported = true,
    // error pages are dispatched past the filter's wrappers: gate them too
    dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR},
    initParams = {
        // this site's own chat cookies (the built-in catalog knows the vendors' names)
        @WebInitParam(name = "cookies.chat", value = "support-chat-*"),
        // this site's own audience cookie: waits for analytics consent
        @WebInitParam(name = "cookies.analytics", value = "site_stats"),
        // chat cookies live two hours at most after the click (default PT24H)
        @WebInitParam(name = "chat-max-age", value = "PT2H")
        // in production also set `secret` (openssl rand -base64 32), the same on every node; read
        // it from a context param (cookie-gate.secret) rather than writing it in the source
    })
public class ChatCookieGate extends CookieGateFilter {}
