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

  /** Receives one row's fields; the array is reused for the next row. */
  interface RowHandler {
    void row(String[] fields, int count);
  }

  /**
   * Reads a bundled resource row by row after its header row, splitting the UTF-8 bytes directly
   * (delimiters are ASCII, so no multi-byte sequence holds one) and decoding each field once:
   * the whole text is never held as a String. Fields beyond {@code maxFields} are dropped; the
   * handler sees the count.
   */
  static void forEachRow(Class<?> anchor, String name, int maxFields, RowHandler handler) {
    byte[] b;
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("cookie-gate: resource " + name + " is missing from the jar");
      }
      b = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cookie-gate: cannot read resource " + name, e);
    }
    String[] fields = new String[maxFields];
    boolean header = true;
    int n = b.length;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end < n && b[end] != '\n') {
        end++;
      }
      int stop = end > start && b[end - 1] == '\r' ? end - 1 : end;
      boolean blank = true;
      for (int i = start; blank && i < stop; i++) {
        blank = b[i] == ' ' || b[i] == '\t';
      }
      if (!blank && b[start] != '#') {
        if (header) {
          header = false;
        } else {
          handler.row(fields, split(b, start, stop, fields));
        }
      }
      start = end + 1;
    }
  }

  /** Splits {@code b[from, to)} into fields; returns how many there are (may exceed the array). */
  private static int split(byte[] b, int from, int to, String[] out) {
    int count = 0;
    int i = from;
    while (true) {
      String field;
      if (i < to && b[i] == '"') {
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
      } else {
        int end = i;
        while (end < to && b[end] != ',') {
          end++;
        }
        field = new String(b, i, end - i, StandardCharsets.UTF_8);
        i = end;
      }
      if (count < out.length) {
        out[count] = field;
      }
      count++;
      if (i >= to) {
        return count;
      }
      i++; // the comma
      if (i == to) {
        if (count < out.length) {
          out[count] = "";
        }
        return count + 1;
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
