package io.github.cookiegate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows of {@code wpt-set-cookie.tsv}, decoded (the file's header comment gives the format). */
final class WptCases {

  static final String RESOURCE = "wpt-set-cookie.tsv";
  private static final String HEADER = "source\tcase\torigin\tset_cookie\texpected";

  /** How a cookie-string reached the browser. */
  enum Api {
    /** A {@code Set-Cookie} response header. */
    HTTP,
    /** A {@code document.cookie} write: a "non-HTTP API" in RFC 6265bis terms. */
    SCRIPT
  }

  /** What the case observes afterwards. */
  enum View {
    DOCUMENT_COOKIE,
    /** The {@code Cookie} header of a same-origin request, HttpOnly cookies included. */
    COOKIE_HEADER
  }

  record Write(Api api, String cookieString) {}

  record Case(
      String source,
      String name,
      boolean secureOrigin,
      List<Write> writes,
      View view,
      String expected,
      int line,
      String rawSetCookie) {

    /** The WPT directory, as in {@code cookies/value}. */
    String directory() {
      int slash = source.indexOf('/', source.indexOf('/') + 1);
      return source.substring(0, slash);
    }

    @Override
    public String toString() {
      return source + " " + name;
    }
  }

  private WptCases() {}

  static List<Case> load() {
    InputStream in = WptCases.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is not on the test class path");
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Case> cases = new ArrayList<>();
      boolean headerSeen = false;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (!headerSeen) {
          if (!line.equals(HEADER)) {
            throw new IllegalStateException(
                RESOURCE + " line " + lineNumber + ": expected the header '" + HEADER + "'");
          }
          headerSeen = true;
          continue;
        }
        cases.add(parseRow(line, lineNumber));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case parseRow(String line, int lineNumber) {
    String[] fields = line.split("\t", -1);
    // An editor that strips trailing whitespace drops the tab before an empty expected.
    if (fields.length == 4) {
      fields = new String[] {fields[0], fields[1], fields[2], fields[3], ""};
    }
    if (fields.length != 5) {
      throw rowError(lineNumber, "has " + fields.length + " columns, expected 5");
    }
    boolean secureOrigin;
    switch (fields[2]) {
      case "https" -> secureOrigin = true;
      case "http" -> secureOrigin = false;
      default -> throw rowError(
          lineNumber, "origin is '" + fields[2] + "', expected http or https");
    }
    View view = View.DOCUMENT_COOKIE;
    String expected = fields[4];
    if (expected.startsWith("\\H")) {
      view = View.COOKIE_HEADER;
      expected = expected.substring(2);
    }
    return new Case(
        fields[0],
        new Decoder(fields[1], lineNumber).plain(),
        secureOrigin,
        new Decoder(fields[3], lineNumber).writes(),
        view,
        new Decoder(expected, lineNumber).plain(),
        lineNumber,
        fields[3]);
  }

  private static IllegalStateException rowError(int lineNumber, String problem) {
    return new IllegalStateException(RESOURCE + " line " + lineNumber + " " + problem);
  }

  /** Undoes the escapes of one column. */
  private static final class Decoder {
    private final String field;
    private final int lineNumber;
    private int pos;

    Decoder(String field, int lineNumber) {
      this.field = field;
      this.lineNumber = lineNumber;
    }

    String plain() {
      StringBuilder out = new StringBuilder();
      while (pos < field.length()) {
        appendNext(out);
      }
      return out.toString();
    }

    /** The set_cookie column: cookie-strings split at {@code \n}, each maybe marked {@code \D}. */
    List<Write> writes() {
      List<Write> writes = new ArrayList<>();
      while (true) {
        Api api = Api.HTTP;
        if (field.startsWith("\\D", pos)) {
          api = Api.SCRIPT;
          pos += 2;
        }
        StringBuilder cookie = new StringBuilder();
        while (pos < field.length() && !field.startsWith("\\n", pos)) {
          appendNext(cookie);
        }
        writes.add(new Write(api, cookie.toString()));
        if (pos >= field.length()) {
          return writes;
        }
        pos += 2; // the \n separator
      }
    }

    private void appendNext(StringBuilder out) {
      char c = field.charAt(pos);
      if (c != '{') {
        out.append(unit());
        return;
      }
      // {c*N}: N times the character c.
      pos++;
      String repeated = unit();
      int star = field.indexOf('*', pos);
      int close = field.indexOf('}', pos);
      if (star != pos || close < 0) {
        throw rowError(lineNumber, "has a malformed repetition near column " + pos);
      }
      int count = Integer.parseInt(field.substring(star + 1, close));
      out.append(repeated.repeat(count));
      pos = close + 1;
    }

    /** One character, escaped or not. */
    private String unit() {
      char c = field.charAt(pos++);
      if (c != '\\') {
        return String.valueOf(c);
      }
      if (pos >= field.length()) {
        throw rowError(lineNumber, "ends with a lone backslash");
      }
      char e = field.charAt(pos++);
      return switch (e) {
        case '\\' -> "\\";
        case '{' -> "{";
        case 't' -> "\t";
        case 'x' -> hex(2);
        case 'u' -> hex(4);
        default -> throw rowError(lineNumber, "has the unknown escape \\" + e + " here");
      };
    }

    private String hex(int digits) {
      if (pos + digits > field.length()) {
        throw rowError(lineNumber, "has a truncated \\x or \\u escape");
      }
      int code = Integer.parseInt(field.substring(pos, pos + digits), 16);
      pos += digits;
      return String.valueOf((char) code);
    }
  }
}
