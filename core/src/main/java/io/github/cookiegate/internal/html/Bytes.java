package io.github.cookiegate.internal.html;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Searches in byte arrays eight bytes at a time (SWAR: one {@code long} holds eight bytes). */
final class Bytes {
  private Bytes() {
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Returns the index of the first {@code target} in {@code b[i, end)}, or {@code end}. Each long
   * read is XORed with the target repeated: a matching byte becomes zero, and the lowest zero
   * byte of a word is found exactly by {@code (w - 0x01..) & ~w & 0x80..} (higher ones may be
   * false hits, but only the lowest is used).
   */
  static int indexOf(byte[] b, int i, int end, byte target) {
    long pattern = ONES * (target & 0xFF);
    for (; i + 8 <= end; i += 8) {
      long w = (long) LONGS.get(b, i) ^ pattern;
      long hit = (w - ONES) & ~w & HIGHS;
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    while (i < end && b[i] != target) {
      i++;
    }
    return i;
  }
}
