package io.github.cookiegate;

import io.github.cookiegate.internal.text.Ascii;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The user's consent as one request shows it: the categories granted, when, and where it was read.
 * Immutable.
 *
 * <p>{@link Category#NECESSARY} is always allowed and never needs to be granted. Consent to one
 * category says nothing of the others (CNIL: consent is specific), and activating the chat is not
 * consent at all.
 */
public final class ConsentState {

  /** The source name of the library's own consent cookie. */
  public static final String OWN_COOKIE_SOURCE = "cookie-gate";

  /**
   * A consent cookie value longer than this (in characters) reads as no consent: the longest valid
   * value, every word once, is about 50 characters.
   */
  public static final int MAX_OWN_COOKIE_VALUE_LENGTH = 256;

  /** The highest revision the own cookie's {@code r<N>} word may carry. */
  static final int MAX_REVISION = 999_999_999;

  private static final ConsentState NONE =
      new ConsentState(EnumSet.noneOf(Category.class), null, "none", false, -1, Set.of());

  private final Set<Category> granted;
  private final Instant timestamp;
  private final String source;
  private final boolean choiceMade;
  /** The policy revision the choice was given under, or -1 where the source stores none. */
  private final int revision;
  /** The categories Global Privacy Control withdrew; empty when the request sent no Sec-GPC: 1. */
  private final Set<Category> withdrawnByGpc;

  private ConsentState(Set<Category> granted, Instant timestamp, String source, boolean choiceMade, int revision,
      Set<Category> withdrawnByGpc) {
    EnumSet<Category> copy = EnumSet.noneOf(Category.class);
    copy.addAll(granted);
    copy.remove(Category.NECESSARY);
    copy.removeAll(withdrawnByGpc);
    this.granted = Collections.unmodifiableSet(copy);
    this.timestamp = timestamp;
    this.source = source;
    this.choiceMade = choiceMade;
    this.revision = revision;
    this.withdrawnByGpc = withdrawnByGpc;
  }

  /** Returns the state of a user who has made no choice: nothing granted. */
  public static ConsentState none() {
    return NONE;
  }

  /**
   * Returns a choice read from {@code source} that grants these categories (an empty set is a
   * refusal, which is a choice too).
   */
  public static ConsentState of(String source, Set<Category> granted) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(granted, "granted");
    return new ConsentState(granted, null, source, true, -1, Set.of());
  }

  /** Returns a choice read from {@code source}, with its time and revision (-1: none) where stored, in one step. */
  static ConsentState read(String source, Set<Category> granted, Instant timestamp, int revision) {
    return new ConsentState(granted, timestamp, source, true, revision, Set.of());
  }

  /** Returns a copy that says when the choice was made. */
  public ConsentState withTimestamp(Instant timestamp) {
    return new ConsentState(granted, Objects.requireNonNull(timestamp, "timestamp"), source, choiceMade, revision,
        withdrawnByGpc);
  }

  /**
   * Returns a copy that says under which policy revision the choice was given (the {@code
   * consent-revision} setting reads an older one as no consent).
   *
   * @throws IllegalArgumentException if negative
   */
  public ConsentState withRevision(int revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("cookie-gate: revision is " + revision + "; expected 0 or more");
    }
    return new ConsentState(granted, timestamp, source, choiceMade, revision, withdrawnByGpc);
  }

  /**
   * Returns a copy with these categories withdrawn because the request sent {@code Sec-GPC: 1}
   * (Global Privacy Control), whatever the stored choice grants. {@link #withdrawnByGpc()} says so.
   */
  public ConsentState withGlobalPrivacyControl(Set<Category> withdrawn) {
    Objects.requireNonNull(withdrawn, "withdrawn");
    EnumSet<Category> w = EnumSet.noneOf(Category.class);
    w.addAll(withdrawn);
    w.remove(Category.NECESSARY);
    w.addAll(withdrawnByGpc);
    return new ConsentState(granted, timestamp, source, choiceMade, revision, Collections.unmodifiableSet(w));
  }

  /**
   * Reads the library's own consent cookie (design section 3): the granted categories joined by
   * {@code .}, such as {@code chat.analytics}; case-insensitive, surrounding whitespace ignored,
   * percent-decoded once, unknown words ignored, {@code none} a refusal of everything.
   *
   * <p>When the request carries the cookie more than once (several paths or domains), only the
   * categories every copy grants count. Anything unreadable (empty, too long, no known word, a
   * double quote or backslash left in it once the reader took off a balanced pair of quotes around
   * it) reads as no choice. Never throws for any value.
   */
  public static ConsentState fromOwnCookie(List<String> values) {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      return NONE;
    }
    EnumSet<Category> intersection = EnumSet.allOf(Category.class);
    int revision = Integer.MAX_VALUE;
    for (String value : values) {
      int[] rev = {-1};
      EnumSet<Category> one = value == null ? null : readOwnValue(value, rev);
      if (one == null) {
        return NONE;
      }
      intersection.retainAll(one);
      // The copy given under the oldest revision counts: a stale copy must not pass as current.
      revision = Math.min(revision, Math.max(rev[0], 0));
    }
    return new ConsentState(intersection, null, OWN_COOKIE_SOURCE, true, revision == 0 ? -1 : revision, Set.of());
  }

  /**
   * Returns the categories one value grants, or null when it is not a readable choice; an {@code
   * r<N>} word (the policy revision, {@code chat.analytics.r3}) goes to {@code revision[0]}.
   */
  private static EnumSet<Category> readOwnValue(String raw, int[] revision) {
    if (raw.length() > MAX_OWN_COOKIE_VALUE_LENGTH) {
      return null;
    }
    String value = percentDecodeOnce(raw);
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      // Read as a whole: the reader took off a balanced pair of quotes around the value
      // (ConsentRequest), so a quote left is malformed, and a malformed value grants nothing.
      return null;
    }
    EnumSet<Category> granted = EnumSet.noneOf(Category.class);
    boolean choice = false;
    boolean refused = false;
    int start = 0;
    while (start <= value.length()) {
      int end = value.indexOf('.', start);
      if (end < 0) {
        end = value.length();
      }
      String word = value.substring(start, end).strip();
      if (Ascii.equalsIgnoreCase(word, "none")) {
        refused = true;
        choice = true;
      } else if (isRevisionWord(word)) {
        revision[0] = Math.max(revision[0], Integer.parseInt(word, 1, word.length(), 10));
      } else {
        Optional<Category> category = Category.fromId(word);
        if (category.isPresent()) {
          granted.add(category.get());
          choice = true;
        }
      }
      start = end + 1;
    }
    if (!choice) {
      return null;
    }
    // "none" anywhere is a refusal: never read a contradictory value as consent.
    return refused ? EnumSet.noneOf(Category.class) : granted;
  }

  /** {@code r} (or {@code R}) and one to nine ASCII digits: {@code r3}. Older readers ignore it. */
  private static boolean isRevisionWord(String word) {
    if (word.length() < 2 || word.length() > 10 || (word.charAt(0) != 'r' && word.charAt(0) != 'R')) {
      return false;
    }
    for (int i = 1; i < word.length(); i++) {
      if (word.charAt(i) < '0' || word.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String percentDecodeOnce(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Ascii.hexDigit(s.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? Ascii.hexDigit(s.charAt(i + 2)) : -1;
      if (lo >= 0) {
        sb.append((char) (hi * 16 + lo));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether cookies of this category may be stored: always for necessary, else if granted. */
  public boolean allows(Category category) {
    return category == Category.NECESSARY || granted.contains(category);
  }

  /** Whether every consent-required category (chat, functional, analytics, marketing) is granted. */
  public boolean allowsAll() {
    return granted.size() == Category.CONSENT_REQUIRED.size();
  }

  /** Returns the granted categories (never {@link Category#NECESSARY}). */
  public Set<Category> granted() {
    return granted;
  }

  /** Returns when the choice was made, where the source stores it. */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  /**
   * Returns where the state was read: the id of the {@link ConsentResolver} that read it ({@code
   * cookie-gate} for the own cookie, {@code tcf}, {@code onetrust}, ...), or {@code none}.
   */
  public String source() {
    return source;
  }

  /** Returns the policy revision the choice was given under, where the source stores one. */
  public OptionalInt revision() {
    return revision < 0 ? OptionalInt.empty() : OptionalInt.of(revision);
  }

  /**
   * Returns the categories Global Privacy Control withdrew from this request ({@code Sec-GPC: 1}
   * and the {@code gpc} setting); empty when it withdrew nothing.
   */
  public Set<Category> withdrawnByGpc() {
    return withdrawnByGpc;
  }

  /** Whether the user has made a choice (a refusal is a choice; no cookie is not). */
  public boolean isChoiceMade() {
    return choiceMade;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsentState c
        && c.granted.equals(granted)
        && Objects.equals(c.timestamp, timestamp)
        && c.source.equals(source)
        && c.choiceMade == choiceMade
        && c.revision == revision
        && c.withdrawnByGpc.equals(withdrawnByGpc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(granted, timestamp, source, choiceMade, revision, withdrawnByGpc);
  }

  @Override
  public String toString() {
    return "ConsentState[source=" + source + ", granted=" + granted
        + (choiceMade ? "" : ", no choice") + (timestamp == null ? "" : ", at " + timestamp)
        + (revision < 0 ? "" : ", revision " + revision)
        + (withdrawnByGpc.isEmpty() ? "" : ", withdrawn by GPC " + withdrawnByGpc) + "]";
  }
}
