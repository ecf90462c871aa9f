package io.github.cookiegate;

import io.github.cookiegate.internal.CookieHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ConsentResolver} may read of a request: its cookies, by name, and its headers. The
 * servlet adapter gives a view over the container's parsed cookies; {@link #of} and {@link
 * #fromCookieHeader} serve tests, benchmarks and other adapters.
 *
 * <pre>{@code
 * ConsentRequest request = ConsentRequest.fromCookieHeader(
 *     "euconsent-v2=CPhgeQAPhgeQAAHABBENCmCgAP_AAAEAAAqIAAAAAAAA; JSESSIONID=abc", Map.of("Sec-GPC", "1"));
 * ConsentState consent = gate.resolveConsent(request);
 * }</pre>
 */
public interface ConsentRequest {

  /**
   * Returns every value the request carries for the cookie of exactly this name, in the order
   * sent; empty when it carries none. A browser sends one name several times when cookies of
   * several paths or domains match: a resolver must look at every copy.
   */
  List<String> cookies(String name);

  /** Returns the first value of the header of this name (ASCII case-insensitive), or empty. */
  Optional<String> header(String name);

  /**
   * Returns whether the request came over a secure channel (https). On a secure request the
   * library's own consent cookie is read under its {@code __Host-} name only: a plain-named copy
   * can be planted by a sibling subdomain or over plain http. On other requests the plain name is
   * read. The default is {@code false}.
   */
  default boolean secure() {
    return false;
  }

  /** Returns a request with these cookies (name to values) and headers (name to value). */
  static ConsentRequest of(Map<String, List<String>> cookies, Map<String, String> headers) {
    Objects.requireNonNull(cookies, "cookies");
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> c = new LinkedHashMap<>();
    cookies.forEach((k, v) -> c.put(Objects.requireNonNull(k, "cookie name"), List.copyOf(v)));
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    return new ConsentRequest() {
      @Override
      public List<String> cookies(String name) {
        return c.getOrDefault(name, List.of());
      }

      @Override
      public Optional<String> header(String name) {
        return Optional.ofNullable(h.get(name));
      }
    };
  }

  /**
   * Returns a request with the cookies of a {@code Cookie} header ({@code a=1; b=2}, RFC 6265bis
   * section 5.7.4: pairs split at {@code ;}, name and value trimmed; a pair without {@code =} has
   * an empty name) and these headers. A value wrapped in a balanced pair of double quotes is read
   * without them; any other quote at a value's start or end, or a control character, makes it
   * malformed, and it reads as empty (RFC 6265 section 4.1.1, {@code cookie-value}).
   */
  static ConsentRequest fromCookieHeader(String cookieHeader, Map<String, String> headers) {
    Objects.requireNonNull(cookieHeader, "cookieHeader");
    Map<String, List<String>> cookies = new LinkedHashMap<>();
    int start = 0;
    while (start <= cookieHeader.length()) {
      int end = cookieHeader.indexOf(';', start);
      if (end < 0) {
        end = cookieHeader.length();
      }
      String pair = cookieHeader.substring(start, end);
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      String value = CookieHeader.value((eq < 0 ? pair : pair.substring(eq + 1)).strip());
      if (!name.isEmpty() || !value.isEmpty()) {
        cookies.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return of(cookies, headers);
  }
}
