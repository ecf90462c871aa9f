package io.github.cookiegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@link SetCookie} reads and writes, over a corpus of about 3,000 headers (the WPT
 * cookie-strings, the fuzz seeds and a seeded grid of spacings, spellings and attribute mixes),
 * against the answers the parser gave when every header was written anew from its attribute list
 * ({@code set-cookie-rewrites.tsv}, written by {@link #main} at commit fcb7182): per header, a
 * digest of its {@link #row}: the header written back, the typed attributes, the attribute list,
 * and the headers of {@code withMaxAge}, {@code withoutExpiry} and {@code toDeletion}. A header
 * already as {@code toHeader} writes it is kept, and a rewrite of it edited; these must stay byte
 * for byte what they were.
 */
class SetCookieRewriteCorpusTest {

  private static final String EXPECTED = "set-cookie-rewrites.tsv";
  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void everyHeaderReadsAndRewritesAsBefore() throws IOException {
    List<String> expected = expectedRows();
    List<String> corpus = corpus();
    assertThat(corpus).hasSize(expected.size());
    for (int i = 0; i < corpus.size(); i++) {
      String row = row(corpus.get(i));
      assertThat(line(row)).as("corpus header %d, now read as%n%s", i, row).isEqualTo(expected.get(i));
    }
  }

  /** An edited rewrite is the cookie its header parses to, attribute for attribute. */
  @Test
  void aRewriteIsTheCookieItsHeaderParsesTo() {
    int edited = 0;
    for (String header : corpus()) {
      SetCookie c = SetCookie.parse(header).orElse(null);
      if (c == null) {
        continue;
      }
      edited += c.toHeader().equals(header) ? 1 : 0;
      for (SetCookie r : List.of(c.withMaxAge(Duration.ofHours(24)), c.withMaxAge(Duration.ofSeconds(-3)),
          c.withoutExpiry(), c.withMaxAge(Duration.ofDays(400)).withoutExpiry(),
          c.withMaxAge(Duration.ofDays(1)).withMaxAge(Duration.ofHours(2)))) {
        SetCookie again = SetCookie.parse(r.toHeader()).orElseThrow();
        assertThat(r).as(header).isEqualTo(again);
        assertThat(typed(r)).as(header).isEqualTo(typed(again));
        assertThat(r.toHeader()).as(header).isEqualTo(written(r));
      }
    }
    assertThat(edited).as("headers kept and edited as written").isGreaterThan(300);
  }

  @Test
  void aHeaderAlreadyAsWrittenIsReturnedItselfAndEditedInPlace() {
    String header = "intercom-id-app1=3f2a; Path=/; Max-Age=23328000; Domain=.example.com; expires=Wed, 09 Jun 2100"
        + " 10:18:14 GMT; SameSite=Lax";
    SetCookie c = SetCookie.parse(header).orElseThrow();
    assertThat(c.toHeader()).isSameAs(header);
    SetCookie capped = c.withMaxAge(Duration.ofHours(24));
    assertThat(capped.toHeader())
        .isEqualTo("intercom-id-app1=3f2a; Path=/; Domain=.example.com; SameSite=Lax; Max-Age=86400");
    assertThat(capped.domain()).contains("example.com");
    assertThat(capped.expires()).isEmpty();
    assertThat(capped.maxAge()).hasValue(86400);
    assertThat(capped.toDeletion().toHeader()).isEqualTo("intercom-id-app1=; Max-Age=0; Domain=.example.com; Path=/");
  }

  /** A rewrite that would pass the header bound is written without the spaces, as before. */
  @Test
  void aRewriteOverTheBoundIsWrittenWithoutSpaces() {
    StringBuilder sb = new StringBuilder("a=b");
    while (sb.length() + 104 <= SetCookie.MAX_HEADER_LENGTH - 10) {
      sb.append("; X=").append("v".repeat(100));
    }
    // Five characters under the bound: "; Max-Age=86400" passes it.
    int room = SetCookie.MAX_HEADER_LENGTH - 5 - sb.length() - 4;
    sb.append("; Z=").append("w".repeat(room));
    String header = sb.toString();
    assertThat(header).hasSize(SetCookie.MAX_HEADER_LENGTH - 5);
    SetCookie c = SetCookie.parse(header).orElseThrow();
    assertThat(c.toHeader()).isEqualTo(header);
    String capped = c.withMaxAge(Duration.ofDays(1)).toHeader();
    assertThat(capped).hasSizeLessThanOrEqualTo(SetCookie.MAX_HEADER_LENGTH).endsWith(";Max-Age=86400")
        .doesNotContain("; ");
    assertThat(SetCookie.parse(capped)).contains(c.withMaxAge(Duration.ofDays(1)));
  }

  // ---------------------------------------------------------------------------------------------

  /** One line of the expected file: the escaped header, a tab, then '-' or the digest of the rest of its row. */
  private static String line(String row) {
    int tab = row.indexOf('\t');
    String rest = row.substring(tab + 1);
    if (rest.equals("-")) {
      return row;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(rest.getBytes(StandardCharsets.US_ASCII));
      return row.substring(0, tab) + "\t" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The header and what the parser makes of it, escaped and tab-separated. */
  static String row(String header) {
    Optional<SetCookie> parsed = SetCookie.parse(header);
    if (parsed.isEmpty()) {
      return escape(header) + "\t-";
    }
    SetCookie c = parsed.get();
    return String.join("\t", escape(header), escape(c.toHeader()), escape(typed(c)), escape(list(c)),
        escape(c.withMaxAge(Duration.ofHours(24)).toHeader()), escape(c.withMaxAge(Duration.ofSeconds(0)).toHeader()),
        escape(c.withoutExpiry().toHeader()), escape(c.toDeletion().toHeader()));
  }

  private static String typed(SetCookie c) {
    return "name=" + c.name() + " value=" + c.value() + " maxAge=" + c.maxAge() + " expires=" + c.expires()
        + " domain=" + c.domain() + " path=" + c.path() + " secure=" + c.secure() + " httpOnly=" + c.httpOnly()
        + " sameSite=" + c.sameSite() + " partitioned=" + c.partitioned() + " persistent=" + c.persistent()
        + " deletion=" + c.isDeletion(NOW) + " lifetime=" + c.lifetime(NOW);
  }

  private static String list(SetCookie c) {
    StringBuilder sb = new StringBuilder();
    for (SetCookie.Attribute a : c.attributes()) {
      sb.append(" | ").append(a.name()).append(a.hasValue() ? "=" + a.value() : "");
    }
    return sb.toString();
  }

  /** The header written from the attribute list: name=value, then "; " and each attribute. */
  private static String written(SetCookie c) {
    StringBuilder sb = new StringBuilder();
    if (!c.name().isEmpty() || c.value().indexOf('=') >= 0) {
      sb.append(c.name()).append('=');
    }
    sb.append(c.value());
    for (SetCookie.Attribute a : c.attributes()) {
      sb.append("; ").append(a.name()).append(a.hasValue() ? "=" + a.value() : "");
    }
    return sb.length() <= SetCookie.MAX_HEADER_LENGTH ? sb.toString() : sb.toString().replace("; ", ";");
  }

  /** The corpus, in a fixed order. */
  static List<String> corpus() {
    Set<String> headers = new LinkedHashSet<>();
    for (WptCases.Case c : WptCases.load()) {
      for (WptCases.Write w : c.writes()) {
        if (w.cookieString().length() <= 2048) { // the long ones are WptSetCookieConformanceTest's
          headers.add(w.cookieString());
        }
      }
    }
    headers.addAll(fuzzSeeds());
    String[] names = {"sid", "intercom-id-app1", "_ga", "__Host-x", "__Secure-y", "__Http-z", "", " sp ", "n\u00e9"};
    String[] values = {"v", "3f2a9c1e-1111-2222-3333-444455556666", "", "a=b", " padded ", "\"q\""};
    String[] attributes = {
      "Path=/", "path=/docs", "Path=", "Path=rel", "Max-Age=23328000", "max-age=0", "Max-Age=-1", "Max-Age= 60",
      "Max-Age=abc", "MAX-AGE=99999999999999999999", "Max-Age", "Expires=Wed, 09 Jun 2100 10:18:14 GMT",
      "expires=Thu, 01 Jan 1970 00:00:00 GMT", "Expires=never", "Domain=.example.com", "domain=Example.COM",
      "Domain=", "Domain=.", "Secure", "secure", "HttpOnly", "httponly=1", "SameSite=Lax", "samesite=None",
      "SameSite=Bogus", "SameSite", "Partitioned", "Priority=High", "", "=orphan",
      "Y=\u00e9t\u00e9", "Comment=a=b=c"};
    String[] separators = {"; ", ";", " ; ", ";\t", ";  "};
    Random random = new Random(15);
    for (int i = 0; i < 2500; i++) {
      StringBuilder sb = new StringBuilder();
      String name = names[random.nextInt(names.length)];
      String value = values[random.nextInt(values.length)];
      if (!name.isEmpty() || random.nextBoolean()) {
        sb.append(name).append('=');
      }
      sb.append(value);
      // Mostly as a server writes them: "; " between attributes.
      boolean plain = random.nextInt(3) > 0;
      for (int n = random.nextInt(7); n > 0; n--) {
        sb.append(plain ? "; " : separators[random.nextInt(separators.length)]);
        sb.append(attributes[random.nextInt(attributes.length)]);
      }
      if (random.nextInt(40) == 0) {
        sb.append("; X=").append("a".repeat(1025)); // over 1024 octets: dropped
      }
      if (random.nextInt(20) == 0) {
        sb.append(';');
      }
      headers.add(sb.toString());
    }
    return new ArrayList<>(headers);
  }

  private static List<String> fuzzSeeds() {
    try {
      Path dir = Path.of(SetCookieRewriteCorpusTest.class.getResource("SetCookieFuzzTestInputs/parse").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        List<String> seeds = new ArrayList<>();
        for (Path p : files.sorted().toList()) {
          seeds.add(Files.readString(p, StandardCharsets.UTF_8));
        }
        return seeds;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> expectedRows() throws IOException {
    try (InputStream in = SetCookieRewriteCorpusTest.class.getResourceAsStream(EXPECTED)) {
      assertThat(in).as(EXPECTED).isNotNull();
      List<String> rows = new ArrayList<>();
      boolean comments = true; // the lines before the first row; a header may start with '#' too
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        comments = comments && line.startsWith("#");
        if (!comments) {
          rows.add(line);
        }
      }
      return rows;
    }
  }

  /** Backslash escapes: the file is ASCII, one line per header, tab-separated. */
  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        sb.append("\\\\");
      } else if (ch == '\t') {
        sb.append("\\t");
      } else if (ch < 0x20 || ch > 0x7e) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /**
   * Writes the expected file to standard output: run with the build whose answers it records
   * ({@code java -cp <that build's core classes>:<these test classes>:... SetCookieRewriteCorpusTest}).
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    out.println("# SetCookieRewriteCorpusTest: per corpus header (escaped), '-' if a browser ignores it, else the");
    out.println("# first 12 bytes of the SHA-256 of its row: toHeader, typed attributes, attribute list,");
    out.println("# withMaxAge(24h), withMaxAge(0), withoutExpiry, toDeletion. Written by its main method with");
    out.println("# the parser of commit fcb7182.");
    for (String header : corpus()) {
      out.println(line(row(header)));
    }
  }
}
