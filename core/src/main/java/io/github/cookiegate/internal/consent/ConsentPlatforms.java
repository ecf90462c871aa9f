package io.github.cookiegate.internal.consent;

import static io.github.cookiegate.internal.consent.ConsentMapping.keys;

import io.github.cookiegate.Category;
import io.github.cookiegate.ConsentRequest;
import io.github.cookiegate.ConsentResolver;
import io.github.cookiegate.ConsentState;
import io.github.cookiegate.internal.GateAccess;
import io.github.cookiegate.internal.text.Ascii;
import io.github.cookiegate.internal.text.Json;
import io.github.cookiegate.internal.text.Text;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in resolvers of consent platforms' cookies, each mapping the platform's own categories,
 * purposes, groups or services onto cookie-gate's categories ({@link ConsentMapping}). Formats and
 * default mappings: the README's "Consent sources" section. Each platform's parser is a class of its
 * own in this package ({@code Tarteaucitron} ... {@code Tcf}), built on {@code Platform} and the
 * helpers here.
 */
public final class ConsentPlatforms {

  static final Logger LOG = System.getLogger(ConsentResolver.class.getName());

  /** A cookie value longer than this is not read: browsers keep at most 4096 bytes per cookie. */
  static final int MAX_VALUE_LENGTH = 4096;
  /** More copies of one cookie than this are not read. */
  static final int MAX_COPIES = 4;

  static final String TARTEAUCITRON = "tarteaucitron";
  static final String AXEPTIO = "axeptio";
  static final String DIDOMI = "didomi";
  static final String ONETRUST = "onetrust";
  static final String COOKIEBOT = "cookiebot";
  static final String KLARO = "klaro";
  static final String ORESTBIDA = "orestbida";
  static final String COOKIEYES = "cookieyes";
  static final String COMPLIANZ = "complianz";
  static final String TCF = "tcf";

  /** The platforms, in auto-detect order: own categories (with chat) first, the TCF string last. */
  public static final List<String> IDS =
      List.of(TARTEAUCITRON, AXEPTIO, DIDOMI, ONETRUST, COOKIEBOT, KLARO, ORESTBIDA, COOKIEYES, COMPLIANZ, TCF);

  private ConsentPlatforms() {}

  /** Returns each platform's default mapping, by id. */
  public static Map<String, ConsentMapping> defaultMappings() {
    Map<String, ConsentMapping> m = new LinkedHashMap<>();
    m.put(TARTEAUCITRON, ConsentMapping.of(
        keys("crisp", "tawkto", "intercomChat", "zopim", "purechat", "userlike"),
        keys("youtube", "vimeo", "dailymotion", "googlemaps"),
        keys("gtag", "analytics", "gajs", "matomo", "hotjar", "clarity", "atinternet", "xiti"),
        keys("facebookpixel", "googleads", "adwordsremarketing", "adwordsconversion", "linkedininsighttag",
            "twitteruwt", "criteo", "tiktok", "bingads")));
    m.put(AXEPTIO, ConsentMapping.of(
        keys("intercom", "crisp", "SnapEngage", "zendesk", "tawkto", "livechat"),
        keys("youtube", "vimeo", "google_maps"),
        keys("google_analytics", "matomo", "hotjar", "clarity"),
        keys("facebook_pixel", "Double_Click", "Criteo", "google_ads", "linkedin")));
    m.put(DIDOMI, ConsentMapping.of(
        keys(),
        keys("create_content_profile", "select_personalized_content"),
        keys("measure_content_performance", "market_research", "improve_products"),
        keys("select_basic_ads", "create_ads_profile", "select_personalized_ads", "measure_ad_performance")));
    m.put(ONETRUST, ConsentMapping.of(keys("C0003"), keys("C0003"), keys("C0002"), keys("C0004", "C0005")));
    m.put(COOKIEBOT, ConsentMapping.of(keys("preferences"), keys("preferences"), keys("statistics"),
        keys("marketing")));
    m.put(KLARO, ConsentMapping.of(
        keys("intercom", "crisp", "tawkto", "zendesk"),
        keys("preferences", "youtube", "vimeo"),
        keys("google-analytics", "googleanalytics", "matomo", "plausible", "hotjar"),
        keys("google-ads", "facebook-pixel", "adsense")));
    m.put(ORESTBIDA, ConsentMapping.of(
        keys("functionality", "chat"),
        keys("functionality", "functional", "preferences"),
        keys("analytics", "performance"),
        keys("marketing", "ads", "advertising")));
    m.put(COOKIEYES, ConsentMapping.of(keys("functional"), keys("functional"), keys("analytics", "performance"),
        keys("advertisement")));
    // Complianz's own "functional" category is its always-on one (necessary): it grants nothing here.
    m.put(COMPLIANZ, ConsentMapping.of(keys("preferences"), keys("preferences"), keys("statistics"),
        keys("marketing")));
    m.put(TCF, ConsentMapping.of(keys(), keys("5", "6", "11"), keys("8", "9", "10"), keys("2", "3", "4", "7")));
    return m;
  }

  /** Returns the resolver of a platform with this mapping. */
  public static ConsentResolver resolver(String id, ConsentMapping mapping) {
    return switch (id) {
      case TARTEAUCITRON -> new Tarteaucitron(mapping);
      case AXEPTIO -> new Axeptio(mapping);
      case DIDOMI -> new Didomi(mapping);
      case ONETRUST -> new OneTrust(mapping);
      case COOKIEBOT -> new Cookiebot(mapping);
      case KLARO -> new Klaro(mapping);
      case ORESTBIDA -> new Orestbida(mapping);
      case COOKIEYES -> new CookieYes(mapping);
      case COMPLIANZ -> new Complianz(mapping);
      case TCF -> new Tcf(mapping);
      default -> throw new IllegalArgumentException("cookie-gate: no built-in consent platform '" + id + "'");
    };
  }

  /** Checks one key of a {@code consent-map.<platform>.<category>} setting. */
  public static void checkKey(String id, String key) {
    if (id.equals(TCF)) {
      int n;
      try {
        n = Integer.parseInt(key);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 11) {
        throw new IllegalArgumentException("'" + Text.printable(key) + "' is not a TCF purpose; expected 1 to 11");
      }
      return;
    }
    boolean ok = !key.isEmpty() && key.length() <= 128;
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = c > 0x20 && c < 0x7F && c != ',';
    }
    if (!ok) {
      throw new IllegalArgumentException("'" + Text.printable(key)
          + "' is not a key; expected 1 to 128 visible ASCII characters without ','");
    }
  }

  // ------------------------------------------------------------ the shared frame

  /** Thrown while reading one value; carries a reason without the value and no stack trace. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String why) {
      super(why, null, false, false);
    }
  }

  /** One stored choice: what it holds, and when and under which revision it was given. */
  record Stored(ConsentMapping.Choice choice, Instant timestamp, int revision) {
    Stored(ConsentMapping.Choice choice) {
      this(choice, null, -1);
    }
  }

  /** Reads a platform's cookie, every copy of it, into a state; never throws. */
  abstract static class Platform implements ConsentResolver {
    private final String id;
    private final String cookie;
    private final ConsentMapping mapping;

    Platform(String id, String cookie, ConsentMapping mapping) {
      this.id = id;
      this.cookie = cookie;
      this.mapping = mapping;
    }

    @Override
    public final String id() {
      return id;
    }

    /** Reads one copy of the cookie; throws {@link Unreadable} for no readable choice. */
    abstract Stored read(String value, ConsentRequest request);

    @Override
    public final Optional<ConsentState> resolve(ConsentRequest request) {
      List<String> values = request.cookies(cookie);
      if (values.isEmpty()) {
        return Optional.empty();
      }
      try {
        if (values.size() > MAX_COPIES) {
          throw new Unreadable(values.size() + " copies");
        }
        EnumSet<Category> granted = null;
        Instant timestamp = null;
        int revision = Integer.MAX_VALUE;
        for (String value : values) {
          if (value == null || value.isEmpty()) {
            throw new Unreadable("empty value");
          }
          if (value.length() > MAX_VALUE_LENGTH) {
            throw new Unreadable("value over " + MAX_VALUE_LENGTH + " characters");
          }
          Stored stored = read(value, request);
          EnumSet<Category> one = mapping.grant(stored.choice());
          // Several copies (paths, domains): only what every copy grants counts, the oldest counts.
          if (granted == null) {
            granted = one;
          } else {
            granted.retainAll(one);
          }
          if (stored.timestamp() != null && (timestamp == null || stored.timestamp().isBefore(timestamp))) {
            timestamp = stored.timestamp();
          }
          revision = Math.min(revision, stored.revision());
        }
        return Optional.of(GateAccess.consentState(id, granted, timestamp, revision == Integer.MAX_VALUE ? -1 : revision));
      } catch (Unreadable e) {
        return none(e.getMessage());
      } catch (RuntimeException | StackOverflowError e) {
        return none(e.getClass().getName());
      }
    }

    private Optional<ConsentState> none(String why) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + id + " (cookie " + cookie + "): " + why);
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "ConsentResolver[" + id + ", cookie " + cookie + ", " + mapping + "]";
    }
  }

  // ------------------------------------------------------------ helpers

  static Map<String, Boolean> caseInsensitive() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  static Map<String, Object> jsonObject(String text, boolean lenient) {
    return Json.object(text, lenient).orElseThrow(() -> new Unreadable(
        lenient ? "not a JavaScript object literal (or over the reader's bounds)" : "not a JSON object (or over the reader's bounds)"));
  }

  /** Returns the instant of an ISO-8601 string ({@code 2021-08-08T10:41:59.523Z}), or null. */
  static Instant instant(Object o) {
    if (!(o instanceof String s) || s.length() > 64) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Percent-decodes once as UTF-8 ({@code +} as space in query strings); a {@code %} not followed
   * by two hex digits stays. Wrongly encoded UTF-8 is unreadable.
   */
  static String percentDecode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Ascii.hexDigit(s.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? Ascii.hexDigit(s.charAt(i + 2)) : -1;
      if (lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
        continue;
      }
      if (bytes.size() > 0) {
        sb.append(utf8(bytes.toByteArray()));
        bytes.reset();
      }
      sb.append(c == '+' && plusIsSpace ? ' ' : c);
    }
    if (bytes.size() > 0) {
      sb.append(utf8(bytes.toByteArray()));
    }
    return sb.toString();
  }

  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("not UTF-8");
    }
  }
}
