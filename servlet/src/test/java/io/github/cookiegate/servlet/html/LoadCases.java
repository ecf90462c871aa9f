package io.github.cookiegate.servlet.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared case file {@code load-cases.txt}: markup, whether Chromium loads it bare, what the gate holds. */
public record LoadCases(String name, boolean loadsBare, List<String> holds, String markup) {

  @Override
  public String toString() {
    return name;
  }

  /** Every case of the file, in order. */
  public static List<LoadCases> all() {
    try (InputStream in = LoadCases.class.getResourceAsStream("load-cases.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<LoadCases> out = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" \\| ", 4);
        List<String> holds = f[2].strip().equals("-") ? List.of() : Arrays.asList(f[2].strip().split(" "));
        out.add(new LoadCases(f[0].strip(), f[1].strip().equals("yes"), holds, unescape(f[3])));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(d == 'n' ? '\n' : d == 't' ? '\t' : d);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
