package io.github.cookiegate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/** A browser cookie store for one host and one page, as far as the WPT cases need (6265bis 5.7). */
final class SimulatedCookieJar {

  static final String HOST = "web-platform.test";
  /** The page that reads document.cookie, and the directory of every request that sets cookies. */
  static final String PAGE_PATH = "/cookies/x/";
  /** RFC 6265bis 5.1.4: the request path up to, not including, its last '/'. */
  static final String DEFAULT_PATH = "/cookies/x";

  private static final Duration MAX_LIFETIME = Duration.ofDays(400);

  private record Stored(
      String name,
      String value,
      String domain,
      boolean hostOnly,
      String path,
      Instant expiry,
      long creation,
      boolean secureOnly,
      boolean httpOnly) {}

  private final boolean secureOrigin;
  private final Instant now;
  private final List<Stored> store = new ArrayList<>();
  private long nextCreation;

  SimulatedCookieJar(boolean secureOrigin, Instant now) {
    this.secureOrigin = secureOrigin;
    this.now = now;
  }

  /** Stores a cookie received in a Set-Cookie response header. */
  void receive(SetCookie cookie) {
    store(cookie, true);
  }

  /** Stores a cookie written by script to document.cookie. */
  void write(SetCookie cookie) {
    store(cookie, false);
  }

  /** What document.cookie returns on the page. */
  String documentCookie() {
    return serialise(false);
  }

  /** The Cookie header of a same-origin request from the page (HttpOnly cookies included). */
  String cookieHeader() {
    return serialise(true);
  }

  // Only the checks that depend on the request or on the store are here: the ones that depend on
  // the header alone are SetCookie.parse's job, and doing them again would hide its mistakes.
  private void store(SetCookie cookie, boolean fromHttp) {
    String name = cookie.name();

    // Max-Age wins over Expires; either is capped at 400 days.
    Instant expiry = Instant.MAX;
    if (cookie.maxAge().isPresent()) {
      long seconds = cookie.maxAge().getAsLong();
      expiry = seconds <= 0
          ? Instant.MIN
          : now.plusSeconds(Math.min(seconds, MAX_LIFETIME.toSeconds()));
    } else if (cookie.expires().isPresent()) {
      expiry = min(cookie.expires().get(), now.plus(MAX_LIFETIME));
    }

    // A Domain attribute the request host does not domain-match voids the cookie.
    String domain = HOST;
    boolean hostOnly = true;
    if (cookie.domain().isPresent()) {
      if (!domainMatches(HOST, cookie.domain().get())) {
        return;
      }
      domain = cookie.domain().get();
      hostOnly = false;
    }
    String path = cookie.path().orElse(DEFAULT_PATH);

    // A Secure cookie needs a secure origin; script cannot set HttpOnly.
    if (cookie.secure() && !secureOrigin) {
      return;
    }
    if (cookie.httpOnly() && !fromHttp) {
      return;
    }
    // Prefixes: the secure-origin part (the attribute part is parse's), and the HttpOnly prefixes
    // that script can never set.
    if ((startsWithIgnoreCase(name, "__Secure-") || startsWithIgnoreCase(name, "__Host-")
            || startsWithIgnoreCase(name, "__Http-"))
        && !secureOrigin) {
      return;
    }
    if ((startsWithIgnoreCase(name, "__Http-") || startsWithIgnoreCase(name, "__Host-Http-"))
        && !fromHttp) {
      return;
    }
    // A non-secure origin may not shadow a Secure cookie of the same name.
    String domainOfNew = domain;
    if (!cookie.secure() && !secureOrigin
        && store.stream().anyMatch(old -> old.secureOnly() && old.name().equals(name)
            && (domainMatches(old.domain(), domainOfNew)
                || domainMatches(domainOfNew, old.domain()))
            && pathMatches(path, old.path()))) {
      return;
    }

    // Same name, domain, host-only flag and path: replace, keeping the creation time.
    long creation = nextCreation++;
    for (Iterator<Stored> it = store.iterator(); it.hasNext(); ) {
      Stored old = it.next();
      if (old.name().equals(name) && old.domain().equals(domain) && old.hostOnly() == hostOnly
          && old.path().equals(path)) {
        if (old.httpOnly() && !fromHttp) {
          return;
        }
        creation = old.creation();
        it.remove();
      }
    }
    if (expiry.isAfter(now)) {
      store.add(new Stored(name, cookie.value(), domain, hostOnly, path, expiry, creation,
          cookie.secure(), cookie.httpOnly()));
    }
  }

  // RFC 6265bis 5.8.3: longer paths first, then earlier creation; a nameless cookie is its value.
  private String serialise(boolean withHttpOnly) {
    return store.stream()
        .filter(c -> c.hostOnly() ? c.domain().equals(HOST) : domainMatches(HOST, c.domain()))
        .filter(c -> pathMatches(PAGE_PATH, c.path()))
        .filter(c -> secureOrigin || !c.secureOnly())
        .filter(c -> withHttpOnly || !c.httpOnly())
        .filter(c -> c.expiry().isAfter(now))
        .sorted(Comparator.comparingInt((Stored c) -> c.path().length()).reversed()
            .thenComparingLong(Stored::creation))
        .map(c -> c.name().isEmpty() ? c.value() : c.name() + "=" + c.value())
        .collect(Collectors.joining("; "));
  }

  // RFC 6265bis 5.1.3 (the hosts here are names, never IP addresses).
  private static boolean domainMatches(String host, String domain) {
    return host.equalsIgnoreCase(domain)
        || (host.length() > domain.length()
            && host.regionMatches(true, host.length() - domain.length(), domain, 0, domain.length())
            && host.charAt(host.length() - domain.length() - 1) == '.');
  }

  // RFC 6265bis 5.1.4: as in '/foo' matching '/foo/bar' but not '/foobar'.
  private static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
