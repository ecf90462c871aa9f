package io.github.cookiegate.servlet.internal.headers;

import io.github.cookiegate.CookieGate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Cache safety (tracker issue item 5): a response whose content or cookies depend on the visitor's
 * activation or consent must not be stored by a shared cache and served to someone else. Merges
 * {@code Vary} fields and makes {@code Cache-Control} private, keeping what binds the browser.
 */
public final class CacheSafety {
  private CacheSafety() {}

  /**
   * Returns the {@code Vary} value with {@code Cookie} merged in, or null when the values already
   * name it or say {@code *}.
   */
  public static String varyWithCookie(Collection<String> values) {
    return varyWith(values, COOKIE);
  }

  private static final String[] COOKIE = {"Cookie"};
  private static final String[] COOKIE_AND_GPC = {"Cookie", CookieGate.GPC_HEADER};
  private static final String COOKIE_AND_GPC_VALUE = "Cookie, " + CookieGate.GPC_HEADER;

  /**
   * Returns the {@code Vary} value with {@code Cookie} and {@code Sec-GPC} merged in (with {@code
   * gpc} on, the same cookies get another answer under {@code Sec-GPC: 1}), or null when the values
   * already name both or say {@code *}.
   */
  public static String varyWithCookieAndGpc(Collection<String> values) {
    if (values.isEmpty()) {
      return COOKIE_AND_GPC_VALUE;
    }
    if (values.size() == 1 && COOKIE_AND_GPC_VALUE.equalsIgnoreCase(values.iterator().next())) {
      return null; // as the gate set it
    }
    return varyWith(values, COOKIE_AND_GPC);
  }

  /**
   * Returns the {@code Vary} value with these fields merged in (each once, case-insensitive), or
   * null when the values already name them all or say {@code *}.
   */
  public static String varyWith(Collection<String> values, String... fields) {
    // The common cases without a copy: no Vary yet, or exactly the one field already (set by the gate).
    if (values.isEmpty()) {
      return fields.length == 1 ? fields[0] : String.join(", ", fields);
    }
    if (fields.length == 1 && values.size() == 1) {
      String v = values.iterator().next();
      if (v != null && v.equalsIgnoreCase(fields[0])) {
        return null;
      }
    }
    StringBuilder joined = new StringBuilder();
    boolean[] named = new boolean[fields.length];
    for (String v : values) {
      if (v == null || v.isBlank()) {
        continue;
      }
      for (String field : v.split(",", -1)) {
        String f = field.strip();
        if (f.equals("*")) {
          return null;
        }
        for (int i = 0; i < fields.length; i++) {
          named[i] |= f.equalsIgnoreCase(fields[i]);
        }
      }
      joined.append(joined.length() == 0 ? "" : ", ").append(v.strip());
    }
    boolean added = false;
    for (int i = 0; i < fields.length; i++) {
      if (!named[i]) {
        joined.append(joined.length() == 0 ? "" : ", ").append(fields[i]);
        added = true;
      }
    }
    return added ? joined.toString() : null;
  }

  /**
   * Returns a {@code Cache-Control} value that keeps the response out of shared caches, or null
   * when the values already do ({@code no-store}, or {@code private} without field names and
   * without a {@code public} or {@code s-maxage} beside it). Every
   * directive stays but {@code public}, {@code s-maxage} and a {@code private} limited to named
   * fields, which only shared caches read or which {@code private} supersedes; {@code max-age},
   * {@code no-cache} and the rest still bind the browser's own cache, whose copy is this user's.
   * So {@code public, max-age=600, s-maxage=3600} becomes {@code max-age=600, private}.
   */
  public static String privateCacheControl(Collection<String> values) {
    // The common cases without a copy: no Cache-Control yet, or exactly "private" (set by the gate).
    if (values.isEmpty()) {
      return "private";
    }
    if (values.size() == 1) {
      String v = values.iterator().next();
      if (v != null && v.strip().equalsIgnoreCase("private")) {
        return null;
      }
    }
    List<String> kept = new ArrayList<>();
    boolean isPrivate = false;
    boolean sharedOnly = false;
    for (String v : values) {
      if (v == null) {
        continue;
      }
      for (String directive : splitDirectives(v)) {
        String d = directive.strip();
        if (d.isEmpty()) {
          continue;
        }
        int eq = d.indexOf('=');
        String name = (eq < 0 ? d : d.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        if (name.equals("no-store")) {
          return null;
        }
        if (name.equals("private") && eq < 0) {
          isPrivate = true;
          continue;
        }
        if (name.equals("public") || name.equals("s-maxage") || name.equals("private")) {
          sharedOnly = true; // a later "public" beside "private" leaves caches to guess: it goes
          continue;
        }
        kept.add(d);
      }
    }
    if (isPrivate && !sharedOnly) {
      return null;
    }
    kept.add("private");
    return String.join(", ", kept);
  }

  /** Splits on commas outside quoted strings ({@code private="Set-Cookie, X"}). */
  private static List<String> splitDirectives(String v) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted) {
        i++;
      } else if (c == ',' && !quoted) {
        out.add(v.substring(start, i));
        start = i + 1;
      }
    }
    out.add(v.substring(start));
    return out;
  }
}
