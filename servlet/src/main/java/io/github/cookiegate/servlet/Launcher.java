package io.github.cookiegate.servlet;

import io.github.cookiegate.CookieGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The chat launcher the page rewriter inserts where it held a chat vendor and the page has no
 * {@code data-cookie-gate-activate} element of its own: a native button in the window's corner
 * with a chat icon, its label (shown on hover and focus, always its accessible name) and, under
 * it, one line saying what opening the chat lets the vendor do, with a link to the cookie
 * declaration. No inline style or script: its stylesheet is served by the filter beside gate.js
 * (the same bytes for every visitor, cacheable), and gate.js handles the click.
 *
 * <p>Texts come from one resource per language ({@code launcher/<lang>.properties}); the language
 * is the page's {@code <html lang>} when it is one of those, else the first of them in
 * {@code Accept-Language}, else English; {@code launcher.label} overrides the label.
 */
final class Launcher {

  /** The languages the launcher speaks; the first is the fallback. */
  static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "nl");

  /** The longest Accept-Language header read, and the most language ranges read from it. */
  private static final int MAX_ACCEPT_LANGUAGE = 512;
  private static final int MAX_RANGES = 16;

  /** One language's texts. */
  record Texts(String label, String notice, String someone, String details) {
  }

  private static final Map<String, Texts> TEXTS = load();

  private Launcher() {}

  /** The stylesheet's path: {@code launcher.css} in the directory of {@code gate-script-path}. */
  static String stylesheetPath(CookieGate gate) {
    String script = gate.gateScriptPath();
    return script.substring(0, script.lastIndexOf('/') + 1) + "launcher.css";
  }

  /** The stylesheet for this gate's position and colour: built once per filter, the same for every page. */
  static StaticBody stylesheet(CookieGate gate) {
    String bg = expand(gate.launcherColor());
    String fg = foreground(bg);
    boolean left = gate.launcherPosition() == CookieGate.LauncherPosition.BOTTOM_LEFT;
    String side = left ? "left" : "right";
    String css = """
        /* cookie-gate chat launcher */
        .cookie-gate-launcher{position:fixed;bottom:1rem;SIDE:1rem;z-index:2147483000;display:flex;\
        flex-direction:column;align-items:ALIGN;gap:.5rem;max-width:calc(100vw - 2rem);margin:0;padding:0;\
        font:400 14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;text-align:start}
        .cookie-gate-launcher[hidden]{display:none}
        .cookie-gate-launcher-button{position:relative;display:flex;align-items:center;justify-content:center;\
        box-sizing:border-box;width:3.5rem;height:3.5rem;margin:0;padding:0;border:0;border-radius:50%;\
        background:BG;color:FG;cursor:pointer;box-shadow:0 4px 12px rgba(0,0,0,.25);\
        transition:transform .15s ease-out}
        .cookie-gate-launcher-button:hover{transform:scale(1.06)}
        .cookie-gate-launcher-button:focus{outline:3px solid BG;outline-offset:3px}
        .cookie-gate-launcher-button:focus:not(:focus-visible){outline:none}
        .cookie-gate-launcher-button:focus-visible{outline:3px solid BG;outline-offset:3px;\
        box-shadow:0 0 0 3px #fff,0 4px 12px rgba(0,0,0,.25)}
        .cookie-gate-launcher-button svg{width:1.75rem;height:1.75rem;fill:currentColor;pointer-events:none}
        .cookie-gate-launcher-label{position:absolute;OPPOSITE:calc(100% + .75rem);top:50%;\
        transform:translateY(-50%);white-space:nowrap;padding:.375rem .75rem;border-radius:1rem;background:BG;\
        color:FG;font-weight:600;box-shadow:0 2px 8px rgba(0,0,0,.2);opacity:0;pointer-events:none;\
        transition:opacity .15s ease-out}
        .cookie-gate-launcher-button:hover .cookie-gate-launcher-label,\
        .cookie-gate-launcher-button:focus-visible .cookie-gate-launcher-label{opacity:1}
        .cookie-gate-launcher-notice{margin:0;max-width:17rem;padding:.5rem .75rem;border-radius:.5rem;\
        background:#fff;color:#1f2937;box-shadow:0 2px 8px rgba(0,0,0,.2);font-size:13px}
        .cookie-gate-launcher-notice a{color:#1d4ed8;text-decoration:underline}
        .cookie-gate-launcher-notice a:focus-visible{outline:2px solid #1d4ed8;outline-offset:2px}
        @media (prefers-reduced-motion:reduce){.cookie-gate-launcher-button,.cookie-gate-launcher-label{transition:none}\
        .cookie-gate-launcher-button:hover{transform:none}}
        """
        .replace("OPPOSITE", left ? "left" : "right").replace("SIDE", side)
        .replace("ALIGN", left ? "flex-start" : "flex-end").replace("BG", bg).replace("FG", fg);
    return new StaticBody(css.getBytes(StandardCharsets.UTF_8), "text/css;charset=UTF-8");
  }

  /**
   * The launcher's markup for one page: a {@code <link>} to the stylesheet (with the page policy's
   * style nonce, when it has one) and the launcher itself, in {@code language}, naming {@code vendor}
   * (null: "our chat provider" in that language).
   */
  static String markup(CookieGate gate, String contextPath, String language, String vendor, String styleNonce) {
    String lang = TEXTS.containsKey(language) ? language : LANGUAGES.get(0);
    Texts t = TEXTS.get(lang);
    String label = gate.launcherLabel().orElse(t.label());
    String who = vendor == null ? t.someone() : vendor;
    StringBuilder sb = new StringBuilder(1024);
    sb.append("\n<link rel=\"stylesheet\" href=\"").append(contextPath).append(stylesheetPath(gate)).append('"');
    if (styleNonce != null) {
      sb.append(" nonce=\"").append(styleNonce).append('"');
    }
    sb.append(">\n<aside class=\"cookie-gate-launcher\" data-cookie-gate-launcher lang=\"").append(lang)
        .append("\" aria-label=\"");
    escape(sb, label);
    sb.append("\">\n<button type=\"button\" class=\"cookie-gate-launcher-button\" data-cookie-gate-activate"
        + " aria-describedby=\"cookie-gate-launcher-notice\">"
        + "<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">"
        + "<path d=\"M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1"
        + " 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z\"/></svg>"
        + "<span class=\"cookie-gate-launcher-label\">");
    escape(sb, label);
    sb.append("</span></button>\n<p class=\"cookie-gate-launcher-notice\" id=\"cookie-gate-launcher-notice\">");
    int at = t.notice().indexOf("{vendor}");
    escape(sb, t.notice().substring(0, at));
    escape(sb, who);
    escape(sb, t.notice().substring(at + "{vendor}".length()));
    sb.append(" <a href=\"").append(contextPath).append(gate.declarationPath()).append("\">");
    escape(sb, t.details());
    return sb.append("</a></p>\n</aside>\n").toString();
  }

  /**
   * The launcher's language: the page's {@code <html lang>} when the launcher speaks it (primary
   * subtag), else the first language it speaks in {@code Accept-Language} by quality, else English.
   */
  static String language(String htmlLang, String acceptLanguage) {
    String page = primary(htmlLang);
    if (page != null && LANGUAGES.contains(page)) {
      return page;
    }
    if (acceptLanguage != null && acceptLanguage.length() <= MAX_ACCEPT_LANGUAGE) {
      String best = null;
      double bestQ = 0;
      String[] ranges = acceptLanguage.split(",", MAX_RANGES + 1);
      for (int i = 0; i < Math.min(ranges.length, MAX_RANGES); i++) {
        String[] parts = ranges[i].split(";");
        String lang = primary(parts[0]);
        double q = 1;
        for (int p = 1; p < parts.length; p++) {
          String param = parts[p].strip();
          if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
            try {
              q = Double.parseDouble(param.substring(2));
            } catch (NumberFormatException e) {
              q = 0; // malformed: ignored, as a range the client did not mean
            }
          }
        }
        if (lang != null && LANGUAGES.contains(lang) && q > bestQ && q <= 1) {
          best = lang;
          bestQ = q;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return LANGUAGES.get(0);
  }

  /** The primary subtag of a language tag, lower-case ASCII letters only, or null. */
  private static String primary(String tag) {
    if (tag == null) {
      return null;
    }
    String t = tag.strip();
    int end = 0;
    while (end < t.length() && end < 8 && isLetter(t.charAt(end))) {
      end++;
    }
    boolean whole = end == t.length() || t.charAt(end) == '-' || t.charAt(end) == '_';
    return end >= 2 && end <= 3 && whole ? t.substring(0, end).toLowerCase(Locale.ROOT) : null;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * A vendor's name as visitors know it, from the host catalog's vendor column: the part before a
   * qualifier ("Intercom (Messenger)" is Intercom, "HubSpot — chat" HubSpot, "Freshchat /
   * Freshworks" Freshchat); null when the catalog names none.
   */
  static String vendorName(String catalogVendor) {
    if (catalogVendor == null) {
      return null;
    }
    String v = catalogVendor;
    for (String cut : new String[] {" (", " \u2014 ", " - ", " / "}) {
      int at = v.indexOf(cut);
      if (at > 0) {
        v = v.substring(0, at);
      }
    }
    v = v.strip();
    return v.isEmpty() || v.length() > 60 ? null : v;
  }

  /** {@code #rgb} as {@code #rrggbb}. */
  static String expand(String color) {
    if (color.length() == 4) {
      return "#" + color.charAt(1) + color.charAt(1) + color.charAt(2) + color.charAt(2) + color.charAt(3)
          + color.charAt(3);
    }
    return color;
  }

  /**
   * White or black, whichever contrasts more with the background (WCAG 2.x contrast ratio of
   * relative luminances): at least 4.58:1 for any background, above the 4.5:1 of success criterion 1.4.3.
   */
  static String foreground(String rrggbb) {
    double l = luminance(rrggbb);
    double withWhite = 1.05 / (l + 0.05);
    double withBlack = (l + 0.05) / 0.05;
    return withWhite >= withBlack ? "#fff" : "#000";
  }

  /** The contrast ratio of two {@code #rrggbb} colours (WCAG 2.x). */
  static double contrast(String a, String b) {
    double la = luminance(expand(a));
    double lb = luminance(expand(b));
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(String rrggbb) {
    double r = channel(Integer.parseInt(rrggbb.substring(1, 3), 16));
    double g = channel(Integer.parseInt(rrggbb.substring(3, 5), 16));
    double b = channel(Integer.parseInt(rrggbb.substring(5, 7), 16));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  private static double channel(int v) {
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
  }

  private static Map<String, Texts> load() {
    Map<String, Texts> texts = new java.util.HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String lang : LANGUAGES) {
      Properties p = new Properties();
      try (InputStream in = Launcher.class.getResourceAsStream("launcher/" + lang + ".properties")) {
        if (in == null) {
          missing.add(lang);
          continue;
        }
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cookie-gate: cannot read the launcher's " + lang + " texts", e);
      }
      String notice = p.getProperty("notice", "");
      if (!notice.contains("{vendor}")) {
        throw new IllegalStateException("cookie-gate: the launcher's " + lang + " notice has no {vendor}");
      }
      texts.put(lang, new Texts(p.getProperty("label"), notice, p.getProperty("someone"), p.getProperty("details")));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cookie-gate: the launcher's texts are missing from the jar: " + missing);
    }
    return Map.copyOf(texts);
  }
}
