package io.github.cookiegate.internal.own;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
  /** Immutable and thread-safe: one for every marker. */
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  /** Longest value worth verifying: "v1." + 12 digits + "." + 43 base64url characters. */
  private static final int MAX_LENGTH = 64;
  /** Base64url characters of a 32-byte tag, unpadded. */
  private static final int TAG_CHARS = 43;
  private static final byte[] LABEL = "cookie-gate activation ".getBytes(StandardCharsets.US_ASCII);
  /** Clock skew tolerated between nodes. */
  private static final byte[] PSEUDONYM_LABEL = "cookie-gate pseudonym ".getBytes(StandardCharsets.US_ASCII);
  private static final long SKEW_SECONDS = 300;

  /** A payload's bytes for the Mac, per thread (a byte array: no class-loader leak). */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LENGTH]);

  private final SecretKeySpec key;
  private final long validitySeconds;
  /** Mac is not thread-safe; one per thread and marker key (a JDK class: no class-loader leak). */
  private final ThreadLocal<Mac> macs;

  ActivationMarker(byte[] secret, Duration validity) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.validitySeconds = validity.getSeconds();
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fail at start-up, not on a request, if the JVM lacks HmacSHA256
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cookie-gate: " + ALGORITHM + " is not available in this JVM", e);
    }
  }

  /** Returns a marker value issued at {@code epochSeconds}. */
  String issue(long epochSeconds) {
    String payload = VERSION + "." + epochSeconds;
    return payload + "." + BASE64URL.encodeToString(tag(payload, payload.length()));
  }

  /** Returns the issue time of a valid, unexpired marker, or -1. Never throws on any input. */
  long verify(String value, long nowEpochSeconds) {
    if (value == null || value.length() > MAX_LENGTH || !value.startsWith(VERSION + ".")) {
      return -1;
    }
    int dot = value.indexOf('.', VERSION.length() + 1);
    if (dot < 0 || value.length() - dot - 1 != TAG_CHARS) {
      return -1;
    }
    long issued = parseSeconds(value, VERSION.length() + 1, dot);
    if (issued < 0) {
      return -1;
    }
    // Compare the text as issued, not the decoded bytes: the 43rd character carries 2 bits the
    // decoder ignores, so decoding would accept 4 spellings of one tag. Constant time: a forged
    // marker learns nothing from how long the comparison took.
    byte[] expected = BASE64URL.encode(tag(value, dot));
    if (expected.length != TAG_CHARS) {
      return -1; // the tag's length is public: a 32-byte HMAC is always 43 characters
    }
    int diff = 0;
    for (int i = 0; i < TAG_CHARS; i++) {
      char c = value.charAt(dot + 1 + i);
      diff |= (expected[i] & 0xFF) ^ (c < 0x80 ? c : 0xFF); // 0xFF is never a base64url character
    }
    if (diff != 0) {
      return -1;
    }
    if (issued > nowEpochSeconds + SKEW_SECONDS || nowEpochSeconds - issued > validitySeconds) {
      return -1;
    }
    return issued;
  }

  /** HMAC-SHA256 over a fixed label and the first {@code length} characters (ASCII) of {@code payload}. */
  private byte[] tag(String payload, int length) {
    Mac mac = macs.get();
    mac.update(LABEL);
    if (length <= MAX_LENGTH) {
      byte[] bytes = SCRATCH.get(); // one update call instead of one per character
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) payload.charAt(i);
      }
      mac.update(bytes, 0, length);
    } else {
      for (int i = 0; i < length; i++) {
        mac.update((byte) payload.charAt(i));
      }
    }
    return mac.doFinal();
  }

  /**
   * Returns a keyed pseudonym of a value the library issued (a marker): the first 16 bytes of an
   * HMAC-SHA256 under a label of its own, so it is never a valid marker tag, base64url (22 chars).
   */
  String pseudonym(String value) {
    Mac mac = macs.get();
    mac.update(PSEUDONYM_LABEL);
    mac.update(value.getBytes(StandardCharsets.UTF_8));
    return BASE64URL.encodeToString(java.util.Arrays.copyOf(mac.doFinal(), 16));
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

}
