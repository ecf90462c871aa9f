package io.github.cookiegate.servlet;

import io.github.cookiegate.CookieDeclaration;
import io.github.cookiegate.CookieGate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Serves the cookie declaration at {@code declaration-path}: HTML by default, JSON for {@code
 * ?format=json} or an {@code Accept} naming {@code application/json} but not {@code text/html}. Both are
 * built once per gate and are the same for every visitor, so they are publicly cacheable, with a
 * strong ETag each.
 */
final class DeclarationEndpoint {

  static final String HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

  private final StaticBody html;
  private final StaticBody json;

  private DeclarationEndpoint(StaticBody html, StaticBody json) {
    this.html = html;
    this.json = json;
  }

  static DeclarationEndpoint of(CookieGate gate) {
    CookieDeclaration d = CookieDeclaration.of(gate);
    return new DeclarationEndpoint(
        new StaticBody(d.toHtml().getBytes(StandardCharsets.UTF_8), "text/html;charset=UTF-8"),
        new StaticBody(d.toJson().getBytes(StandardCharsets.UTF_8), "application/json"));
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (wantsJson(request)) {
      json.serve(request, response, "Accept");
    } else {
      html.serve(request, response, "Accept", "Content-Security-Policy", HTML_CSP);
    }
  }

  static boolean wantsJson(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.equals("format=json")) {
          return true;
        }
        if (pair.equals("format=html")) {
          return false;
        }
      }
    }
    String accept = request.getHeader("Accept");
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    return a.contains("application/json") && !a.contains("text/html");
  }
}
