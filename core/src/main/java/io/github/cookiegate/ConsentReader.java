package io.github.cookiegate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.cookiegate.internal.text.Text;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Reads a request's consent: the resolvers in {@code consent-sources} order (the library's own
 * cookie, other platforms' cookies, resolvers added or found with {@link ServiceLoader}), the
 * first current choice winning ({@code consent-max-age}, {@code consent-revision}), then Global
 * Privacy Control. Immutable and thread-safe; the own cookie's values are cached, bounded.
 */
final class ConsentReader {

  private static final Logger LOG = System.getLogger(CookieGate.class.getName());
  /** Consent values longer than this are read on each request rather than cached. */
  private static final int MAX_CACHED_CONSENT_LENGTH = 64;

  private final OwnCookies own;
  private final ConsentResolver[] resolvers;
  private final List<String> sources;
  private final Set<Category> gpc;
  private final Duration maxAge;
  private final int revision;
  private final Clock clock;
  /** Own-consent-cookie values already read; clients choose them, so the cache is bounded. */
  private final Cache<String, ConsentState> cache =
      Caffeine.newBuilder().maximumSize(1024).executor(Runnable::run).build();

  /**
   * @param sources the ids of {@code consent-sources}, {@code auto} included, or null for the default
   * @throws IllegalArgumentException for an id no resolver has, naming the known ones
   */
  ConsentReader(OwnCookies own, List<String> sources, Map<String, ConsentMapping> mappings,
      List<ConsentResolver> added, Set<Category> gpc, Duration maxAge, int revision, Clock clock) {
    this.own = own;
    this.gpc = gpc;
    this.maxAge = maxAge;
    this.revision = revision;
    this.clock = clock;
    this.resolvers = resolvers(new OwnCookieResolver(), sources, mappings, added);
    List<String> ids = new ArrayList<>(resolvers.length);
    for (ConsentResolver r : resolvers) {
      ids.add(r.id());
    }
    this.sources = List.copyOf(ids);
  }

  /** The ids of the resolvers consent is read through, in order. */
  List<String> sources() {
    return sources;
  }

  Set<Category> gpc() {
    return gpc;
  }

  Duration maxAge() {
    return maxAge;
  }

  int revision() {
    return revision;
  }

  /** Reads the library's own consent cookie values; never throws (unreadable: no consent). */
  ConsentState readOwn(List<String> values) {
    try {
      if (values.size() == 1) {
        // Few distinct values exist ("chat.analytics", "none"...): read each once, bounded.
        String value = values.get(0);
        if (value != null && value.length() <= MAX_CACHED_CONSENT_LENGTH) {
          return cache.get(value, v -> ConsentState.fromOwnCookie(List.of(v)));
        }
      }
      return ConsentState.fromOwnCookie(values);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: unreadable consent cookie: " + e.getClass().getName());
      return ConsentState.none();
    }
  }

  /** Reads a request's consent (see {@link CookieGate#resolveConsent}); never throws. */
  ConsentState resolve(ConsentRequest request) {
    ConsentState state = ConsentState.none();
    for (ConsentResolver r : resolvers) {
      Optional<ConsentState> found;
      try {
        found = r.resolve(request);
      } catch (RuntimeException | StackOverflowError e) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + r.id() + ": the resolver failed: "
            + e.getClass().getName());
        continue;
      }
      if (found == null || found.isEmpty() || !found.get().isChoiceMade()) {
        continue;
      }
      ConsentState s = found.get();
      if (isCurrent(s)) {
        state = s;
        break;
      }
    }
    if (!gpc.isEmpty()) {
      try {
        Optional<String> signal = request.header(CookieGate.GPC_HEADER);
        // Sec-GPC: 1 is the only value the W3C GPC draft defines; anything else states nothing.
        if (signal != null && signal.isPresent() && signal.get().strip().equals("1")) {
          state = state.withGlobalPrivacyControl(gpc);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: could not read Sec-GPC: " + e.getClass().getName());
      }
    }
    return state;
  }

  /** Whether a choice is recent enough and given under the current policy revision. */
  private boolean isCurrent(ConsentState s) {
    Optional<Instant> at = s.timestamp();
    if (at.isPresent() && at.get().plus(maxAge).isBefore(clock.instant())) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + s.source() + ": given more than consent-max-age ("
          + maxAge + ") ago");
      return false;
    }
    // The own cookie without an r<N> word was given under revision 0; other sources are compared
    // only where they store a revision.
    int stored = s.revision().isPresent() ? s.revision().getAsInt()
        : s.source().equals(ConsentState.OWN_COOKIE_SOURCE) ? 0 : -1;
    if (stored >= 0 && stored < revision) {
      LOG.log(Level.DEBUG, () -> "cookie-gate: no consent from " + s.source() + ": given under revision " + stored
          + ", consent-revision is " + revision);
      return false;
    }
    return true;
  }

  /**
   * Reads the library's own consent cookie: on a secure request under its {@code __Host-} name
   * only (a plain-named copy may come from a sibling subdomain or plain http), else the plain name.
   */
  private final class OwnCookieResolver implements ConsentResolver {
    @Override
    public String id() {
      return ConsentState.OWN_COOKIE_SOURCE;
    }

    @Override
    public Optional<ConsentState> resolve(ConsentRequest request) {
      List<String> values = request.cookies(own.consentCookieName(request.secure()));
      if (values.isEmpty()) {
        return Optional.empty();
      }
      ConsentState state = readOwn(values);
      return state.isChoiceMade() ? Optional.of(state) : Optional.empty();
    }
  }

  // ---------------------------------------------------------------- assembling the resolvers

  /** A resolver id is what consent-sources can name: lower-case ASCII letters, digits and '-'. */
  static String checkSourceId(String id) {
    boolean ok = !id.isEmpty() && id.length() <= 64;
    for (int i = 0; ok && i < id.length(); i++) {
      char c = id.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException("cookie-gate: consent resolver id '" + Text.printable(id)
          + "'; expected 1 to 64 lower-case ASCII letters, digits and '-'");
    }
    return id;
  }

  static boolean isBuiltInSource(String id) {
    return id.equals(ConsentState.OWN_COOKIE_SOURCE) || id.equals(CookieGate.AUTO_SOURCES)
        || ConsentPlatforms.IDS.contains(id);
  }

  /** Returns the resolvers in the order consent-sources gives. */
  private static ConsentResolver[] resolvers(ConsentResolver ownResolver, List<String> consentSources,
      Map<String, ConsentMapping> mappings, List<ConsentResolver> added) {
    Map<String, ConsentResolver> known = new LinkedHashMap<>();
    known.put(ownResolver.id(), ownResolver);
    for (String id : ConsentPlatforms.IDS) {
      known.put(id, ConsentPlatforms.resolver(id, mappings.get(id)));
    }
    List<String> builtIn = new ArrayList<>(known.keySet());
    for (ConsentResolver r : added) {
      known.put(r.id(), r);
    }
    List<String> sources = consentSources != null ? consentSources
        : List.of(ConsentState.OWN_COOKIE_SOURCE, CookieGate.AUTO_SOURCES);
    Map<String, ConsentResolver> discovered = null;
    List<ConsentResolver> out = new ArrayList<>();
    for (String id : sources) {
      if (id.equals(CookieGate.AUTO_SOURCES)) {
        for (ConsentResolver r : known.values()) {
          if (!sources.contains(r.id()) && !out.contains(r)) {
            out.add(r);
          }
        }
        continue;
      }
      ConsentResolver r = known.get(id);
      if (r == null) {
        if (discovered == null) {
          discovered = discover();
        }
        r = discovered.get(id);
      }
      if (r == null) {
        throw new IllegalArgumentException("cookie-gate: consent-sources has '" + Text.printable(id)
            + "'; expected a comma-separated list of " + CookieGate.AUTO_SOURCES + ", " + String.join(", ", builtIn)
            + (added.isEmpty() && (discovered == null || discovered.isEmpty()) ? ""
                : " or the id of a resolver added or found with ServiceLoader ("
                    + String.join(", ", addedAndDiscovered(added, discovered)) + ")"));
      }
      if (!out.contains(r)) {
        out.add(r);
      }
    }
    return out.toArray(new ConsentResolver[0]);
  }

  private static List<String> addedAndDiscovered(List<ConsentResolver> added, Map<String, ConsentResolver> discovered) {
    List<String> ids = new ArrayList<>();
    added.forEach(r -> ids.add(r.id()));
    if (discovered != null) {
      ids.addAll(discovered.keySet());
    }
    return ids;
  }

  /** The resolvers {@code META-INF/services/io.github.cookiegate.ConsentResolver} names. */
  private static Map<String, ConsentResolver> discover() {
    Map<String, ConsentResolver> found = new LinkedHashMap<>();
    try {
      for (ConsentResolver r : ServiceLoader.load(ConsentResolver.class)) {
        String id = checkSourceId(Objects.requireNonNull(r.id(), r.getClass().getName() + ".id()"));
        if (isBuiltInSource(id)) {
          throw new IllegalArgumentException("cookie-gate: " + r.getClass().getName() + ", found with ServiceLoader,"
              + " has the id '" + id + "' of a built-in consent source; give it another id");
        }
        found.putIfAbsent(id, r);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("cookie-gate: a consent resolver named in META-INF/services could not be"
          + " loaded: " + e.getMessage(), e);
    }
    return found;
  }
}
