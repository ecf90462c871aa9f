package io.github.cookiegate.internal.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small bounded JSON reader (RFC 8259) for consent platforms' cookies: no recursion (an explicit
 * stack, at most {@link #MAX_DEPTH} deep), at most {@link #MAX_LENGTH} characters and {@link
 * #MAX_VALUES} values. Objects are {@code Map<String, Object>}, arrays {@code List<Object>},
 * numbers {@code Long} or {@code Double}, JSON null {@link #NULL}. The lenient mode also reads the
 * JavaScript object literals Cookiebot stores: unquoted keys and single-quoted strings.
 */
public final class Json {

  /** The JSON value {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  public static final int MAX_LENGTH = 8192;
  public static final int MAX_DEPTH = 16;
  public static final int MAX_VALUES = 2048;

  /** Thrown inside the reader only; carries no stack trace and no input. */
  private static final class Malformed extends RuntimeException {
    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  private final String s;
  private final boolean lenient;
  private int pos;
  private int values;

  private Json(String s, boolean lenient) {
    this.s = s;
    this.lenient = lenient;
  }

  /** Returns the value {@code text} holds, or empty when it is not (bounded) JSON. Never throws. */
  public static Optional<Object> parse(String text, boolean lenient) {
    if (text == null || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Json(text, lenient).run());
    } catch (Malformed | IndexOutOfBoundsException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Returns the object {@code text} holds, or empty when it is not a JSON object. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> object(String text, boolean lenient) {
    return parse(text, lenient).filter(Map.class::isInstance).map(o -> (Map<String, Object>) o);
  }

  @SuppressWarnings("unchecked")
  private Object run() {
    ArrayDeque<Object> stack = new ArrayDeque<>();
    ArrayDeque<String> keys = new ArrayDeque<>();
    while (true) {
      skipWs();
      Object value;
      char c = peek();
      if (c == '{' || c == '[') {
        pos++;
        if (stack.size() >= MAX_DEPTH) {
          throw new Malformed("nested deeper than " + MAX_DEPTH);
        }
        stack.push(c == '{' ? new LinkedHashMap<String, Object>() : new ArrayList<Object>());
        skipWs();
        if (peek() == (c == '{' ? '}' : ']')) {
          pos++;
          value = stack.pop();
        } else {
          if (c == '{') {
            keys.push(key());
          }
          continue;
        }
      } else {
        value = scalar();
      }
      // Attach the value to its container; close as many containers as the input closes here.
      while (true) {
        if (++values > MAX_VALUES) {
          throw new Malformed("more than " + MAX_VALUES + " values");
        }
        if (stack.isEmpty()) {
          skipWs();
          if (pos != s.length()) {
            throw new Malformed("text after the value");
          }
          return value;
        }
        Object top = stack.peek();
        boolean isObject = top instanceof Map;
        if (isObject) {
          ((Map<String, Object>) top).put(keys.pop(), value);
        } else {
          ((List<Object>) top).add(value);
        }
        skipWs();
        char d = next();
        if (d == ',') {
          if (isObject) {
            skipWs();
            keys.push(key());
          }
          break;
        }
        if (d != (isObject ? '}' : ']')) {
          throw new Malformed("expected ',' or the end of a container");
        }
        value = stack.pop();
      }
    }
  }

  /** Reads a key and the ':' after it. */
  private String key() {
    String key;
    char c = peek();
    if (c == '"' || (lenient && c == '\'')) {
      key = string();
    } else if (lenient && isIdentifier(c)) {
      int start = pos;
      while (pos < s.length() && isIdentifier(s.charAt(pos))) {
        pos++;
      }
      key = s.substring(start, pos);
    } else {
      throw new Malformed("expected a key");
    }
    skipWs();
    if (next() != ':') {
      throw new Malformed("expected ':'");
    }
    return key;
  }

  private static boolean isIdentifier(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  }

  private Object scalar() {
    char c = peek();
    if (c == '"' || (lenient && c == '\'')) {
      return string();
    }
    if (s.startsWith("true", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("false", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("null", pos)) {
      pos += 4;
      return NULL;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    throw new Malformed("expected a value");
  }

  private Object number() {
    int start = pos;
    boolean integral = true;
    if (peek() == '-') {
      pos++;
    }
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
        pos++;
      } else {
        break;
      }
    }
    String text = s.substring(start, pos);
    if (integral && text.length() <= 18 && !text.equals("-")) {
      return Long.parseLong(text);
    }
    double d = Double.parseDouble(text);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new Malformed("not a finite number");
    }
    return d;
  }

  private String string() {
    char quote = next();
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      char c = next();
      if (c == quote) {
        return sb == null ? s.substring(start, pos - 1) : sb.toString();
      }
      if (c < 0x20) {
        throw new Malformed("control character in a string");
      }
      if (c != '\\') {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder().append(s, start, pos - 1);
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/', '\'' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int h = Ascii.hexDigit(next());
            if (h < 0) {
              throw new Malformed("bad \\u escape");
            }
            code = code * 16 + h;
          }
          sb.append((char) code);
        }
        default -> throw new Malformed("bad escape");
      }
    }
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw new Malformed("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }
}
