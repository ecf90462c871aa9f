package io.github.cookiegate.internal.consent;

/** Test helper: rewrites the PurposesConsent bits (152-175) of a TC string's core segment. */
public final class TcStrings {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private TcStrings() {}

  public static String withPurposes(String tc, int... purposes) {
    char[] c = tc.toCharArray();
    for (int n = 1; n <= 24; n++) {
      boolean on = false;
      for (int p : purposes) {
        on |= p == n;
      }
      int bit = 152 + n - 1;
      int sextet = ALPHABET.indexOf(c[bit / 6]);
      int mask = 1 << (5 - bit % 6);
      sextet = on ? sextet | mask : sextet & ~mask;
      c[bit / 6] = ALPHABET.charAt(sextet);
    }
    return new String(c);
  }

  /** Sets the TcfPolicyVersion field (bits 132-137). */
  public static String withPolicyVersion(String tc, int version) {
    char[] c = tc.toCharArray();
    for (int i = 0; i < 6; i++) {
      int bit = 132 + i;
      int sextet = ALPHABET.indexOf(c[bit / 6]);
      int mask = 1 << (5 - bit % 6);
      boolean on = ((version >> (5 - i)) & 1) == 1;
      sextet = on ? sextet | mask : sextet & ~mask;
      c[bit / 6] = ALPHABET.charAt(sextet);
    }
    return new String(c);
  }
}
