package io.github.cookiegate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates the built-in catalog's lowest layer, {@code catalog-ocd.csv}, from the Open Cookie
 * Database (Apache-2.0) copied in {@code core/src/data/}. Re-run it after updating that copy:
 *
 * <pre>
 * mvn -pl core test -Dtest=OcdCatalogGeneratorTest -Docd.regenerate=true
 * </pre>
 *
 * (or run this class's {@code main} from the {@code core} directory). {@code
 * OcdCatalogGeneratorTest} fails while the committed file differs from what this produces.
 *
 * <p>Rules, reviewed by hand (docs/catalog.md explains them):
 * <ul>
 *   <li>never {@code necessary}: the data set's "Functional" means "essential" to its authors, yet
 *       holds trackers; only the curated catalog, row by row, says necessary;
 *   <li>a vendor known for analytics or advertising keeps that category for every one of its
 *       cookies ({@link #VENDOR_CATEGORY});
 *   <li>other "Functional" and "Personalization" rows are functional; "Security" and "Necessary"
 *       rows (CSRF tokens, login sessions, bot defence) are left out, as are the cookies of consent
 *       platforms, server frameworks, hosting, CDN and payment ({@link #SKIPPED_VENDORS}): blocking
 *       them until consent would break logins, forms and banners, and calling them necessary is the
 *       curated catalog's or the application's call;
 *   <li>names too short or too common to tell a vendor's cookie from the site's own are left out
 *       ({@link #GENERIC_NAMES}, names of two characters, prefixes of fewer than four);
 *   <li>{@code Wildcard match = 1} makes the name a prefix: glob {@code name*};
 *   <li>a malformed row (field count, empty name, control character, unknown category or wildcard
 *       flag) fails the generator naming its line; so does one pattern given two categories.
 * </ul>
 */
final class OcdCatalogGenerator {

  static final Path INPUT = Path.of("src", "data", "open-cookie-database.csv");
  static final Path OUTPUT = Path.of("src", "main", "resources", "io", "github", "cookiegate", "catalog-ocd.csv");
  /** The upstream commit the copy in src/data was taken from. */
  static final String OCD_COMMIT = "0ee5a17fe1cb002943f89370d24fc26a4226061c";

  static final List<String> HEADER = List.of("ID", "Platform", "Category", "Cookie / Data Key name", "Domain",
      "Description", "Retention period", "Data Controller", "User Privacy & GDPR Rights Portals", "Wildcard match");

  /** Vendors known for analytics or advertising: every cookie of theirs takes this category. */
  static final Map<String, Category> VENDOR_CATEGORY = new HashMap<>();

  static {
    for (String v : List.of("Google Analytics", "Hotjar", "Crazy Egg", "Matomo", "Piwik", "ContentSquare",
        "Yandex.Metrica", "Inspectlet", "Lucky Orange", "Heap Analytics", "Amplitude", "Mixpanel", "Rudderstack",
        "Adobe Analytics", "Google Optimize", "Visual Website Optimizer", "Qualtrics", "Snowplow", "Chartbeat",
        "Gemius", "AT Internet", "Plausible Analytics", "Fathom Analytics", "Umami", "Dynatrace", "Parse.ly",
        "Marfeel", "Mopinion.com", "ABTasty", "ABlyft", "Microsoft Azure App Insights", "Dotmetrics")) {
      VENDOR_CATEGORY.put(v, Category.ANALYTICS);
    }
    for (String v : List.of("LinkedIn", "PubMatic", "Bing / Microsoft", "Facebook", "Instagram", "Google",
        "Google Ads", "Google AdSense", "DoubleClick/Google Marketing", "Youtube", "X", "Yahoo", "Outbrain",
        "Taboola", "Adform", "Xandr", "Smartadserver", "Magnite", "TikTok", "Snapchat", "Pinterest", "Reddit",
        "Quantcast", "Yieldmo", "Sonobi", "Nexx360", "Adobe Advertising", "Adobe Audience Manager", "ID5",
        "Lotame", "Teads", "Seedtag", "Tailtarget", "Ezoic", "MediaVine", "Media.net", "Casale Media",
        "openx.net", "TripleLift", "The Tradedesk", "MediaMath", "Mediamath", "BlueKai", "Tapad", "LiveRamp",
        "LiveIntent", "Dotomi", "Sharethrough", "SOVRN", "Improve Digital", "GumGum", "Permutive", "Zeotap",
        "ShareThis", "Dynamic Yield", "Marketo", "Groovinads", "Adhese", "Smaato", "Platform161",
        "Perfect Audience", "Emetric", "Mediarithmics", "Adkernel", "CreativeCDN", "richAudience", "Bidence",
        "Underdog Media", "Undertone", "Audrte", "adscale.de", "Fastclick", "Admatic", "Blueconic.com")) {
      VENDOR_CATEGORY.put(v, Category.MARKETING);
    }
  }

  /**
   * Vendors whose rows are left out: consent platforms (their choice cookie is necessary only where
   * the curated catalog says so), server frameworks, hosting, CDN, bot defence and payment (their
   * session, CSRF and fraud cookies are the site's own).
   */
  static final Set<String> SKIPPED_VENDORS = Set.of(
      "Cookiebot", "OneTrust", "CookieYes", "Cookie Law Info", "Complianz", "Didomi", "Axeptio", "Osano", "Termly",
      "Iubenda", "Borlabs", "Cookie Script", "Consentmanager.net", "Cookie First", "CookieConsent.io", "Enzuzo",
      "PrivacyPillar", "QookieQloud", "Civic", "Moove", "Hu-manity.co", "Digital Factory", "AWS Cookies Popup",
      "Django", "Laravel", "J2EE", "PHP.net", "Rack", "ASP.net", "Ruby on Rails", "Devise (Ruby on Rails)",
      "NextAuth.js", "Next.js", "Next", "Supabase", "Clerk", "Auth0", "Keycloak", "CodeIgniter", "CakePHP", "Perl",
      "Joomla!", "Drupal CMS", "TYPO3", "CraftCMS", "Processwire", "phpMyAdmin", "Plesk", "NGINX Ingresss",
      "Alteon", "HAproxy", "f5 BIG-IP", "Cloudflare", "CloudFlare", "Akamai", "Akamai Botmanager", "Imperva",
      "Datadome", "Amazon Web Services", "Azure / Microsoft", "Vercel", "Citrix", "Adobe ColdFusion", "Stripe",
      "PayPal", "Adyen", "Google reCAPTCHA", "CleanTalk", "Magento", "nopCommerce", "Intershop", "Loggly");

  /**
   * Names too common to tell a vendor's cookie from the site's own (or that the data set gives to
   * two vendors with different categories), and framework cookies listed under a vendor with
   * other rows: left out.
   */
  static final Set<String> GENERIC_NAMES = Set.of(
      "token", "locale", "lang", "LANG", "LANG_CHANGED", "language", "session", "sessionid", "csrftoken", "uid",
      "uids", "user", "userid", "user_id", "id", "ID", "pid", "dc", "ts", "tp", "chk", "auid", "euconsent",
      "usprivacy", "euconsent-v2", "_s", "cap", "data-", "optout", "test_cookie", "_sid", "Site History",
      "ASP.NET_Sessio", "ASP.NET_Sessio_Fallback", ".AspNetCore.Antiforgery.", "__RequestVerificationToken",
      "cookiePreferences", "cookies_accepted", "CONSENT", "SOCS", "GCLB", "timezone", "country", "currency");

  /** Wildcard prefixes shorter than four characters that still name one vendor. */
  static final Set<String> SHORT_PREFIXES_KEPT = Set.of("mp_");

  private OcdCatalogGenerator() {}

  public static void main(String[] args) throws IOException {
    Path in = args.length > 0 ? Path.of(args[0]) : INPUT;
    Path out = args.length > 1 ? Path.of(args[1]) : OUTPUT;
    Files.writeString(out, generate(Files.readString(in, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** One generated row and the input line it came from. */
  record Row(int line, String vendor, String pattern, Category category, String lifetime, String purpose,
      String source) {}

  /**
   * Returns the generated file for the data set's text.
   *
   * @throws IllegalArgumentException naming the line of the first malformed row
   */
  static String generate(String csv) {
    List<Row> rows = rows(csv);
    StringBuilder sb = new StringBuilder(rows.size() * 200);
    sb.append("# GENERATED by OcdCatalogGenerator (core/src/test/java) from core/src/data/open-cookie-database.csv;\n")
        .append("# do not edit: change the generator or the data, then regenerate (docs/catalog.md).\n")
        .append("# Data: Open Cookie Database, github.com/jkwakman/Open-Cookie-Database, commit ")
        .append(OCD_COMMIT).append(",\n")
        .append("# Apache License 2.0 (see NOTICE). source = that data set's row id.\n")
        .append("# Columns: vendor,pattern,category,lifetime,purpose,source. Never necessary.\n")
        .append("vendor,pattern,category,lifetime,purpose,source\n");
    for (Row r : rows) {
      field(sb, r.vendor());
      sb.append(',');
      field(sb, r.pattern());
      sb.append(',').append(r.category().id()).append(',');
      field(sb, r.lifetime());
      sb.append(',');
      field(sb, r.purpose());
      sb.append(',');
      field(sb, r.source());
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Returns the rows kept, in the data set's order. */
  static List<Row> rows(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    parse(csv, records, lines);
    if (records.isEmpty() || !records.get(0).equals(HEADER)) {
      throw new IllegalArgumentException("open-cookie-database.csv line 1: header is "
          + (records.isEmpty() ? "missing" : records.get(0)) + "; expected " + HEADER);
    }
    List<Row> out = new ArrayList<>();
    Map<String, Row> byPattern = new HashMap<>();
    for (int i = 1; i < records.size(); i++) {
      Row row = row(records.get(i), lines.get(i));
      if (row == null) {
        continue;
      }
      Row previous = byPattern.putIfAbsent(row.pattern(), row);
      if (previous == null) {
        out.add(row);
      } else if (previous.category() != row.category()) {
        throw new IllegalArgumentException("open-cookie-database.csv line " + row.line() + ": '" + row.pattern()
            + "' is " + row.category().id() + " for " + row.vendor() + " but " + previous.category().id() + " for "
            + previous.vendor() + " on line " + previous.line()
            + "; add the name to OcdCatalogGenerator.GENERIC_NAMES or decide its vendor's category");
      }
    }
    return out;
  }

  /** One record as a row, or null when a rule leaves it out. */
  private static Row row(List<String> f, int line) {
    if (f.size() != HEADER.size()) {
      throw bad(line, "has " + f.size() + " fields; expected " + HEADER.size());
    }
    String id = f.get(0).strip();
    String vendor = f.get(1).strip();
    String ocdCategory = f.get(2).strip();
    String name = f.get(3).strip();
    String wildcard = f.get(9).strip();
    if (id.isEmpty()) {
      throw bad(line, "has no ID");
    }
    if (name.isEmpty()) {
      throw bad(line, "has no cookie name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7F || c == ';' || c == '=' || c == ',') {
        throw bad(line, "cookie name '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a character no cookie name holds");
      }
    }
    if (!wildcard.equals("0") && !wildcard.equals("1")) {
      throw bad(line, "Wildcard match is '" + wildcard + "'; expected 0 or 1");
    }
    Category mapped = switch (ocdCategory) {
      case "Analytics" -> Category.ANALYTICS;
      case "Marketing" -> Category.MARKETING;
      case "Functional", "Personalization" -> Category.FUNCTIONAL;
      case "Security", "Necessary" -> null;
      default -> throw bad(line, "Category is '" + ocdCategory
          + "'; expected Analytics, Marketing, Functional, Personalization, Security or Necessary");
    };
    if (vendor.isEmpty()) {
      vendor = f.get(7).strip(); // the data controller
    }
    if (vendor.isEmpty() || SKIPPED_VENDORS.contains(vendor) || GENERIC_NAMES.contains(name)) {
      return null;
    }
    Category category = VENDOR_CATEGORY.getOrDefault(vendor, mapped);
    if (category == null) {
      return null; // Security or Necessary of a vendor not known for tracking: the site's own
    }
    boolean prefix = wildcard.equals("1");
    if (prefix ? name.length() < 4 && !SHORT_PREFIXES_KEPT.contains(name) : name.length() <= 2) {
      return null;
    }
    String pattern = prefix && !name.endsWith("*") ? name + "*" : name;
    return new Row(line, vendor, pattern, category, oneLine(f.get(6)), oneLine(f.get(5)),
        "Open Cookie Database " + id);
  }

  /**
   * One line of plain text: whitespace runs become one space, typographic quotes and dashes their
   * ASCII forms, invisible format characters go (so the resource reads as compact Latin-1 text).
   */
  private static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\u2018', '\u2019', '\u00b4' -> sb.append('\'');
        case '\u201c', '\u201d' -> sb.append('"');
        case '\u2013', '\u2014' -> sb.append('-');
        default -> {
          if (Character.getType(c) != Character.FORMAT) {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString().strip().replaceAll("\\s+", " ");
  }

  private static IllegalArgumentException bad(int line, String what) {
    return new IllegalArgumentException("open-cookie-database.csv line " + line + ": " + what);
  }

  /** RFC 4180: records and the line each starts on; a quoted field may span lines. */
  static void parse(String csv, List<List<String>> records, List<Integer> lines) {
    int line = 1;
    int i = 0;
    int n = csv.length();
    while (i < n) {
      int start = line;
      List<String> fields = new ArrayList<>(10);
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      for (; i < n; i++) {
        char c = csv.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < n && csv.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty() && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
            i++;
          }
          line++;
          i++;
          break;
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw bad(start, "a quoted field is not closed");
      }
      fields.add(field.toString());
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        continue; // blank line
      }
      records.add(fields);
      lines.add(start);
    }
  }

  /** A CSV field, quoted when it holds a comma, a quote or surrounding spaces. */
  private static void field(StringBuilder sb, String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.equals(s.strip()) && !s.startsWith("#")) {
      sb.append(s);
      return;
    }
    sb.append('"').append(s.replace("\"", "\"\"")).append('"');
  }
}
