package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void readsPlainQuotedAndEmptyFields() {
    assertThat(Csv.parseLine("a,b,c")).containsExactly("a", "b", "c");
    assertThat(Csv.parseLine("\"a,b\",c")).containsExactly("a,b", "c");
    assertThat(Csv.parseLine("\"say \"\"hi\"\"\",x")).containsExactly("say \"hi\"", "x");
    assertThat(Csv.parseLine("a,")).containsExactly("a", "");
    assertThat(Csv.parseLine(",a")).containsExactly("", "a");
    assertThat(Csv.parseLine("\"\"")).containsExactly("");
    assertThat(Csv.parseLine("")).containsExactly("");
    assertThat(Csv.parseLine("a,\"b\",\"\",d")).containsExactly("a", "b", "", "d");
    assertThat(Csv.parseLine("x,\"unclosed")).containsExactly("x", "unclosed");
  }

  @Test
  void readsEveryBuiltInResourceRowWithItsColumns() {
    for (List<String> row : Csv.readResource(Csv.class, "catalog-ocd.csv")) {
      assertThat(row).as(row.toString()).hasSize(6);
    }
    for (List<String> row : Csv.readResource(Csv.class, "catalog.csv")) {
      assertThat(row).as(row.toString()).hasSize(6);
    }
    for (List<String> row : Csv.readResource(Csv.class, "hosts.csv")) {
      assertThat(row).as(row.toString()).hasSize(5);
    }
  }

  @Test
  void theByteCursorReadsEveryBuiltInResourceAsTheTextReaderDoes() {
    for (String resource : List.of("catalog-ocd.csv", "catalog.csv", "hosts.csv", "storage.csv")) {
      List<List<String>> expected = Csv.readResource(Csv.class, resource);
      Csv.Rows rows = Csv.rows(Csv.class, resource, 8);
      List<List<String>> got = new java.util.ArrayList<>();
      for (int count; (count = rows.next()) >= 0; ) {
        got.add(List.of(java.util.Arrays.copyOf(rows.fields(), count)));
      }
      assertThat(got).as(resource).isEqualTo(expected);
    }
  }

  @Test
  void theTailOfARowIsDecodedAsTheWholeRowWouldBe() {
    byte[] b = "h\nv,p,c,\"9 months\",\"say \"\"hi\"\", now\",src\nv2,p2,c2,,,\n".getBytes(StandardCharsets.UTF_8);
    Csv.Rows rows = new Csv.Rows(b, 3);
    assertThat(rows.next(3)).isEqualTo(3);
    assertThat(rows.fields()).containsExactly("v", "p", "c");
    Csv.Tail tail = rows.tail();
    assertThat(List.of(tail.field(0), tail.field(1), tail.field(2))).containsExactly("9 months", "say \"hi\", now", "src");
    assertThat(tail.field(3)).isEmpty();
    assertThat(rows.line()).isEqualTo(2);
    assertThat(rows.next(3)).isEqualTo(3);
    assertThat(List.of(rows.tail().field(0), rows.tail().field(1), rows.tail().field(2))).containsExactly("", "", "");
    assertThat(rows.next(3)).isEqualTo(-1);
  }
}
