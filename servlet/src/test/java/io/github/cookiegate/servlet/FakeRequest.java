package io.github.cookiegate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request in memory, for unit tests without a server: a path, a method, {@code Cookie} and
 * other headers, secure or not. Only what the gate reads answers; any other method fails the test,
 * so a test cannot pass by the gate reading something this fake makes up (the gate reads the
 * {@code Cookie} header itself: {@code getCookies()} fails too).
 */
final class FakeRequest {

  private final String method;
  private final String path;
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, Object> attributes = new HashMap<>();
  private boolean secure;

  private FakeRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static FakeRequest get(String path) {
    return new FakeRequest("GET", path);
  }

  static FakeRequest post(String path) {
    return new FakeRequest("POST", path);
  }

  FakeRequest header(String name, String value) {
    headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return this;
  }

  /** The {@code Cookie} header: {@code "a=1; b=2"}. */
  FakeRequest cookies(String cookieHeader) {
    return header("Cookie", cookieHeader);
  }

  FakeRequest secure() {
    secure = true;
    return this;
  }

  HttpServletRequest build() {
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getRequestURI" -> path;
          case "getContextPath" -> "";
          case "isSecure" -> secure;
          case "getScheme" -> secure ? "https" : "http";
          case "getServerName" -> "www.example.com";
          case "getServerPort" -> secure ? 443 : 80;
          case "getHeader" -> headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
          case "getHeaders" -> {
            String v = headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
            yield Collections.enumeration(v == null ? List.of() : List.of(v));
          }
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> {
            attributes.put((String) args[0], args[1]);
            yield null;
          }
          case "isAsyncStarted" -> false;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "FakeRequest[" + method + " " + path + "]";
          default -> throw new UnsupportedOperationException("FakeRequest does not answer " + m.getName());
        });
  }
}
