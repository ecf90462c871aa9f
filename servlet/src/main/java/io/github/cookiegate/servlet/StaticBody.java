package io.github.cookiegate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A body the filter builds once and serves the same to every visitor (gate.js, the cookie
 * declaration): GET or HEAD, publicly cacheable for an hour, a strong ETag, 304 on a match.
 */
final class StaticBody {
  private final byte[] bytes;
  private final String contentType;
  private final String etag;

  StaticBody(byte[] bytes, String contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)) + "\"";
  }

  byte[] bytes() {
    return bytes;
  }

  /** A strong validator: the base64url SHA-256 of the bytes, quoted. */
  String etag() {
    return etag;
  }

  /** Whether an {@code If-None-Match} value names this body (weak comparison, RFC 9110 13.1.2). */
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

  /**
   * Serves the body. {@code vary} (or null) goes on every GET/HEAD answer, 304 included;
   * {@code headers}, name and value pairs, only on a full one.
   */
  void serve(HttpServletRequest request, HttpServletResponse response, String vary, String... headers)
      throws IOException {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    response.setHeader("Cache-Control", "public, max-age=3600");
    if (vary != null) {
      response.setHeader("Vary", vary);
    }
    response.setHeader("ETag", etag);
    if (matches(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setContentType(contentType);
    response.setHeader("X-Content-Type-Options", "nosniff");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      response.setHeader(headers[i], headers[i + 1]);
    }
    response.setContentLength(bytes.length);
    if ("GET".equals(method)) {
      response.getOutputStream().write(bytes);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("cookie-gate: SHA-256 is missing from this JVM", e);
    }
  }
}
