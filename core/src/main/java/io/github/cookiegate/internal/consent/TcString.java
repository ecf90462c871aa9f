package io.github.cookiegate.internal.consent;

import java.time.Instant;

/**
 * The fields cookie-gate reads from the core segment of an IAB TCF v2 TC string ({@code
 * euconsent-v2}), decoded straight from its base64url characters without a copy. Layout: IAB Tech
 * Lab, "Consent string and vendor list formats v2", section "The core string": Version 6 bits,
 * Created 36, LastUpdated 36 (deciseconds since the epoch), CmpId 12, CmpVersion 12, ConsentScreen
 * 6, ConsentLanguage 12, VendorListVersion 12, TcfPolicyVersion 6, IsServiceSpecific 1,
 * UseNonStandardTexts 1, SpecialFeatureOptIns 12, PurposesConsent 24 (bit n-1 = purpose n),
 * PurposesLITransparency 24, PurposeOneTreatment 1, PublisherCC 12, then the vendor sections.
 */
public final class TcString {

  /** A TC string longer than this is not read (a cookie holds at most 4096 bytes). */
  static final int MAX_LENGTH = 4096;

  private static final int CREATED = 6;
  private static final int LAST_UPDATED = 42;
  private static final int POLICY_VERSION = 132;
  private static final int PURPOSES_CONSENT = 152;
  private static final int PURPOSE_ONE_TREATMENT = 200;
  /** Bits up to and including PublisherCC: a shorter core segment is truncated. */
  private static final int CORE_BITS = 213;

  private static final byte[] BASE64URL = new byte[128];

  static {
    java.util.Arrays.fill(BASE64URL, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64URL[alphabet.charAt(i)] = (byte) i;
    }
  }

  final Instant created;
  final Instant lastUpdated;
  final int policyVersion;
  /** PurposesConsent: bit n-1 set when purpose n is consented. */
  final int purposesConsent;
  final boolean purposeOneTreatment;

  private TcString(String s) {
    created = Instant.ofEpochMilli(bits(s, CREATED, 36) * 100);
    lastUpdated = Instant.ofEpochMilli(bits(s, LAST_UPDATED, 36) * 100);
    policyVersion = (int) bits(s, POLICY_VERSION, 6);
    // The field's first bit is purpose 1: reverse so that bit n-1 is purpose n.
    purposesConsent = Integer.reverse((int) bits(s, PURPOSES_CONSENT, 24)) >>> 8;
    purposeOneTreatment = bits(s, PURPOSE_ONE_TREATMENT, 1) == 1;
  }

  /**
   * Decodes a TC string's core segment.
   *
   * @throws IllegalArgumentException naming what is wrong (never the value): too long, not
   *     base64url, truncated, or not version 2
   */
  public static TcString decode(String s) {
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("TC string over " + MAX_LENGTH + " characters");
    }
    int end = s.indexOf('.');
    if (end < 0) {
      end = s.length();
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c >= 128 || BASE64URL[c] < 0) {
        throw new IllegalArgumentException("core segment is not base64url");
      }
    }
    if (end * 6 < CORE_BITS) {
      throw new IllegalArgumentException("core segment truncated (" + end + " characters)");
    }
    long version = bits(s, 0, 6);
    if (version != 2) {
      throw new IllegalArgumentException("TC string version " + version + ", expected 2");
    }
    return new TcString(s);
  }

  /** Whether purpose {@code n} (1-24) is consented. */
  public boolean purpose(int n) {
    return (purposesConsent & (1 << (n - 1))) != 0;
  }

  /** The number of purposes the string's policy defines: 11 from TCF v2.2 (policy version 4), else 10. */
  public int purposeCount() {
    return policyVersion >= 4 ? 11 : 10;
  }

  /** Reads {@code n} bits (at most 36) big-endian from bit {@code from}, a sextet (character) at a time. */
  private static long bits(String s, int from, int n) {
    int first = from / 6;
    int last = (from + n - 1) / 6;
    long acc = 0;
    for (int i = first; i <= last; i++) {
      acc = (acc << 6) | BASE64URL[s.charAt(i)];
    }
    int spare = (last - first + 1) * 6 - (from % 6) - n;
    return (acc >>> spare) & ((1L << n) - 1);
  }
}
