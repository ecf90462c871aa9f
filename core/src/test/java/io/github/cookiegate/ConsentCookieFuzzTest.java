package io.github.cookiegate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithSize;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz test (Jazzer) for {@link ConsentState#fromOwnCookie}: it never throws, and
 * garbage grants nothing. See {@link SetCookieFuzzTest} for how the modes are run; fuzz this one
 * longer with {@code mvn -pl core test-compile surefire:test@fuzz-consent-cookie
 * -Dfuzz.duration=5m}.
 */
class ConsentCookieFuzzTest {

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({
    "chat", "functional", "analytics", "marketing", "necessary", "none", "NONE", "Chat", ".",
    "%2e", "%2E", "%", "%6", "%63hat", " ", "\t", "\u00a0", "\u2003", "\u212a", "\u017f", "\u0130",
    "\u0131"
  })
  void fromOwnCookie(@NotNull @WithSize(max = 6) List<@WithUtf8Length(max = 300) String> values) {
    ConsentState state = ConsentState.fromOwnCookie(values); // must not throw
    if (state == null) {
      throw new AssertionError("fromOwnCookie returned null for " + show(values));
    }
    Set<Category> granted = state.granted();
    if (granted == null) {
      throw new AssertionError("granted() is null for " + show(values));
    }
    for (Object o : granted) {
      if (!(o instanceof Category)) {
        throw new AssertionError("granted() holds " + o + " for " + show(values));
      }
    }
    if (granted.contains(Category.NECESSARY) || !Category.CONSENT_REQUIRED.containsAll(granted)) {
      throw new AssertionError("granted() = " + granted + " for " + show(values));
    }
    if (!state.allows(Category.NECESSARY)) {
      throw new AssertionError("necessary not allowed for " + show(values));
    }
    for (Category c : Category.CONSENT_REQUIRED) {
      if (state.allows(c) != granted.contains(c)) {
        throw new AssertionError("allows(" + c + ") disagrees with granted() for " + show(values));
      }
    }
    if (!state.isChoiceMade() && !state.equals(ConsentState.none())) {
      throw new AssertionError("no choice, but not none(): " + state + " for " + show(values));
    }

    // Unreadable (missing, empty, too long): no choice at all.
    boolean unreadable = values.isEmpty();
    for (String v : values) {
      unreadable |=
          v == null || v.isEmpty() || v.length() > ConsentState.MAX_OWN_COOKIE_VALUE_LENGTH;
    }
    if (unreadable && !state.equals(ConsentState.none())) {
      throw new AssertionError("unreadable value read as " + state + ": " + show(values));
    }

    // Garbage grants nothing: a granted category is spelled out, ASCII case-insensitively, in
    // every copy of the cookie after percent-decoding; a "none" word refuses everything.
    for (String v : values) {
      if (v == null) {
        continue;
      }
      List<String> words = words(v);
      for (Category c : granted) {
        if (!words.contains(c.id())) {
          throw new AssertionError(c + " granted, but " + show(v) + " has no word '" + c.id()
              + "' (words: " + words + "); values " + show(values));
        }
      }
      if (words.contains("none") && !granted.isEmpty()) {
        throw new AssertionError("'none' in " + show(v) + " but granted " + granted);
      }
    }

    // Copies intersect, in any order.
    List<String> reversed = new ArrayList<>(values);
    Collections.reverse(reversed);
    ConsentState reverse = ConsentState.fromOwnCookie(reversed);
    if (!reverse.equals(state)) {
      throw new AssertionError(
          "order matters: " + state + " vs " + reverse + " for " + show(values));
    }
    if (!values.isEmpty()) {
      EnumSet<Category> intersection = EnumSet.copyOf(Category.CONSENT_REQUIRED);
      boolean allChoices = true;
      for (String v : values) {
        ConsentState one = ConsentState.fromOwnCookie(Collections.singletonList(v));
        allChoices &= one.isChoiceMade();
        intersection.retainAll(one.granted());
      }
      if (state.isChoiceMade() != allChoices
          || (allChoices && !state.granted().equals(intersection))) {
        throw new AssertionError("not the intersection of the copies: " + state + " vs "
            + intersection + " for " + show(values));
      }
    }
  }

  static Stream<Arguments> seeds() {
    return Stream.of(
        Arguments.of(List.of("chat.analytics")),
        Arguments.of(List.of("Chat.FUNCTIONAL.analytics.marketing")),
        Arguments.of(List.of("none")),
        Arguments.of(List.of("chat", "chat.marketing")),
        Arguments.of(List.of("chat%2Eanalytics")),
        Arguments.of(List.of(" chat . analytics ")),
        Arguments.of(List.of("necessary")),
        Arguments.of(List.of("chat.none")),
        Arguments.of(List.of("", "chat")),
        Arguments.of(List.of("%")),
        Arguments.of(List.of("chat.".repeat(60))),
        // U+212A KELVIN SIGN lower-cases to ASCII 'k' under Locale.ROOT: garbage, not "marketing".
        Arguments.of(List.of("mar\u212aeting")));
  }

  /**
   * The '.'-separated words of the percent-decoded value, SP/HTAB-trimmed, ASCII lower-cased. A
   * deliberately narrow reading: whatever else the parser accepts must still spell the word.
   */
  private static List<String> words(String raw) {
    StringBuilder decoded = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        decoded.append((char) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2))));
        i += 2;
      } else {
        decoded.append(c);
      }
    }
    List<String> words = new ArrayList<>();
    for (String w : decoded.toString().split("\\.", -1)) {
      words.add(asciiLower(w.strip()));
    }
    return words;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String asciiLower(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }

  private static String show(List<String> values) {
    List<String> shown = new ArrayList<>();
    for (String v : values) {
      shown.add(v == null ? "null" : show(v));
    }
    return shown.toString();
  }

  private static String show(String v) {
    return SetCookieFuzzTest.quote(v) + escapeNonAscii(v);
  }

  private static String escapeNonAscii(String v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) > 0x7E) {
        sb.append(sb.length() == 0 ? " (non-ASCII:" : "")
            .append(String.format(" U+%04X", (int) v.charAt(i)));
      }
    }
    return sb.length() == 0 ? "" : sb.append(')').toString();
  }
}
