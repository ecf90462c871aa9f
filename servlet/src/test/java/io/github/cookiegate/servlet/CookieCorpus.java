package io.github.cookiegate.servlet;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Servlet {@link Cookie}s with odd names, values and attributes: what an application may hand to
 * {@code addCookie}. Each entry builds a fresh cookie (a Cookie is mutable).
 */
final class CookieCorpus {

  /** One cookie of the corpus, labelled for the test's display name. */
  record Entry(String label, Supplier<Cookie> cookie) {
    @Override
    public String toString() {
      return label;
    }
  }

  private CookieCorpus() {}

  private static Entry of(String label, String name, String value, Consumer<Cookie> setup) {
    return new Entry(label, () -> {
      Cookie c = new Cookie(name, value);
      setup.accept(c);
      return c;
    });
  }

  private static Entry of(String label, String name, String value) {
    return of(label, name, value, c -> { });
  }

  static List<Entry> entries() {
    List<Entry> e = new ArrayList<>();
    // Names and values
    e.add(of("plain", "plain", "1"));
    e.add(of("token punctuation in the name", "x!#$%&'*+-.^_`|~", "1"));
    e.add(of("dollar name", "$x", "1"));
    e.add(of("quoted value", "q", "\"quoted\""));
    e.add(of("quote inside value", "q", "a\"b"));
    e.add(of("equals in value", "eq", "k=v=w"));
    e.add(of("empty value", "empty", ""));
    e.add(of("null value", "nul", null));
    e.add(of("space inside value", "sp", "a b"));
    e.add(of("spaces around value", "sp", " a "));
    e.add(of("comma in value", "comma", "a,b"));
    e.add(of("semicolon in value", "semi", "a;b"));
    e.add(of("attribute smuggled in value", "semi", "a; Max-Age=999999999"));
    e.add(of("backslash in value", "bs", "a\\b"));
    e.add(of("tab in value", "tab", "a\tb"));
    e.add(of("control character in value", "ctl", "a\u0001b"));
    e.add(of("non-ASCII value", "utf", "caf\u00e9"));
    e.add(of("base64 value", "b64", "YWJj+/=="));
    e.add(of("long value", "long", "v".repeat(4095)));
    e.add(of("JSESSIONID-like", "JSESSIONID", "node01abc0.node0", c -> { c.setPath("/"); c.setHttpOnly(true); }));
    // Lifetimes
    e.add(of("Max-Age 3600", "ma", "1", c -> c.setMaxAge(3600)));
    e.add(of("Max-Age 0", "ma", "1", c -> c.setMaxAge(0)));
    e.add(of("Max-Age -1", "ma", "1", c -> c.setMaxAge(-1)));
    e.add(of("Max-Age -5", "ma", "1", c -> c.setMaxAge(-5)));
    e.add(of("Max-Age huge", "ma", "1", c -> c.setMaxAge(Integer.MAX_VALUE)));
    e.add(of("Max-Age via attribute, lower case", "ma", "1", c -> c.setAttribute("max-age", "100")));
    e.add(of("Expires via attribute", "ex", "1", c -> c.setAttribute("Expires", "Wed, 21 Oct 2037 07:28:00 GMT")));
    e.add(of("Expires in the past via attribute", "ex", "1", c -> c.setAttribute("Expires", "Thu, 01 Jan 1998 00:00:00 GMT")));
    e.add(of("Expires and Max-Age", "ex", "1", c -> {
      c.setAttribute("Expires", "Wed, 21 Oct 2037 07:28:00 GMT");
      c.setMaxAge(60);
    }));
    // Domain and path
    e.add(of("Domain", "d", "1", c -> c.setDomain("example.com")));
    e.add(of("Domain leading dot, mixed case", "d", "1", c -> c.setDomain(".Example.COM")));
    e.add(of("Domain via attribute, odd case", "d", "1", c -> c.setAttribute("dOmAiN", "example.org")));
    e.add(of("Path /", "p", "1", c -> c.setPath("/")));
    e.add(of("Path /shop", "p", "1", c -> c.setPath("/shop")));
    e.add(of("Path relative", "p", "1", c -> c.setPath("shop")));
    e.add(of("Path via attribute, upper case", "p", "1", c -> c.setAttribute("PATH", "/x")));
    // Flags
    e.add(of("Secure", "s", "1", c -> c.setSecure(true)));
    e.add(of("Secure false", "s", "1", c -> c.setSecure(false)));
    e.add(of("Secure empty attribute", "s", "1", c -> c.setAttribute("secure", "")));
    e.add(of("Secure 'yes' attribute", "s", "1", c -> c.setAttribute("SECURE", "yes")));
    e.add(of("HttpOnly", "h", "1", c -> c.setHttpOnly(true)));
    e.add(of("HttpOnly false", "h", "1", c -> c.setHttpOnly(false)));
    e.add(of("HttpOnly empty attribute", "h", "1", c -> c.setAttribute("httponly", "")));
    // SameSite and Partitioned
    e.add(of("SameSite Lax", "ss", "1", c -> c.setAttribute("SameSite", "Lax")));
    e.add(of("SameSite Strict", "ss", "1", c -> c.setAttribute("SameSite", "Strict")));
    e.add(of("SameSite None Secure", "ss", "1", c -> { c.setAttribute("SameSite", "None"); c.setSecure(true); }));
    e.add(of("SameSite None without Secure", "ss", "1", c -> c.setAttribute("SameSite", "None")));
    e.add(of("SameSite lower case name and value", "ss", "1", c -> c.setAttribute("samesite", "lax")));
    e.add(of("SameSite unknown value", "ss", "1", c -> c.setAttribute("SameSite", "Bogus")));
    e.add(of("SameSite empty", "ss", "1", c -> c.setAttribute("SameSite", "")));
    e.add(of("Partitioned Secure", "pt", "1", c -> { c.setAttribute("Partitioned", ""); c.setSecure(true); }));
    e.add(of("Partitioned true Secure", "pt", "1", c -> { c.setAttribute("Partitioned", "true"); c.setSecure(true); }));
    e.add(of("Partitioned without Secure", "pt", "1", c -> c.setAttribute("Partitioned", "")));
    // Unknown attributes
    e.add(of("Priority", "u", "1", c -> c.setAttribute("Priority", "High")));
    e.add(of("unknown flag", "u", "1", c -> c.setAttribute("X-Flag", "")));
    e.add(of("unknown attribute with semicolon", "u", "1", c -> c.setAttribute("X-Note", "a;b")));
    // Prefixes
    e.add(of("__Host- proper", "__Host-id", "1", c -> { c.setSecure(true); c.setPath("/"); }));
    e.add(of("__Host- without Secure", "__Host-id", "1", c -> c.setPath("/")));
    e.add(of("__Host- with Domain", "__Host-id", "1", c -> { c.setSecure(true); c.setPath("/"); c.setDomain("example.com"); }));
    e.add(of("__Secure- proper", "__Secure-id", "1", c -> c.setSecure(true)));
    e.add(of("__Secure- without Secure", "__Secure-id", "1"));
    e.add(of("__secure- lower case without Secure", "__secure-id", "1"));
    e.add(of("__Http- proper", "__Http-id", "1", c -> { c.setSecure(true); c.setHttpOnly(true); }));
    // Vendor cookies the gate decides
    e.add(of("chat cookie", "intercom-id-app1", "3f2a9c1e-1111", c -> { c.setPath("/"); c.setMaxAge(23328000); }));
    e.add(of("analytics cookie", "_ga", "GA1.1.123.456", c -> { c.setPath("/"); c.setMaxAge(63072000); c.setAttribute("SameSite", "Lax"); }));
    e.add(of("everything", "_ga_X1", "GS1.1.1", c -> {
      c.setDomain("example.com");
      c.setPath("/");
      c.setMaxAge(100);
      c.setSecure(true);
      c.setHttpOnly(true);
      c.setAttribute("SameSite", "Strict");
      c.setAttribute("Partitioned", "true");
      c.setAttribute("Priority", "Low");
    }));
    return e;
  }
}
