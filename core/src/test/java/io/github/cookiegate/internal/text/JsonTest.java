package io.github.cookiegate.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsObjectsArraysAndScalars() {
    Object o = Json.parse("{\"a\":[1,2.5,\"x\\u0041\\n\"],\"b\":{\"c\":true,\"d\":null},\"e\":false,\"f\":[]}", false).orElseThrow();
    assertThat(o).isEqualTo(Map.of("a", List.of(1L, 2.5, "xA\n"), "b", Map.of("c", true, "d", Json.NULL), "e", false,
        "f", List.of()));
  }

  @Test
  void lenientModeReadsCookiebotsObjectLiteral() {
    assertThat(Json.object("{stamp:'a+b==',necessary:true,utc:1705162226478,region:'ae'}", true).orElseThrow())
        .containsEntry("stamp", "a+b==").containsEntry("necessary", true).containsEntry("utc", 1705162226478L);
    assertThat(Json.object("{stamp:'a'}", false)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{\"a\":1,}", "{\"a\":1} x", "\"\\x\"", "\"\\u12\"",
      "tru", "nul", "-", "1e999", "\"a\nb\"", "{'a':1}", "{a:1}", "[1 2]", "{\"a\":1 \"b\":2}"})
  void rejectsMalformedJson(String text) {
    assertThat(Json.parse(text, false)).as(text).isEmpty();
  }

  @Test
  void rejectsNestingDeeperThanTheBoundWithoutRecursion() {
    assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH), false)).isPresent();
    assertThat(Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), false)).isEmpty();
    assertThat(Json.parse("[".repeat(4000) + "]".repeat(4000), false)).isEmpty();
    // 10,000 deep: over the length bound before anything is read.
    assertThat(Json.parse("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), false)).isEmpty();
  }

  @Test
  void rejectsTooManyValuesAndTooLongText() {
    assertThat(Json.parse("[" + "1,".repeat(Json.MAX_VALUES) + "1]", false)).isEmpty();
    assertThat(Json.parse("\"" + "a".repeat(Json.MAX_LENGTH) + "\"", false)).isEmpty();
  }
}
