package io.github.cookiegate.test;

import io.github.cookiegate.StorageRule;
import java.util.Map;
import java.util.Objects;

/**
 * Entry point of the test kit for web storage: assertions over the keys a browser holds in
 * {@code localStorage} or {@code sessionStorage}, classified with the gate's storage catalog. The
 * kit drives no browser: read the keys with the browser driver your tests already use and pass them
 * in. Failure messages name each key with its category, vendor and rule; never a value.
 *
 * <pre>{@code
 * import static io.github.cookiegate.test.StorageAssertions.assertThatStorage;
 *
 * // Selenium: the page's own view of its storage
 * Map<String, String> keys = (Map<String, String>) driver.executeScript("return Object.assign({}, localStorage)");
 * assertThatStorage(keys).withGate(gate).holdsNoKeyOf(Category.CHAT, Category.ANALYTICS, Category.MARKETING);
 * }</pre>
 */
public final class StorageAssertions {
  private StorageAssertions() {}

  /** Returns assertions over the keys of a browser's {@code localStorage} (key to value; values are never shown). */
  public static StorageAssert assertThatStorage(Map<String, String> keys) {
    return assertThatStorage(StorageRule.Kind.LOCAL_STORAGE, keys);
  }

  /**
   * Returns assertions over the keys of one storage area: {@code localStorage} or {@code
   * sessionStorage} keys, or IndexedDB database names (values may then be anything, even null).
   */
  public static StorageAssert assertThatStorage(StorageRule.Kind kind, Map<String, String> keys) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keys, "keys");
    for (String k : keys.keySet()) {
      Objects.requireNonNull(k, "key");
    }
    return new StorageAssert(kind, keys.keySet());
  }
}
