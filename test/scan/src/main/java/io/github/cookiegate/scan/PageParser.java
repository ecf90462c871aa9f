package io.github.cookiegate.scan;

import io.github.cookiegate.internal.html.CharRefs;
import io.github.cookiegate.internal.html.Loads;
import io.github.cookiegate.internal.html.PageRewriter;
import io.github.cookiegate.internal.html.StartTag;
import io.github.cookiegate.internal.html.Urls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an HTML page with cookie-gate's own reader (the filter's tokenizer and table of what
 * loads), for the scanner's two questions: which same-site pages it links to, and which URLs it
 * makes the browser fetch (or holds, neutralised by cookie-gate). Never throws on malformed input;
 * bounded by the input's length.
 */
final class PageParser {

  /** A URL the page references: how (element and attribute), and whether cookie-gate holds it. */
  record Ref(String element, String attribute, String url, boolean held, String heldCategory) {}

  /** What a page links to and what it loads. */
  record Parsed(List<String> links, List<Ref> refs) {}

  static final String HELD_PREFIX = StartTag.PREFIX;
  /** Inline script text read for host names, as cookie-gate's rewriter reads it. */
  static final int MAX_INLINE = PageRewriter.MAX_ELEMENT;

  private PageParser() {}

  /**
   * Parses a page with cookie-gate's own reader and table of what loads (see the project's
   * docs/html-rewriting.md); URLs are returned as written (entities decoded), not resolved, except
   * that a relative one is resolved against the page's {@code <base href>} when it has one.
   */
  static Parsed parse(String html) {
    List<String> links = new ArrayList<>();
    List<Ref> refs = new ArrayList<>();
    PageRewriter reader = PageRewriter.wrap(Writer.nullWriter(),
        PageRewriter.Decider.of(h -> Optional.empty(), c -> true), PageRewriter.Listener.none());
    String[] baseHref = {null};
    reader.observe(new PageRewriter.Observer() {
      private StartTag lastScript;
      private final Set<String> once = new HashSet<>();

      @Override
      public void startTag(StartTag tag, boolean inert, Urls.Base base) {
        if (inert) {
          return;
        }
        String name = tag.lowerName();
        if (name.equals("base") && baseHref[0] == null && tag.has("href")) {
          baseHref[0] = tag.decodedValue("href");
        }
        if ((name.equals("a") || name.equals("area")) && tag.has("href")) {
          links.add(tag.decodedValue("href"));
        }
        String held = tag.decodedValue("data-cookie-gate");
        Loads.urls(tag, name, false, (attribute, url) -> {
          if (!url.isBlank()) {
            refs.add(new Ref(name, attribute, based(url, base, baseHref[0]), false, null));
          }
        });
        Loads.urls(tag, name, true, (attribute, url) -> {
          if (!url.isBlank()) {
            refs.add(new Ref(name, attribute, based(url, base, baseHref[0]), true, held == null ? "" : held));
          }
        });
      }

      @Override
      public void inlineScriptHost(StartTag script, String host) {
        if (script != lastScript) {
          lastScript = script;
          once.clear();
        }
        String type = script.value("type");
        boolean held = script.has("data-cookie-gate") && !Loads.scriptRuns(type);
        if (once.add(host)) {
          refs.add(new Ref("script", "inline", "//" + host + "/", held, held ? script.decodedValue("data-cookie-gate") : null));
        }
      }
    });
    try {
      reader.write(html);
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Parsed(links, refs);
  }

  /** A relative URL against the page's base href, when the base names another host. */
  private static String based(String url, Urls.Base base, String baseHref) {
    if (base.host() == null || baseHref == null || Urls.host(url, Urls.Base.DOCUMENT) != null) {
      return url;
    }
    try {
      return URI.create(encodeSpaces(baseHref.strip())).resolve(encodeSpaces(url)).toString();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /** Decodes character references as the HTML tokenizer does in attribute values. */
  static String decode(String v) {
    return CharRefs.decodeAttribute(v);
  }

  /** Resolves a reference against the page, or null when it is no http(s) URL. */
  static URI resolve(URI page, String ref) {
    try {
      String r = ref.strip();
      URI u = page.resolve(new URI(encodeSpaces(r)));
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      // an unparseable URL loads nothing the scanner can name
    }
    return null;
  }

  private static String encodeSpaces(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
        b.append('%').append(String.format("%02X", (int) c));
      } else if (c > 0x7e || c < 0x20) {
        for (byte x : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
          b.append('%').append(String.format("%02X", x & 0xff));
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
