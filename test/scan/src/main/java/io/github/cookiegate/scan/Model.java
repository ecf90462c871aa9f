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

  /** Every page of one state. */
  record StateResult(ScanState state, List<PageResult> pages, List<String> notes, long millis) {}

  /** A problem: what, where, in which state, and why. */
  record Finding(String state, String page, String kind, String name, String category, String vendor, String why,
      boolean failing) {}
}
