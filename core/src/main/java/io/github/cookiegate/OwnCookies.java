package io.github.cookiegate;

import io.github.cookiegate.internal.consent.ConsentChoice;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The library's own cookies: the activation marker and the consent cookie, their names on plain
 * and secure requests, issuing and deleting them, reading the marker, and the pseudonym of a
 * marker the library issued. Immutable and thread-safe.
 */
final class OwnCookies {

  private static final Logger LOG = System.getLogger(CookieGate.class.getName());
  /** How long a marker stays valid when chat-max-age is session or none: the browsers' cap. */
  static final Duration UNCAPPED_MARKER_VALIDITY = Duration.ofDays(400);

  private final String consentCookie;
  private final String hostConsentCookie;
  private final ActivationMarker marker;
  private final ChatMaxAge chatMaxAge;
  private final Duration consentMaxAge;
  private final int consentRevision;
  private final Clock clock;
  /** What the catalog answers for the library's own cookies, whatever the rules say. */
  private final Classification classification;

  OwnCookies(String consentCookie, byte[] key, ChatMaxAge chatMaxAge, Duration consentMaxAge, int consentRevision,
      Clock clock) {
    this.consentCookie = consentCookie;
    this.hostConsentCookie = CookieGate.HOST_PREFIX + consentCookie;
    this.marker = new ActivationMarker(key,
        chatMaxAge instanceof ChatMaxAge.Capped c ? c.maxAge() : UNCAPPED_MARKER_VALIDITY);
    this.chatMaxAge = chatMaxAge;
    this.consentMaxAge = consentMaxAge;
    this.consentRevision = consentRevision;
    this.clock = clock;
    this.classification = Classification.of(
        CookieRule.exact(CookieGate.MARKER_COOKIE, Category.NECESSARY).withVendor("cookie-gate"));
  }

  /** The consent cookie's base name (without {@code __Host-}). */
  String consentCookie() {
    return consentCookie;
  }

  /** The classification of the library's own cookies: necessary, vendor cookie-gate. */
  Classification classification() {
    return classification;
  }

  /** Whether the name is one of the library's own cookies, with or without {@code __Host-}. */
  boolean isOwnCookie(String cookieName) {
    int from = cookieName.startsWith(CookieGate.HOST_PREFIX) ? CookieGate.HOST_PREFIX.length() : 0;
    return isAt(cookieName, from, CookieGate.MARKER_COOKIE) || isAt(cookieName, from, consentCookie);
  }

  private static boolean isAt(String name, int from, String expected) {
    return name.length() - from == expected.length() && name.startsWith(expected, from);
  }

  String markerCookieName(boolean secureRequest) {
    return secureRequest ? CookieGate.HOST_PREFIX + CookieGate.MARKER_COOKIE : CookieGate.MARKER_COOKIE;
  }

  String consentCookieName(boolean secureRequest) {
    return secureRequest ? hostConsentCookie : consentCookie;
  }

  /** A new signed marker: HttpOnly, Lax, Path=/, Max-Age = chat-max-age (session, or 400 days uncapped). */
  SetCookie newActivationMarker(boolean secureRequest) {
    String value = marker.issue(clock.instant().getEpochSecond());
    SetCookie.Builder b = SetCookie.builder(markerCookieName(secureRequest), value)
        .path("/").httpOnly(true).sameSite(SetCookie.SameSite.LAX).secure(secureRequest);
    if (chatMaxAge instanceof ChatMaxAge.Capped c) {
      b.maxAge(c.maxAge());
    } else if (chatMaxAge instanceof ChatMaxAge.Uncapped) {
      b.maxAge(UNCAPPED_MARKER_VALIDITY);
    }
    return b.build();
  }

  /** The headers that remove the marker, under both of its names. */
  List<SetCookie> activationMarkerDeletions(boolean secureRequest) {
    List<SetCookie> out = new ArrayList<>(2);
    out.add(SetCookie.builder(CookieGate.MARKER_COOKIE, "").path("/").maxAge(0).httpOnly(true)
        .sameSite(SetCookie.SameSite.LAX).build());
    if (secureRequest) {
      out.add(SetCookie.builder(CookieGate.HOST_PREFIX + CookieGate.MARKER_COOKIE, "").path("/").maxAge(0)
          .secure(true).httpOnly(true).sameSite(SetCookie.SameSite.LAX).build());
    }
    return List.copyOf(out);
  }

  /** The first valid marker among the values is the activation; never throws. */
  Activation readActivation(List<String> markerValues) {
    long now = clock.instant().getEpochSecond();
    for (String value : markerValues) {
      try {
        long issued = marker.verify(value, now);
        if (issued >= 0) {
          return Activation.since(Instant.ofEpochSecond(issued));
        }
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "cookie-gate: unreadable activation marker: " + e.getClass().getName());
      }
    }
    return Activation.none();
  }

  /** The consent cookie storing a choice, with the revision word when consent-revision is above 0. */
  SetCookie newConsentCookie(Set<Category> granted, boolean secureRequest) {
    StringBuilder value = new StringBuilder(ConsentChoice.ids(granted));
    if (consentRevision > 0) {
      value.append(".r").append(consentRevision);
    }
    return SetCookie.builder(consentCookieName(secureRequest), value.toString())
        .path("/").sameSite(SetCookie.SameSite.LAX).secure(secureRequest).maxAge(consentMaxAge).build();
  }

  /** The headers that remove the consent cookie, under both of its names. */
  List<SetCookie> consentCookieDeletions(boolean secureRequest) {
    List<SetCookie> out = new ArrayList<>(2);
    out.add(SetCookie.builder(consentCookie, "").path("/").maxAge(0).sameSite(SetCookie.SameSite.LAX).build());
    if (secureRequest) {
      out.add(SetCookie.builder(hostConsentCookie, "").path("/").maxAge(0).secure(true)
          .sameSite(SetCookie.SameSite.LAX).build());
    }
    return List.copyOf(out);
  }

  /** A keyed pseudonym of a value the library issued. */
  String pseudonym(String issuedValue) {
    return marker.pseudonym(Objects.requireNonNull(issuedValue, "issuedValue"));
  }
}
