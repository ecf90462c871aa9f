package io.github.cookiegate;

import io.github.cookiegate.internal.text.Text;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps web storage a vendor's script writes in the visitor's browser to a {@link Category}: a
 * {@code localStorage} or {@code sessionStorage} key, or an IndexedDB database name, exact or a glob
 * where {@code *} matches any run of characters. The EDPB Guidelines 2/2023 on the technical scope of
 * art. 5(3) of the ePrivacy Directive treat web storage as terminal storage, under the same rule as
 * cookies; {@code gate.js} applies these rules in the browser.
 *
 * <p>Keys are case-sensitive, as browsers store them. The rules of the two {@code Storage} kinds
 * apply to both areas (the kind says where the vendor documents the key; a vendor may move it from
 * one to the other); {@link Kind#INDEXED_DB} rules apply to database names only.
 *
 * <pre>{@code
 * StorageRule.of(StorageRule.Kind.LOCAL_STORAGE, "acme_chat_*", Category.CHAT)
 *     .withVendor("Acme Chat").withPurpose("conversation id");
 * }</pre>
 */
public final class StorageRule {

  /** Where the data is stored. */
  public enum Kind {
    /** {@code window.localStorage}. */
    LOCAL_STORAGE("localStorage"),
    /** {@code window.sessionStorage}. */
    SESSION_STORAGE("sessionStorage"),
    /** an IndexedDB database, named as in {@code indexedDB.open(name)}. */
    INDEXED_DB("indexedDB");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** Returns the name as a script sees it: {@code localStorage}, {@code sessionStorage}, {@code indexedDB}. */
    public String id() {
      return id;
    }

    /** Whether this is a {@code Storage} area (keys), rather than IndexedDB (database names). */
    public boolean isWebStorage() {
      return this != INDEXED_DB;
    }

    /** Returns the kind with this id, ignoring case. */
    public static Optional<Kind> fromId(String id) {
      for (Kind k : values()) {
        if (k.id.equalsIgnoreCase(Objects.requireNonNull(id, "id").strip())) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** Longest key or database name a rule may give. */
  public static final int MAX_PATTERN_LENGTH = 256;

  private final Kind kind;
  private final String pattern;
  private final Category category;
  private final String vendor;
  private final String purpose;
  private final String source;
  private final String[] globParts;

  private StorageRule(Kind kind, String pattern, Category category, String vendor, String purpose, String source) {
    this.kind = kind;
    this.pattern = pattern;
    this.category = category;
    this.vendor = vendor;
    this.purpose = purpose;
    this.source = source;
    this.globParts = pattern.indexOf('*') >= 0 ? CookieRule.globParts(pattern) : null;
  }

  /**
   * Returns a rule for a key or database name, or a glob of them.
   *
   * @throws IllegalArgumentException if the pattern is empty, longer than {@link
   *     #MAX_PATTERN_LENGTH}, only {@code *}, or holds a control character
   */
  public static StorageRule of(Kind kind, String keyOrGlob, Category category) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyOrGlob, "keyOrGlob");
    Objects.requireNonNull(category, "category");
    if (keyOrGlob.isEmpty() || keyOrGlob.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException("cookie-gate: storage rule '" + Text.printable(keyOrGlob)
          + "' has " + keyOrGlob.length() + " characters; expected 1 to " + MAX_PATTERN_LENGTH);
    }
    if (keyOrGlob.chars().allMatch(c -> c == '*')) {
      throw new IllegalArgumentException("cookie-gate: storage rule '" + keyOrGlob + "' matches every key,"
          + " the site's own too; expected a key or a vendor-specific glob such as acme_chat_*");
    }
    for (int i = 0; i < keyOrGlob.length(); i++) {
      char c = keyOrGlob.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException("cookie-gate: storage rule '" + Text.printable(keyOrGlob)
            + "' holds a control character");
      }
    }
    return new StorageRule(kind, keyOrGlob, category, null, null, null);
  }

  /** Returns a copy naming the vendor that writes the data. */
  public StorageRule withVendor(String vendor) {
    Objects.requireNonNull(vendor, "vendor");
    return new StorageRule(kind, pattern, category, blankToNull(vendor), purpose, source);
  }

  /** Returns a copy with the purpose the declaration shows; blank clears it. */
  public StorageRule withPurpose(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    return new StorageRule(kind, pattern, category, vendor, blankToNull(purpose), source);
  }

  /** Returns a copy naming where the rule comes from (a URL or data set); blank clears it. */
  public StorageRule withSource(String source) {
    Objects.requireNonNull(source, "source");
    return new StorageRule(kind, pattern, category, vendor, purpose, blankToNull(source));
  }

  private static String blankToNull(String s) {
    return s.isBlank() ? null : s.strip();
  }

  /** Returns where the vendor stores the data. */
  public Kind kind() {
    return kind;
  }

  /** Returns the key, database name or glob as given. */
  public String pattern() {
    return pattern;
  }

  /** Whether the pattern is a glob. */
  public boolean isGlob() {
    return globParts != null;
  }

  /** Returns the category of what this rule matches. */
  public Category category() {
    return category;
  }

  /** Returns the vendor, when known. */
  public Optional<String> vendor() {
    return Optional.ofNullable(vendor);
  }

  /** Returns what the data is for, when known. */
  public Optional<String> purpose() {
    return Optional.ofNullable(purpose);
  }

  /** Returns where the rule comes from, when known. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /**
   * Whether this rule applies to a key of this kind (the two {@code Storage} kinds share their
   * rules) and matches it, case-sensitively.
   */
  public boolean matches(Kind kind, String key) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    if (kind.isWebStorage() != this.kind.isWebStorage()) {
      return false;
    }
    return globParts == null ? pattern.equals(key) : CookieRule.globMatches(globParts, key);
  }

  /** Literal characters: the more, the more specific. */
  int specificity() {
    int stars = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '*') {
        stars++;
      }
    }
    return pattern.length() - stars;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageRule r && r.kind == kind && r.pattern.equals(pattern) && r.category == category
        && Objects.equals(r.vendor, vendor) && Objects.equals(r.purpose, purpose) && Objects.equals(r.source, source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, pattern, category, vendor, purpose, source);
  }

  @Override
  public String toString() {
    return "StorageRule[" + kind.id() + " " + pattern + " -> " + category.id()
        + (vendor == null ? "" : ", vendor=" + vendor) + "]";
  }
}
