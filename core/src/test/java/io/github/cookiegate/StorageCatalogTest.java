package io.github.cookiegate;

import static io.github.cookiegate.StorageRule.Kind.INDEXED_DB;
import static io.github.cookiegate.StorageRule.Kind.LOCAL_STORAGE;
import static io.github.cookiegate.StorageRule.Kind.SESSION_STORAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageCatalogTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "localStorage, twk_token_5f1a2b, chat, tawk.to",
      "localStorage, tidio_state_abc123, chat, Tidio",
      "localStorage, tidio_state_abc123_lastActivity, chat, Tidio",
      "localStorage, ZD-widgetOpen, chat, Zendesk Web Widget Classic",
      "localStorage, ZD-launcherLabelRemoved, functional, Zendesk Web Widget Classic",
      "localStorage, ZD-buid, analytics, Zendesk Web Widget Classic",
      "sessionStorage, ZD-suid, analytics, Zendesk Web Widget Classic",
      "localStorage, ZD-conversation-1, chat, Zendesk messaging Web Widget",
      "localStorage, _hjUserAttributes, analytics, Hotjar (Contentsquare)",
      "sessionStorage, hjViewportId, analytics, Hotjar (Contentsquare)",
      "localStorage, hjViewportId, analytics, Hotjar (Contentsquare)",
      "localStorage, permutive-id, marketing, Permutive",
  })
  void classifiesCataloguedVendorKeys(String kind, String key, String category, String vendor) {
    StorageRule rule = StorageCatalog.builtIn().classify(StorageRule.Kind.fromId(kind).orElseThrow(), key)
        .orElseThrow(() -> new AssertionError("no rule for " + key));
    assertThat(rule.category()).isEqualTo(Category.fromId(category).orElseThrow());
    assertThat(rule.vendor()).contains(vendor);
  }

  @ParameterizedTest
  @CsvSource({"cart", "theme", "token", "twk_tokens", "TWK_TOKEN_x", "zd-store", "sessionToken", "vuid", "''"})
  void leavesTheSitesOwnAndUnknownKeysUnclassified(String key) {
    assertThat(StorageCatalog.builtIn().classify(LOCAL_STORAGE, key)).isEmpty();
  }

  @Test
  void everyBuiltInRowNamesItsSourceAndVendorAndNeverSaysNecessary() {
    assertThat(StorageCatalog.builtIn().rules()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.source()).isPresent();
      assertThat(r.vendor()).isPresent();
      assertThat(r.purpose()).isPresent();
      assertThat(r.category()).isNotEqualTo(Category.NECESSARY);
    });
  }

  @Test
  void zendeskRowsMarkedLocalStorageInTheCookieCatalogAreInTheStorageCatalog() {
    for (String key : List.of("ZD-suid", "ZD-buid", "ZD-store", "ZD-widgetOpen", "ZD-settings", "ZD-launcherLabelRemoved")) {
      Category asCookie = CookieCatalog.builtIn().classify(key).category().orElse(null);
      StorageRule asStorage = StorageCatalog.builtIn().classify(LOCAL_STORAGE, key).orElseThrow();
      assertThat(asStorage.pattern()).isEqualTo(key);
      if (asCookie != null) {
        assertThat(asStorage.category()).as(key).isEqualTo(asCookie);
      }
    }
  }

  @Test
  void applicationRulesWinOverBuiltInOnes() {
    StorageCatalog c = StorageCatalog.builtIn().with(List.of(
        StorageRule.of(LOCAL_STORAGE, "twk_token_*", Category.FUNCTIONAL),
        StorageRule.of(SESSION_STORAGE, "acme_chat_*", Category.CHAT).withVendor("Acme")));
    assertThat(c.classify(LOCAL_STORAGE, "twk_token_1").map(StorageRule::category)).contains(Category.FUNCTIONAL);
    assertThat(c.classify(LOCAL_STORAGE, "acme_chat_1").map(StorageRule::category)).contains(Category.CHAT);
    assertThat(c.layers()).hasSize(2);
    assertThat(c.size()).isEqualTo(StorageCatalog.builtIn().size() + 2);
  }

  @Test
  void exactBeatsGlobAndTheLongerGlobWinsWithinALayer() {
    StorageCatalog c = StorageCatalog.empty().with(List.of(
        StorageRule.of(LOCAL_STORAGE, "a*", Category.MARKETING),
        StorageRule.of(LOCAL_STORAGE, "ab*", Category.ANALYTICS),
        StorageRule.of(LOCAL_STORAGE, "abc", Category.CHAT)));
    assertThat(c.classify(LOCAL_STORAGE, "abc").map(StorageRule::category)).contains(Category.CHAT);
    assertThat(c.classify(LOCAL_STORAGE, "abd").map(StorageRule::category)).contains(Category.ANALYTICS);
    assertThat(c.classify(LOCAL_STORAGE, "ax").map(StorageRule::category)).contains(Category.MARKETING);
  }

  @Test
  void storageKeysAndDatabaseNamesAreSeparateNamespaces() {
    StorageCatalog c = StorageCatalog.empty().with(List.of(
        StorageRule.of(INDEXED_DB, "acme-chat-db", Category.CHAT),
        StorageRule.of(SESSION_STORAGE, "acme-key", Category.ANALYTICS)));
    assertThat(c.classify(INDEXED_DB, "acme-chat-db")).isPresent();
    assertThat(c.classify(LOCAL_STORAGE, "acme-chat-db")).isEmpty();
    assertThat(c.classify(LOCAL_STORAGE, "acme-key")).isPresent(); // both Storage areas share their rules
    assertThat(c.classify(INDEXED_DB, "acme-key")).isEmpty();
  }

  @Test
  void keysMayHoldCharactersNoCookieNameMay() {
    StorageCatalog c = StorageCatalog.empty().with(List.of(StorageRule.of(LOCAL_STORAGE, "a=b;c, d:*", Category.CHAT)));
    assertThat(c.classify(LOCAL_STORAGE, "a=b;c, d:1")).isPresent();
  }

  @Test
  void rejectsAPatternThatWouldMatchEveryKey() {
    assertThatThrownBy(() -> StorageRule.of(LOCAL_STORAGE, "**", Category.CHAT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches every key");
  }

  @Test
  void rejectsEmptyOverlongAndControlCharacterPatterns() {
    assertThatThrownBy(() -> StorageRule.of(LOCAL_STORAGE, "", Category.CHAT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorageRule.of(LOCAL_STORAGE, "x".repeat(257), Category.CHAT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 256");
    assertThatThrownBy(() -> StorageRule.of(LOCAL_STORAGE, "a\nb", Category.CHAT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
  }

  @Test
  void oneKeyGivenTwoCategoriesInOneLayerFails() {
    assertThatThrownBy(() -> StorageCatalog.empty().with(List.of(
        StorageRule.of(LOCAL_STORAGE, "k", Category.CHAT), StorageRule.of(SESSION_STORAGE, "k", Category.ANALYTICS))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k' is given twice, as chat and as analytics");
  }

  @Test
  void aLongHostileKeyClassifiesInBoundedTime() {
    String key = "tidio_state_" + "x".repeat(100_000);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(StorageCatalog.builtIn().classify(LOCAL_STORAGE, key)).isPresent();
      assertThat(StorageCatalog.builtIn().classify(LOCAL_STORAGE, "y" + key)).isEmpty();
    }
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void theGateCarriesTheBuiltInStorageCatalogUnderTheApplicationsRules() {
    CookieGate gate = CookieGate.builder()
        .storage(StorageRule.of(LOCAL_STORAGE, "acme_chat_*", Category.CHAT)).build();
    assertThat(gate.storageCatalog().classify(LOCAL_STORAGE, "acme_chat_1")).isPresent();
    assertThat(gate.storageCatalog().classify(LOCAL_STORAGE, "twk_token_1")).isPresent();
    assertThat(CookieGate.builder().build().storageCatalog()).isSameAs(StorageCatalog.builtIn());
  }
}
