package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetCookieTest {

  private static SetCookie parse(String header) {
    return SetCookie.parse(header).orElseThrow(() -> new AssertionError("ignored: " + header));
  }

  @Test
  void parsesNameValueAndAttributes() {
    SetCookie c = parse("intercom-id-abc=3f2a; Path=/; Domain=.Example.COM; Max-Age=3600; Secure; HttpOnly;"
        + " SameSite=Lax; Partitioned");
    assertThat(c.name()).isEqualTo("intercom-id-abc");
    assertThat(c.value()).isEqualTo("3f2a");
    assertThat(c.path()).contains("/");
    assertThat(c.domain()).contains("example.com");
    assertThat(c.maxAge()).hasValue(3600);
    assertThat(c.secure()).isTrue();
    assertThat(c.httpOnly()).isTrue();
    assertThat(c.sameSite()).contains(SetCookie.SameSite.LAX);
    assertThat(c.partitioned()).isTrue();
    assertThat(c.attributes()).extracting(SetCookie.Attribute::name)
        .containsExactly("Path", "Domain", "Max-Age", "Secure", "HttpOnly", "SameSite", "Partitioned");
  }

  @Test
  void headerWithoutEqualsIsNamelessCookie() {
    SetCookie c = parse("foo");
    assertThat(c.name()).isEmpty();
    assertThat(c.value()).isEqualTo("foo");
    assertThat(c.toHeader()).isEqualTo("foo");
  }

  @Test
  void splitsOnFirstEquals() {
    SetCookie c = parse("a=b=c; path=/");
    assertThat(c.name()).isEqualTo("a");
    assertThat(c.value()).isEqualTo("b=c");
  }

  @Test
  void namelessCookieWithEqualsInValueWritesLeadingEquals() {
    SetCookie c = parse("=a=b");
    assertThat(c.name()).isEmpty();
    assertThat(c.value()).isEqualTo("a=b");
    assertThat(c.toHeader()).isEqualTo("=a=b");
    assertThat(SetCookie.parse(c.toHeader())).contains(c);
  }

  @Test
  void trimsSpaceAndTabAroundNameAndValue() {
    SetCookie c = parse(" \tname \t= \tvalue with space\t ;\t Path = /x ");
    assertThat(c.name()).isEqualTo("name");
    assertThat(c.value()).isEqualTo("value with space");
    assertThat(c.path()).contains("/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=b\u0000c", "a=b\rc", "a=b\nc", "a\u0001=b", "a=b; Path=/\u007f", "a=b; x=\u001f"})
  void controlCharacterOtherThanTabVoidsTheCookie(String header) {
    assertThat(SetCookie.parse(header)).isEmpty();
  }

  @Test
  void tabIsAllowedInsideValue() {
    assertThat(parse("a=b\tc").value()).isEqualTo("b\tc");
  }

  @Test
  void emptyNameAndValueIsIgnored() {
    assertThat(SetCookie.parse("")).isEmpty();
    assertThat(SetCookie.parse("=")).isEmpty();
    assertThat(SetCookie.parse(" = ; Path=/")).isEmpty();
  }

  @Test
  void nameAndValueOver4096OctetsVoidTheCookie() {
    assertThat(SetCookie.parse("a=" + "b".repeat(4095))).isPresent();
    assertThat(SetCookie.parse("a=" + "b".repeat(4096))).isEmpty();
    // Octets of UTF-8, not characters: "é" is two octets.
    assertThat(SetCookie.parse("a=" + "é".repeat(2047) + "b")).isPresent();
    assertThat(SetCookie.parse("a=" + "é".repeat(2048))).isEmpty();
  }

  @Test
  void attributeValueOver1024OctetsIsIgnored() {
    SetCookie c = parse("a=b; Path=/" + "p".repeat(1023) + "; Domain=" + "d".repeat(1025));
    assertThat(c.path()).contains("/" + "p".repeat(1023));
    assertThat(c.domain()).isEmpty();
    assertThat(c.attributes()).extracting(SetCookie.Attribute::name).containsExactly("Path");
  }

  @Test
  void headerOverMaxLengthIsNotParsed() {
    assertThat(SetCookie.parse("a=b; x=" + "y".repeat(SetCookie.MAX_HEADER_LENGTH))).isEmpty();
  }

  @Test
  void maxAgeTakesPrecedenceOverExpires() {
    Instant now = Instant.parse("2026-11-23T00:00:00Z");
    SetCookie c = parse("a=b; Max-Age=0; Expires=Wed, 21 Oct 2099 07:28:00 GMT");
    assertThat(c.isDeletion(now)).isTrue();
    SetCookie d = parse("a=b; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
    assertThat(d.isDeletion(now)).isFalse();
    assertThat(d.lifetime(now)).contains(Duration.ofSeconds(60));
  }

  @Test
  void expiresInThePastDeletes() {
    Instant now = Instant.parse("2026-11-23T00:00:00Z");
    assertThat(parse("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT").isDeletion(now)).isTrue();
    assertThat(parse("a=b; Expires=Thu, 01 Jan 2099 00:00:00 GMT").isDeletion(now)).isFalse();
    assertThat(parse("a=b").isDeletion(now)).isFalse();
    assertThat(parse("a=b; Max-Age=-1").isDeletion(now)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "+5", "1.5", "5s", "-", "--1", " "})
  void invalidMaxAgeIsIgnored(String value) {
    assertThat(parse("a=b; Max-Age=" + value).maxAge()).isEmpty();
  }

  @Test
  void lastValidMaxAgeWins() {
    assertThat(parse("a=b; Max-Age=10; Max-Age=x").maxAge()).hasValue(10);
    assertThat(parse("a=b; Max-Age=10; Max-Age=20").maxAge()).hasValue(20);
    assertThat(parse("a=b; Max-Age=99999999999999999999999").maxAge()).hasValue(Long.MAX_VALUE);
    assertThat(parse("a=b; Max-Age=-99999999999999999999999").maxAge()).hasValue(Long.MIN_VALUE);
  }

  @Test
  void parsesCookieDatesAsBrowsersDo() {
    Instant expected = Instant.parse("2015-10-21T07:28:00Z");
    for (String date : new String[] {
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Wednesday, 21-Oct-15 07:28:00 GMT",
        "Wed Oct 21 07:28:00 2015",
        "21 October 2015 7:28:0",
        "2015 Oct 21 07:28:00",
        "Wed, 21 OCT 2015 07:28:00 UTC garbage",
    }) {
      assertThat(parse("a=b; Expires=" + date).expires()).as(date).contains(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Wed, 32 Oct 2015 07:28:00 GMT",    // day out of range
      "Wed, 30 Feb 2015 07:28:00 GMT",    // no such day
      "Wed, 21 Foo 2015 07:28:00 GMT",    // no month
      "Wed, 21 Oct 1600 07:28:00 GMT",    // year before 1601
      "Wed, 21 Oct 2015 24:00:00 GMT",    // hour out of range
      "Wed, 21 Oct 2015 GMT",             // no time
      "tomorrow",
  })
  void unparseableDateIsIgnored(String date) {
    SetCookie c = parse("a=b; Expires=" + date);
    assertThat(c.expires()).isEmpty();
    assertThat(c.persistent()).isFalse();
  }

  @Test
  void twoDigitYearsFollowTheCookieDateRule() {
    assertThat(parse("a=b; Expires=21 Oct 69 07:28:00").expires()).contains(Instant.parse("2069-10-21T07:28:00Z"));
    assertThat(parse("a=b; Expires=21 Oct 70 07:28:00").expires()).contains(Instant.parse("1970-10-21T07:28:00Z"));
  }

  @Test
  void domainDropsLeadingDotAndEmptyDomainIsIgnored() {
    assertThat(parse("a=b; Domain=.Example.com").domain()).contains("example.com");
    assertThat(parse("a=b; Domain=").domain()).isEmpty();
    assertThat(parse("a=b; Domain=example.org; Domain=").domain()).contains("example.org");
  }

  @Test
  void relativeOrEmptyPathMeansDefaultPathAndOverridesEarlierPath() {
    assertThat(parse("a=b; Path=foo").path()).isEmpty();
    assertThat(parse("a=b; Path=").path()).isEmpty();
    assertThat(parse("a=b; Path=/x; Path=y").path()).isEmpty();
    assertThat(parse("a=b; Path=y; Path=/x").path()).contains("/x");
  }

  @Test
  void attributeNamesAreAsciiCaseInsensitiveOnly() {
    assertThat(parse("a=b; SECURE; hTtPoNlY").secure()).isTrue();
    assertThat(parse("a=b; SECURE; hTtPoNlY").httpOnly()).isTrue();
    // U+017F LATIN SMALL LETTER LONG S upper-cases to 'S' in Java, but is not 's' to a browser.
    assertThat(parse("a=b; \u017Fecure").secure()).isFalse();
  }

  @Test
  void secureAndHttpOnlyIgnoreTheirValue() {
    SetCookie c = parse("a=b; Secure=no; HttpOnly=false");
    assertThat(c.secure()).isTrue();
    assertThat(c.httpOnly()).isTrue();
  }

  @Test
  void unknownSameSiteMeansDefault() {
    assertThat(parse("a=b; SameSite=Strict").sameSite()).contains(SetCookie.SameSite.STRICT);
    assertThat(parse("a=b; SameSite=lax").sameSite()).contains(SetCookie.SameSite.LAX);
    assertThat(parse("a=b; SameSite=Strict; SameSite=bogus").sameSite()).isEmpty();
    assertThat(parse("a=b; SameSite=None; Secure").sameSite()).contains(SetCookie.SameSite.NONE);
  }

  @Test
  void sameSiteNoneWithoutSecureIsIgnored() {
    assertThat(SetCookie.parse("a=b; SameSite=None")).isEmpty();
  }

  @Test
  void partitionedWithoutSecureIsIgnored() {
    assertThat(SetCookie.parse("a=b; Partitioned")).isEmpty();
    assertThat(SetCookie.parse("a=b; Partitioned; Secure")).isPresent();
  }

  @Test
  void securePrefixNeedsSecure() {
    assertThat(SetCookie.parse("__Secure-a=b")).isEmpty();
    assertThat(SetCookie.parse("__secure-a=b")).isEmpty();
    assertThat(SetCookie.parse("__Secure-a=b; Secure")).isPresent();
    assertThat(SetCookie.parse("__Secure-a=b; Secure; Domain=example.com")).isPresent();
  }

  @Test
  void hostPrefixNeedsSecurePathSlashAndNoDomain() {
    assertThat(SetCookie.parse("__Host-a=b; Secure; Path=/")).isPresent();
    assertThat(SetCookie.parse("__HOST-a=b; Secure; Path=/")).isPresent();
    assertThat(SetCookie.parse("__Host-a=b; Path=/")).isEmpty();
    assertThat(SetCookie.parse("__Host-a=b; Secure")).isEmpty();
    assertThat(SetCookie.parse("__Host-a=b; Secure; Path=/x")).isEmpty();
    assertThat(SetCookie.parse("__Host-a=b; Secure; Path=/; Domain=example.com")).isEmpty();
    assertThat(SetCookie.parse("__host-a=b; Secure; Path=/; Domain=example.com")).isEmpty();
  }

  @Test
  void httpPrefixesNeedSecureAndHttpOnly() {
    assertThat(SetCookie.parse("__Http-a=b; Secure; HttpOnly")).isPresent();
    assertThat(SetCookie.parse("__Http-a=b; Secure")).isEmpty();
    assertThat(SetCookie.parse("__http-a=b; HttpOnly")).isEmpty();
    assertThat(SetCookie.parse("__Host-Http-a=b; Secure; HttpOnly; Path=/")).isPresent();
    assertThat(SetCookie.parse("__Host-Http-a=b; Secure; Path=/")).isEmpty();
    assertThat(SetCookie.parse("__Http-a")).isEmpty();
  }

  @Test
  void namelessCookieCannotSmuggleAPrefix() {
    assertThat(SetCookie.parse("__Host-a; Secure; Path=/")).isEmpty();
    assertThat(SetCookie.parse("=__Secure-a; Secure")).isEmpty();
    assertThat(SetCookie.parse("__SECURE-a")).isEmpty();
  }

  @Test
  void keepsUnknownAttributesForTheRoundTrip() {
    SetCookie c = parse("a=b; Priority=High; Comment=x; Path=/");
    assertThat(c.attribute("priority")).contains("High");
    assertThat(c.toHeader()).isEqualTo("a=b; Priority=High; Comment=x; Path=/");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a=b", "a=", "foo", "=a=b", "a=b; Path=/; Secure; HttpOnly; SameSite=Lax",
      "a=\"quoted value\"; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "a=b; Secure=; Max-Age=5",
      "  a  =  b  ;  Domain  =  .x.com  ;;; Path", "__Host-id=1; Secure; Path=/",
      "a=b\tc; Unknown", "é=ü; Path=/ä",
  })
  void toHeaderRoundTrips(String header) {
    SetCookie c = parse(header);
    assertThat(SetCookie.parse(c.toHeader())).contains(c);
  }

  @Test
  void withMaxAgeReplacesEveryLifetimeAttribute() {
    SetCookie c = parse("a=b; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/; Max-Age=9999999");
    SetCookie capped = c.withMaxAge(Duration.ofHours(24));
    assertThat(capped.toHeader()).isEqualTo("a=b; Path=/; Max-Age=86400");
    assertThat(capped.expires()).isEmpty();
    assertThat(c.maxAge()).hasValue(9999999); // the original is unchanged
  }

  @Test
  void withoutExpiryMakesSessionCookie() {
    SetCookie c = parse("a=b; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/; Max-Age=60").withoutExpiry();
    assertThat(c.toHeader()).isEqualTo("a=b; Path=/");
    assertThat(c.persistent()).isFalse();
  }

  @Test
  void toDeletionKeepsWhatIdentifiesTheCookie() {
    SetCookie c = parse("__Host-x=1; Secure; Path=/; HttpOnly; SameSite=Strict; Max-Age=60").toDeletion();
    assertThat(c.toHeader()).isEqualTo("__Host-x=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict");
    assertThat(SetCookie.parse(c.toHeader())).contains(c);
    assertThat(parse("v=1; Domain=.example.com; Path=/app").toDeletion().toHeader())
        .isEqualTo("v=; Max-Age=0; Domain=.example.com; Path=/app");
    assertThat(parse("__Http-x=1; Secure; HttpOnly").toDeletion().toHeader()).isEqualTo("__Http-x=; Max-Age=0; Secure; HttpOnly");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\tb=c", "a=b; Path=/\tx", "a=b; Domain=x\ty", "a=b; Domain=. x", "nameless-value-only",
      "=nameless=with=equals; Secure"})
  void toDeletionOfAnyParsedCookieIsADeletionABrowserAccepts(String header) {
    // Found by SetCookieFuzzTest: the deletion used to go through the builder, which refuses tabs.
    SetCookie c = parse(header);
    SetCookie deletion = c.toDeletion();
    SetCookie reparsed = SetCookie.parse(deletion.toHeader()).orElseThrow();
    assertThat(reparsed.isDeletion(Instant.EPOCH)).isTrue();
    assertThat(reparsed.name()).isEqualTo(c.name());
    assertThat(reparsed.domain()).isEqualTo(c.domain());
    assertThat(reparsed.path()).isEqualTo(c.path());
  }

  @Test
  void builderRefusesExpiresACookieDateCannotCarry() {
    assertThatThrownBy(() -> SetCookie.builder("a", "b").expires(Instant.MIN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SetCookie.builder("a", "b").expires(Instant.parse("1000-01-01T00:00:00Z")))
        .hasMessageContaining("1601-01-01 to 9999-12-31");
    assertThatThrownBy(() -> SetCookie.builder("a", "b").expires(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    Instant edge = Instant.parse("1601-01-01T00:00:00Z");
    assertThat(SetCookie.builder("a", "b").expires(edge).build().expires()).contains(edge);
  }

  @Test
  void longHeaderStillRoundTrips() {
    SetCookie c = parse("a=b" + ";x".repeat(8190));
    assertThat(c.toHeader().length()).isLessThanOrEqualTo(SetCookie.MAX_HEADER_LENGTH);
    assertThat(SetCookie.parse(c.toHeader())).contains(c);
  }

  @Test
  void toStringRedactsTheValue() {
    SetCookie c = parse("intercom-id-x=secret-visitor-id; Path=/; Foo=bar-value");
    assertThat(c.toString()).contains("intercom-id-x").doesNotContain("secret-visitor-id")
        .doesNotContain("bar-value");
  }

  @Test
  void equalityCoversNameValueAndAttributes() {
    assertThat(parse("a=b; Path=/")).isEqualTo(parse("a=b;Path=/")).hasSameHashCodeAs(parse("a=b ; Path=/"));
    assertThat(parse("a=b; Path=/")).isNotEqualTo(parse("a=b; path=/"));
    assertThat(parse("a=b")).isNotEqualTo(parse("a=c"));
  }

  @Test
  void builderBuildsAValidCookie() {
    SetCookie c = SetCookie.builder("cw_conversation", "abc").path("/").secure(true).httpOnly(true)
        .sameSite(SetCookie.SameSite.LAX).maxAge(Duration.ofHours(1))
        .expires(Instant.parse("2026-11-24T10:00:00Z")).attribute("Priority", "High").build();
    assertThat(c.toHeader()).isEqualTo("cw_conversation=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600;"
        + " Expires=Tue, 24 Nov 2026 10:00:00 GMT; Priority=High");
    assertThat(SetCookie.parse(c.toHeader())).contains(c);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "\r\nSet-Cookie: evil=1"})
  void builderRefusesCrLfNulInNameOrValue(String bad) {
    assertThatThrownBy(() -> SetCookie.builder(bad, "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> SetCookie.builder("n", bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> SetCookie.builder("n", "v").path("/" + bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF or NUL");
    assertThatThrownBy(() -> SetCookie.builder("n", "v").attribute(bad, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF or NUL");
  }

  @Test
  void builderRefusesWhatWouldNotRoundTrip() {
    assertThatThrownBy(() -> SetCookie.builder("a;b", "v")).hasMessageContaining("';'");
    assertThatThrownBy(() -> SetCookie.builder("a=b", "v")).hasMessageContaining("'='");
    assertThatThrownBy(() -> SetCookie.builder("a", " v")).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> SetCookie.builder("a", "v\u0001")).hasMessageContaining("control character");
    assertThatThrownBy(() -> SetCookie.builder("", "").build()).hasMessageContaining("both empty");
    assertThatThrownBy(() -> SetCookie.builder("__Host-a", "v").secure(true).build())
        .hasMessageContaining("__Host-");
    assertThatThrownBy(() -> SetCookie.builder("a", "v").sameSite(SetCookie.SameSite.NONE).build())
        .hasMessageContaining("SameSite=None");
    assertThatThrownBy(() -> SetCookie.builder("a", "v".repeat(4096)).build()).hasMessageContaining("4096");
  }

  @Test
  void builderMessagesDoNotEchoTheValue() {
    assertThatThrownBy(() -> SetCookie.builder("a", "secret\r\nvalue"))
        .hasMessageNotContaining("secret");
  }

  @Test
  void parseRejectsNullWithNpe() {
    assertThatThrownBy(() -> SetCookie.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void sameSiteFromIsLenientOnCase() {
    assertThat(SetCookie.SameSite.from("sTrIcT")).isEqualTo(Optional.of(SetCookie.SameSite.STRICT));
    assertThat(SetCookie.SameSite.from("strictly")).isEmpty();
  }

  @Test
  void theSameNameSetAgainIsOneString() {
    SetCookie first = parse("intercom-id-app1=1; Path=/");
    SetCookie again = parse(" intercom-id-app1 =2; Max-Age=60");
    assertThat(again.name()).isEqualTo("intercom-id-app1").isSameAs(first.name());
    // A name that only shares the hash is another string.
    assertThat(parse("Aa=1").name()).isEqualTo("Aa");
    assertThat(parse("BB=1").name()).isEqualTo("BB");
    assertThat(parse("Aa=2").name()).isEqualTo("Aa");
    String longName = "n".repeat(65);
    assertThat(parse(longName + "=1").name()).isEqualTo(longName).isNotSameAs(parse(longName + "=2").name());
  }
}
