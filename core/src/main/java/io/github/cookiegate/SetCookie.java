package io.github.cookiegate;

import io.github.cookiegate.internal.ArrayView;
import io.github.cookiegate.internal.text.Ascii;
import io.github.cookiegate.internal.text.CookieNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code Set-Cookie} header value as a browser reads it: an immutable name, value and the list
 * of attributes that follow.
 *
 * <p>{@link #parse(String)} follows the algorithm of RFC 6265bis section 5.6 (and the request-free
 * checks of the storage model, section 5.7) the way Chrome and Firefox implement it, so that the
 * name cookie-gate classifies is the name the browser would store. It returns empty exactly when a
 * browser would ignore the header whatever page set it. {@link #toHeader()} writes the cookie back;
 * {@code parse(c.toHeader())} equals {@code c}.
 *
 * <pre>{@code
 * SetCookie c = SetCookie.parse("intercom-id-abc=3f2a; Path=/; Max-Age=23328000; SameSite=Lax")
 *     .orElseThrow();
 * c.name();            // "intercom-id-abc"
 * c.maxAge();          // OptionalLong[23328000]
 * c.withMaxAge(Duration.ofHours(24)).toHeader();
 *                      // "intercom-id-abc=3f2a; Path=/; SameSite=Lax; Max-Age=86400"
 * }</pre>
 *
 * <p>{@link #toString()} never shows the value (it may be an identifier); {@link #toHeader()} is the
 * explicit way to get it.
 */
public final class SetCookie {

  public static final String EXPIRES = "Expires";
  public static final String MAX_AGE = "Max-Age";
  public static final String DOMAIN = "Domain";
  public static final String PATH = "Path";
  public static final String SECURE = "Secure";
  public static final String HTTP_ONLY = "HttpOnly";
  public static final String SAME_SITE = "SameSite";
  public static final String PARTITIONED = "Partitioned";

  /** RFC 6265bis section 5.6, step 5: name and value together, in octets. */
  public static final int MAX_NAME_VALUE_OCTETS = 4096;
  /** RFC 6265bis section 5.6.1: a longer attribute value is ignored. */
  public static final int MAX_ATTRIBUTE_VALUE_OCTETS = 1024;
  /**
   * A header longer than this many characters is not parsed (bounded work on any input). No
   * container sends a response header this long: Tomcat and Jetty cap the whole header block at
   * 8 to 16 KiB by default.
   */
  public static final int MAX_HEADER_LENGTH = 16 * 1024;

  private static final String SECURE_PREFIX = "__secure-";
  private static final String HOST_PREFIX = "__host-";
  private static final String HTTP_PREFIX = "__http-";
  private static final String HOST_HTTP_PREFIX = "__host-http-";

  /** The SameSite enforcement of RFC 6265bis section 5.6.7. */
  public enum SameSite {
    STRICT("Strict"),
    LAX("Lax"),
    NONE("None");

    private static final SameSite[] VALUES = values();

    private final String attributeValue;
    private final String lower;

    SameSite(String attributeValue) {
      this.attributeValue = attributeValue;
      this.lower = attributeValue.toLowerCase(Locale.ROOT);
    }

    /** Returns the value as written in a header: {@code Strict}, {@code Lax} or {@code None}. */
    public String attributeValue() {
      return attributeValue;
    }

    /** Returns the enforcement an attribute value names (ASCII case-insensitive), or empty. */
    public static Optional<SameSite> from(String value) {
      SameSite s = lookup(value);
      return s == null ? Optional.empty() : Optional.of(s);
    }

    static SameSite lookup(String value) {
      return lookup(value, 0, value.length());
    }

    static SameSite lookup(String value, int from, int to) {
      for (SameSite s : VALUES) {
        if (Ascii.equalsIgnoreCase(value, from, to, s.lower)) {
          return s;
        }
      }
      return null;
    }
  }

  /** One cookie-av as the application wrote it: a name and, unless it is a flag, a value. */
  public static final class Attribute {
    private final String name;
    private final String value;
    private final boolean hasValue;

    private Attribute(String name, String value, boolean hasValue) {
      this.name = name;
      this.value = value;
      this.hasValue = hasValue;
    }

    /** Returns the attribute's name as written ({@code Max-Age}, {@code path}). */
    public String name() {
      return name;
    }

    /** Returns the attribute's value, or an empty string for a flag such as {@code Secure}. */
    public String value() {
      return value;
    }

    /** Whether the attribute was written with {@code =}. */
    public boolean hasValue() {
      return hasValue;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Attribute a
          && a.hasValue == hasValue
          && a.name.equals(name)
          && a.value.equals(value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, value, hasValue);
    }

    @Override
    public String toString() {
      return hasValue ? name + "=<" + value.length() + " chars>" : name;
    }
  }

  private final String name;
  // The value is cut out of the parsed header only when asked for: deciding never needs it.
  private final String source;
  private final int valueStart;
  private String value;
  // A parsed header's attributes become objects only when asked for (attributes(), equals, a
  // rewrite that cannot edit the header): deciding reads the derived fields below.
  private List<Attribute> attributes;
  /** Where the attributes start in {@code source} (its first ';'); -1 when they were given as a list. */
  private final int attributesFrom;
  /** Whether {@code source} is all ASCII (octets are chars). */
  private final boolean ascii;
  /**
   * Whether {@code source} is exactly what {@link #toHeader()} writes ({@code name=value; A; B=v}),
   * so that a rewrite can cut and append to it instead of writing the header again.
   */
  private final boolean sourceIsHeader;
  /**
   * Where the {@code Max-Age} and {@code Expires} attributes are in {@code source}, read only when
   * {@code sourceIsHeader}: -1 when there is none; the index of its {@code ';'} when there is one;
   * {@code -2 - index} of the first one's when there are more.
   */
  private final int lifetimeAt;
  // Derived from the attributes, as the browser would read them (the last valid one wins).
  private final Instant expires;
  private final long maxAge;
  private final boolean hasMaxAge;
  /** The index in {@link #attributes()} of the last usable {@code Domain} attribute, or -1. */
  private final int domainIndex;
  private final String path;
  private final boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;
  private final boolean partitioned;

  /** A cookie from parts: the builder, a servlet {@code Cookie}, a rewrite written anew. */
  private SetCookie(String name, String value, List<Attribute> attributes) {
    this.name = name;
    this.source = value;
    this.valueStart = 0;
    this.value = value;
    this.attributes = attributes;
    this.attributesFrom = -1;
    this.ascii = false;
    this.sourceIsHeader = false;
    this.lifetimeAt = -1;
    Instant expiresSeen = null;
    long maxAgeSeen = 0;
    boolean maxAgeFound = false;
    int domainSeen = -1;
    String pathSeen = null;
    boolean secureSeen = false;
    boolean httpOnlySeen = false;
    SameSite sameSiteSeen = null;
    boolean partitionedSeen = false;
    for (int i = 0, n = attributes.size(); i < n; i++) {
      Attribute a = attributes.get(i);
      String v = a.value;
      int end = v.length();
      switch (AttributeName.of(a.name, 0, a.name.length())) {
        case EXPIRES -> {
          // Section 5.6.1: an unparseable date is ignored, not fatal.
          Instant parsed = CookieDates.parse(v, 0, end);
          if (parsed != null) {
            expiresSeen = parsed;
          }
        }
        case MAX_AGE -> {
          if (isDeltaSeconds(v, 0, end)) {
            maxAgeSeen = parseDeltaSeconds(v, 0, end);
            maxAgeFound = true;
          }
        }
        case DOMAIN -> domainSeen = isUsableDomain(v, 0, end) ? i : domainSeen;
        case PATH -> pathSeen = end > 0 && v.charAt(0) == '/' ? v : null; // section 5.6.4
        case SECURE -> secureSeen = true;
        case HTTP_ONLY -> httpOnlySeen = true;
        case SAME_SITE -> sameSiteSeen = SameSite.lookup(v, 0, end);
        case PARTITIONED -> partitionedSeen = true;
        case OTHER -> { }
      }
    }
    this.expires = expiresSeen;
    this.maxAge = maxAgeSeen;
    this.hasMaxAge = maxAgeFound;
    this.domainIndex = domainSeen;
    this.path = pathSeen;
    this.secure = secureSeen;
    this.httpOnly = httpOnlySeen;
    this.sameSite = sameSiteSeen;
    this.partitioned = partitionedSeen;
  }

  /**
   * A parsed header: the attributes after {@code attributesFrom} read where they stand, without
   * an object or a substring each (as {@link #parseAttributes} would read them, which {@link
   * #attributes()} calls when asked). {@code pairAsWritten}: the name-value pair is as toHeader
   * writes it.
   */
  private SetCookie(String name, String header, int valueStart, int attributesFrom, boolean ascii,
      boolean pairAsWritten) {
    this.name = name;
    this.source = header;
    this.valueStart = valueStart;
    this.attributesFrom = attributesFrom;
    this.ascii = ascii;
    boolean asWritten = pairAsWritten;
    Instant expiresSeen = null;
    long maxAgeSeen = 0;
    boolean maxAgeFound = false;
    int domainSeen = -1;
    String pathSeen = null;
    boolean secureSeen = false;
    boolean httpOnlySeen = false;
    SameSite sameSiteSeen = null;
    boolean partitionedSeen = false;
    int lifetimeSeen = -1;
    int count = 0;
    int length = header.length();
    int pos = attributesFrom;
    while (pos < length) {
      int start = pos + 1; // skip ';'
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = length;
      }
      pos = end;
      int eq = indexOf(header, '=', start, end);
      int nameTo = eq >= 0 ? eq : end;
      int nameStart = Ascii.trimStart(header, start, nameTo);
      int nameEnd = Ascii.trimEnd(header, nameStart, nameTo);
      if (nameStart == nameEnd) {
        asWritten = false; // a nameless cookie-av means nothing, and toHeader leaves it out
        continue;
      }
      int from = end;
      int to = end;
      if (eq >= 0) {
        from = Ascii.trimStart(header, eq + 1, end);
        to = Ascii.trimEnd(header, from, end);
        // Section 5.6.1: an attribute value over 1024 octets is ignored.
        if ((ascii ? to - from : Ascii.utf8Length(header, from, to)) > MAX_ATTRIBUTE_VALUE_OCTETS) {
          asWritten = false;
          continue;
        }
      }
      // toHeader writes "; name" or "; name=value", nothing around either.
      asWritten = asWritten && nameStart == start + 1 && header.charAt(start) == ' ' && nameEnd == nameTo
          && (eq < 0 || from == eq + 1 && to == end);
      // As the list constructor reads each attribute; a flag reads as an empty value.
      AttributeName kind = AttributeName.of(header, nameStart, nameEnd);
      if (kind == AttributeName.EXPIRES || kind == AttributeName.MAX_AGE) {
        lifetimeSeen = lifetimeSeen == -1 ? start - 1 : lifetimeSeen >= 0 ? -2 - lifetimeSeen : lifetimeSeen;
      }
      switch (kind) {
        case EXPIRES -> {
          // Section 5.6.1: an unparseable date is ignored, not fatal.
          Instant parsed = CookieDates.parse(header, from, to);
          if (parsed != null) {
            expiresSeen = parsed;
          }
        }
        case MAX_AGE -> {
          if (isDeltaSeconds(header, from, to)) {
            maxAgeSeen = parseDeltaSeconds(header, from, to);
            maxAgeFound = true;
          }
        }
        case DOMAIN -> domainSeen = isUsableDomain(header, from, to) ? count : domainSeen;
        case PATH -> pathSeen = pathOf(header, from, to);
        case SECURE -> secureSeen = true;
        case HTTP_ONLY -> httpOnlySeen = true;
        // Section 5.6.7: an unknown value means "Default", overriding any earlier value.
        case SAME_SITE -> sameSiteSeen = SameSite.lookup(header, from, to);
        case PARTITIONED -> partitionedSeen = true;
        case OTHER -> { }
      }
      count++;
    }
    this.sourceIsHeader = asWritten;
    this.lifetimeAt = lifetimeSeen;
    if (count == 0) {
      this.attributes = List.of();
    }
    this.expires = expiresSeen;
    this.maxAge = maxAgeSeen;
    this.hasMaxAge = maxAgeFound;
    this.domainIndex = domainSeen;
    this.path = pathSeen;
    this.secure = secureSeen;
    this.httpOnly = httpOnlySeen;
    this.sameSite = sameSiteSeen;
    this.partitioned = partitionedSeen;
  }

  /**
   * A copy of {@code from} whose header is {@code header}: {@code from}'s, with its lifetime
   * attributes cut and, when {@code hasMaxAge}, {@code Max-Age=maxAge} appended ({@link #edited}).
   */
  private SetCookie(SetCookie from, String header, boolean hasMaxAge, long maxAge, int maxAgeFrom, int domainIndex) {
    this.name = from.name;
    this.source = header;
    this.valueStart = from.valueStart;
    this.value = from.value;
    this.attributesFrom = from.attributesFrom;
    this.ascii = from.ascii;
    this.sourceIsHeader = true;
    this.lifetimeAt = hasMaxAge ? maxAgeFrom : -1;
    this.expires = null;
    this.maxAge = hasMaxAge ? maxAge : 0;
    this.hasMaxAge = hasMaxAge;
    this.domainIndex = domainIndex;
    this.path = from.path;
    this.secure = from.secure;
    this.httpOnly = from.httpOnly;
    this.sameSite = from.sameSite;
    this.partitioned = from.partitioned;
  }

  /** Section 5.6.3: one leading dot dropped, an empty value ignored. */
  private static boolean isUsableDomain(String s, int from, int to) {
    return to - from > (from < to && s.charAt(from) == '.' ? 1 : 0);
  }

  /** Section 5.6.4: an empty or relative value means the default path (null), overriding any earlier. */
  private static String pathOf(String s, int from, int to) {
    if (from >= to || s.charAt(from) != '/') {
      return null;
    }
    return to - from == 1 ? "/" : s.substring(from, to);
  }

  /**
   * Parses one {@code Set-Cookie} header value as a browser would.
   *
   * <p>Returns empty exactly where RFC 6265bis sections 5.6 and 5.7 have the browser ignore the
   * header whatever page it came from: a control character other than HTAB anywhere, name and value
   * together over 4096 octets of UTF-8, an empty name and value, a nameless cookie whose value starts
   * with a prefix, a {@code __Secure-}, {@code __Host-}, {@code __Http-} or {@code __Host-Http-}
   * cookie that breaks its prefix's rules, {@code SameSite=None} or {@code Partitioned} without {@code Secure}.
   * A header without {@code =} is a nameless cookie ({@code foo} has the name "" and the value
   * "foo"). Attributes a browser ignores (an unparseable date, an unknown name) are kept in {@link
   * #attributes()} but do not show in the typed accessors; an attribute value over 1024 octets is
   * dropped, as the browser drops it. Headers over {@link #MAX_HEADER_LENGTH} characters are not
   * parsed.
   *
   * @throws NullPointerException if {@code header} is null
   */
  public static Optional<SetCookie> parse(String header) {
    Objects.requireNonNull(header, "header");
    Object result = parseOrReject(header);
    return result instanceof SetCookie c ? Optional.of(c) : Optional.empty();
  }

  /** Why a browser ignores a {@code Set-Cookie} header. */
  enum Rejection {
    TOO_LONG("header is longer than " + MAX_HEADER_LENGTH + " characters"),
    CONTROL_CHARACTER("contains a control character (RFC 6265bis 5.6 step 1)"),
    NAME_VALUE_TOO_LONG("name and value exceed 4096 octets (RFC 6265bis 5.6 step 5)"),
    EMPTY("name and value are both empty (RFC 6265bis 5.7)"),
    NAMELESS_PREFIX("nameless cookie whose value starts with __Host- or __Secure- (RFC 6265bis 5.7)"),
    SECURE_PREFIX("__Secure- cookie without Secure (RFC 6265bis 4.1.3.1)"),
    HOST_PREFIX("__Host- cookie without Secure, with Domain, or without Path=/ (RFC 6265bis 4.1.3.2)"),
    HTTP_PREFIX("__Http- or __Host-Http- cookie without Secure and HttpOnly (RFC 6265bis 4.1.3.3-4)"),
    SAME_SITE_NONE_INSECURE("SameSite=None without Secure (RFC 6265bis 5.7)"),
    PARTITIONED_INSECURE("Partitioned without Secure (CHIPS)");

    private final String description;

    Rejection(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /** Returns the {@link SetCookie}, or the {@link Rejection} saying why a browser ignores it. */
  static Object parseOrReject(String header) {
    int length = header.length();
    if (length > MAX_HEADER_LENGTH) {
      return Rejection.TOO_LONG;
    }
    // Step 1: a CTL other than HTAB voids the whole header.
    // One pass: control characters (fatal), and whether any char is non-ASCII (if none, octets
    // are chars and the length checks below need no UTF-8 count).
    int scan = Ascii.scan(header);
    if (scan < 0) {
      return Rejection.CONTROL_CHARACTER;
    }
    // Step 2: the name-value-pair runs to the first ';'.
    int pairEnd = header.indexOf(';');
    if (pairEnd < 0) {
      pairEnd = length;
    }
    // Step 3: a pair without '=' is a nameless cookie.
    boolean ascii = scan == 0;
    int eq = header.indexOf('=');
    String name;
    int valueFrom;
    if (eq < 0 || eq > pairEnd) {
      name = "";
      valueFrom = 0;
    } else {
      // Step 4: trim SP and HTAB around the name and the value.
      name = trimmed(header, 0, eq);
      valueFrom = eq + 1;
    }
    int valueStart = Ascii.trimStart(header, valueFrom, pairEnd);
    int valueEnd = Ascii.trimEnd(header, valueStart, pairEnd);
    // Step 5.
    if ((ascii ? name.length() + valueEnd - valueStart
        : Ascii.utf8Length(name, 0, name.length()) + Ascii.utf8Length(header, valueStart, valueEnd))
        > MAX_NAME_VALUE_OCTETS) {
      return Rejection.NAME_VALUE_TOO_LONG;
    }
    // As toHeader writes the pair: a name, nothing around it or the value (a nameless cookie is
    // written another way).
    boolean pairAsWritten = !name.isEmpty() && name.length() == eq && valueStart == valueFrom && valueEnd == pairEnd;
    return check(new SetCookie(name, header, valueStart, pairEnd, ascii, pairAsWritten));
  }

  /**
   * Returns the {@link SetCookie} that parsing {@code name=value; n1=v1; n2; ...} would give, or the
   * {@link Rejection}, without writing the header: {@code attributes} holds {@code count} names and
   * values in turn, a null value for a flag. The parts must come from a header-shaped source (a
   * servlet {@code Cookie}): the name a token, no {@code ;} in the value or an attribute value.
   */
  static Object fromParts(String name, String value, String[] attributes, int count) {
    int ctl = Ascii.scan(name) | Ascii.scan(value);
    long length = (long) name.length() + 1 + value.length();
    for (int i = 0; i < count; i += 2) {
      String v = attributes[i + 1];
      ctl |= Ascii.scan(attributes[i]) | (v == null ? 0 : Ascii.scan(v));
      length += 2 + attributes[i].length() + (v == null ? 0 : 1 + v.length());
    }
    // Step 1 and the length bound, as parse reads the whole header.
    if (length > MAX_HEADER_LENGTH) {
      return Rejection.TOO_LONG;
    }
    if (ctl < 0) {
      return Rejection.CONTROL_CHARACTER;
    }
    boolean ascii = ctl == 0;
    int valueStart = Ascii.trimStart(value, 0, value.length());
    int valueEnd = Ascii.trimEnd(value, valueStart, value.length());
    if ((ascii ? name.length() + valueEnd - valueStart
        : Ascii.utf8Length(name, 0, name.length()) + Ascii.utf8Length(value, valueStart, valueEnd))
        > MAX_NAME_VALUE_OCTETS) {
      return Rejection.NAME_VALUE_TOO_LONG;
    }
    Attribute[] attrs = new Attribute[Math.max(1, count / 2)];
    int n = 0;
    for (int i = 0; i < count; i += 2) {
      String k = attributes[i];
      String v = attributes[i + 1];
      Attribute a;
      if (k.isEmpty()) {
        a = null; // a nameless cookie-av means nothing
      } else if (v == null) {
        a = flag(k, 0, k.length());
      } else {
        int from = Ascii.trimStart(v, 0, v.length());
        int to = Ascii.trimEnd(v, from, v.length());
        int octets = ascii ? to - from : Ascii.utf8Length(v, from, to);
        a = octets > MAX_ATTRIBUTE_VALUE_OCTETS ? null
            : attribute(known(k, 0, k.length()), commonValue(v, from, to));
      }
      if (a != null) {
        attrs[n++] = a;
      }
    }
    String trimmed = valueStart == 0 && valueEnd == value.length() ? value : value.substring(valueStart, valueEnd);
    return check(new SetCookie(name, trimmed, n == 0 ? List.of() : ArrayView.of(attrs, n)));
  }

  private static List<Attribute> parseAttributes(String header, int pos, boolean ascii) {
    int length = header.length();
    if (pos >= length) {
      return List.of();
    }
    Attribute[] attributes = new Attribute[4]; // Path, Max-Age, HttpOnly, SameSite: most headers fit
    int count = 0;
    while (pos < length) {
      int start = pos + 1; // skip ';'
      int end = header.indexOf(';', start);
      if (end < 0) {
        end = length;
      }
      int eq = indexOf(header, '=', start, end);
      boolean hasValue = eq >= 0;
      int nameStart = Ascii.trimStart(header, start, hasValue ? eq : end);
      int nameEnd = Ascii.trimEnd(header, nameStart, hasValue ? eq : end);
      Attribute attribute;
      if (nameStart == nameEnd) {
        attribute = null; // a nameless cookie-av means nothing
      } else if (!hasValue) {
        attribute = flag(header, nameStart, nameEnd);
      } else {
        int valueStart = Ascii.trimStart(header, eq + 1, end);
        int valueEnd = Ascii.trimEnd(header, valueStart, end);
        // Section 5.6.1: an attribute value over 1024 octets is ignored.
        int octets = ascii ? valueEnd - valueStart : Ascii.utf8Length(header, valueStart, valueEnd);
        attribute = octets > MAX_ATTRIBUTE_VALUE_OCTETS ? null
            : attribute(known(header, nameStart, nameEnd), commonValue(header, valueStart, valueEnd));
      }
      if (attribute != null) {
        if (count == attributes.length) {
          attributes = java.util.Arrays.copyOf(attributes, count * 2);
        }
        attributes[count++] = attribute;
      }
      pos = end;
    }
    return ArrayView.of(attributes, count);
  }

  // Known spellings are shared rather than copied out of each header.
  private static final String[] KNOWN_NAMES = {
    PATH, DOMAIN, EXPIRES, MAX_AGE, SAME_SITE, SECURE, HTTP_ONLY, PARTITIONED, "path", "domain", "expires",
    "max-age", "samesite", "secure", "httponly", "Max-age", "Samesite", "Httponly", "HTTPOnly"
  };
  private static final String[] COMMON_VALUES = {"/", "Lax", "Strict", "None", "lax", "strict", "none"};
  private static final Attribute[] FLAGS = {
    new Attribute(SECURE, "", false), new Attribute(HTTP_ONLY, "", false), new Attribute(PARTITIONED, "", false),
    new Attribute("secure", "", false), new Attribute("httponly", "", false), new Attribute("HTTPOnly", "", false)
  };

  // The most common valued attributes, shared: an Attribute is immutable.
  private static final Attribute[] SHARED = {
    new Attribute(PATH, "/", true), new Attribute(SAME_SITE, "Lax", true), new Attribute(SAME_SITE, "Strict", true),
    new Attribute(SAME_SITE, "None", true), new Attribute("path", "/", true)
  };

  /** An attribute with a value; {@code name} and {@code value} from {@link #known} and {@link #commonValue}. */
  private static Attribute attribute(String name, String value) {
    for (Attribute a : SHARED) {
      if (a.name == name && a.value == value) { // the tables' own strings: no copy was made
        return a;
      }
    }
    return new Attribute(name, value, true);
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String known(String s, int start, int end) {
    int length = end - start;
    if (length < 4 || length > 11) {
      return s.substring(start, end); // no known name is shorter than Path or longer than Partitioned
    }
    for (String k : KNOWN_NAMES) {
      if (k.length() == end - start && s.startsWith(k, start)) {
        return k;
      }
    }
    return s.substring(start, end);
  }

  private static String commonValue(String s, int start, int end) {
    for (String v : COMMON_VALUES) {
      if (v.length() == end - start && s.startsWith(v, start)) {
        return v;
      }
    }
    return s.substring(start, end);
  }

  private static Attribute flag(String s, int start, int end) {
    for (Attribute f : FLAGS) {
      if (f.name.length() == end - start && s.startsWith(f.name, start)) {
        return f;
      }
    }
    return new Attribute(s.substring(start, end), "", false);
  }

  /** The name between {@code start} and {@code end}, trimmed: a name read lately is that string ({@link CookieNames}). */
  private static String trimmed(String s, int start, int end) {
    int from = Ascii.trimStart(s, start, end);
    int to = Ascii.trimEnd(s, from, end);
    return CookieNames.of(s, from, to);
  }

  /** The request-free parts of the storage model, RFC 6265bis section 5.7. */
  private static Object check(SetCookie c) {
    int valueEnd = c.valueEnd();
    if (c.name.isEmpty() && c.valueStart == valueEnd) {
      return Rejection.EMPTY;
    }
    if (c.name.isEmpty()
        && (Ascii.startsWithIgnoreCase(c.source, c.valueStart, valueEnd, SECURE_PREFIX)
            || Ascii.startsWithIgnoreCase(c.source, c.valueStart, valueEnd, HOST_PREFIX)
            || Ascii.startsWithIgnoreCase(c.source, c.valueStart, valueEnd, HTTP_PREFIX))) {
      return Rejection.NAMELESS_PREFIX;
    }
    if (Ascii.startsWithIgnoreCase(c.name, SECURE_PREFIX) && !c.secure) {
      return Rejection.SECURE_PREFIX;
    }
    if (Ascii.startsWithIgnoreCase(c.name, HOST_PREFIX)
        && (!c.secure || c.hasDomainAttribute() || !"/".equals(c.path))) {
      return Rejection.HOST_PREFIX;
    }
    if ((Ascii.startsWithIgnoreCase(c.name, HTTP_PREFIX) || Ascii.startsWithIgnoreCase(c.name, HOST_HTTP_PREFIX))
        && (!c.secure || !c.httpOnly)) {
      return Rejection.HTTP_PREFIX;
    }
    if (c.sameSite == SameSite.NONE && !c.secure) {
      return Rejection.SAME_SITE_NONE_INSECURE;
    }
    if (c.partitioned && !c.secure) {
      return Rejection.PARTITIONED_INSECURE;
    }
    return c;
  }

  private boolean hasDomainAttribute() {
    // A Domain attribute with a usable value makes the cookie domain-wide, which __Host- forbids.
    return domainIndex >= 0;
  }

  /** delta-seconds per section 5.6.2: a DIGIT or '-' DIGIT first, then only DIGITs. */
  private static boolean isDeltaSeconds(String v, int from, int to) {
    int start = to > from && v.charAt(from) == '-' ? from + 1 : from;
    if (start >= to) {
      return false;
    }
    for (int i = start; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long parseDeltaSeconds(String v, int from, int to) {
    boolean negative = v.charAt(from) == '-';
    long result = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      int digit = v.charAt(i) - '0';
      if (result > (Long.MAX_VALUE - digit) / 10) {
        return negative ? Long.MIN_VALUE : Long.MAX_VALUE; // saturate, as browsers clamp
      }
      result = result * 10 + digit;
    }
    return negative ? -result : result;
  }

  /**
   * Returns a builder for a cookie with this name and value.
   *
   * <pre>{@code
   * SetCookie c = SetCookie.builder("cw_conversation", id)
   *     .path("/").secure(true).httpOnly(true).sameSite(SetCookie.SameSite.LAX)
   *     .maxAge(Duration.ofHours(24)).build();
   * }</pre>
   *
   * @throws NullPointerException if either argument is null
   */
  public static Builder builder(String name, String value) {
    return new Builder(name, value);
  }

  /** Returns the cookie's name; empty for a nameless cookie ({@code Set-Cookie: foo}). */
  public String name() {
    return name;
  }

  /** Returns the cookie's value, without surrounding whitespace. */
  public String value() {
    String v = value;
    if (v == null) {
      v = source.substring(valueStart, valueEnd());
      value = v; // a benign race: every thread computes the same string
    }
    return v;
  }

  /** Where the value ends in {@code source}: before the whitespace ahead of the attributes' ';'. */
  private int valueEnd() {
    return attributesFrom < 0 ? source.length() : Ascii.trimEnd(source, valueStart, attributesFrom);
  }

  /** Returns every attribute as written, in order (ignored ones included, empty names excluded). */
  public List<Attribute> attributes() {
    List<Attribute> a = attributes;
    if (a == null) {
      a = parseAttributes(source, attributesFrom, ascii);
      attributes = a; // a benign race: every thread reads the same list from the same header
    }
    return a;
  }

  /**
   * Returns the value of the last attribute with this name (ASCII case-insensitive) as written,
   * whether or not a browser would act on it.
   */
  public Optional<String> attribute(String attributeName) {
    Objects.requireNonNull(attributeName, "attributeName");
    String lower = Ascii.toLowerCase(attributeName);
    List<Attribute> attributes = attributes();
    for (int i = attributes.size() - 1; i >= 0; i--) {
      Attribute a = attributes.get(i);
      if (Ascii.equalsIgnoreCase(a.name, lower)) {
        return Optional.of(a.value);
      }
    }
    return Optional.empty();
  }

  /** Returns the instant of the last {@code Expires} attribute the cookie-date algorithm reads. */
  public Optional<Instant> expires() {
    return Optional.ofNullable(expires);
  }

  /** Returns the last valid {@code Max-Age} in seconds as written; zero or negative deletes. */
  public OptionalLong maxAge() {
    return hasMaxAge ? OptionalLong.of(maxAge) : OptionalLong.empty();
  }

  /** Returns the domain of the last usable {@code Domain} attribute, without a leading dot, lower case. */
  public Optional<String> domain() {
    if (domainIndex < 0) {
      return Optional.empty();
    }
    // Section 5.6.3: drop one leading dot, lower-case.
    String v = attributes().get(domainIndex).value;
    return Optional.of(Ascii.toLowerCase(v.charAt(0) == '.' ? v.substring(1) : v));
  }

  /** Returns the path of the last {@code Path} attribute, or empty when the default path applies. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Whether the cookie has the {@code Secure} attribute. */
  public boolean secure() {
    return secure;
  }

  /** Whether the cookie has the {@code HttpOnly} attribute. */
  public boolean httpOnly() {
    return httpOnly;
  }

  /** Returns the SameSite enforcement, or empty for the browser's default. */
  public Optional<SameSite> sameSite() {
    return Optional.ofNullable(sameSite);
  }

  /** Whether the cookie has the {@code Partitioned} attribute (CHIPS). */
  public boolean partitioned() {
    return partitioned;
  }

  /** Whether the cookie outlives the browser session ({@code Max-Age} or {@code Expires}). */
  public boolean persistent() {
    return hasMaxAge || expires != null;
  }

  /**
   * Whether this header only deletes the cookie: {@code Max-Age} zero or less, or, without
   * {@code Max-Age}, an {@code Expires} not after {@code now} (RFC 6265bis section 5.7: Max-Age wins).
   */
  public boolean isDeletion(Instant now) {
    return isDeletion(Objects.requireNonNull(now, "now").toEpochMilli());
  }

  boolean isDeletion(long nowMillis) {
    if (hasMaxAge) {
      return maxAge <= 0;
    }
    return expires != null && expires.toEpochMilli() <= nowMillis;
  }

  /** Whether deletion and lifetime depend on the time: Expires without Max-Age. */
  boolean dependsOnClock() {
    return !hasMaxAge && expires != null;
  }

  /** Seconds the cookie lives from {@code nowMillis}; Long.MAX_VALUE for a session cookie. */
  long lifetimeSeconds(long nowMillis) {
    if (hasMaxAge) {
      return maxAge;
    }
    if (expires == null) {
      return Long.MAX_VALUE;
    }
    return Math.floorDiv(expires.toEpochMilli() - nowMillis, 1000L);
  }

  /**
   * Returns the cookie's lifetime from {@code now}: empty for a session cookie, {@link Duration#ZERO}
   * or less for a deletion.
   */
  public Optional<Duration> lifetime(Instant now) {
    Objects.requireNonNull(now, "now");
    if (hasMaxAge) {
      return Optional.of(Duration.ofSeconds(maxAge));
    }
    return expires == null ? Optional.empty() : Optional.of(Duration.between(now, expires));
  }

  /**
   * Returns a copy whose lifetime is {@code maxAge}: a {@code Max-Age} attribute replaces every
   * {@code Max-Age} and {@code Expires} attribute.
   */
  public SetCookie withMaxAge(Duration maxAge) {
    return withMaxAge(Objects.requireNonNull(maxAge, "maxAge").getSeconds());
  }

  /** {@link #withMaxAge(Duration)} in seconds. */
  SetCookie withMaxAge(long seconds) {
    if (sourceIsHeader) {
      SetCookie edited = edited(true, seconds);
      if (edited != null) {
        return edited;
      }
    }
    return withoutLifetimeAttributes(new Attribute(MAX_AGE, Long.toString(seconds), true));
  }

  /** Returns a copy without {@code Max-Age} or {@code Expires}: a session cookie. */
  public SetCookie withoutExpiry() {
    if (sourceIsHeader) {
      return edited(false, 0); // never longer than this header
    }
    if (!persistent() && attribute(MAX_AGE).isEmpty() && attribute(EXPIRES).isEmpty()) {
      return this;
    }
    return withoutLifetimeAttributes(null);
  }

  /**
   * Returns this cookie without its {@code Max-Age} and {@code Expires} attributes and, when
   * {@code addMaxAge}, with {@code Max-Age=seconds} last: what the attribute lists of {@link
   * #withMaxAge} and {@link #withoutExpiry} write, made by cutting this header, which is already
   * as toHeader writes it ({@code "; "} before each attribute, nothing around names and values).
   * Returns this when nothing changes, null when the header would exceed {@link #MAX_HEADER_LENGTH}.
   */
  private SetCookie edited(boolean addMaxAge, long seconds) {
    String s = source;
    int length = s.length();
    if (lifetimeAt == -1 && !addMaxAge) {
      return this;
    }
    StringBuilder sb = new StringBuilder(length + 30);
    int cutBeforeDomain = 0;
    if (lifetimeAt == -1) {
      sb.append(s);
    } else if (lifetimeAt >= 0) {
      // One lifetime attribute, as most headers have: cut it where the parse saw it.
      int end = s.indexOf(';', lifetimeAt + 1);
      sb.append(s, 0, lifetimeAt);
      if (end >= 0) {
        sb.append(s, end, length);
      }
      if (domainIndex >= 0 && attributeIndex(lifetimeAt) < domainIndex) {
        cutBeforeDomain = 1;
      }
    } else {
      int first = -2 - lifetimeAt;
      int copied = 0; // s[0, copied) is in sb
      int index = domainIndex >= 0 ? attributeIndex(first) : 0;
      for (int pos = first; pos < length; index++) {
        int end = s.indexOf(';', pos + 1);
        if (end < 0) {
          end = length;
        }
        int nameStart = pos + 2; // after "; "
        int eq = indexOf(s, '=', nameStart, end);
        AttributeName n = AttributeName.of(s, nameStart, eq >= 0 ? eq : end);
        if (n == AttributeName.MAX_AGE || n == AttributeName.EXPIRES) {
          sb.append(s, copied, pos);
          copied = end;
          if (index < domainIndex) {
            cutBeforeDomain++;
          }
        }
        pos = end;
      }
      sb.append(s, copied, length);
    }
    int maxAgeFrom = sb.length();
    if (addMaxAge) {
      sb.append("; ").append(MAX_AGE).append('=').append(seconds);
      if (sb.length() > MAX_HEADER_LENGTH) {
        return null;
      }
    }
    return new SetCookie(this, sb.toString(), addMaxAge, seconds, maxAgeFrom,
        domainIndex < 0 ? -1 : domainIndex - cutBeforeDomain);
  }

  /** The index in {@link #attributes()} of the attribute at {@code pos} of a header as toHeader writes it. */
  private int attributeIndex(int pos) {
    int index = 0;
    for (int i = source.indexOf(';', attributesFrom + 1); i >= 0 && i <= pos; i = source.indexOf(';', i + 1)) {
      index++;
    }
    return index;
  }

  /** A copy without {@code Max-Age} and {@code Expires} attributes, with {@code last} appended unless null. */
  private SetCookie withoutLifetimeAttributes(Attribute last) {
    List<Attribute> attributes = attributes();
    Attribute[] copy = new Attribute[attributes.size() + 1];
    int n = 0;
    for (int i = 0, size = attributes.size(); i < size; i++) {
      Attribute a = attributes.get(i);
      AttributeName kind = AttributeName.of(a.name, 0, a.name.length());
      if (kind != AttributeName.MAX_AGE && kind != AttributeName.EXPIRES) {
        copy[n++] = a;
      }
    }
    if (last != null) {
      copy[n++] = last;
    }
    return new SetCookie(name, value(), n == 0 ? List.of() : ArrayView.of(copy, n));
  }

  /**
   * Returns the header that deletes this cookie from the browser: the same name, {@code Domain},
   * {@code Path}, {@code Secure} and {@code Partitioned} (a browser only replaces a cookie with the
   * same name, domain and path, and {@code __Host-}/{@code __Secure-} names need {@code Secure}),
   * an empty value and {@code Max-Age=0}.
   */
  public SetCookie toDeletion() {
    // Built from this cookie's own parts, which already passed parse or the builder: no new
    // validation that could refuse what the browser accepted (a tab inside a name, say).
    Attribute[] attrs = new Attribute[7];
    int n = 0;
    attrs[n++] = new Attribute(MAX_AGE, "0", true);
    if (domainIndex >= 0) {
      attrs[n++] = attributes().get(domainIndex); // as written: the browser reads the same domain from it
    }
    if (path != null) {
      attrs[n++] = new Attribute(PATH, path, true);
    }
    if (secure) {
      attrs[n++] = FLAGS[0];
    }
    if (httpOnly) {
      attrs[n++] = FLAGS[1]; // __Http- names need it
    }
    if (secure && sameSite != null) {
      attrs[n++] = new Attribute(SAME_SITE, sameSite.attributeValue(), true);
    }
    if (partitioned) {
      attrs[n++] = FLAGS[2];
    }
    // A nameless cookie is replaced only by another nameless one: keep its value, which a nameless
    // deletion needs (an empty name and value is ignored).
    return new SetCookie(name, name.isEmpty() ? value() : "", ArrayView.of(attrs, n));
  }

  /**
   * Returns the header value: {@code name=value} followed by each attribute. A nameless cookie is
   * written as its value alone, or as {@code =value} when the value contains {@code =}, so that it
   * parses back to a nameless cookie.
   */
  public String toHeader() {
    if (sourceIsHeader) {
      return source;
    }
    String header = serialize("; ");
    // Never longer than parse reads: without the spaces, the header is no longer than the one
    // it was parsed from.
    return header.length() <= MAX_HEADER_LENGTH ? header : serialize(";");
  }

  private String serialize(String separator) {
    String value = value();
    List<Attribute> attributes = attributes();
    StringBuilder sb = new StringBuilder(name.length() + value.length() + 16 * attributes.size() + 1);
    if (!name.isEmpty() || value.indexOf('=') >= 0) {
      sb.append(name).append('=');
    }
    sb.append(value);
    for (int i = 0, n = attributes.size(); i < n; i++) {
      Attribute a = attributes.get(i);
      sb.append(separator).append(a.name);
      if (a.hasValue) {
        sb.append('=').append(a.value);
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetCookie c
        && c.name.equals(name)
        && c.value().equals(value())
        && c.attributes().equals(attributes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value(), attributes());
  }

  /** Names the cookie and its attributes; the value is redacted to its length. */
  @Override
  public String toString() {
    return "SetCookie[name=" + name + ", value=<" + (valueEnd() - valueStart) + " chars>, attributes="
        + attributes() + "]";
  }

  /** Known attribute names, matched ASCII case-insensitively. */
  private enum AttributeName {
    EXPIRES, MAX_AGE, DOMAIN, PATH, SECURE, HTTP_ONLY, SAME_SITE, PARTITIONED, OTHER;

    /** The name {@code s[from, to)}. */
    static AttributeName of(String s, int from, int to) {
      switch (to - from) {
        case 4:
          return Ascii.equalsIgnoreCase(s, from, to, "path") ? PATH : OTHER;
        case 6:
          return Ascii.equalsIgnoreCase(s, from, to, "domain") ? DOMAIN
              : Ascii.equalsIgnoreCase(s, from, to, "secure") ? SECURE : OTHER;
        case 7:
          return Ascii.equalsIgnoreCase(s, from, to, "expires") ? EXPIRES
              : Ascii.equalsIgnoreCase(s, from, to, "max-age") ? MAX_AGE : OTHER;
        case 8:
          return Ascii.equalsIgnoreCase(s, from, to, "httponly") ? HTTP_ONLY
              : Ascii.equalsIgnoreCase(s, from, to, "samesite") ? SAME_SITE : OTHER;
        case 11:
          return Ascii.equalsIgnoreCase(s, from, to, "partitioned") ? PARTITIONED : OTHER;
        default:
          return OTHER;
      }
    }
  }

  /**
   * Builds a {@link SetCookie} from parts. {@link #build()} refuses anything that would not
   * survive the trip through a header unchanged: CR, LF, NUL or another control character, a
   * {@code ;} in a name or value, a {@code =} in a name, surrounding whitespace, or a cookie a
   * browser would ignore.
   */
  public static final class Builder {
    private final String name;
    private final String value;
    private final List<Attribute> attributes = new ArrayList<>(8);

    private Builder(String name, String value) {
      this.name = requireHeaderSafe(Objects.requireNonNull(name, "name"), "cookie name");
      this.value = requireHeaderSafe(Objects.requireNonNull(value, "value"), "cookie value");
      if (name.indexOf('=') >= 0) {
        throw new IllegalArgumentException("cookie-gate: cookie name '" + name + "' contains '='");
      }
    }

    /** Sets {@code Domain}. */
    public Builder domain(String domain) {
      return set(DOMAIN, Objects.requireNonNull(domain, "domain"));
    }

    /** Sets {@code Path}. */
    public Builder path(String path) {
      return set(PATH, Objects.requireNonNull(path, "path"));
    }

    /** Sets {@code Max-Age} in seconds; zero or less deletes the cookie. */
    public Builder maxAge(long seconds) {
      return set(MAX_AGE, Long.toString(seconds));
    }

    /** Sets {@code Max-Age} (whole seconds). */
    public Builder maxAge(Duration maxAge) {
      return maxAge(Objects.requireNonNull(maxAge, "maxAge").getSeconds());
    }

    /**
     * Sets {@code Expires}, written as an IMF-fixdate.
     *
     * @throws IllegalArgumentException outside 1601-01-01 to 9999-12-31, which a cookie-date
     *     cannot carry (RFC 6265bis section 5.1.1): a browser would drop the attribute
     */
    public Builder expires(Instant expires) {
      Objects.requireNonNull(expires, "expires");
      if (expires.isBefore(CookieDates.EARLIEST) || expires.isAfter(CookieDates.LATEST)) {
        throw new IllegalArgumentException("cookie-gate: Expires " + expires
            + " is outside what a cookie-date carries (1601-01-01 to 9999-12-31)");
      }
      return set(EXPIRES, CookieDates.IMF_FIXDATE.format(expires));
    }

    /** Adds or removes {@code Secure}. */
    public Builder secure(boolean secure) {
      return flag(SECURE, secure);
    }

    /** Adds or removes {@code HttpOnly}. */
    public Builder httpOnly(boolean httpOnly) {
      return flag(HTTP_ONLY, httpOnly);
    }

    /** Adds or removes {@code Partitioned}. */
    public Builder partitioned(boolean partitioned) {
      return flag(PARTITIONED, partitioned);
    }

    /** Sets {@code SameSite}. */
    public Builder sameSite(SameSite sameSite) {
      return set(SAME_SITE, Objects.requireNonNull(sameSite, "sameSite").attributeValue());
    }

    /** Sets any other attribute, {@code Priority=High} say; replaces one of the same name. */
    public Builder attribute(String attributeName, String attributeValue) {
      return set(Objects.requireNonNull(attributeName, "attributeName"),
          Objects.requireNonNull(attributeValue, "attributeValue"));
    }

    private Builder set(String attrName, String attrValue) {
      requireHeaderSafe(attrName, "attribute name");
      requireHeaderSafe(attrValue, "value of attribute " + attrName);
      if (attrName.isEmpty() || attrName.indexOf('=') >= 0) {
        throw new IllegalArgumentException("cookie-gate: attribute name '" + attrName + "' is empty or contains '='");
      }
      remove(attrName);
      attributes.add(new Attribute(attrName, attrValue, true));
      return this;
    }

    private Builder flag(String attrName, boolean on) {
      remove(attrName);
      if (on) {
        attributes.add(new Attribute(attrName, "", false));
      }
      return this;
    }

    private void remove(String attrName) {
      String lower = Ascii.toLowerCase(attrName);
      attributes.removeIf(a -> Ascii.equalsIgnoreCase(a.name, lower));
    }

    /**
     * Returns the cookie.
     *
     * @throws IllegalArgumentException if a browser would ignore it (the message says why)
     */
    public SetCookie build() {
      Object checked = check(buildUnchecked());
      if (checked instanceof Rejection r) {
        throw new IllegalArgumentException("cookie-gate: a browser would ignore cookie '" + name
            + "': " + r.description());
      }
      SetCookie c = (SetCookie) checked;
      if (c.toHeader().length() > MAX_HEADER_LENGTH) {
        throw new IllegalArgumentException("cookie-gate: cookie '" + name + "' would be a header of over "
            + MAX_HEADER_LENGTH + " characters");
      }
      if (Ascii.utf8Length(name, 0, name.length()) + Ascii.utf8Length(value, 0, value.length())
          > MAX_NAME_VALUE_OCTETS) {
        throw new IllegalArgumentException("cookie-gate: a browser would ignore cookie '" + name
            + "': " + Rejection.NAME_VALUE_TOO_LONG.description());
      }
      return c;
    }

    SetCookie buildUnchecked() {
      return new SetCookie(name, value, List.copyOf(attributes));
    }

    private static String requireHeaderSafe(String s, String what) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException("cookie-gate: " + what + " contains CR, LF or NUL at index "
              + i + "; refusing to build a header from it");
        }
        if (Ascii.isCtlButHtab(c) || c == '\t') {
          throw new IllegalArgumentException("cookie-gate: " + what + " contains control character 0x"
              + Integer.toHexString(c) + " at index " + i);
        }
        if (c == ';') {
          throw new IllegalArgumentException("cookie-gate: " + what + " contains ';' at index " + i);
        }
      }
      if (!s.isEmpty() && (Ascii.isWsp(s.charAt(0)) || Ascii.isWsp(s.charAt(s.length() - 1)))) {
        throw new IllegalArgumentException("cookie-gate: " + what + " has leading or trailing whitespace");
      }
      return s;
    }
  }
}
