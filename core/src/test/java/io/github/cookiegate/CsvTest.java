package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

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
}
