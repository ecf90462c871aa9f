package io.github.cookiegate;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz tests (Jazzer) for {@link SetCookie}.
 *
 * <p>Two modes, both set up in core/pom.xml:
 *
 * <ul>
 *   <li>Regression ({@code mvn test}, surefire execution {@code fuzz-regression}): each method runs
 *       once per seed: the files under {@code
 *       src/test/resources/io/github/cookiegate/SetCookieFuzzTestInputs/<method>/} and the {@code
 *       @MethodSource} arguments. A finding an earlier fuzzing run saved there fails the build
 *       until the code is fixed.
 *   <li>Fuzzing ({@code mvn verify}, executions {@code fuzz-*}): one method per JVM, {@code
 *       JAZZER_FUZZ=1}, for {@code -Dfuzz.duration} (10s by default). A finding fails the build and
 *       is written to the inputs directory above as {@code crash-*} or {@code timeout-*} (and
 *       printed in Base64 in the log).
 * </ul>
 *
 * <p>To fuzz one target longer: {@code mvn -pl core test-compile
 * surefire:test@fuzz-setcookie-parse -Dfuzz.duration=5m}. Keep the seeds readable: for {@link
 * #parse} a seed file is the header itself, UTF-8.
 */
class SetCookieFuzzTest {

  private static final Set<String> KNOWN_ATTRIBUTES = Set.of("expires", "max-age", "domain", "path",
      "secure", "httponly", "samesite", "partitioned");

  /**
   * {@link SetCookie#parse} never throws on a non-null header; what it returns writes back as a
   * header without a control character (other than HTAB) that parses to an equal cookie; the
   * derived copies ({@code withMaxAge}, {@code withoutExpiry}, {@code toDeletion}) are headers a
   * browser accepts too.
   */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({
    ";", "=", "; ", "\t", "\"", "%", ",", "__Host-", "__Secure-", "__host-", "__SECURE-",
    "Expires=", "Max-Age=", "Domain=", "Path=/", "Secure", "HttpOnly", "SameSite=", "Strict",
    "Lax", "None", "Partitioned", "Priority=High", "Thu, 01 Jan 1970 00:00:00 GMT",
    "Wed, 09-Jun-2021 10:18:14 GMT", "23:59:59", "1601", "9999", "-1", "0",
    "9223372036854775808", "\u00e9", "\u212a", "\u017f", "\ud83c\udf6a"
  })
  void parse(@NotNull @WithUtf8Length(max = 2048) String header) {
    checkParse(header);
    // A servlet container may hand the header over one char per octet (ISO-8859-1): the same
    // bytes, other chars (0x80-0xFF instead of the UTF-8 code points). Same string if all ASCII.
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) >= 0x80) {
        checkParse(new String(header.getBytes(UTF_8), ISO_8859_1));
        break;
      }
    }
  }

  /**
   * {@code SetCookie.builder(name, value)...build()} throws {@link IllegalArgumentException} and
   * nothing else for what it refuses, always when name or value contains CR, LF or NUL; what it
   * builds writes a header without control characters that parses back to an equal cookie with
   * the name, value and flags that were set.
   */
  @MethodSource("builderSeeds")
  @FuzzTest(maxDuration = "5m")
  // No CR, LF or DEL here: Jazzer 0.30.0 writes them unescaped, and libFuzzer then rejects the
  // whole dictionary ("ParseDictionaryFile: error in line N").
  @DictionaryEntries({"__Host-", "__Secure-", "\u0000", ";", "=", " ", "\t"})
  void builder(
      @NotNull String name,
      @NotNull String value,
      String domain,
      String path,
      boolean secure,
      boolean httpOnly,
      boolean partitioned,
      SetCookie.SameSite sameSite,
      Long maxAge,
      Long expiresEpochSecond,
      String otherAttributeName,
      String otherAttributeValue) {
    boolean crLfNul = hasCrLfNul(name) || hasCrLfNul(value);
    SetCookie c;
    try {
      SetCookie.Builder b = SetCookie.builder(name, value);
      if (domain != null) {
        b.domain(domain);
      }
      if (path != null) {
        b.path(path);
      }
      b.secure(secure).httpOnly(httpOnly).partitioned(partitioned);
      if (sameSite != null) {
        b.sameSite(sameSite);
      }
      if (maxAge != null) {
        b.maxAge(maxAge);
      }
      if (expiresEpochSecond != null) {
        b.expires(toInstant(expiresEpochSecond));
      }
      if (otherAttributeName != null && otherAttributeValue != null) {
        b.attribute(otherAttributeName, otherAttributeValue);
      }
      c = b.build();
    } catch (IllegalArgumentException refused) {
      return; // the documented way to refuse
    }
    // Anything other than IllegalArgumentException escaped above and is a finding.
    if (crLfNul) {
      throw new AssertionError("builder accepted CR, LF or NUL in name " + quote(name)
          + " or value " + quote(value) + ": " + quote(c.toHeader()));
    }
    Supplier<String> where = () -> "built from name " + quote(name) + ", value " + quote(value);
    check(c.name().equals(name), "name changed", where, c);
    check(c.value().equals(value), "value changed", where, c);
    // The free-form attribute may legitimately replace one of the typed ones (Secure=..., say).
    if (otherAttributeName == null || !KNOWN_ATTRIBUTES.contains(asciiLower(otherAttributeName))) {
      check(c.secure() == secure, "Secure changed", where, c);
      check(c.httpOnly() == httpOnly, "HttpOnly changed", where, c);
      check(c.partitioned() == partitioned, "Partitioned changed", where, c);
      check(c.sameSite().equals(Optional.ofNullable(sameSite)), "SameSite changed", where, c);
      if (maxAge != null) {
        check(c.maxAge().isPresent() && c.maxAge().getAsLong() == maxAge, "Max-Age changed", where,
            c);
      }
      if (expiresEpochSecond != null) {
        Instant set = toInstant(expiresEpochSecond).truncatedTo(ChronoUnit.SECONDS);
        if (!c.expires().equals(Optional.of(set))) {
          throw new AssertionError("Expires " + set + " reads back as " + c.expires() + " ("
              + where.get() + "): " + quote(c.toHeader()));
        }
      }
    }
    checkRoundTrip(c, where);
  }

  static Stream<Arguments> builderSeeds() {
    return Stream.of(
        Arguments.of("intercom-id-abc", "3f2a1c0e-7b7d-4c1e-9a51-2b7e5f0d9c11", null, "/", false,
            false, false, SetCookie.SameSite.LAX, 23_328_000L, null, null, null),
        Arguments.of("__Host-cg_consent", "chat.analytics", null, "/", true, true, false,
            SetCookie.SameSite.STRICT, null, 1_798_761_600L, "Priority", "High"),
        Arguments.of("__Secure-cw", "a=b", "example.com", "/chat", true, false, true,
            SetCookie.SameSite.NONE, -1L, 0L, null, null),
        Arguments.of("bad\r\nSet-Cookie: evil", "x", null, null, false, false, false, null, null,
            null, null, null),
        Arguments.of("a", "b\u0000c", null, null, false, false, false, null, null, null, null,
            null));
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkParse(String header) {
    Optional<SetCookie> parsed = SetCookie.parse(header); // must not throw
    if (parsed.isEmpty()) {
      return;
    }
    SetCookie c = parsed.get();
    Supplier<String> where = () -> "parsed from " + quote(header);
    checkRoundTrip(c, where);

    // Typed accessors and derived copies must not throw either.
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    c.expires();
    c.maxAge();
    c.domain();
    c.path();
    c.persistent();
    c.isDeletion(now);
    c.lifetime(now);
    c.attributes().forEach(a -> c.attribute(a.name()));
    c.toString();

    checkRoundTrip(c.withMaxAge(Duration.ofHours(24)), () -> where.get() + ", withMaxAge(24h)");
    checkRoundTrip(c.withoutExpiry(), () -> where.get() + ", withoutExpiry()");

    SetCookie deletion = c.toDeletion();
    String deletionHeader = deletion.toHeader();
    checkHeaderSafe(deletionHeader, () -> where.get() + ", toDeletion()");
    Optional<SetCookie> reparsedDeletion = SetCookie.parse(deletionHeader);
    if (reparsedDeletion.isEmpty()) {
      throw new AssertionError("toDeletion() of a cookie " + where.get() + " wrote "
          + quote(deletionHeader) + ", which a browser ignores: the cookie is never deleted");
    }
    check(reparsedDeletion.get().isDeletion(now), "toDeletion() does not delete", where, deletion);
    check(reparsedDeletion.get().name().equals(c.name()), "toDeletion() changed the name", where,
        deletion);
  }

  /** toHeader() has no CTL but HTAB and parses back to an equal cookie that writes the same. */
  private static void checkRoundTrip(SetCookie c, Supplier<String> where) {
    String out = c.toHeader();
    checkHeaderSafe(out, where);
    Optional<SetCookie> again = SetCookie.parse(out);
    if (again.isEmpty()) {
      throw new AssertionError("toHeader() of a cookie " + where.get() + " does not parse back: "
          + quote(out));
    }
    if (!again.get().equals(c)) {
      throw new AssertionError("round trip changed the cookie " + where.get() + ": wrote "
          + quote(out) + ", read back " + quote(again.get().toHeader()));
    }
    if (!again.get().toHeader().equals(out)) {
      throw new AssertionError("toHeader() not stable " + where.get() + ": " + quote(out) + " then "
          + quote(again.get().toHeader()));
    }
  }

  private static void checkHeaderSafe(String header, Supplier<String> where) {
    for (int i = 0; i < header.length(); i++) {
      char ch = header.charAt(i);
      if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
        throw new AssertionError("toHeader() of a cookie " + where.get()
            + " contains control character " + String.format("U+%04X", (int) ch) + " at index " + i
            + ": " + quote(header));
      }
    }
  }

  private static void check(boolean ok, String what, Supplier<String> where, SetCookie c) {
    if (!ok) {
      throw new AssertionError(what + " (" + where.get() + "): " + quote(c.toHeader()));
    }
  }

  private static String asciiLower(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      sb.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
    }
    return sb.toString();
  }

  private static boolean hasCrLfNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  /** Any long maps to an instant Instant can hold (years -1000000000 to 1000000000). */
  private static Instant toInstant(long epochSecond) {
    long min = Instant.MIN.getEpochSecond();
    long max = Instant.MAX.getEpochSecond();
    if (epochSecond < min || epochSecond > max) {
      epochSecond = min + Math.floorMod(epochSecond, max - min + 1);
    }
    return Instant.ofEpochSecond(epochSecond);
  }

  /** Java-escaped, so that control characters show in the failure message. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0)
          || Character.isSurrogate(ch)) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}
