package io.github.cookiegate.test;

/** The design's globs: {@code *} matches any run of characters; nothing else is special; case-sensitive. */
final class Glob {
  private Glob() {}

  static boolean matches(String glob, String name) {
    int star = glob.indexOf('*');
    if (star < 0) {
      return glob.equals(name);
    }
    if (!name.startsWith(glob.substring(0, star))) {
      return false;
    }
    int pos = star;
    int from = star;
    while (true) {
      int next = glob.indexOf('*', pos + 1);
      if (next < 0) {
        String tail = glob.substring(pos + 1);
        return name.length() - from >= tail.length() && name.endsWith(tail);
      }
      String part = glob.substring(pos + 1, next);
      int found = name.indexOf(part, from);
      if (found < 0) {
        return false;
      }
      from = found + part.length();
      pos = next;
    }
  }
}
