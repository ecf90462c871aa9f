package io.github.cookiegate.scan;

import io.github.cookiegate.internal.text.Text;
import io.github.cookiegate.scan.Model.CookieSeen;
import io.github.cookiegate.scan.Model.Finding;
import io.github.cookiegate.scan.Model.HostSeen;
import io.github.cookiegate.scan.Model.PageResult;
import io.github.cookiegate.scan.Model.StateResult;
import io.github.cookiegate.scan.Model.StorageSeen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The scan's outcome: {@code report.json} (schema version {@value #VERSION}; fields are only ever
 * added within a version) and a self-contained {@code report.html} for a DPO.
 */
final class Report {

  static final int VERSION = 1;

  final Options options;
  final Instant started;
  final List<StateResult> states;
  final List<Finding> findings = new ArrayList<>();
  final long millis;
  final Map<String, byte[]> screenshots;

  Report(Options options, Instant started, List<StateResult> states, long millis, Map<String, byte[]> screenshots) {
    this.options = options;
    this.started = started;
    this.states = states;
    this.millis = millis;
    this.screenshots = screenshots;
    for (StateResult s : states) {
      for (PageResult p : s.pages()) {
        for (CookieSeen c : p.cookies()) {
          if (c.problem()) {
            findings.add(new Finding(s.state().id(), p.path(), "cookie", c.name(), c.category(), c.vendor(), c.why(),
                options.failOn.matches(s.state().id(), c.category())));
          }
        }
        for (HostSeen h : p.hosts()) {
          if (h.problem()) {
            findings.add(new Finding(s.state().id(), p.path(), "host", h.host(), h.category(), h.vendor(), h.why(),
                options.failOn.matches(s.state().id(), h.category())));
          }
        }
      }
      for (StorageSeen k : s.storage()) {
        if (k.problem()) {
          findings.add(new Finding(s.state().id(), k.page(), "storage", k.key(), k.category(), k.vendor(), k.why(),
              options.failOn.matches(s.state().id(), k.category())));
        }
      }
    }
  }

  boolean failed() {
    return findings.stream().anyMatch(Finding::failing);
  }

  int pages() {
    return states.stream().mapToInt(s -> (int) s.pages().stream().filter(p -> p.depth() >= 0).count()).sum();
  }

  double pagesPerSecond() {
    long crawl = states.stream().mapToLong(StateResult::millis).sum();
    return crawl == 0 ? 0 : pages() * 1000.0 / crawl;
  }

  // ---------------------------------------------------------------- JSON

  String json() {
    StringBuilder b = new StringBuilder(4096);
    b.append("{\n  \"version\": ").append(VERSION);
    field(b, "tool", "cookie-gate-scan");
    field(b, "base", options.base.toString());
    field(b, "mode", options.browser ? "browser" : "http");
    field(b, "startedAt", started.toString());
    b.append(",\n  \"durationMillis\": ").append(millis);
    b.append(",\n  \"pagesVisited\": ").append(pages());
    b.append(",\n  \"pagesPerSecond\": ").append(String.format(java.util.Locale.ROOT, "%.2f", pagesPerSecond()));
    field(b, "failOn", options.failOn.toString());
    b.append(",\n  \"failed\": ").append(failed());
    b.append(",\n  \"exitCode\": ").append(failed() ? 1 : 0);
    b.append(",\n  \"findings\": [");
    String sep = "\n    ";
    for (Finding f : findings) {
      b.append(sep).append('{');
      kv(b, "state", f.state(), true);
      kv(b, "page", f.page(), false);
      kv(b, "kind", f.kind(), false);
      kv(b, "name", f.name(), false);
      kv(b, "category", f.category(), false);
      kv(b, "vendor", f.vendor(), false);
      b.append(", \"failing\": ").append(f.failing());
      kv(b, "why", f.why(), false);
      b.append('}');
      sep = ",\n    ";
    }
    b.append(findings.isEmpty() ? "]" : "\n  ]");
    b.append(",\n  \"states\": [");
    sep = "\n    ";
    for (StateResult s : states) {
      b.append(sep).append('{');
      kv(b, "id", s.state().id(), true);
      kv(b, "description", s.state().description(), false);
      b.append(", \"millis\": ").append(s.millis());
      b.append(", \"notes\": ");
      strings(b, s.notes());
      b.append(", \"pages\": [");
      String psep = "\n      ";
      for (PageResult p : s.pages()) {
        b.append(psep).append('{');
        kv(b, "url", p.url(), true);
        kv(b, "path", p.path(), false);
        b.append(", \"depth\": ").append(p.depth()).append(", \"status\": ").append(p.status());
        kv(b, "contentType", p.contentType(), false);
        b.append(", \"bytes\": ").append(p.bytes()).append(", \"truncated\": ").append(p.truncated());
        kv(b, "error", p.error(), false);
        kv(b, "screenshot", p.screenshot(), false);
        b.append(", \"millis\": ").append(p.millis());
        b.append(",\n        \"cookies\": [");
        String csep = "";
        for (CookieSeen c : p.cookies()) {
          b.append(csep).append("\n          {");
          kv(b, "name", c.name(), true);
          kv(b, "domain", c.domain(), false);
          kv(b, "path", c.path(), false);
          b.append(", \"attributes\": ");
          strings(b, c.attributes());
          kv(b, "source", c.source(), false);
          b.append(", \"deletion\": ").append(c.deletion());
          kv(b, "category", c.category(), false);
          kv(b, "vendor", c.vendor(), false);
          kv(b, "rule", c.rule(), false);
          b.append(", \"problem\": ").append(c.problem());
          kv(b, "why", c.why(), false);
          b.append('}');
          csep = ",";
        }
        b.append("],\n        \"hosts\": [");
        String hsep = "";
        for (HostSeen h : p.hosts()) {
          b.append(hsep).append("\n          {");
          kv(b, "host", h.host(), true);
          kv(b, "url", h.url(), false);
          kv(b, "how", h.how(), false);
          kv(b, "status", h.status(), false);
          kv(b, "category", h.category(), false);
          kv(b, "vendor", h.vendor(), false);
          b.append(", \"problem\": ").append(h.problem());
          kv(b, "why", h.why(), false);
          b.append('}');
          hsep = ",";
        }
        b.append("]}");
        psep = ",\n      ";
      }
      b.append("],\n      \"storage\": [");
      String ssep = "";
      for (StorageSeen k : s.storage()) {
        b.append(ssep).append("\n        {");
        kv(b, "area", k.area(), true);
        kv(b, "key", k.key(), false);
        kv(b, "page", k.page(), false);
        kv(b, "category", k.category(), false);
        kv(b, "vendor", k.vendor(), false);
        kv(b, "rule", k.rule(), false);
        b.append(", \"problem\": ").append(k.problem());
        kv(b, "why", k.why(), false);
        b.append('}');
        ssep = ",";
      }
      b.append("]}");
      sep = ",\n    ";
    }
    b.append("\n  ]\n}\n");
    return b.toString();
  }

  private static void field(StringBuilder b, String k, String v) {
    b.append(",\n  ");
    kv(b, k, v, true);
  }

  private static void kv(StringBuilder b, String k, String v, boolean first) {
    if (!first) {
      b.append(", ");
    }
    b.append('"').append(k).append("\": ");
    if (v == null) {
      b.append("null");
    } else {
      quote(b, v);
    }
  }

  private static void strings(StringBuilder b, Collection<String> vs) {
    b.append('[');
    String sep = "";
    for (String v : vs) {
      b.append(sep);
      quote(b, v);
      sep = ", ";
    }
    b.append(']');
  }

  /** JSON string, ASCII only (RFC 8259 section 7): the library's one writer. */
  static void quote(StringBuilder b, String s) {
    Text.jsonString(b, s);
  }

  // ---------------------------------------------------------------- HTML

  String html() {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cookie scan of ")
        .append(esc(options.base.toString())).append("</title>\n<style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:80rem;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}")
        .append("th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}th{background:#f3f3f3}")
        .append(".bad{background:#fde8e8}.ok{color:#176b2c}.fail{color:#a10000;font-weight:600}.held{color:#555}")
        .append("img{max-width:100%;border:1px solid #999}code{font-size:90%}")
        .append("</style></head><body>\n");
    b.append("<h1>Cookie and tracker scan</h1>\n<p>Site: <code>").append(esc(options.base.toString()))
        .append("</code>. Scanned ").append(esc(started.toString())).append(" in ")
        .append(options.browser ? "a headless Chromium browser (cookies written by scripts and every request the page made count)"
            : "HTTP mode (the cookies the server sends and the third-party elements in each page's HTML)")
        .append(": ").append(pages()).append(" page visits in ").append(states.size()).append(" visitor states, ")
        .append(String.format(java.util.Locale.ROOT, "%.1f", pagesPerSecond())).append(" pages per second.</p>\n");
    long failing = findings.stream().filter(Finding::failing).count();
    b.append(failed()
        ? "<p class=\"fail\">Result: " + failing + " finding" + (failing == 1 ? "" : "s") + " fail this scan (rule: "
            + esc(options.failOn.toString()) + ").</p>\n"
        : "<p class=\"ok\">Result: nothing fails this scan (rule: " + esc(options.failOn.toString()) + ").</p>\n");
    b.append("<p>How to read this: each visitor state below is a fresh browser. A <b>finding</b> is a cookie stored, or a"
        + " tracker loaded, that this visitor has not allowed: before the chat is opened only strictly necessary cookies may"
        + " be stored; opening the chat allows chat cookies only; every other category needs the visitor's consent to it."
        + " A <i>held</i> element is one cookie-gate kept from loading until activation or consent: it is not a load.</p>\n");

    b.append("<h2>Findings</h2>\n");
    if (findings.isEmpty()) {
      b.append("<p class=\"ok\">None.</p>\n");
    } else {
      b.append("<table><caption>Findings (offending pages)</caption><tr><th scope=\"col\">state</th><th scope=\"col\">page</th>"
          + "<th scope=\"col\">what</th><th scope=\"col\">category</th><th scope=\"col\">vendor</th><th scope=\"col\">why it is a problem</th>"
          + "<th scope=\"col\">fails the scan</th></tr>\n");
      for (Finding f : findings) {
        b.append("<tr class=\"bad\"><td>").append(esc(f.state())).append("</td><td><code>").append(esc(f.page()))
            .append("</code></td><td>").append(esc(f.kind())).append(" <code>")
            .append(esc(f.name())).append("</code></td><td>").append(esc(f.category())).append("</td><td>")
            .append(esc(f.vendor() == null ? "not known" : f.vendor())).append("</td><td>").append(esc(f.why()))
            .append("</td><td>").append(f.failing() ? "yes" : "no").append("</td></tr>\n");
      }
      b.append("</table>\n");
    }

    for (StateResult s : states) {
      b.append("<h2 id=\"state-").append(esc(s.state().id())).append("\">State <code>").append(esc(s.state().id()))
          .append("</code>: ").append(esc(s.state().description())).append("</h2>\n");
      for (String n : s.notes()) {
        b.append("<p>Note: ").append(esc(n)).append("</p>\n");
      }
      b.append("<table class=\"state\" data-state=\"").append(esc(s.state().id())).append("\"><caption>")
          .append(esc(s.state().id())).append(": cookies and third-party hosts per page</caption>")
          .append("<tr><th scope=\"col\">page</th><th scope=\"col\">kind</th><th scope=\"col\">name or host</th>")
          .append("<th scope=\"col\">category</th><th scope=\"col\">vendor</th><th scope=\"col\">details</th><th scope=\"col\">verdict</th></tr>\n");
      for (PageResult p : s.pages()) {
        String page = "<code>" + esc(p.path()) + "</code>" + (p.error() != null ? " (error: " + esc(p.error()) + ")"
            : p.status() != 200 ? " (HTTP " + p.status() + ")" : "");
        if (p.cookies().isEmpty() && p.hosts().isEmpty()) {
          b.append("<tr><td>").append(page).append("</td><td colspan=\"6\">no cookie stored, no third-party host</td></tr>\n");
        }
        for (CookieSeen c : p.cookies()) {
          b.append(c.problem() ? "<tr class=\"bad\">" : "<tr>").append("<td>").append(page).append("</td><td>cookie</td><td><code>")
              .append(esc(c.name())).append("</code> on ").append(esc(c.domain())).append("</td><td>").append(esc(c.category()))
              .append("</td><td>").append(esc(c.vendor() == null ? "" : c.vendor())).append("</td><td>")
              .append(esc(String.join("; ", c.attributes()))).append(c.source().equals("browser") ? " (in the browser's jar)" : "")
              .append("</td><td>").append(c.deletion() ? "deleted" : c.problem() ? esc(c.why()) : "allowed").append("</td></tr>\n");
        }
        for (HostSeen h : p.hosts()) {
          b.append(h.problem() ? "<tr class=\"bad\">" : "<tr>").append("<td>").append(page).append("</td><td>host</td><td><code>")
              .append(esc(h.host())).append("</code></td><td>").append(esc(h.category())).append("</td><td>")
              .append(esc(h.vendor() == null ? "" : h.vendor())).append("</td><td>").append(esc(h.status())).append(", ")
              .append(esc(h.how())).append("</td><td>")
              .append(h.problem() ? esc(h.why()) : h.status().equals("held") ? "<span class=\"held\">held by cookie-gate: not loaded</span>"
                  : h.category().equals(Judge.UNCLASSIFIED) ? "not in the catalog: check what it is" : "allowed")
              .append("</td></tr>\n");
        }
      }
      b.append("</table>\n");
      storageTable(b, s);
    }

    if (!screenshots.isEmpty()) {
      b.append("<h2>Screenshots</h2>\n<table class=\"screenshots\"><caption>Each page before and after activation</caption>"
          + "<tr><th scope=\"col\">page</th><th scope=\"col\">state</th><th scope=\"col\">screenshot</th></tr>\n");
      for (StateResult s : states) {
        for (PageResult p : s.pages()) {
          byte[] png = p.screenshot() == null ? null : screenshots.get(p.screenshot());
          if (png != null) {
            b.append("<tr><td><code>").append(esc(p.path())).append("</code></td><td>").append(esc(s.state().id()))
                .append("</td><td><img alt=\"").append(esc(p.path())).append(" in state ").append(esc(s.state().id()))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\"></td></tr>\n");
          }
        }
      }
      b.append("</table>\n");
    }
    b.append("<p>Generated by cookie-gate-scan, report schema version ").append(VERSION).append(".</p>\n</body></html>\n");
    return b.toString();
  }

  /** The web storage keys of one state (browser mode): names only, never values. */
  private void storageTable(StringBuilder b, StateResult s) {
    if (!options.browser) {
      return;
    }
    b.append("<table class=\"storage\" data-state=\"").append(esc(s.state().id())).append("\"><caption>")
        .append(esc(s.state().id())).append(": web storage (localStorage and sessionStorage keys, values not shown)</caption>")
        .append("<tr><th scope=\"col\">first seen after</th><th scope=\"col\">area</th><th scope=\"col\">key</th>")
        .append("<th scope=\"col\">category</th><th scope=\"col\">vendor</th><th scope=\"col\">verdict</th></tr>\n");
    if (s.storage().isEmpty()) {
      b.append("<tr><td colspan=\"6\">no key stored</td></tr>\n");
    }
    for (StorageSeen k : s.storage()) {
      b.append(k.problem() ? "<tr class=\"bad\">" : "<tr>").append("<td><code>").append(esc(k.page()))
          .append("</code></td><td>").append(esc(k.area())).append("</td><td><code>").append(esc(k.key()))
          .append("</code></td><td>").append(esc(k.category())).append("</td><td>")
          .append(esc(k.vendor() == null ? "" : k.vendor())).append("</td><td>")
          .append(k.problem() ? esc(k.why()) : k.category().equals(Judge.UNCLASSIFIED)
              ? "no storage rule names it: the site's own key, left alone" : "allowed")
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
