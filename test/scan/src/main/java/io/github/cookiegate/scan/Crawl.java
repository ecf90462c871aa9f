package io.github.cookiegate.scan;

import io.github.cookiegate.scan.Model.PageResult;
import io.github.cookiegate.scan.Model.StateResult;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The breadth-first walk over same-origin pages that both modes share; one per state. */
abstract class Crawl {

  /** One page as visited, with the links found on it. */
  record Visit(PageResult page, List<URI> links) {}

  final Options options;
  final ScanState state;
  final PrintStream progress;
  final List<String> notes = new ArrayList<>();

  Crawl(Options options, ScanState state, PrintStream progress) {
    this.options = options;
    this.state = state;
    this.progress = progress;
  }

  /** Prepares the visitor (activation, consent); returns pages it produced, such as the activation request. */
  abstract List<PageResult> prepare() throws Exception;

  abstract Visit visit(URI uri, int depth) throws InterruptedException;

  StateResult run() throws Exception {
    long start = System.nanoTime();
    List<PageResult> pages = new ArrayList<>(prepare());
    Deque<URI> queue = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    List<URI> starts = new ArrayList<>();
    starts.add(options.base);
    for (String p : options.paths) {
      starts.add(options.base.resolve(p));
    }
    for (URI s : starts) {
      if (seen.add(key(s))) {
        queue.add(s);
        depths.add(0);
      }
    }
    int visited = 0;
    while (!queue.isEmpty() && visited < options.maxPages) {
      URI uri = queue.poll();
      int depth = depths.poll();
      Visit v = visit(uri, depth);
      visited++;
      pages.add(v.page());
      if (!options.quiet) {
        long problems = v.page().cookies().stream().filter(Model.CookieSeen::problem).count()
            + v.page().hosts().stream().filter(Model.HostSeen::problem).count();
        progress.printf("[%d/%d] %s %s ... %d cookies, %d third-party hosts%s%n", visited, options.maxPages, state.id(),
            v.page().path(), v.page().cookies().size(), v.page().hosts().size(), problems > 0 ? ", " + problems + " findings" : "");
      }
      if (depth >= options.maxDepth) {
        continue;
      }
      for (URI link : v.links()) {
        if (sameOrigin(link) && !link.getPath().startsWith("/cookie-gate/") && seen.add(key(link))) {
          queue.add(link);
          depths.add(depth + 1);
        }
      }
    }
    if (!queue.isEmpty()) {
      notes.add("stopped at --max-pages " + options.maxPages + " with " + queue.size() + " linked pages not visited");
    }
    return new StateResult(state, pages, List.copyOf(notes), (System.nanoTime() - start) / 1_000_000, storage());
  }

  /** The web storage keys seen in this state, in the order they appeared; none where the mode cannot see them. */
  List<Model.StorageSeen> storage() {
    return List.of();
  }

  boolean sameOrigin(URI u) {
    URI b = options.base;
    return u.getScheme() != null && u.getScheme().equalsIgnoreCase(b.getScheme()) && u.getHost() != null
        && u.getHost().equalsIgnoreCase(b.getHost()) && port(u) == port(b);
  }

  /** Whether a URL is on another host than the site (ports ignored, as cookies ignore them). */
  boolean thirdParty(URI u) {
    return u.getHost() != null && !u.getHost().equalsIgnoreCase(options.base.getHost());
  }

  static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** The page without its fragment, as the crawl's identity of a page. */
  static String key(URI u) {
    String s = u.toString();
    int hash = s.indexOf('#');
    return (hash < 0 ? s : s.substring(0, hash)).toLowerCase(Locale.ROOT);
  }

  static URI withoutFragment(URI u) {
    return URI.create(u.toString().split("#", 2)[0]);
  }

  static String pathOf(URI u) {
    return (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /** A URL for the report: scheme, host, port and path, never the query (it may carry identifiers). */
  static String shown(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
