package io.github.cookiegate.internal.own;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the activation marker: {@code v1.<issued epoch seconds>.<HMAC-SHA256>},
 * stateless, so any node that shares the key accepts it, and a page script cannot forge it.
 *
 * <p>A browser sends the same marker on every request of a conversation, so the markers verified
 * lately are kept ({@value #VERIFIED} at most, by their text, compared in constant time): a marker
 * found there is not signed again, only its age checked. Only markers this key signed enter, so a
 * client cannot fill it with made-up values; one that activates again and again only replaces
 * entries, as the bound evicts the least used.
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
  /** Most markers kept as verified. */
  static final int VERIFIED = 4096;

  /** A payload's bytes for the Mac, per thread (a byte array: no class-loader leak). */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LENGTH]);

  private final SecretKeySpec key;
  private final long validitySeconds;
  /** Mac is not thread-safe; one per thread and marker key (a JDK class: no class-loader leak). */
  private final ThreadLocal<Mac> macs;
  /** Markers this key signed, seen lately. */
  private final Cache<Verified, Boolean> verified =
      Caffeine.newBuilder().maximumSize(VERIFIED).executor(Runnable::run).build();

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
    Verified key = new Verified(value);
    if (verified.getIfPresent(key) == null) {
      if (!signed(value, dot)) {
        return -1;
      }
      verified.put(key, Boolean.TRUE);
    }
    if (issued > nowEpochSeconds + SKEW_SECONDS || nowEpochSeconds - issued > validitySeconds) {
      return -1;
    }
    return issued;
  }

  /** How many markers are kept as verified (tests: the bound). */
  long verifiedKept() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** Whether the tag after {@code dot} is this key's HMAC of the text before it, spelled as issued. */
  private boolean signed(String value, int dot) {
    // Compare the text as issued, not the decoded bytes: the 43rd character carries 2 bits the
    // decoder ignores, so decoding would accept 4 spellings of one tag. Constant time: a forged
    // marker learns nothing from how long the comparison took.
    byte[] expected = BASE64URL.encode(tag(value, dot));
    if (expected.length != TAG_CHARS) {
      return false; // the tag's length is public: a 32-byte HMAC is always 43 characters
    }
    int diff = 0;
    for (int i = 0; i < TAG_CHARS; i++) {
      char c = value.charAt(dot + 1 + i);
      diff |= (expected[i] & 0xFF) ^ (c < 0x80 ? c : 0xFF); // 0xFF is never a base64url character
    }
    return diff == 0;
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

  /**
   * A marker's text as a key of the verified ones: equal only when every character is, compared
   * in constant time (a lookup tells nothing of how much of a kept marker a guess got right).
   */
  private static final class Verified {
    private final String value;
    private final int hash;

    Verified(String value) {
      this.value = value;
      this.hash = value.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Verified other)) {
        return false;
      }
      String a = value;
      String b = other.value;
      if (a.length() != b.length()) {
        return false; // a marker's length is public
      }
      int diff = 0;
      for (int i = 0; i < a.length(); i++) {
        diff |= a.charAt(i) ^ b.charAt(i);
      }
      return diff == 0;
    }
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
