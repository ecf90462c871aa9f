package io.github.cookiegate.servlet;

import io.github.cookiegate.CookieDeclaration;
import io.github.cookiegate.CookieGate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Serves the cookie declaration at {@code declaration-path}: HTML by default, JSON for {@code
 * ?format=json} or an {@code Accept} naming {@code application/json} but not {@code text/html}. Both are
 * built once per gate and are the same for every visitor, so they are publicly cacheable, with a
 * strong ETag each.
 */
final class DeclarationEndpoint {

  static final String HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

  private final Representation html;
  private final Representation json;

  private DeclarationEndpoint(Representation html, Representation json) {
    this.html = html;
    this.json = json;
  }

  static DeclarationEndpoint of(CookieGate gate) {
    CookieDeclaration d = CookieDeclaration.of(gate);
    return new DeclarationEndpoint(
        new Representation(d.toHtml().getBytes(StandardCharsets.UTF_8), "text/html;charset=UTF-8"),
        new Representation(d.toJson().getBytes(StandardCharsets.UTF_8), "application/json"));
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    Representation r = wantsJson(request) ? json : html;
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("Vary", "Accept");
    response.setHeader("ETag", r.etag);
    if (r.matches(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType(r.contentType);
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (r == html) {
      response.setHeader("Content-Security-Policy", HTML_CSP);
    }
    response.setContentLength(r.bytes.length);
    if ("GET".equals(method)) {
      response.getOutputStream().write(r.bytes);
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

  /** One encoding of the declaration: its bytes, type and strong validator. */
  private static final class Representation {
    final byte[] bytes;
    final String contentType;
    final String etag;

    Representation(byte[] bytes, String contentType) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)) + "\"";
    }

    /** Whether an {@code If-None-Match} value names this representation (weak comparison, RFC 9110 13.1.2). */
    boolean matches(String ifNoneMatch) {
      if (ifNoneMatch == null) {
        return false;
      }
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.strip();
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals(etag)) {
          return true;
        }
      }
      return false;
    }

    private static byte[] sha256(byte[] bytes) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("cookie-gate: SHA-256 is missing from this JVM", e);
      }
    }
  }
}
