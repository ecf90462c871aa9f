package io.github.cookiegate.benchmarks;

import java.util.Random;

/** Realistic cookie names and {@code Set-Cookie} headers of the catalog's vendors, with random ids. */
final class Headers {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Headers() {}

  /** Returns the {@code i}-th of eight vendor headers (about 120 characters), with fresh ids. */
  static String vendorSetCookie(Random r, int i) {
    return switch (i & 7) {
      case 0 -> "intercom-id-" + hex(r, 8) + "=" + uuid(r)
          + "; Path=/; Expires=Thu, 21 Oct 2027 07:28:00 GMT; SameSite=Lax; Secure";
      case 1 -> "intercom-session-" + hex(r, 8) + "=" + alnum(r, 40)
          + "; Path=/; Max-Age=604800; SameSite=Lax; Secure";
      case 2 -> "__zlcmid=" + alnum(r, 14)
          + "; Path=/; Domain=.example.com; Expires=Thu, 21 Oct 2027 07:28:00 GMT; SameSite=Lax";
      case 3 -> "crisp-client%2Fsession%2F" + uuid(r) + "=session_" + uuid(r)
          + "; Path=/; Max-Age=15552000; SameSite=Lax";
      case 4 -> "tawk_uuid_" + hex(r, 24) + "=" + uuid(r)
          + "; Path=/; Expires=Sun, 18 Apr 2027 10:00:00 GMT; SameSite=Lax";
      case 5 -> "cw_conversation=" + alnum(r, 20) + "." + alnum(r, 30) + "." + alnum(r, 16)
          + "; Path=/; Max-Age=86400; SameSite=Lax; Secure; HttpOnly";
      case 6 -> "driftt_aid=" + uuid(r)
          + "; Path=/; Domain=.example.com; Expires=Sat, 21 Aug 2027 07:28:00 GMT; SameSite=None; Secure";
      default -> "hubspotutk=" + hex(r, 32)
          + "; Path=/; Domain=.example.com; Expires=Mon, 17 May 2027 12:00:00 GMT; SameSite=Lax";
    };
  }

  static String hex(Random r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = HEX[r.nextInt(HEX.length)];
    }
    return new String(c);
  }

  static String alnum(Random r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = ALNUM[r.nextInt(ALNUM.length)];
    }
    return new String(c);
  }

  static String uuid(Random r) {
    return hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12);
  }
}
