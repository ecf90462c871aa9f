package io.github.cookiegate.scan;

import io.github.cookiegate.CookieGate;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line, parsed and checked; every error names the option, the bad value and what is accepted. */
final class Options {

  static final String USAGE = """
      usage: cookie-gate-scan <base-url> [options]

        --max-pages N          pages per state (default 50)
        --max-depth N          link depth from the start pages (default 5)
        --path /p              another start page, same origin (repeatable)
        --states LIST          fresh, activated, consent:chat, consent:functional, consent:analytics,
                               consent:marketing, comma-separated (default: all)
        --fail-on LIST         findings that fail the scan, exit 1 (default: fresh); e.g.
                               fresh,activated:analytics; any; none
        --config FILE          the application's cookie-gate settings (.properties with init-param keys, or application.yml)
        --activation-path P    the activation endpoint (default: the config's, else /cookie-gate/activate)
        --consent-via HOW      cookie (set cookie_gate_consent=<category>) or endpoint (POST the
                               consent endpoint) (default cookie)
        --timeout SECONDS      per request or page load (default 10)
        --max-bytes N          largest response body read, in bytes (default 2097152)
        --out DIR              where report.json and report.html go (default cookie-gate-scan)
        --browser              crawl in headless Chromium instead of over HTTP
        --activate-selector S  browser: what to click to activate (default [data-cookie-gate-activate])
        --settle MILLIS        browser: wait after each page load (default 300)
        --chromium FILE        browser binary (default /usr/bin/chromium)
        --chromedriver FILE    driver binary (default /usr/bin/chromedriver)
        --quiet                no progress lines
        -h, --help             this text

      exit codes: 0 clean, 1 a finding matched --fail-on, 2 usage or configuration error
      """;

  URI base;
  final List<String> paths = new ArrayList<>();
  int maxPages = 50;
  int maxDepth = 5;
  List<ScanState> states = ScanState.all();
  FailOn failOn = FailOn.parse(FailOn.DEFAULT);
  Path config;
  CookieGate gate = CookieGate.fromSettings(Map.of());
  Map<String, String> settings = Map.of();
  String activationPath;
  boolean consentViaEndpoint;
  Duration timeout = Duration.ofSeconds(10);
  long maxBytes = 2L * 1024 * 1024;
  Path out = Path.of("cookie-gate-scan");
  boolean browser;
  String activateSelector = "[data-cookie-gate-activate]";
  long settleMillis = 300;
  Path chromium = Path.of("/usr/bin/chromium");
  Path chromedriver = Path.of("/usr/bin/chromedriver");
  boolean quiet;
  boolean help;

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the option, the bad value and the accepted values
   */
  static Options parse(String... args) {
    Options o = new Options();
    String explicitActivation = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "-h", "--help" -> o.help = true;
        case "--browser" -> o.browser = true;
        case "--quiet" -> o.quiet = true;
        case "--max-pages" -> o.maxPages = integer(a, value != null ? value : next(args, ++i, a), 1, 100_000);
        case "--max-depth" -> o.maxDepth = integer(a, value != null ? value : next(args, ++i, a), 0, 1_000);
        case "--path" -> o.paths.add(path(a, value != null ? value : next(args, ++i, a)));
        case "--states" -> o.states = states(value != null ? value : next(args, ++i, a));
        case "--fail-on" -> o.failOn = FailOn.parse(value != null ? value : next(args, ++i, a));
        case "--config" -> o.config = Path.of(value != null ? value : next(args, ++i, a));
        case "--activation-path" -> explicitActivation = path(a, value != null ? value : next(args, ++i, a));
        case "--consent-via" -> o.consentViaEndpoint = consentVia(value != null ? value : next(args, ++i, a));
        case "--timeout" -> o.timeout = Duration.ofSeconds(integer(a, value != null ? value : next(args, ++i, a), 1, 3_600));
        case "--max-bytes" -> o.maxBytes = integer(a, value != null ? value : next(args, ++i, a), 1024, Integer.MAX_VALUE - 8);
        case "--out" -> o.out = Path.of(value != null ? value : next(args, ++i, a));
        case "--activate-selector" -> o.activateSelector = nonBlank(a, value != null ? value : next(args, ++i, a));
        case "--settle" -> o.settleMillis = integer(a, value != null ? value : next(args, ++i, a), 0, 60_000);
        case "--chromium" -> o.chromium = Path.of(value != null ? value : next(args, ++i, a));
        case "--chromedriver" -> o.chromedriver = Path.of(value != null ? value : next(args, ++i, a));
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option '" + a + "'; run with --help for the accepted options");
          }
          if (o.base != null) {
            throw new IllegalArgumentException("a second base URL '" + a + "'; expected one base URL (use --path for more start pages)");
          }
          o.base = base(a);
        }
      }
    }
    if (o.help) {
      return o;
    }
    if (o.base == null) {
      throw new IllegalArgumentException("no base URL; expected http(s)://host[:port][/path] as the first argument");
    }
    if (o.config != null) {
      o.settings = settings(o.config);
      try {
        o.gate = CookieGate.fromSettings(o.settings);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--config " + o.config + ": " + e.getMessage(), e);
      }
    }
    o.activationPath = explicitActivation != null ? explicitActivation : o.gate.activationPath();
    if (o.browser) {
      executable("--chromium", o.chromium);
      executable("--chromedriver", o.chromedriver);
    }
    return o;
  }

  private static String next(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value; run with --help for the accepted values");
    }
    return args[i];
  }

  private static int integer(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " is '" + value + "'; expected a whole number from " + min + " to " + max);
  }

  private static String nonBlank(String option, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(option + " is empty; expected a CSS selector such as [data-cookie-gate-activate]");
    }
    return value;
  }

  private static String path(String option, String value) {
    if (!value.startsWith("/") || value.startsWith("//") || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(option + " is '" + value + "'; expected a path on the site, starting with one '/' (/cookie-gate/activate)");
    }
    return value;
  }

  private static boolean consentVia(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "cookie" -> false;
      case "endpoint" -> true;
      default -> throw new IllegalArgumentException("--consent-via is '" + value + "'; expected 'cookie' or 'endpoint'");
    };
  }

  private static List<ScanState> states(String value) {
    List<ScanState> states = new ArrayList<>();
    for (String raw : value.split(",", -1)) {
      ScanState s = ScanState.byId(raw.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
          "--states is '" + value + "': '" + raw.strip() + "' is not a state; expected a comma-separated list of "
              + String.join(", ", ScanState.ids())));
      if (states.stream().noneMatch(x -> x.id().equals(s.id()))) {
        states.add(s);
      }
    }
    return List.copyOf(states);
  }

  static URI base(String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawUserInfo() == null) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return new URI(scheme, null, u.getHost().toLowerCase(Locale.ROOT), u.getPort(), null, null, null)
            .resolve(path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("base URL is '" + value + "'; expected http(s)://host[:port][/path] without user info");
  }

  private static Map<String, String> settings(Path file) {
    return ConfigFile.read(file);
  }

  private static void executable(String option, Path file) {
    if (!Files.isExecutable(file)) {
      throw new IllegalArgumentException(option + " is '" + file + "': not an executable file; expected the path of Chromium"
          + " and of its chromedriver (Debian: apt-get install chromium chromium-driver)");
    }
  }
}
