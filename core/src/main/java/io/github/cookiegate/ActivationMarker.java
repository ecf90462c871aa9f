package io.github.cookiegate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the activation marker: {@code v1.<issued epoch seconds>.<HMAC-SHA256>},
 * stateless, so any node that shares the key accepts it, and a page script cannot forge it.
 */
final class ActivationMarker {

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1";
  /** Longest value worth verifying: "v1." + 12 digits + "." + 43 base64url characters. */
  private static final int MAX_LENGTH = 64;
  /** Clock skew tolerated between nodes. */
  private static final long SKEW_SECONDS = 300;

  private final SecretKeySpec key;
  private final Mac prototype;
  private final long validitySeconds;

  ActivationMarker(byte[] secret, Duration validity) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    try {
      this.prototype = Mac.getInstance(ALGORITHM);
      prototype.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cookie-gate: " + ALGORITHM + " is not available in this JVM", e);
    }
    this.validitySeconds = validity.getSeconds();
  }

  /** Returns a marker value issued at {@code epochSeconds}. */
  String issue(long epochSeconds) {
    String payload = VERSION + "." + epochSeconds;
    return payload + "." + sign(payload);
  }

  /** Returns the issue time of a valid, unexpired marker, or -1. Never throws on any input. */
  long verify(String value, long nowEpochSeconds) {
    if (value == null || value.length() > MAX_LENGTH || !value.startsWith(VERSION + ".")) {
      return -1;
    }
    int dot = value.indexOf('.', VERSION.length() + 1);
    if (dot < 0) {
      return -1;
    }
    long issued = parseSeconds(value, VERSION.length() + 1, dot);
    if (issued < 0) {
      return -1;
    }
    String payload = value.substring(0, dot);
    byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
    // Constant time: a forged marker learns nothing from how long the comparison took.
    if (!MessageDigest.isEqual(expected, given)) {
      return -1;
    }
    if (issued > nowEpochSeconds + SKEW_SECONDS || nowEpochSeconds - issued > validitySeconds) {
      return -1;
    }
    return issued;
  }

  private static long parseSeconds(String s, int start, int end) {
    if (end - start < 1 || end - start > 12) {
      return -1;
    }
    long n = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private String sign(String payload) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
      } catch (GeneralSecurityException e2) {
        throw new IllegalStateException("cookie-gate: cannot create " + ALGORITHM, e2);
      }
    }
    byte[] tag = mac.doFinal(("cookie-gate activation " + payload).getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
  }
}
