package io.github.cookiegate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The pages the checks read, and the fenced code blocks and tables in them. */
final class Markdown {

  /** A fenced block: its page, the line of its opening fence, its language and its text. */
  record Block(Path page, int line, String language, String text, String context) {
    String where() {
      return root().relativize(page) + ":" + line;
    }
  }

  /** An HTML comment on the line just above a fence: {@code <!-- snippet: declarations -->}. */
  private static final Pattern CONTEXT = Pattern.compile("^\\s*<!--\\s*snippet:(.*)-->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w+-]*)\\s*$");

  private Markdown() {}

  /** The repository root, set by the build (the module's {@code ../..}). */
  static Path root() {
    String root = System.getProperty("docs.root");
    Path path = root == null ? Path.of("../..") : Path.of(root);
    return path.toAbsolutePath().normalize();
  }

  /** README.md and every page under docs/. */
  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(root().resolve("README.md"));
    try (Stream<Path> docs = Files.walk(root().resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    for (Path page : pages()) {
      blocks.addAll(blocks(page));
    }
    return blocks;
  }

  static List<Block> blocks(String language) {
    return blocks().stream().filter(b -> b.language().equals(language)).toList();
  }

  static List<Block> blocks(Path page) {
    List<String> lines = lines(page);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String language = open.group(2).toLowerCase(Locale.ROOT);
      String context = "";
      if (i > 0) {
        Matcher c = CONTEXT.matcher(lines.get(i - 1));
        if (c.matches()) {
          context = c.group(1).strip();
        }
      }
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.size() && !FENCE.matcher(lines.get(j)).matches(); j++) {
        String line = lines.get(j);
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
      }
      if (j == lines.size()) {
        throw new AssertionError(root().relativize(page) + ":" + (i + 1) + ": a ``` fence is never closed");
      }
      blocks.add(new Block(page, i + 1, language, text.toString(), context));
      i = j;
    }
    return blocks;
  }

  /**
   * The first column of the table under the heading {@code ## <heading>}: each row's text between
   * the first pair of backticks, with the row's last column.
   */
  static List<String[]> tableRows(Path page, String heading) {
    List<String> lines = lines(page);
    int start = lines.indexOf("## " + heading);
    if (start < 0) {
      throw new AssertionError(root().relativize(page) + " has no heading '## " + heading + "'");
    }
    List<String[]> rows = new ArrayList<>();
    boolean inTable = false;
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String line = lines.get(i);
      if (line.startsWith("|")) {
        inTable = true;
        String[] cells = line.split("(?<!\\\\)\\|", -1);
        String first = cells.length > 1 ? cells[1].strip() : "";
        if (first.startsWith("`") && first.indexOf('`', 1) > 0) {
          rows.add(new String[] {first.substring(1, first.indexOf('`', 1)), line});
        }
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  private static List<String> lines(Path page) {
    try {
      return Files.readAllLines(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
