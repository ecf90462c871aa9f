package io.github.cookiegate.servlet;

import io.github.cookiegate.SetCookie;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads Set-Cookie headers from a response, parsed (containers order and format attributes differently). */
final class Cookies {

  private Cookies() {}

  static List<SetCookie> of(HttpResponse<?> response) {
    return response.headers().allValues("set-cookie").stream()
        .map(h -> SetCookie.parse(h).orElseThrow(() -> new AssertionError("unparseable Set-Cookie: " + h)))
        .toList();
  }

  /** Names of cookies the response stores (deletions excluded). */
  static List<String> stored(HttpResponse<?> response) {
    Instant now = Instant.now();
    return of(response).stream().filter(c -> !c.isDeletion(now)).map(SetCookie::name).toList();
  }

  /** Names of cookies the response deletes. */
  static List<String> deleted(HttpResponse<?> response) {
    Instant now = Instant.now();
    return of(response).stream().filter(c -> c.isDeletion(now)).map(SetCookie::name).toList();
  }

  static Optional<SetCookie> named(HttpResponse<?> response, String name) {
    return of(response).stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** A Cookie request header value carrying these Set-Cookie responses' stored cookies. */
  static String cookieHeader(HttpResponse<?> response) {
    Instant now = Instant.now();
    return String.join("; ", of(response).stream().filter(c -> !c.isDeletion(now))
        .map(c -> c.name() + "=" + c.value()).toList());
  }
}
