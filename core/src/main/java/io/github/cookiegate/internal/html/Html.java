package io.github.cookiegate.internal.html;

/** Character classes of the HTML tokenizer (HTML Standard 13.2.5). */
final class Html {
  private Html() {
  }

  /** HTML whitespace: tab, LF, FF, CR, space (HTML 13.2.5: CR is normalised to LF before). */
  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
  }

  static boolean endsTagName(char c) {
    return isWhitespace(c) || c == '/' || c == '>';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }
}
