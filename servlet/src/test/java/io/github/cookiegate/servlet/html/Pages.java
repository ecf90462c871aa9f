package io.github.cookiegate.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test fixtures: a decider over part of chat-hosts.csv, vendor snippets, and a recording run. */
final class Pages {
  private Pages() {
  }

  static final Map<String, String> HOSTS = Map.ofEntries(
      Map.entry("widget.intercom.io", "chat"),
      Map.entry("js.intercomcdn.com", "chat"),
      Map.entry("api-iam.intercom.io", "chat"),
      Map.entry("*.intercom-messenger.com", "chat"),
      Map.entry("client.crisp.chat", "chat"),
      Map.entry("embed.tawk.to", "chat"),
      Map.entry("code.tidio.co", "chat"),
      Map.entry("js.driftt.com", "chat"),
      Map.entry("static.zdassets.com", "chat"),
      Map.entry("*.zendesk.com", "chat"),
      Map.entry("js.hs-scripts.com", "chat"),
      Map.entry("www.googletagmanager.com", "analytics"),
      Map.entry("www.google-analytics.com", "analytics"),
      Map.entry("connect.facebook.net", "marketing"),
      Map.entry("www.facebook.com", "marketing"));

  static Optional<String> categoryOfHost(String host) {
    String exact = HOSTS.get(host);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Map.Entry<String, String> e : HOSTS.entrySet()) {
      if (e.getKey().startsWith("*.") && host.endsWith(e.getKey().substring(1))) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** A decider allowing only the given categories (and "necessary"). */
  static HtmlRewriter.Decider allowing(String... categories) {
    Set<String> allowed = Set.of(categories);
    return HtmlRewriter.Decider.of(Pages::categoryOfHost, c -> c.equals("necessary") || allowed.contains(c));
  }

  static final class Run implements HtmlRewriter.Listener {
    final StringWriter sink = new StringWriter();
    final List<HtmlRewriter.Neutralised> events = new ArrayList<>();
    final List<String[]> rewrites = new ArrayList<>();
    final List<String> unscanned = new ArrayList<>();
    final List<RuntimeException> failures = new ArrayList<>();
    final HtmlRewriter writer;

    Run(HtmlRewriter.Decider decider, int limit) {
      writer = HtmlRewriter.wrap(sink, decider, this, limit, (o, n) -> rewrites.add(new String[] {o, n}));
    }

    @Override
    public void neutralised(HtmlRewriter.Neutralised element) {
      events.add(element);
    }

    @Override
    public void unscanned(String tagName, int length) {
      unscanned.add(tagName);
    }

    @Override
    public void failed(RuntimeException cause) {
      failures.add(cause);
    }

    String output() {
      return sink.toString();
    }
  }

  /** Writes the page cut at the given offsets, then closes. */
  static Run rewrite(String html, HtmlRewriter.Decider decider, int... cuts) {
    return rewriteWithLimit(html, decider, HtmlRewriter.MAX_ELEMENT, cuts);
  }

  static Run rewriteWithLimit(String html, HtmlRewriter.Decider decider, int limit, int... cuts) {
    Run run = new Run(decider, limit);
    try {
      int from = 0;
      for (int cut : cuts) {
        run.writer.write(html, from, cut - from);
        from = cut;
      }
      run.writer.write(html, from, html.length() - from);
      run.writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(run.failures).isEmpty();
    return run;
  }

  /** Writes the page in chunks of the given size, as char arrays. */
  static Run rewriteInChunks(String html, HtmlRewriter.Decider decider, int chunk) {
    Run run = new Run(decider, HtmlRewriter.MAX_ELEMENT);
    try {
      char[] all = html.toCharArray();
      for (int i = 0; i < all.length; i += chunk) {
        run.writer.write(all, i, Math.min(chunk, all.length - i));
      }
      run.writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(run.failures).isEmpty();
    return run;
  }

  /**
   * Asserts that each rewrite restores byte for byte, and that putting every original tag back
   * into the output gives the input: nothing else changed.
   */
  static void assertOnlyRestorableChanges(String input, Run run) {
    StringBuilder rebuilt = new StringBuilder();
    String out = run.output();
    int from = 0;
    for (String[] r : run.rewrites) {
      assertThat(HtmlRewriter.restore(r[1])).as("restore(%s)", r[1]).isEqualTo(r[0]);
      int at = out.indexOf(r[1], from);
      assertThat(at).as("neutralised tag in output: %s", r[1]).isGreaterThanOrEqualTo(0);
      rebuilt.append(out, from, at).append(r[0]);
      from = at + r[1].length();
    }
    rebuilt.append(out, from, out.length());
    assertThat(rebuilt.toString()).isEqualTo(input);
  }

  // Vendor snippets as their install guides give them, with fake ids.

  static final String INTERCOM = """
      <script>
        window.intercomSettings = {
          api_base: "https://api-iam.intercom.io",
          app_id: "abc12345"
        };
      </script>
      <script>
        // We pre-filled your app ID in the widget URL: 'https://widget.intercom.io/widget/abc12345'
        (function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('reattach_activator');ic('update',w.intercomSettings);}else{var d=document;var i=function(){i.c(arguments);};i.q=[];i.c=function(args){i.q.push(args);};w.Intercom=i;var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src='https://widget.intercom.io/widget/' + APP_ID;var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s, x);};if(document.readyState==='complete'){l();}else if(w.attachEvent){w.attachEvent('onload',l);}else{w.addEventListener('load',l,false);}}})();
      </script>
      """;

  static final String CRISP = """
      <script type="text/javascript">window.$crisp=[];window.CRISP_WEBSITE_ID="00000000-1111-2222-3333-444444444444";(function(){d=document;s=d.createElement("script");s.src="https://client.crisp.chat/l.js";s.async=1;d.getElementsByTagName("head")[0].appendChild(s);})();</script>
      """;

  static final String TAWK = """
      <!--Start of Tawk.to Script-->
      <script type="text/javascript">
      var Tawk_API=Tawk_API||{}, Tawk_LoadStart=new Date();
      (function(){
      var s1=document.createElement("script"),s0=document.getElementsByTagName("script")[0];
      s1.async=true;
      s1.src='https://embed.tawk.to/0123456789abcdef01234567/1abcdefgh';
      s1.charset='UTF-8';
      s1.setAttribute('crossorigin','*');
      s0.parentNode.insertBefore(s1,s0);
      })();
      </script>
      <!--End of Tawk.to Script-->
      """;

  static final String TIDIO = """
      <script src="//code.tidio.co/abcdefghijklmnopqrstuvwxyz012345.js" async></script>
      """;

  static final String DRIFT = """
      <!-- Start of Async Drift Code -->
      <script>
      "use strict";

      !function() {
        var t = window.driftt = window.drift = window.driftt || [];
        if (!t.init) {
          if (t.invoked) return void (window.console && console.error && console.error("Drift snippet included twice."));
          t.invoked = !0, t.methods = [ "identify", "config", "track", "reset", "debug", "show", "ping", "page", "hide", "off", "on" ],
          t.factory = function(e) {
            return function() {
              var n = Array.prototype.slice.call(arguments);
              return n.unshift(e), t.push(n), t;
            };
          }, t.methods.forEach(function(e) {
            t[e] = t.factory(e);
          }), t.load = function(t) {
            var e = 3e5, n = Math.ceil(new Date() / e) * e, o = document.createElement("script");
            o.type = "text/javascript", o.async = !0, o.crossorigin = "anonymous", o.src = "https://js.driftt.com/include/" + n + "/" + t + ".js";
            var i = document.getElementsByTagName("script")[0];
            i.parentNode.insertBefore(o, i);
          };
        }
      }();
      drift.SNIPPET_VERSION = '0.3.1';
      drift.load('abcd1234efgh');
      </script>
      <!-- End of Async Drift Code -->
      """;

  static final String ZENDESK = """
      <!-- Start of example Zendesk Widget script -->
      <script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=00000000-aaaa-bbbb-cccc-000000000000"> </script>
      <!-- End of example Zendesk Widget script -->
      """;

  static final String HUBSPOT = """
      <!-- Start of HubSpot Embed Code -->
      <script type="text/javascript" id="hs-script-loader" async defer src="//js.hs-scripts.com/1234567.js"></script>
      <!-- End of HubSpot Embed Code -->
      """;

  static final String GTAG = """
      <!-- Google tag (gtag.js) -->
      <script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXXXXXXXX"></script>
      <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());

        gtag('config', 'G-XXXXXXXXXX');
      </script>
      """;

  static String page(String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Shop &amp; chat</title>\n"
        + "<link rel=\"stylesheet\" href=\"/css/site.css\">\n</head>\n<body>\n<h1>Welcome</h1>\n"
        + "<p>Questions? <button data-cookie-gate-activate>Chat with us</button></p>\n"
        + body + "</body>\n</html>\n";
  }
}
