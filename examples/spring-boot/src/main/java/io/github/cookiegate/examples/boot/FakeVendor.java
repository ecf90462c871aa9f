package io.github.cookiegate.examples.boot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The minimum of the browser tests' fake chat vendor (examples/demo {@code FakeVendor}), on the
 * JDK's own HTTP server so that the app carries no second servlet container. The app is {@code
 * localhost}; the vendor {@code 127.0.0.1}, another site (cookies ignore ports). Its {@code
 * widget.js} writes a first-party visitor id into {@code document.cookie}, calls {@code /api/ping},
 * whose answer sets a third-party cookie on the vendor's host, and draws the chat box. The same
 * server answers on {@code 127.0.0.2} as an analytics host: {@code analytics.js} writes a {@code
 * _ga} id. Each host counts the requests it receives.
 */
public final class FakeVendor implements AutoCloseable {

  /** The chat vendor's host. */
  public static final String CHAT_HOST = "127.0.0.1";
  /** The analytics host. */
  public static final String ANALYTICS_HOST = "127.0.0.2";

  private final HttpServer chat;
  private final HttpServer analytics;
  private final AtomicInteger chatRequests = new AtomicInteger();
  private final AtomicInteger analyticsRequests = new AtomicInteger();

  private FakeVendor(int port) throws IOException {
    chat = HttpServer.create(new InetSocketAddress(CHAT_HOST, port), 0);
    chat.createContext("/", this::chat);
    chat.start();
    try {
      analytics = HttpServer.create(new InetSocketAddress(ANALYTICS_HOST, chat.getAddress().getPort()), 0);
    } catch (IOException e) {
      chat.stop(0);
      throw e;
    }
    analytics.createContext("/", this::analytics);
    analytics.start();
  }

  /** Starts the vendor on 127.0.0.1 and the analytics host on 127.0.0.2, same port (any free one for 0). */
  public static FakeVendor start(int port) {
    try {
      return new FakeVendor(port);
    } catch (IOException e) {
      throw new UncheckedIOException("fake vendor: cannot listen on " + CHAT_HOST + " and " + ANALYTICS_HOST
          + " port " + port, e);
    }
  }

  private void chat(HttpExchange x) throws IOException {
    chatRequests.incrementAndGet();
    String origin = x.getRequestHeaders().getFirst("Origin");
    x.getResponseHeaders().set("Access-Control-Allow-Origin", origin == null ? "*" : origin);
    x.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
    switch (x.getRequestURI().getPath()) {
      case "/widget.js" -> send(x, "text/javascript;charset=UTF-8", WIDGET);
      case "/api/ping" -> {
        // Third-party: set on the vendor's host by a cross-site fetch, hence SameSite=None; Secure
        // (browsers take Secure from http://127.0.0.1, a local origin).
        x.getResponseHeaders().add("Set-Cookie", "fakechat_device=vendor-side; Path=/; Max-Age=31536000; SameSite=None; Secure");
        send(x, "application/json", "{\"ok\":true}");
      }
      case "/api/end" -> {
        x.getResponseHeaders().add("Set-Cookie", "fakechat_device=; Path=/; Max-Age=0; SameSite=None; Secure");
        send(x, "application/json", "{\"ok\":true}");
      }
      default -> {
        x.sendResponseHeaders(404, -1);
        x.close();
      }
    }
  }

  private void analytics(HttpExchange x) throws IOException {
    analyticsRequests.incrementAndGet();
    send(x, "text/javascript;charset=UTF-8", ANALYTICS);
  }

  private static void send(HttpExchange x, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(200, bytes.length);
    try (var out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The vendor's origin, such as {@code http://127.0.0.1:8081}. */
  public String origin() {
    return "http://" + CHAT_HOST + ":" + chat.getAddress().getPort();
  }

  /** The analytics host's origin, such as {@code http://127.0.0.2:8081}. */
  public String analyticsOrigin() {
    return "http://" + ANALYTICS_HOST + ":" + analytics.getAddress().getPort();
  }

  /** How many requests the chat host has received. */
  public int chatRequests() {
    return chatRequests.get();
  }

  /** How many requests the analytics host has received. */
  public int analyticsRequests() {
    return analyticsRequests.get();
  }

  @Override
  public void close() {
    chat.stop(0);
    analytics.stop(0);
  }

  private static final String WIDGET = """
      (function () {
        var origin = new URL(document.currentScript.src).origin;
        document.cookie = 'fakechat-id=' + Math.random().toString(36).slice(2) + '; path=/; max-age=23328000';
        fetch(origin + '/api/ping', { credentials: 'include', mode: 'cors' }).catch(function () {});
        var box = document.createElement('div');
        box.id = 'fakechat-widget';
        box.textContent = 'FakeChat: hello, how can we help?';
        box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;padding:1rem;background:#2a6;color:#fff;border-radius:.5rem';
        document.body.appendChild(box);
        window.FakeChat = {
          shutdown: function () {
            document.cookie = 'fakechat-id=; path=/; max-age=0';
            box.remove();
            return fetch(origin + '/api/end', { credentials: 'include', mode: 'cors' });
          }
        };
      })();
      """;

  private static final String ANALYTICS = """
      document.cookie = '_ga=GA1.1.' + Date.now() + '; path=/; max-age=63072000';
      document.documentElement.setAttribute('data-analytics', 'loaded');
      """;
}
