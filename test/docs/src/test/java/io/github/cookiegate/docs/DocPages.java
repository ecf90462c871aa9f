package io.github.cookiegate.docs;

import java.util.List;

/** What the checks read from the README. */
final class DocPages {

  private DocPages() {}

  /** The keys (first column) of the README's configuration table, in order. */
  static List<String> configurationRows() {
    List<String> rows = Markdown.tableRows(Markdown.root().resolve("README.md"), "Configuration").stream()
        .map(r -> r[0]).toList();
    if (rows.size() < 10) {
      throw new AssertionError("README.md's '## Configuration' table has " + rows.size() + " rows: is it still there?");
    }
    return rows;
  }
}
