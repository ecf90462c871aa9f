package io.github.cookiegate.scan;

import java.util.List;

/** The scan's results, as the report shows them (never a cookie value). */
final class Model {

  private Model() {}

  /** A cookie the page stored (by a {@code Set-Cookie} header or, in the browser, by any means). */
  record CookieSeen(String name, String domain, String path, List<String> attributes, String source, boolean deletion,
      String category, String vendor, String rule, boolean problem, String why) {}

  /**
   * A third-party host the page referenced or the browser contacted; {@code status} is {@code loaded}
   * (an element in the HTML that the browser fetches), {@code held} (neutralised by cookie-gate) or
   * {@code requested} (seen in the browser's network log).
   */
  record HostSeen(String host, String url, String how, String status, String category, String vendor, boolean problem,
      String why) {}

  /** One page fetched in one state. */
  record PageResult(String url, String path, int depth, int status, String contentType, long bytes, boolean truncated,
      String error, List<CookieSeen> cookies, List<HostSeen> hosts, String screenshot, long millis) {}

  /**
   * A web storage key the browser held for the site ({@code localStorage} or {@code sessionStorage},
   * read through the browser), first seen after loading {@code page}; never its value.
   */
  record StorageSeen(String area, String key, String page, String category, String vendor, String rule, boolean problem,
      String why) {}

  /** Every page of one state, and the web storage keys seen in it (browser mode only). */
  record StateResult(ScanState state, List<PageResult> pages, List<String> notes, long millis, List<StorageSeen> storage) {}

  /** A problem: what, where, in which state, and why. */
  record Finding(String state, String page, String kind, String name, String category, String vendor, String why,
      boolean failing) {}
}
