package io.github.cookiegate.servlet;

import io.github.cookiegate.SetCookie;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The Set-Cookie headers one response wrote through the gate, and the container's own ones
 * reconciled against them; guarded by the response's lock.
 */
final class SetCookieHeaders {

  static final String SET_COOKIE = "Set-Cookie";

  // Small lists, created on first use: a response sets a handful of cookies.
  /** Set-Cookie header values the gate wrote, after deciding. */
  private String[] writtenHeaders;
  private int headerCount;
  /** Name, then value, of each Cookie the gate passed to addCookie (the container writes them first). */
  private List<String> writtenCookies;

  static boolean isSetCookie(String headerName) {
    return headerName != null && headerName.equalsIgnoreCase(SET_COOKIE);
  }

  void wroteHeader(String header) {
    String[] w = writtenHeaders;
    if (w == null) {
      w = new String[4];
    } else if (headerCount == w.length) {
      w = java.util.Arrays.copyOf(w, headerCount * 2);
    }
    w[headerCount++] = header;
    writtenHeaders = w;
  }

  void wroteCookie(String name, String value) {
    writtenCookies = add(writtenCookies, name);
    writtenCookies.add(value == null ? "" : value);
  }

  /** Forgets what was written: the headers were replaced or reset. */
  void forget() {
    writtenHeaders = null;
    headerCount = 0;
    writtenCookies = null;
  }

  /** Whether the container holds this header because the gate wrote it. */
  boolean wrote(String h) {
    String[] w = writtenHeaders;
    for (int i = 0; i < headerCount; i++) {
      if (w[i].equals(h)) {
        return true;
      }
    }
    List<String> cookies = writtenCookies;
    if (cookies != null) {
      for (int i = 0, n = cookies.size(); i + 1 < n; i += 2) {
        String name = cookies.get(i);
        String value = cookies.get(i + 1);
        int end = name.length() + 1 + value.length();
        if (h.startsWith(name) && h.length() >= end && h.charAt(name.length()) == '='
            && h.startsWith(value, name.length() + 1) && (h.length() == end || h.charAt(end) == ';')) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the gate wrote every one of these headers. */
  boolean wroteAll(Collection<String> headers) {
    if (headers instanceof List<String> list && headers instanceof java.util.RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) { // before every commit: no iterator
        if (!wrote(list.get(i))) {
          return false;
        }
      }
      return true;
    }
    for (String h : headers) {
      if (!wrote(h)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decides every one of the Set-Cookie {@code headers} {@code container} holds that the gate did
   * not write, through {@code gate} (the header to keep, or null to take it out), and leaves only
   * the kept ones.
   */
  void reconcile(HttpServletResponse container, Collection<String> headers, UnaryOperator<String> gate) {
    List<String> keep = new ArrayList<>(headers.size());
    boolean changed = false;
    String fallback = null;
    for (String h : headers) {
      if (wrote(h)) {
        keep.add(h);
        continue;
      }
      String out = gate.apply(h);
      if (out == null) {
        changed = true;
        if (fallback == null) {
          fallback = deletionOf(h);
        }
      } else {
        changed |= !out.equals(h);
        keep.add(out);
      }
    }
    if (changed) {
      replace(container, keep, fallback);
    }
  }

  /** The deletion of the cookie a blocked header names, or null. */
  static String deletionOf(String header) {
    try {
      return SetCookie.parse(header).map(c -> c.toDeletion().toHeader()).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Leaves exactly {@code keep} as the Set-Cookie headers. Jetty removes a header set to null;
   * Tomcat ignores null, so there the first kept header replaces them all, and when none is kept
   * the deletion of the blocked cookie stands in (deletions always pass).
   */
  void replace(HttpServletResponse container, List<String> keep, String fallback) {
    container.setHeader(SET_COOKIE, null);
    if (container.getHeaders(SET_COOKIE).isEmpty()) {
      for (String h : keep) {
        container.addHeader(SET_COOKIE, h);
      }
      return;
    }
    if (keep.isEmpty()) {
      // Nothing to keep and no way to remove: stand in the deletion, or an empty header that every
      // browser ignores (RFC 6265bis 5.7: empty name and value).
      container.setHeader(SET_COOKIE, fallback != null ? fallback : "");
      if (fallback != null) {
        wroteHeader(fallback);
      }
      return;
    }
    container.setHeader(SET_COOKIE, keep.get(0));
    for (int i = 1; i < keep.size(); i++) {
      container.addHeader(SET_COOKIE, keep.get(i));
    }
  }

  static List<String> add(List<String> list, String s) {
    List<String> l = list == null ? new ArrayList<>(4) : list;
    l.add(s);
    return l;
  }
}
