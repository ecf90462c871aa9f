package io.github.cookiegate.scan;

import io.github.cookiegate.SetCookie;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.scan.Fetcher.Fetched;
import io.github.cookiegate.scan.Model.CookieSeen;
import io.github.cookiegate.scan.Model.HostSeen;
import io.github.cookiegate.scan.Model.PageResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP mode: a fresh visitor with its own cookie jar (name to value, in memory only; domain and
 * path not applied, since the crawl stays on one origin), that sees what the server sends.
 */
final class HttpCrawl extends Crawl {

  private final Fetcher fetcher;
  private final Judge judge;
  private final Map<String, String> jar = new LinkedHashMap<>();

  HttpCrawl(Options options, ScanState state, PrintStream progress, Fetcher fetcher) {
    super(options, state, progress);
    this.fetcher = fetcher;
    this.judge = new Judge(options.gate);
  }

  @Override
  List<PageResult> prepare() throws InterruptedException {
    List<PageResult> pages = new ArrayList<>();
    String origin = options.base.getScheme() + "://" + options.base.getRawAuthority();
    if (state.isActivated()) {
      URI uri = options.base.resolve(options.activationPath);
      pages.add(post(uri, "activation (POST " + options.activationPath + ")", HttpRequest.BodyPublishers.noBody(), null, origin));
    } else if (state.consented().isPresent()) {
      String category = state.consented().get().id();
      if (options.consentViaEndpoint) {
        URI uri = options.base.resolve(options.gate.consentPath());
        pages.add(post(uri, "consent (POST " + options.gate.consentPath() + " categories=" + category + ")",
            HttpRequest.BodyPublishers.ofString("categories=" + category), "application/x-www-form-urlencoded", origin));
      } else {
        String consentCookie = GateAccess.ownCookies(options.gate)
            .consentCookieName("https".equals(options.base.getScheme()));
        jar.put(consentCookie, category);
        notes.add("consent given as the cookie " + consentCookie + "=" + category);
      }
    }
    return pages;
  }

  private PageResult post(URI uri, String label, HttpRequest.BodyPublisher body, String type, String origin)
      throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(body).header("Origin", origin).header("Sec-Fetch-Site", "same-origin");
    if (type != null) {
      b.header("Content-Type", type);
    }
    long start = System.nanoTime();
    try {
      Fetched f = fetcher.send(cookies(b));
      List<CookieSeen> cookies = store(f);
      if (f.status() / 100 != 2) {
        notes.add(label + " answered HTTP " + f.status() + ": is cookie-gate mapped there? (--activation-path, --config)");
      }
      return new PageResult(uri.toString(), label, -1, f.status(), f.contentType(), f.bytes(), f.truncated(), null, cookies,
          List.of(), null, millis(start));
    } catch (IOException e) {
      notes.add(label + " failed: " + reason(e));
      return new PageResult(uri.toString(), label, -1, 0, "", 0, false, reason(e), List.of(), List.of(),
          null, millis(start));
    }
  }

  @Override
  Visit visit(URI uri, int depth) throws InterruptedException {
    long start = System.nanoTime();
    try {
      Fetched f = fetcher.send(cookies(Fetcher.get(uri)));
      List<CookieSeen> cookies = store(f);
      List<URI> links = new ArrayList<>();
      List<HostSeen> hosts = new ArrayList<>();
      Optional<String> location = f.headers().getOrDefault("location", List.of()).stream().findFirst();
      if (f.status() / 100 == 3 && location.isPresent()) {
        URI to = PageParser.resolve(uri, location.get());
        if (to != null) {
          links.add(withoutFragment(to));
        }
      }
      if (f.body() != null) {
        PageParser.Parsed p = PageParser.parse(f.body());
        for (String l : p.links()) {
          URI to = PageParser.resolve(uri, l);
          if (to != null) {
            links.add(withoutFragment(to));
          }
        }
        Set<String> once = new LinkedHashSet<>();
        for (PageParser.Ref r : p.refs()) {
          URI to = PageParser.resolve(uri, r.url());
          if (to == null || !thirdParty(to)) {
            continue;
          }
          boolean inline = r.attribute().equals("inline");
          if (inline && options.gate.hostCatalog().match(to.getHost()).isEmpty()) {
            continue; // a name in script text that no catalog knows: too weak a sign to list
          }
          String how = inline ? "an inline <script> that names the host" : "<" + r.element() + " " + r.attribute() + ">";
          String status = r.held() ? "held" : "loaded";
          if (once.add(to.getHost() + " " + how + " " + status)) {
            hosts.add(judge.host(to.getHost().toLowerCase(java.util.Locale.ROOT), shown(to), how, status, state));
          }
        }
      }
      return new Visit(new PageResult(uri.toString(), pathOf(uri), depth, f.status(), f.contentType(), f.bytes(),
          f.truncated(), null, cookies, hosts, null, millis(start)), links);
    } catch (IOException e) {
      return new Visit(new PageResult(uri.toString(), pathOf(uri), depth, 0, "", 0, false, reason(e),
          List.of(), List.of(), null, millis(start)), List.of());
    }
  }

  private HttpRequest.Builder cookies(HttpRequest.Builder b) {
    if (!jar.isEmpty()) {
      StringBuilder s = new StringBuilder();
      jar.forEach((k, v) -> s.append(s.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      b.header("Cookie", s.toString());
    }
    return b;
  }

  /** Judges each {@code Set-Cookie} and keeps the cookie in the jar, as a browser would. */
  private List<CookieSeen> store(Fetched f) {
    List<CookieSeen> out = new ArrayList<>();
    for (String h : f.headers().getOrDefault("set-cookie", List.of())) {
      Optional<SetCookie> c = SetCookie.parse(h);
      if (c.isEmpty()) {
        continue; // a browser ignores it too
      }
      SetCookie sc = c.get();
      out.add(judge.header(sc, options.base.getHost(), state));
      if (sc.isDeletion(Instant.now())) {
        jar.remove(sc.name());
      } else {
        jar.put(sc.name(), sc.value());
      }
    }
    return out;
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
