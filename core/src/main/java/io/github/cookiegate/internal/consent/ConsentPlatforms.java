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
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in resolvers of consent platforms' cookies, each mapping the platform's own categories,
 * purposes, groups or services onto cookie-gate's categories ({@link ConsentMapping}). Formats and
 * default mappings: the README's "Consent sources" section.
 */
public final class ConsentPlatforms {

  private static final Logger LOG = System.getLogger(ConsentResolver.class.getName());

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

  // ------------------------------------------------------------ the platforms

  /** {@code tarteaucitron=!gtag=true!crisp=false!tawkto=wait}: service key to true, false or wait. */
  static final class Tarteaucitron extends Platform {
    Tarteaucitron(ConsentMapping mapping) {
      super(TARTEAUCITRON, "tarteaucitron", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, Boolean> services = caseInsensitive();
      String v = percentDecode(value, false);
      int start = 0;
      while (start < v.length()) {
        int end = v.indexOf('!', start);
        if (end < 0) {
          end = v.length();
        }
        int eq = v.indexOf('=', start);
        if (eq > start && eq < end) {
          // Only "true" grants: false, wait (not answered yet) and anything else do not.
          services.put(v.substring(start, eq), v.substring(eq + 1, end).equals("true"));
        }
        start = end + 1;
      }
      if (services.isEmpty()) {
        throw new Unreadable("no service");
      }
      return new Stored(services::get);
    }
  }

  /** {@code axeptio_cookies}: URL-encoded JSON, {@code $$}-keys reserved, vendor key to boolean. */
  static final class Axeptio extends Platform {
    Axeptio(ConsentMapping mapping) {
      super(AXEPTIO, "axeptio_cookies", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, Object> json = jsonObject(percentDecode(value, false), false);
      if (!Boolean.TRUE.equals(json.get("$$completed"))) {
        throw new Unreadable("choice not completed");
      }
      Map<String, Boolean> vendors = caseInsensitive();
      json.forEach((k, v) -> {
        if (!k.startsWith("$$") && v instanceof Boolean b) {
          vendors.put(k, b);
        }
      });
      return new Stored(vendors::get, instant(json.get("$$date")), -1);
    }
  }

  /**
   * {@code didomi_token}: base64 of JSON; {@code purposes} and {@code vendors} each with {@code
   * enabled} and {@code disabled} id lists. Consent only: the {@code _li} (legitimate interest)
   * lists are not consent. Purpose {@code cookies} (TCF purpose 1, storage) refused: nothing.
   */
  static final class Didomi extends Platform {
    Didomi(ConsentMapping mapping) {
      super(DIDOMI, "didomi_token", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      String v = percentDecode(value, false);
      byte[] bytes;
      try {
        bytes = v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
      } catch (IllegalArgumentException e) {
        throw new Unreadable("not base64");
      }
      Map<String, Object> json = jsonObject(utf8(bytes), false);
      Map<String, Boolean> ids = caseInsensitive();
      for (String list : new String[] {"vendors", "purposes"}) {
        Object o = json.get(list);
        if (o instanceof Map<?, ?> m) {
          put(ids, m.get("enabled"), true);
          put(ids, m.get("disabled"), false);
        }
      }
      if (ids.isEmpty()) {
        throw new Unreadable("no purpose or vendor");
      }
      if (Boolean.FALSE.equals(ids.get("cookies"))) {
        return new Stored(k -> null, instant(json.get("updated")), -1);
      }
      Object updated = json.get("updated");
      return new Stored(ids::get, instant(updated != null ? updated : json.get("created")), -1);
    }

    private static void put(Map<String, Boolean> ids, Object list, boolean enabled) {
      if (list instanceof List<?> l) {
        for (Object o : l) {
          if (o instanceof String s) {
            // A purpose both enabled and disabled counts as disabled.
            ids.merge(s, enabled, Boolean::logicalAnd);
          }
        }
      }
    }
  }

  /**
   * {@code OptanonConsent}: a URL query string whose {@code groups} is {@code C0001:1,C0002:0,...}.
   * Read as a choice only once the user interacted ({@code interactionCount} over 0, or an {@code
   * OptanonAlertBoxClosed} cookie, whose ISO time is the timestamp); {@code AwaitingReconsent=true}
   * is no choice. {@code version} is the OneTrust data version, not the site's policy revision.
   */
  static final class OneTrust extends Platform {
    OneTrust(ConsentMapping mapping) {
      super(ONETRUST, "OptanonConsent", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      int start = 0;
      while (start < value.length()) {
        int end = value.indexOf('&', start);
        if (end < 0) {
          end = value.length();
        }
        int eq = value.indexOf('=', start);
        if (eq > start && eq < end) {
          fields.put(value.substring(start, eq), percentDecode(value.substring(eq + 1, end), true));
        }
        start = end + 1;
      }
      String groups = fields.get("groups");
      if (groups == null || groups.isEmpty()) {
        throw new Unreadable("no groups");
      }
      if ("true".equalsIgnoreCase(fields.get("AwaitingReconsent"))) {
        throw new Unreadable("awaiting re-consent");
      }
      List<String> closed = request.cookies("OptanonAlertBoxClosed");
      Instant timestamp = closed.isEmpty() ? null : instant(percentDecode(closed.get(0), false));
      if (closed.isEmpty() && !interacted(fields.get("interactionCount"))) {
        throw new Unreadable("no interaction yet");
      }
      Map<String, Boolean> ids = caseInsensitive();
      for (String g : groups.split(",", 64)) {
        int colon = g.lastIndexOf(':');
        if (colon > 0) {
          ids.put(g.substring(0, colon).strip(), g.substring(colon + 1).strip().equals("1"));
        }
      }
      return new Stored(ids::get, timestamp, -1);
    }

    private static boolean interacted(String count) {
      try {
        return count != null && Integer.parseInt(count.strip()) > 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /**
   * {@code CookieConsent}: a URL-encoded JavaScript object literal, {@code {stamp:'...',necessary:true,
   * preferences:false,statistics:false,marketing:false,method:'explicit',ver:1,utc:...}}. {@code
   * method:'implied'} (consent assumed, not given) and {@code stamp:'-1'} (no consent asked) are no
   * choice. {@code ver} is not compared: Cookiebot asks again itself when its declaration changes.
   */
  static final class Cookiebot extends Platform {
    Cookiebot(ConsentMapping mapping) {
      super(COOKIEBOT, "CookieConsent", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, Object> json = jsonObject(percentDecode(value, false), true);
      if ("-1".equals(json.get("stamp"))) {
        throw new Unreadable("no consent asked (stamp -1)");
      }
      if ("implied".equals(json.get("method"))) {
        throw new Unreadable("implied consent");
      }
      Map<String, Boolean> categories = caseInsensitive();
      json.forEach((k, v) -> {
        if (v instanceof Boolean b) {
          categories.put(k, b);
        }
      });
      if (categories.isEmpty()) {
        throw new Unreadable("no category");
      }
      Instant timestamp = json.get("utc") instanceof Long utc && utc > 0 ? Instant.ofEpochMilli(utc) : null;
      return new Stored(categories::get, timestamp, -1);
    }
  }

  /** {@code klaro}: URL-encoded JSON, service name to boolean. */
  static final class Klaro extends Platform {
    Klaro(ConsentMapping mapping) {
      super(KLARO, "klaro", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, Object> json = jsonObject(percentDecode(value, false), false);
      Map<String, Boolean> services = caseInsensitive();
      json.forEach((k, v) -> {
        if (v instanceof Boolean b) {
          services.put(k, b);
        }
      });
      if (services.isEmpty()) {
        throw new Unreadable("no service");
      }
      return new Stored(services::get);
    }
  }

  /**
   * {@code cc_cookie} (orestbida/cookieconsent v3): URL-encoded JSON, {@code categories} the accepted
   * category names, {@code revision}, {@code lastConsentTimestamp}/{@code consentTimestamp}.
   */
  static final class Orestbida extends Platform {
    Orestbida(ConsentMapping mapping) {
      super(ORESTBIDA, "cc_cookie", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      Map<String, Object> json = jsonObject(percentDecode(value, false), false);
      if (!(json.get("categories") instanceof List<?> list)) {
        throw new Unreadable("no categories");
      }
      Map<String, Boolean> accepted = caseInsensitive();
      for (Object o : list) {
        if (o instanceof String s) {
          accepted.put(s, Boolean.TRUE); // a category not listed was not accepted: absent
        }
      }
      int revision = json.get("revision") instanceof Long r && r >= 0 && r <= ConsentChoice.MAX_REVISION
          ? r.intValue() : -1;
      Object last = json.get("lastConsentTimestamp");
      Instant timestamp = instant(last != null ? last : json.get("consentTimestamp"));
      return new Stored(accepted::get, timestamp, revision);
    }
  }

  /**
   * {@code cookieyes-consent}: {@code consentid:...,consent:yes,action:yes,necessary:yes,
   * functional:no,...}. Read as a choice only once the user acted on the banner ({@code action:yes}).
   */
  static final class CookieYes extends Platform {
    CookieYes(ConsentMapping mapping) {
      super(COOKIEYES, "cookieyes-consent", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      String v = percentDecode(value, false);
      Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String pair : v.split(",", 64)) {
        int colon = pair.indexOf(':');
        if (colon > 0) {
          fields.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
      }
      if (!"yes".equalsIgnoreCase(fields.get("action"))) {
        throw new Unreadable("no action on the banner yet");
      }
      Map<String, Boolean> categories = caseInsensitive();
      fields.forEach((k, f) -> {
        if (f.equalsIgnoreCase("yes") || f.equalsIgnoreCase("no")) {
          categories.put(k, f.equalsIgnoreCase("yes"));
        }
      });
      return new Stored(categories::get);
    }
  }

  /**
   * Complianz (WordPress): one cookie per category, {@code cmplz_functional}, {@code
   * cmplz_preferences}, {@code cmplz_statistics}, {@code cmplz_marketing}, each {@code allow} or
   * {@code deny}, as the plugin's {@code cmplz_set_consent} writes them (default prefix {@code
   * cmplz_}). A choice is made when one of them is present; only {@code allow} grants. Several
   * copies of one cookie: each must allow.
   */
  static final class Complianz implements ConsentResolver {
    static final String PREFIX = "cmplz_";
    static final List<String> CATEGORIES = List.of("functional", "preferences", "statistics", "marketing");
    /** The cookie of each of {@link #CATEGORIES}, in the same order. */
    static final List<String> COOKIES = CATEGORIES.stream().map(c -> PREFIX + c).toList();
    private final ConsentMapping mapping;

    Complianz(ConsentMapping mapping) {
      this.mapping = mapping;
    }

    @Override
    public String id() {
      return COMPLIANZ;
    }

    @Override
    public Optional<ConsentState> resolve(ConsentRequest request) {
      try {
        Map<String, Boolean> choice = null; // made only when a cmplz_ cookie is there: most requests carry none
        for (int i = 0; i < CATEGORIES.size(); i++) {
          String cookie = COOKIES.get(i);
          List<String> values = request.cookies(cookie);
          if (values.isEmpty()) {
            continue;
          }
          if (values.size() > MAX_COPIES) {
            throw new Unreadable(values.size() + " copies of " + cookie);
          }
          boolean allow = true;
          for (String v : values) {
            if (v == null || v.length() > MAX_VALUE_LENGTH) {
              throw new Unreadable("unreadable " + cookie);
            }
            allow &= v.strip().equalsIgnoreCase("allow"); // deny, or anything else, grants nothing
          }
          if (choice == null) {
            choice = caseInsensitive();
          }
          choice.put(CATEGORIES.get(i), allow);
        }
        if (choice == null) {
          return Optional.empty();
        }
        return Optional.of(GateAccess.consentState(COMPLIANZ, mapping.grant(choice::get), null, -1));
      } catch (Unreadable e) {
        return none(e.getMessage());
      } catch (RuntimeException e) {
        return none(e.getClass().getName());
      }
    }

    private static Optional<ConsentState> none(String why) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + COMPLIANZ + ": " + why);
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "ConsentResolver[" + COMPLIANZ + ", cookies " + PREFIX + "<category>, " + mapping + "]";
    }
  }

  /**
   * {@code euconsent-v2}: the IAB TCF v2 TC string. Purpose 1 (store and/or access information on a
   * device) refused: nothing is granted. Purposes the string's policy version does not define
   * (11 before TCF v2.2) are absent. Vendor consents and publisher restrictions are not read.
   */
  static final class Tcf extends Platform {
    Tcf(ConsentMapping mapping) {
      super(TCF, "euconsent-v2", mapping);
    }

    @Override
    Stored read(String value, ConsentRequest request) {
      TcString tc;
      try {
        tc = TcString.decode(value);
      } catch (IllegalArgumentException e) {
        throw new Unreadable(e.getMessage());
      }
      if (!tc.purpose(1)) {
        return new Stored(k -> null, tc.lastUpdated, -1);
      }
      int count = tc.purposeCount();
      return new Stored(key -> {
        int n = purposeNumber(key);
        return n < 1 || n > count ? null : tc.purpose(n);
      }, tc.lastUpdated, -1);
    }

    private static int purposeNumber(String key) {
      if (key.length() == 1 && key.charAt(0) >= '1' && key.charAt(0) <= '9') {
        return key.charAt(0) - '0';
      }
      return key.equals("10") ? 10 : key.equals("11") ? 11 : -1;
    }
  }

  // ------------------------------------------------------------ helpers

  private static Map<String, Boolean> caseInsensitive() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  private static Map<String, Object> jsonObject(String text, boolean lenient) {
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

  private static String utf8(byte[] bytes) {
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
