package io.github.cookiegate.internal.own;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActivationMarkerTest {

  private static final long NOW = OwnCookiesTest.NOW.getEpochSecond();
  private static final String BASE64URL_AND_DOT = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.";

  private static byte[] key(int b) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) b);
    return k;
  }

  @Test
  void aMarkerVerifiedBeforeIsStillCheckedForItsAgeAndEveryCharacter() {
    ActivationMarker marker = new ActivationMarker(key(1), Duration.ofHours(2));
    String value = marker.issue(NOW);
    assertThat(marker.verify(value, NOW + 10)).isEqualTo(NOW); // signed, then kept
    assertThat(marker.verify(value, NOW + 20)).isEqualTo(NOW); // kept
    assertThat(marker.verify(value, NOW + 7201)).isEqualTo(-1); // kept, but expired
    assertThat(marker.verify(value, NOW - 301)).isEqualTo(-1); // issued too far ahead of this clock
    int refused = 0;
    for (int i = 0; i < value.length(); i++) {
      for (char c : BASE64URL_AND_DOT.toCharArray()) {
        if (c != value.charAt(i)) {
          String forged = value.substring(0, i) + c + value.substring(i + 1);
          assertThat(marker.verify(forged, NOW + 10)).as(forged).isEqualTo(-1);
          refused++;
        }
      }
    }
    assertThat(refused).isEqualTo(value.length() * (BASE64URL_AND_DOT.length() - 1));
    assertThat(marker.verify(value + "A", NOW + 10)).isEqualTo(-1);
    assertThat(marker.verify(value.substring(0, value.length() - 1), NOW + 10)).isEqualTo(-1);
    assertThat(marker.verify(value, NOW + 30)).isEqualTo(NOW);
  }

  @Test
  void aMarkerKeptByOneKeyIsRefusedByAnother() {
    ActivationMarker one = new ActivationMarker(key(1), Duration.ofHours(2));
    ActivationMarker other = new ActivationMarker(key(2), Duration.ofHours(2));
    String value = one.issue(NOW);
    assertThat(one.verify(value, NOW)).isEqualTo(NOW);
    assertThat(other.verify(value, NOW)).isEqualTo(-1);
    assertThat(other.verifiedKept()).isZero();
  }

  @Test
  void onlySignedMarkersAreKeptAndNoMoreThanTheBound() {
    ActivationMarker marker = new ActivationMarker(key(3), Duration.ofDays(400));
    for (int i = 0; i < 1000; i++) {
      assertThat(marker.verify("v1." + (NOW - i) + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NOW)).isEqualTo(-1);
    }
    assertThat(marker.verifiedKept()).isZero();
    int markers = 3 * ActivationMarker.VERIFIED;
    for (int i = 0; i < markers; i++) {
      String value = marker.issue(NOW - i);
      assertThat(marker.verify(value, NOW)).isEqualTo(NOW - i);
      assertThat(marker.verify(value, NOW)).isEqualTo(NOW - i);
    }
    assertThat(marker.verifiedKept()).isLessThanOrEqualTo(ActivationMarker.VERIFIED);
    assertThat(marker.verify(marker.issue(NOW - markers + 1), NOW)).isEqualTo(NOW - markers + 1); // evicted, signed again
  }
}
