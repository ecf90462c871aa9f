package io.github.cookiegate;

import java.util.Base64;

/** Decodes a key given as base64 in either alphabet, with or without padding. */
final class Base64Keys {

  private Base64Keys() {}

  static byte[] decode(String s) {
    if (s.indexOf('-') >= 0 || s.indexOf('_') >= 0) {
      return Base64.getUrlDecoder().decode(s);
    }
    return Base64.getDecoder().decode(s);
  }
}
