package io.github.cookiegate.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A container's response in memory, for unit tests without a server: headers by case-insensitive
 * name, {@code addCookie} written as a Set-Cookie header the way a container does, a body buffer
 * that commits the response when it fills, and {@code sendError}/{@code sendRedirect}/{@code
 * flushBuffer} committing. {@code setHeader(name, null)} removes like Jetty, or is ignored like
 * Tomcat ({@link #ignoringNullHeaders()}). Once committed, header changes are ignored, as on every
 * container; {@link #sent()} is what went out at the commit.
 */
final class FakeResponse implements HttpServletResponse {

  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean nullRemoves = true;
  private boolean committed;
  /** The Set-Cookie headers at the moment of commit. */
  private List<String> sent;
  private int status = 200;
  private int bufferSize = 1024;
  private int buffered;
  private String contentType;
  private String encoding;
  private ServletOutputStream stream;
  private PrintWriter writer;
  private java.util.function.Supplier<Map<String, String>> trailers;

  /** Tomcat's semantics: {@code setHeader(name, null)} does nothing. */
  FakeResponse ignoringNullHeaders() {
    nullRemoves = false;
    return this;
  }

  /** The Set-Cookie headers sent when the response committed; fails if it has not. */
  List<String> sent() {
    if (!committed) {
      throw new AssertionError("the response is not committed");
    }
    return sent;
  }

  /** The Set-Cookie headers the container holds now. */
  List<String> setCookies() {
    return List.copyOf(getHeaders("Set-Cookie"));
  }

  String body() {
    return body.toString(StandardCharsets.UTF_8);
  }

  /** The body's bytes as written. */
  byte[] bytes() {
    return body.toByteArray();
  }

  /** What the container does when the application returns: commits what is left. */
  void finish() {
    commit();
  }

  private void commit() {
    if (!committed) {
      committed = true;
      sent = List.copyOf(getHeaders("Set-Cookie"));
    }
  }

  private List<String> values(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public void addCookie(Cookie cookie) {
    if (cookie == null) {
      throw new NullPointerException("cookie");
    }
    StringBuilder sb = new StringBuilder(cookie.getName()).append('=').append(cookie.getValue() == null ? "" : cookie.getValue());
    if (cookie.getMaxAge() >= 0) {
      sb.append("; Max-Age=").append(cookie.getMaxAge());
    }
    for (Map.Entry<String, String> a : cookie.getAttributes().entrySet()) {
      if (a.getKey().equalsIgnoreCase("Max-Age")) {
        continue;
      }
      sb.append("; ").append(a.getKey());
      if (!a.getValue().isEmpty()) {
        sb.append('=').append(a.getValue());
      }
    }
    addHeader("Set-Cookie", sb.toString());
  }

  @Override
  public boolean containsHeader(String name) {
    List<String> v = values(name);
    return v != null && !v.isEmpty();
  }

  @Override
  public String encodeURL(String url) {
    return url;
  }

  @Override
  public String encodeRedirectURL(String url) {
    return url;
  }

  @Override
  public void sendError(int sc, String msg) {
    status = sc;
    commit();
  }

  @Override
  public void sendError(int sc) {
    sendError(sc, null);
  }

  @Override
  public void sendRedirect(String location) {
    status = 302;
    setHeader("Location", location);
    commit();
  }

  @Override
  public void setDateHeader(String name, long date) {
    setHeader(name, Long.toString(date));
  }

  @Override
  public void addDateHeader(String name, long date) {
    addHeader(name, Long.toString(date));
  }

  @Override
  public void setHeader(String name, String value) {
    if (committed || name == null) {
      return;
    }
    if (value == null) {
      if (nullRemoves) {
        headers.entrySet().removeIf(e -> e.getKey().equalsIgnoreCase(name));
      }
      return;
    }
    headers.entrySet().removeIf(e -> e.getKey().equalsIgnoreCase(name));
    headers.put(name, new ArrayList<>(List.of(value)));
  }

  @Override
  public void addHeader(String name, String value) {
    if (committed || name == null || value == null) {
      return;
    }
    List<String> v = values(name);
    if (v == null) {
      headers.put(name, v = new ArrayList<>());
    }
    v.add(value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, Integer.toString(value));
  }

  @Override
  public void setStatus(int sc) {
    if (!committed) {
      status = sc;
    }
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public String getHeader(String name) {
    List<String> v = values(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  @Override
  public Collection<String> getHeaders(String name) {
    List<String> v = values(name);
    return v == null ? List.of() : List.copyOf(v);
  }

  @Override
  public Collection<String> getHeaderNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public String getCharacterEncoding() {
    return encoding == null ? "ISO-8859-1" : encoding;
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (stream == null) {
      stream = new ServletOutputStream() {
        @Override
        public void write(int b) {
          if (++buffered > bufferSize) {
            commit(); // the buffer is full: the container sends the headers
          }
          body.write(b);
        }

        @Override
        public void flush() {
          commit();
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (writer == null) {
      writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8), false);
    }
    return writer;
  }

  @Override
  public void setCharacterEncoding(String charset) {
    encoding = charset;
  }

  @Override
  public void setContentLength(int len) {
    setContentLengthLong(len);
  }

  @Override
  public void setContentLengthLong(long len) {
    if (len < 0) {
      headers.entrySet().removeIf(e -> e.getKey().equalsIgnoreCase("Content-Length"));
    } else {
      setHeader("Content-Length", Long.toString(len));
    }
  }

  @Override
  public void setContentType(String type) {
    contentType = type;
  }

  @Override
  public void setBufferSize(int size) {
    bufferSize = size;
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public void flushBuffer() {
    commit();
  }

  @Override
  public void resetBuffer() {
    body.reset();
    buffered = 0;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void reset() {
    if (committed) {
      throw new IllegalStateException("committed");
    }
    headers.clear();
    resetBuffer();
    status = 200;
  }

  @Override
  public void setTrailerFields(java.util.function.Supplier<Map<String, String>> supplier) {
    trailers = supplier;
  }

  @Override
  public java.util.function.Supplier<Map<String, String>> getTrailerFields() {
    return trailers;
  }

  @Override
  public void setLocale(Locale loc) {}

  @Override
  public Locale getLocale() {
    return Locale.ROOT;
  }
}
