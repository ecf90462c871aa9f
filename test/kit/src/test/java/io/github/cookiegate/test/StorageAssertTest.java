package io.github.cookiegate.test;

import static io.github.cookiegate.test.StorageAssertions.assertThatStorage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cookiegate.Category;
import io.github.cookiegate.CookieGate;
import io.github.cookiegate.GateListener;
import io.github.cookiegate.StorageRule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class StorageAssertTest {

  static Map<String, String> keys(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void passesWhenOnlyTheSitesOwnKeysAreHeld() {
    assertThatStorage(keys("cart", "3 items", "theme", "dark"))
        .holdsNoKeyOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING).holdsOnlyKeysOf().holds("cart", "th*")
        .doesNotHold("twk_token_*");
  }

  @Test
  void namesEachOffendingKeyWithCategoryVendorRuleAndLayerButNeverItsValue() {
    assertThatThrownBy(() -> assertThatStorage(keys("cart", "c-secret", "twk_token_5f1a", "tok-secret",
        "_hjUserAttributes", "attr-secret")).holdsNoKeyOf(Category.CHAT, Category.ANALYTICS))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("Expected localStorage to hold no chat or analytics key, but it held these 2:")
        .hasMessageContaining("twk_token_5f1a: category chat, vendor tawk.to, rule localStorage 'twk_token_*' (built-in)")
        .hasMessageContaining("_hjUserAttributes: category analytics, vendor Hotjar (Contentsquare), rule localStorage"
            + " '_hjUserAttributes' (built-in)")
        .hasMessageContaining("Keys in localStorage (names only, values not shown): cart, twk_token_5f1a, _hjUserAttributes")
        .hasMessageNotContaining("secret");
  }

  @Test
  void classifiesWithTheApplicationsOwnStorageRules() {
    CookieGate gate = CookieGate.builder().listener(GateListener.none())
        .storage(StorageRule.of(StorageRule.Kind.SESSION_STORAGE, "acme_chat_*", Category.CHAT).withVendor("Acme"))
        .build();
    Map<String, String> held = keys("acme_chat_1", "x");
    assertThatStorage(StorageRule.Kind.SESSION_STORAGE, held).holdsNoKeyOf(Category.CHAT);
    assertThatThrownBy(() -> assertThatStorage(StorageRule.Kind.SESSION_STORAGE, held).withGate(gate)
        .holdsNoKeyOf(Category.CHAT))
        .hasMessageContaining("Expected sessionStorage to hold no chat key")
        .hasMessageContaining("acme_chat_1: category chat, vendor Acme, rule sessionStorage 'acme_chat_*' (app)");
  }

  @Test
  void holdsOnlyKeysOfCountsCataloguedKeysOnly() {
    assertThatStorage(keys("cart", "1", "twk_token_a", "2")).holdsOnlyKeysOf(Category.CHAT);
    assertThatThrownBy(() -> assertThatStorage(keys("twk_token_a", "2", "ZD-buid", "3")).holdsOnlyKeysOf(Category.CHAT))
        .hasMessageContaining("to hold only necessary or chat keys, but it held this one:")
        .hasMessageContaining("ZD-buid: category analytics");
  }

  @Test
  void holdsAndDoesNotHoldMatchGlobs() {
    Map<String, String> held = keys("tidio_state_k1", "s");
    assertThatStorage(held).holds("tidio_state_*");
    assertThatThrownBy(() -> assertThatStorage(held).holds("twk_token_*"))
        .hasMessageContaining("Expected localStorage to hold a key matching 'twk_token_*', but it did not.");
    assertThatThrownBy(() -> assertThatStorage(held).doesNotHold("tidio_*"))
        .hasMessageContaining("tidio_state_k1: category chat, vendor Tidio");
    assertThatThrownBy(() -> assertThatStorage(keys("a", "1", "b", "2")).holdsOnly("a"))
        .hasMessageContaining("b: category none (the site's own), vendor unknown, rule: no rule matches");
  }

  @Test
  void rejectsEmptyArgumentsAndNullKeys() {
    assertThatThrownBy(() -> assertThatStorage(keys()).holdsNoKeyOf()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThatStorage(keys()).holds()).isInstanceOf(IllegalArgumentException.class);
    Map<String, String> withNull = new java.util.HashMap<>();
    withNull.put(null, "x");
    assertThatThrownBy(() -> assertThatStorage(withNull)).isInstanceOf(NullPointerException.class);
    assertThat(assertThatStorage(keys("k", "v")).keys()).containsExactly("k");
  }
}
