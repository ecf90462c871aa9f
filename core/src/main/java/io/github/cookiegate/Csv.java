package io.github.cookiegate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the small RFC 4180 files bundled as resources; '#' lines are comments. */
final class Csv {

  private Csv() {}

  /**
   * Reads a bundled resource row by row after its header row, splitting the UTF-8 bytes directly
   * (delimiters are ASCII, so no multi-byte sequence holds one) and decoding each field once: the
   * whole text is never held as a String. A plain cursor, so the start-up path runs no lambda.
   *
   * <pre>{@code
   * Csv.Rows rows = Csv.rows(CookieCatalog.class, "catalog.csv", 6);
   * for (int count; (count = rows.next()) >= 0; ) { String[] f = rows.fields(); ... }
   * }</pre>
   */
  static Rows rows(Class<?> anchor, String name, int maxFields) {
    byte[] b;
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("cookie-gate: resource " + name + " is missing from the jar");
      }
      b = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cookie-gate: cannot read resource " + name, e);
    }
    return new Rows(b, maxFields);
  }

  /** A cursor over the rows of one resource. */
  static final class Rows {
    private final byte[] b;
    private final String[] fields;
    private int pos;
    private int line;
    private int rowEnd;
    private int rest = -1;
    private boolean header = true;

    Rows(byte[] b, int maxFields) {
      this.b = b;
      this.fields = new String[maxFields];
    }

    /**
     * Reads the next row into {@link #fields()} (reused for every row; fields beyond its length are
     * dropped) and returns how many fields it has, or -1 after the last row.
     */
    int next() {
      return next(fields.length);
    }

    /**
     * Reads the next row's first {@code head} fields into {@link #fields()}, leaving the others
     * undecoded for {@link #tail()}; returns how many head fields there are (up to {@code head}),
     * or -1 after the last row.
     */
    int next(int head) {
      int n = b.length;
      while (pos < n) {
        int start = pos;
        int end = start;
        while (end < n && b[end] != '\n') {
          end++;
        }
        pos = end + 1;
        line++;
        int stop = end > start && b[end - 1] == '\r' ? end - 1 : end;
        boolean blank = true;
        for (int i = start; blank && i < stop; i++) {
          blank = b[i] == ' ' || b[i] == '\t';
        }
        if (blank || b[start] == '#') {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        rowEnd = stop;
        return split(b, start, stop, fields, head);
      }
      return -1;
    }

    /** The fields after the head of the row {@link #next(int)} read, undecoded; null if there are none. */
    Tail tail() {
      return rest < 0 ? null : new Tail(b, rest, rowEnd);
    }

    /**
     * Splits {@code b[from, to)} into fields, at most {@code limit} of them (the rest is left for
     * {@link #tail()}); returns how many there are, which may exceed the array.
     */
    private int split(byte[] b, int from, int to, String[] out, int limit) {
      rest = -1;
      int count = 0;
      int i = from;
      while (true) {
        if (count == limit) {
          rest = i;
          return count;
        }
        int[] end = {0};
        String field = decode(b, i, to, end);
        i = end[0];
        if (count < out.length) {
          out[count] = field;
        }
        count++;
        if (i >= to) {
          return count;
        }
        i++; // the comma
        if (i == to) {
          if (count < out.length && count < limit) {
            out[count] = "";
          }
          return count + 1;
        }
      }
    }

    /** The fields of the row {@link #next()} read. */
    String[] fields() {
      return fields;
    }

    /** The 1-based line of the file that row was on, for messages. */
    int line() {
      return line;
    }
  }

  /**
   * Decodes the field that starts at {@code b[i]} and ends before the comma or {@code to}; stores
   * the index after it (the comma, or {@code to}) in {@code end[0]}.
   */
  static String decode(byte[] b, int i, int to, int[] end) {
    String field;
    if (i < to && b[i] == '"') {
      int close = i + 1;
      boolean doubled = false;
      while (close < to && (b[close] != '"' || (close + 1 < to && b[close + 1] == '"'))) {
        if (b[close] == '"') {
          doubled = true;
          close++; // the second quote of a pair
        }
        close++;
      }
      if (!doubled && (close >= to - 1 || b[close + 1] == ',')) {
        // "text" followed by a comma or the end of the row: decode it at once (most quoted fields).
        field = new String(b, i + 1, Math.min(close, to) - i - 1, StandardCharsets.UTF_8);
        i = Math.min(close + 1, to);
      } else {
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream(64);
        i++;
        while (i < to) {
          if (b[i] == '"') {
            if (i + 1 < to && b[i + 1] == '"') {
              f.write('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          f.write(b[i++]);
        }
        while (i < to && b[i] != ',') {
          f.write(b[i++]); // text after the closing quote belongs to the field
        }
        field = f.toString(StandardCharsets.UTF_8);
      }
    } else {
      int stop = i;
      while (stop < to && b[stop] != ',') {
        stop++;
      }
      field = new String(b, i, stop - i, StandardCharsets.UTF_8);
      i = stop;
    }
    end[0] = i;
    return field;
  }

  /**
   * The undecoded last fields of a row, decoded on each call of {@link #field}: what only the
   * cookie declaration reads (lifetimes, purposes, sources) costs nothing until it does.
   */
  static final class Tail {
    private final byte[] b;
    private final int from;
    private final int to;

    Tail(byte[] b, int from, int to) {
      this.b = b;
      this.from = from;
      this.to = to;
    }

    /** Field {@code k} of the tail, 0 being the first after the head; "" when the row has fewer. */
    String field(int k) {
      int i = from;
      int[] end = {0};
      for (int count = 0; ; count++) {
        String f = decode(b, i, to, end);
        if (count == k) {
          return f;
        }
        i = end[0];
        if (i >= to) {
          return "";
        }
        i++; // the comma
      }
    }
  }

  /** Returns the rows of a bundled resource after its header row. */
  static List<List<String>> readResource(Class<?> anchor, String name) {
    String text;
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("cookie-gate: resource " + name + " is missing from the jar");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cookie-gate: cannot read resource " + name, e);
    }
    List<List<String>> rows = new ArrayList<>(text.length() / 100);
    boolean header = true;
    int n = text.length();
    for (int start = 0; start < n; ) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (stop > start && text.charAt(start) != '#' && !blank(text, start, stop)) {
        if (header) {
          header = false;
        } else {
          rows.add(parseLine(text, start, stop));
        }
      }
      start = end + 1;
    }
    return rows;
  }

  private static boolean blank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static List<String> parseLine(String line) {
    return parseLine(line, 0, line.length());
  }

  /** The fields of {@code text[from, to)}; an unquoted field is one substring, without copying char by char. */
  static List<String> parseLine(String text, int from, int to) {
    List<String> fields = new ArrayList<>(8);
    int i = from;
    while (true) {
      if (i < to && text.charAt(i) == '"') {
        i = quoted(text, i + 1, to, fields);
      } else {
        int comma = text.indexOf(',', i);
        int end = comma < 0 || comma > to ? to : comma;
        fields.add(text.substring(i, end));
        i = end;
      }
      if (i >= to) {
        return fields;
      }
      i++; // the comma
      if (i == to) {
        fields.add("");
        return fields;
      }
    }
  }

  /** Reads a quoted field starting after its opening quote; returns the index after it. */
  private static int quoted(String text, int i, int to, List<String> fields) {
    StringBuilder field = new StringBuilder();
    while (i < to) {
      char c = text.charAt(i);
      if (c == '"') {
        if (i + 1 < to && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        i++;
        break;
      }
      field.append(c);
      i++;
    }
    // Text after the closing quote, up to the comma, belongs to the field (as the old reader kept it).
    int comma = text.indexOf(',', i);
    int end = comma < 0 || comma > to ? to : comma;
    field.append(text, i, end);
    fields.add(field.toString());
    return end;
  }
}
