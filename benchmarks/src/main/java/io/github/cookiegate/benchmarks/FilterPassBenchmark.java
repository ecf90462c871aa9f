package io.github.cookiegate.benchmarks;

import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.servlet.CookieGateFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One whole filter pass per request: the request's state built from its cookies, the application
 * adding three cookies (a session cookie, a chat id, an analytics id) through the gate
 * ({@code setBy}: servlet Cookies through {@code addCookie}, or {@code addHeader}), the
 * headers written, the pre-commit reconcile and sweep. Next to it, in the same run: the same
 * application without the filter ({@code NoFilter}), and the cost of the container parsing the
 * same request ({@code JettyHttpParser}: Jetty 12's HTTP/1.1 parser on the raw request bytes).
 *
 * <p>{@code consent=none}: a fresh visitor (no {@code Cookie} header); {@code consent=consented}: a
 * 12-cookie {@code Cookie} header with the activation marker and {@code
 * cookie_gate_consent=chat.analytics}, so all three cookies pass.
 *
 * <pre>{@code
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FilterPassBenchmark -f 2 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterPassBenchmark {

  @Param({"CookieGateFilter", "NoFilter", "JettyHttpParser"})
  String operation;

  @Param({"none", "consented"})
  String consent;

  /** How the application sets its three cookies: {@code addCookie} with servlet Cookies, or {@code addHeader}. */
  @Param({"addCookie", "addHeader"})
  String setBy;

  /**
   * The cookies' lifetimes: {@code session} (no {@code Max-Age}), or {@code vendor}: the chat id
   * for 270 days and the analytics id for two years, as their vendors set them, so an allowed one
   * is rewritten to its cap ({@code chat-max-age}, 24 hours; {@code max-age.analytics}, 13 months).
   */
  @Param({"session", "vendor"})
  String lifetime;

  private CookieGateFilter filter;
  private FakeRequest request;
  private FakeResponse response;
  private FilterChain app;
  private byte[] rawRequest;
  private HttpParser parser;
  private int fields;

  @Setup
  public void setUp() throws ServletException {
    CookieGate gate = CookieGate.builder().listener(GateListener.none()).build();
    filter = new CookieGateFilter(gate);
    filter.init(filterConfig());
    List<Cookie> cookies = new ArrayList<>();
    StringBuilder cookieHeader = new StringBuilder();
    if (consent.equals("consented")) {
      String marker = GateAccess.ownCookies(gate).newActivationMarker(false).value();
      String[][] pairs = {
          {"cookie_gate_chat", marker}, {"cookie_gate_consent", "chat.analytics"},
          {"JSESSIONID", "node01abcdefghij0.node0"}, {"XSRF-TOKEN", "5f3c1e9a-77b2-4c1d-9e0f-1a2b3c4d5e6f"},
          {"intercom-id-app1", "3f2a9c1e-1111-2222-3333-444455556666"}, {"intercom-session-app1", "c2Vzc2lvbg"},
          {"_ga", "GA1.1.123456789.1700000000"}, {"_ga_ABC123", "GS1.1.1700000000.1.1.1700000100.0.0.0"},
          {"theme", "dark"}, {"lang", "fr"}, {"AWSALBTG", "q1w2e3r4t5y6u7i8o9p0"}, {"cart", "3-items"}};
      for (String[] p : pairs) {
        cookies.add(new Cookie(p[0], p[1]));
        cookieHeader.append(cookieHeader.length() == 0 ? "" : "; ").append(p[0]).append('=').append(p[1]);
      }
    }
    request = new FakeRequest(cookies.toArray(new Cookie[0]), cookieHeader.toString());
    response = new FakeResponse();
    boolean vendor = lifetime.equals("vendor");
    String chatHeader = "intercom-id-app1=3f2a9c1e-1111-2222-3333-444455556666; Path=/"
        + (vendor ? "; Max-Age=23328000" : "; SameSite=Lax");
    String analyticsHeader = "_ga=GA1.1.123456789.1700000000; Path=/" + (vendor ? "; Max-Age=63072000" : "")
        + "; SameSite=Lax";
    app = setBy.equals("addHeader") ? (req, res) -> {
      HttpServletResponse r = (HttpServletResponse) res;
      r.addHeader("Set-Cookie", "JSESSIONID=node01abcdefghij0.node0; Path=/; HttpOnly");
      r.addHeader("Set-Cookie", chatHeader);
      r.addHeader("Set-Cookie", analyticsHeader);
    } : (req, res) -> {
      HttpServletResponse r = (HttpServletResponse) res;
      Cookie session = new Cookie("JSESSIONID", "node01abcdefghij0.node0");
      session.setPath("/");
      session.setHttpOnly(true);
      r.addCookie(session);
      Cookie chat = new Cookie("intercom-id-app1", "3f2a9c1e-1111-2222-3333-444455556666");
      chat.setPath("/");
      if (vendor) {
        chat.setMaxAge(23_328_000);
      } else {
        chat.setAttribute("SameSite", "Lax");
      }
      r.addCookie(chat);
      Cookie analytics = new Cookie("_ga", "GA1.1.123456789.1700000000");
      analytics.setPath("/");
      if (vendor) {
        analytics.setMaxAge(63_072_000);
      }
      analytics.setAttribute("SameSite", "Lax");
      r.addCookie(analytics);
    };
    rawRequest = ("GET /shop/product/42 HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: Mozilla/5.0\r\n"
        + "Accept: text/html\r\nAccept-Language: fr-FR,fr;q=0.9\r\nAccept-Encoding: gzip, deflate, br\r\n"
        + (cookieHeader.length() > 0 ? "Cookie: " + cookieHeader + "\r\n" : "") + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    parser = new HttpParser(new CountingHandler());
  }

  @Benchmark
  public int pass() throws IOException, ServletException {
    switch (operation) {
      case "CookieGateFilter" -> {
        request.reset();
        response.clear();
        filter.doFilter(request, response, app);
        return response.setCookies.size();
      }
      case "NoFilter" -> {
        request.reset();
        response.clear();
        app.doFilter(request, response);
        return response.setCookies.size();
      }
      default -> {
        parser.reset();
        fields = 0;
        parser.parseNext(ByteBuffer.wrap(rawRequest));
        return fields;
      }
    }
  }

  private final class CountingHandler implements HttpParser.RequestHandler {
    @Override public void startRequest(String method, String uri, org.eclipse.jetty.http.HttpVersion version) { }
    @Override public void parsedHeader(HttpField field) { fields++; }
    @Override public boolean headerComplete() { return false; }
    @Override public boolean content(ByteBuffer item) { return false; }
    @Override public boolean contentComplete() { return false; }
    @Override public boolean messageComplete() { return true; }
    @Override public void earlyEOF() { }
    @Override public void badMessage(org.eclipse.jetty.http.HttpException failure) {
      throw new IllegalStateException("bad request in benchmark: " + failure);
    }
  }

  /** A FilterConfig whose context has no params, the default session cookie name, no registration. */
  static FilterConfig filterConfig() {
    ServletContext context = (ServletContext) Proxy.newProxyInstance(FilterPassBenchmark.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getInitParameterNames" -> Collections.emptyEnumeration();
          case "getSessionCookieConfig", "getFilterRegistration", "getInitParameter" -> null;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return new FilterConfig() {
      @Override public String getFilterName() { return "cookie-gate"; }
      @Override public ServletContext getServletContext() { return context; }
      @Override public String getInitParameter(String name) { return null; }
      @Override public java.util.Enumeration<String> getInitParameterNames() { return Collections.emptyEnumeration(); }
    };
  }

  private static <T> T unsupported(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(FilterPassBenchmark.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        }));
  }

  /** The request methods the filter calls; anything else fails loudly. */
  static final class FakeRequest extends HttpServletRequestWrapper {
    private final Cookie[] cookies;
    /** The Cookie header the cookies came from (the gate reads its own cookies from it); empty for none. */
    private final String cookieHeader;
    private final Map<String, Object> attributes = new HashMap<>();

    FakeRequest(Cookie[] cookies, String cookieHeader) {
      super(unsupported(HttpServletRequest.class));
      this.cookies = cookies;
      this.cookieHeader = cookieHeader;
    }

    void reset() {
      attributes.clear();
    }

    @Override public Cookie[] getCookies() { return cookies.length == 0 ? null : cookies; }
    @Override public java.util.Enumeration<String> getHeaders(String name) {
      return java.util.Collections.enumeration(name.equalsIgnoreCase("Cookie") && !cookieHeader.isEmpty()
          ? List.of(cookieHeader) : List.of());
    }
    // Absent, as a container answers for a header the request does not carry (Sec-GPC, consent headers).
    @Override public String getHeader(String name) {
      return name.equalsIgnoreCase("Cookie") && !cookieHeader.isEmpty() ? cookieHeader : null;
    }
    @Override public boolean isSecure() { return false; }
    @Override public String getRequestURI() { return "/shop/product/42"; }
    @Override public String getContextPath() { return ""; }
    @Override public String getMethod() { return "GET"; }
    @Override public Object getAttribute(String name) { return attributes.get(name); }
    @Override public void setAttribute(String name, Object o) { attributes.put(name, o); }
    @Override public boolean isAsyncStarted() { return false; }
  }

  /** The response methods the filter calls, keeping Set-Cookie headers in a list. */
  static final class FakeResponse extends HttpServletResponseWrapper {
    final List<String> setCookies = new ArrayList<>();

    FakeResponse() {
      super(unsupported(HttpServletResponse.class));
    }

    void clear() {
      setCookies.clear();
    }

    @Override
    public void addHeader(String name, String value) {
      if (name.equalsIgnoreCase("Set-Cookie")) {
        setCookies.add(value);
      }
    }

    /** Keeps the header a container would write: name, value and each attribute. */
    @Override
    public void addCookie(Cookie cookie) {
      StringBuilder sb = new StringBuilder(96).append(cookie.getName()).append('=').append(cookie.getValue());
      for (Map.Entry<String, String> a : cookie.getAttributes().entrySet()) {
        sb.append("; ").append(a.getKey());
        if (!a.getValue().isEmpty() && !a.getValue().equals("true")) {
          sb.append('=').append(a.getValue());
        }
      }
      setCookies.add(sb.toString());
    }

    @Override
    public void setHeader(String name, String value) {
      if (name.equalsIgnoreCase("Set-Cookie")) {
        setCookies.clear();
        if (value != null) {
          setCookies.add(value);
        }
      }
    }

    @Override public Collection<String> getHeaders(String name) {
      return name.equalsIgnoreCase("Set-Cookie") ? List.copyOf(setCookies) : List.of();
    }
    @Override public boolean isCommitted() { return false; }
    @Override public int getBufferSize() { return 8192; }
  }
}
