package io.github.cookiegate.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.StorageRule;
import org.junit.jupiter.api.Test;

/** gate.js's catalog block carries the gate's web storage rules for the storage guard. */
class GateScriptStorageTest {

  @Test
  void catalogCarriesTheStorageRulesApplicationLayerFirstKeysAndDatabasesApart() {
    CookieGate gate = CookieGate.builder()
        .storage(StorageRule.of(StorageRule.Kind.INDEXED_DB, "acme-db", Category.CHAT),
            StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "</script><x>*", Category.ANALYTICS))
        .build();
    String json = GateScript.catalogJson(gate);
    assertThat(json).contains("\"storage\":[\n{\"keys\":{\"exact\":[],\"globs\":[[\"\\u003c/script\\u003e\\u003cx\\u003e*\","
        + "\"analytics\"]]},\"databases\":{\"exact\":[[\"acme-db\",\"chat\"]],\"globs\":[]}},\n{\"keys\":{\"exact\":[")
        .contains("[\"twk_token_*\",\"chat\"]", "[\"_hjUserAttributes\",\"analytics\"]")
        .doesNotContain("</");
    assertThat(json.indexOf("[\"ZD-suid\",\"analytics\"]")).as("exact keys before the globs of their layer")
        .isLessThan(json.indexOf("[\"ZD-*\",\"chat\"]"));
  }
}
