package io.github.cookiegate;

import io.github.cookiegate.internal.text.Ascii;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The cookie-date algorithm of RFC 6265bis section 5.1.1, and the format we write. */
final class CookieDates {

  /** What {@link SetCookie#toHeader()} writes: the IMF-fixdate of RFC 9110 section 5.6.7. */
  static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** The earliest and latest instants a cookie-date can carry (years 1601 to 9999). */
  static final Instant EARLIEST = Instant.parse("1601-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  private CookieDates() {}

  /** Returns the instant the cookie-date names, or {@code null} when the algorithm fails. */
  static Instant parse(String s, int start, int end) {
    int hour = -1;
    int minute = -1;
    int second = -1;
    int day = -1;
    int month = -1;
    int year = -1;
    int pos = start;
    while (pos < end) {
      while (pos < end && isDelimiter(s.charAt(pos))) {
        pos++;
      }
      int tokenEnd = pos;
      while (tokenEnd < end && !isDelimiter(s.charAt(tokenEnd))) {
        tokenEnd++;
      }
      if (pos == tokenEnd) {
        break;
      }
      if (hour < 0 && parseTime(s, pos, tokenEnd) >= 0) {
        int hms = parseTime(s, pos, tokenEnd);
        hour = hms / 10000;
        minute = (hms / 100) % 100;
        second = hms % 100;
      } else if (day < 0 && digitsThenNonDigit(s, pos, tokenEnd, 1, 2) >= 0) {
        day = digitsThenNonDigit(s, pos, tokenEnd, 1, 2);
      } else if (month < 0 && monthOf(s, pos, tokenEnd) >= 0) {
        month = monthOf(s, pos, tokenEnd);
      } else if (year < 0 && digitsThenNonDigit(s, pos, tokenEnd, 2, 4) >= 0) {
        year = digitsThenNonDigit(s, pos, tokenEnd, 2, 4);
      }
      pos = tokenEnd;
    }
    if (year >= 70 && year <= 99) {
      year += 1900; // step 3
    } else if (year >= 0 && year <= 69) {
      year += 2000; // step 4
    }
    // Step 5: every part found, each in range.
    if (hour < 0 || day < 0 || month < 0 || year < 0) {
      return null;
    }
    if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    // Step 6: a day that does not exist in that month (30 February) fails.
    if (day > daysInMonth(year, month + 1)) {
      return null;
    }
    long seconds = epochDay(year, month + 1, day) * 86_400L + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds);
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01; the date is valid (checked above). */
  private static long epochDay(int year, int month, int day) {
    return java.time.LocalDate.of(year, month, day).toEpochDay();
  }

  /** delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E */
  private static boolean isDelimiter(char c) {
    return c == 0x09
        || (c >= 0x20 && c <= 0x2F)
        || (c >= 0x3B && c <= 0x40)
        || (c >= 0x5B && c <= 0x60)
        || (c >= 0x7B && c <= 0x7E);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Matches {@code min*max DIGIT [ non-digit *OCTET ]} and returns the number, or -1.
   */
  private static int digitsThenNonDigit(String s, int start, int end, int min, int max) {
    int pos = start;
    int value = 0;
    while (pos < end && pos - start < max && isDigit(s.charAt(pos))) {
      value = value * 10 + (s.charAt(pos) - '0');
      pos++;
    }
    int digits = pos - start;
    if (digits < min || (pos < end && isDigit(s.charAt(pos)))) {
      return -1;
    }
    return value;
  }

  /** Matches {@code hms-time [ non-digit *OCTET ]}; returns hh*10000+mm*100+ss, or -1. */
  private static int parseTime(String s, int start, int end) {
    int result = 0;
    int pos = start;
    for (int field = 0; field < 3; field++) {
      int value = 0;
      int digitsStart = pos;
      while (pos < end && pos - digitsStart < 2 && isDigit(s.charAt(pos))) {
        value = value * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      if (pos == digitsStart) {
        return -1;
      }
      result = result * 100 + value;
      if (field < 2) {
        if (pos >= end || s.charAt(pos) != ':') {
          return -1;
        }
        pos++;
      }
    }
    if (pos < end && isDigit(s.charAt(pos))) {
      return -1;
    }
    return result;
  }

  /** month = ( "jan" / ... / "dec" ) *OCTET, case-insensitive; returns 0..11 or -1. */
  private static int monthOf(String s, int start, int end) {
    if (end - start < 3) {
      return -1;
    }
    for (int i = 0; i < MONTHS.length; i++) {
      if (Ascii.startsWithIgnoreCase(s, start, end, MONTHS[i])) {
        return i;
      }
    }
    return -1;
  }
}
