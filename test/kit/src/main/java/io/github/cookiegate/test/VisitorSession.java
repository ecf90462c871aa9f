package io.github.cookiegate.test;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.SetCookie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One visitor of a running site: a {@code java.net.http} client with its own cookie jar, and the
 * steps of the decision table as methods (fresh visit, activation, consent per category,
 * withdrawal, end of the conversation). After each step {@link #lastResponse()} is what the
 * assertions read.
 *
 * <pre>{@code
 * VisitorSession visitor = VisitorSession.builder(URI.create("http://127.0.0.1:" + port)).gate(gate).build();
 * visitor.get("/");
 * assertThatCookies(visitor).setNoCookieOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING);
 * visitor.activate().get("/");
 * assertThatCookies(visitor).sets("intercom-id-*").setNoCookieOf(Category.ANALYTICS);
 * }</pre>
 *
 * <p>The jar follows RFC 6265bis closely enough for tests against {@code localhost}: host-only and
 * {@code Domain} cookies (a {@code Domain} that does not domain-match the host is rejected; IP
 * hosts only host-only), the default path and path matching, {@code Max-Age} over {@code Expires},
 * deletion, and {@code Secure} (stored and sent over {@code https}, and over {@code http} to
 * {@code localhost} and loopback addresses, as browsers treat them as secure contexts), with the
 * {@code __Secure-} and {@code __Host-} prefix rules. It does not follow redirects (each hop's
 * {@code Set-Cookie} stays visible), applies no {@code SameSite} rule (every request is
 * same-site), no public suffix list and no per-domain limits. POSTs carry the site's own {@code
 * Origin}, as a browser's same-origin {@code fetch} does. Not thread-safe: one visitor per test thread.
 */
public final class VisitorSession {

  /** A cookie in the jar. {@link #toString()} does not show the value. */
  public record StoredCookie(String name, String value, String domain, boolean hostOnly, String path,
      boolean secure, boolean httpOnly, Optional<Instant> expiresAt) {
    @Override
    public String toString() {
      return "StoredCookie[" + name + ", value=<" + value.length() + " chars>, domain=" + domain
          + (hostOnly ? " (host-only)" : "") + ", path=" + path + (secure ? ", Secure" : "")
          + (httpOnly ? ", HttpOnly" : "") + expiresAt.map(e -> ", expires " + e).orElse(", session") + "]";
    }
  }

  private final URI base;
  private final HttpClient client;
  private final CookieGate gate;
  private final String activationPath;
  private final String consentPath;
  private final Map<String, String> headers;
  private final Clock clock;
  private final Duration timeout;
  private final Map<String, StoredCookie> jar = new LinkedHashMap<>(); // key: name;domain;path
  private HttpResponse<String> last;

  private VisitorSession(Builder b) {
    this.base = b.base;
    this.client = b.client != null ? b.client
        : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.timeout).build();
    this.gate = b.gate;
    this.activationPath = b.activationPath != null ? b.activationPath
        : gate != null ? gate.activationPath() : CookieGate.DEFAULT_ACTIVATION_PATH;
    this.consentPath = b.consentPath != null ? b.consentPath
        : gate != null ? gate.consentPath() : CookieGate.DEFAULT_CONSENT_PATH;
    this.headers = Map.copyOf(b.headers);
    this.clock = b.clock;
    this.timeout = b.timeout;
  }

  /** Returns a visitor of the site at {@code base} ({@code http://127.0.0.1:8080}, or with a context path). */
  public static VisitorSession of(URI base) {
    return builder(base).build();
  }

  /** Returns a visitor of {@code http://localhost:port}: what {@code @LocalServerPort} gives. */
  public static VisitorSession onLocalPort(int port) {
    return of(URI.create("http://localhost:" + port));
  }

  /** Returns a builder for a visitor of the site at {@code base}. */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  // ---------------------------------------------------------------- steps

  /** Forgets every cookie: a fresh visitor. */
  public VisitorSession fresh() {
    jar.clear();
    last = null;
    return this;
  }

  /** GETs {@code path} (relative to the base URI) with the jar's cookies, and stores what it sets. */
  public VisitorSession get(String path) {
    return send("GET", path, null, null);
  }

  /** POSTs a form ({@code application/x-www-form-urlencoded}) to {@code path}. */
  public VisitorSession post(String path, Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return send("POST", path, "application/x-www-form-urlencoded", body.toString());
  }

  /** POSTs an empty body to {@code path}: how an application ends a conversation is its own ({@code /chat/end}). */
  public VisitorSession post(String path) {
    return send("POST", path, null, "");
  }

  /** Clicks the chat button: POSTs to the activation path (the gate's, else {@code /cookie-gate/activate}). */
  public VisitorSession activate() {
    return post(activationPath);
  }

  /**
   * Gives consent to exactly these categories through the consent endpoint (the gate's {@code
   * consent-path}, else {@code /cookie-gate/consent}); none is a refusal.
   */
  public VisitorSession consent(Category... categories) {
    StringBuilder sb = new StringBuilder();
    for (Category c : categories) {
      sb.append(sb.length() == 0 ? "" : ",").append(Objects.requireNonNull(c, "category").id());
    }
    return post(consentPath, Map.of("categories", sb.toString()));
  }

  /**
   * Withdraws consent to these categories: POSTs the consent the jar's consent cookie holds minus
   * them (so the filter expires their cookies in that response).
   */
  public VisitorSession withdraw(Category... categories) {
    Set<Category> granted = consented();
    for (Category c : categories) {
      granted.remove(Objects.requireNonNull(c, "category"));
    }
    return consent(granted.toArray(new Category[0]));
  }

  /** Ends the conversation by POSTing to the application's own end path ({@code ChatActivation.end} runs there). */
  public VisitorSession end(String path) {
    return post(path);
  }

  // ---------------------------------------------------------------- state

  /** Returns the last response. @throws IllegalStateException before the first request */
  public HttpResponse<String> lastResponse() {
    if (last == null) {
      throw new IllegalStateException("the visitor has not sent a request yet: call get(path) first");
    }
    return last;
  }

  /** Returns the cookies in the jar that have not expired, in the order they were stored. */
  public List<StoredCookie> cookies() {
    purgeExpired();
    return List.copyOf(jar.values());
  }

  /** Returns the names of the cookies in the jar. */
  public List<String> cookieNames() {
    List<String> names = new ArrayList<>();
    for (StoredCookie c : cookies()) {
      names.add(c.name());
    }
    return names;
  }

  /** Whether the jar holds a cookie of this name. */
  public boolean hasCookie(String name) {
    return cookieNames().contains(name);
  }

  /** Returns the categories the jar's consent cookie grants (the library's own cookie; empty when absent). */
  public Set<Category> consented() {
    String own = gate != null ? gate.consentCookie() : CookieGate.DEFAULT_CONSENT_COOKIE;
    Set<Category> granted = EnumSet.noneOf(Category.class);
    for (StoredCookie c : cookies()) {
      if (c.name().equals(own) || c.name().equals(CookieGate.HOST_PREFIX + own)) {
        for (String word : c.value().split("\\.")) {
          Category.fromId(word).ifPresent(granted::add);
        }
      }
    }
    return granted;
  }

  /** Returns the gate the assertions classify with, when one was given. */
  public Optional<CookieGate> gate() {
    return Optional.ofNullable(gate);
  }

  /** Returns the base URI. */
  public URI baseUri() {
    return base;
  }

  // ---------------------------------------------------------------- HTTP and the jar

  private VisitorSession send(String method, String path, String contentType, String body) {
    Objects.requireNonNull(path, "path");
    URI uri = resolve(path);
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout);
    headers.forEach(rb::header);
    String cookie = cookieHeader(uri);
    if (!cookie.isEmpty()) {
      rb.header("Cookie", cookie);
    }
    if (body == null) {
      rb.GET();
    } else {
      rb.header("Origin", origin(uri));
      if (contentType != null) {
        rb.header("Content-Type", contentType);
      }
      rb.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      last = client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri.getRawPath() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + uri.getRawPath(), e);
    }
    for (String h : last.headers().allValues("set-cookie")) {
      SetCookie.parse(h).ifPresent(c -> store(c, uri));
    }
    return this;
  }

  private URI resolve(String path) {
    if (path.startsWith("http://") || path.startsWith("https://")) {
      return URI.create(path);
    }
    String b = base.toString();
    if (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + (path.startsWith("/") ? path : "/" + path));
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static boolean secureContext(URI uri) {
    String host = host(uri);
    return "https".equalsIgnoreCase(uri.getScheme()) || host.equals("localhost") || host.endsWith(".localhost")
        || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
  }

  /** RFC 6265bis section 5.7, without the public suffix, SameSite and limit steps. */
  void store(SetCookie c, URI uri) {
    String host = host(uri);
    Instant now = clock.instant();
    String domain;
    boolean hostOnly;
    Optional<String> attr = c.domain().map(d -> (d.startsWith(".") ? d.substring(1) : d).toLowerCase(Locale.ROOT));
    if (attr.isPresent() && !attr.get().isEmpty()) {
      String d = attr.get();
      boolean ip = host.startsWith("[") || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
      if (!(host.equals(d) || (!ip && host.endsWith("." + d)))) {
        return; // 5.7 step 10: the Domain does not domain-match the request host
      }
      domain = d;
      hostOnly = false;
    } else {
      domain = host;
      hostOnly = true;
    }
    String path = c.path().filter(p -> p.startsWith("/")).orElseGet(() -> defaultPath(uri));
    if (c.secure() && !secureContext(uri)) {
      return; // 5.7 step 13: Secure only from a secure origin
    }
    if (c.name().startsWith("__Secure-") && !c.secure()) {
      return;
    }
    if (c.name().startsWith("__Host-") && (!c.secure() || !hostOnly || !"/".equals(path))) {
      return;
    }
    String key = c.name() + ";" + domain + ";" + path;
    Optional<Instant> expiresAt;
    if (c.maxAge().isPresent()) {
      long s = c.maxAge().getAsLong();
      if (s <= 0) {
        jar.remove(key);
        return;
      }
      expiresAt = Optional.of(now.plusSeconds(Math.min(s, 400L * 24 * 3600)));
    } else if (c.expires().isPresent()) {
      if (!c.expires().get().isAfter(now)) {
        jar.remove(key);
        return;
      }
      expiresAt = c.expires();
    } else {
      expiresAt = Optional.empty();
    }
    jar.remove(key); // a replaced cookie moves to the end, as in a browser's creation order
    jar.put(key, new StoredCookie(c.name(), c.value(), domain, hostOnly, path, c.secure(), c.httpOnly(), expiresAt));
  }

  /** RFC 6265bis section 5.1.4. */
  private static String defaultPath(URI uri) {
    String p = uri.getRawPath();
    if (p == null || p.isEmpty() || !p.startsWith("/")) {
      return "/";
    }
    int last = p.lastIndexOf('/');
    return last == 0 ? "/" : p.substring(0, last);
  }

  private String cookieHeader(URI uri) {
    purgeExpired();
    String host = host(uri);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    boolean secure = secureContext(uri);
    List<StoredCookie> matching = new ArrayList<>();
    for (StoredCookie c : jar.values()) {
      boolean domainOk = c.hostOnly() ? host.equals(c.domain()) : host.equals(c.domain()) || host.endsWith("." + c.domain());
      if (domainOk && pathMatches(path, c.path()) && (!c.secure() || secure)) {
        matching.add(c);
      }
    }
    // 5.8.3: longer paths first; creation order otherwise (the sort is stable).
    matching.sort((a, b) -> Integer.compare(b.path().length(), a.path().length()));
    StringBuilder sb = new StringBuilder();
    for (StoredCookie c : matching) {
      sb.append(sb.length() == 0 ? "" : "; ").append(c.name().isEmpty() ? "" : c.name() + "=").append(c.value());
    }
    return sb.toString();
  }

  /** RFC 6265bis section 5.1.4: as in '/foo' matching '/foo/bar' but not '/foobar'. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    jar.values().removeIf(c -> c.expiresAt().isPresent() && !c.expiresAt().get().isAfter(now));
  }

  /** Builds a {@link VisitorSession}. */
  public static final class Builder {
    private final URI base;
    private HttpClient client;
    private CookieGate gate;
    private String activationPath;
    private String consentPath;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI base) {
      Objects.requireNonNull(base, "base");
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException("base URI '" + base + "' must be absolute, as http://127.0.0.1:8080");
      }
      this.base = base;
    }

    /** The application's gate: its activation and consent paths, consent cookie, and the assertions' classification. */
    public Builder gate(CookieGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /** The activation path, when the application changed it and no gate is given. */
    public Builder activationPath(String path) {
      this.activationPath = requirePath(path, "activationPath");
      return this;
    }

    /** The consent endpoint's path, when the application changed it and no gate is given. */
    public Builder consentPath(String path) {
      this.consentPath = requirePath(path, "consentPath");
      return this;
    }

    /** A header sent on every request ({@code Sec-GPC: 1}, {@code Accept-Language}). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The client to send with; it must not have a cookie handler of its own. */
    public Builder client(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      if (client.cookieHandler().isPresent()) {
        throw new IllegalArgumentException("the client has a CookieHandler; the visitor keeps its own jar");
      }
      return this;
    }

    /** The clock for cookie expiry (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Connect and request timeout (default 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Returns the visitor, with an empty jar. */
    public VisitorSession build() {
      return new VisitorSession(this);
    }

    private static String requirePath(String path, String what) {
      Objects.requireNonNull(path, what);
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(what + " is '" + path + "'; expected a path starting with /");
      }
      return path;
    }
  }
}
