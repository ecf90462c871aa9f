package io.github.cookiegate.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The first {@code size} items of an array as an unmodifiable list, without a copy: for arrays
 * that no one changes once they are handed out (the names a {@code Cookie} header was read into,
 * a {@code Set-Cookie} header's attributes).
 */
public final class ArrayView<T> extends AbstractList<T> implements RandomAccess {
  private final T[] items;
  private final int size;

  private ArrayView(T[] items, int size) {
    this.items = items;
    this.size = size;
  }

  /** The first {@code size} items of {@code items}, which the caller no longer changes. */
  public static <T> List<T> of(T[] items, int size) {
    Objects.checkFromIndexSize(0, size, items.length);
    return new ArrayView<>(items, size);
  }

  @Override
  public T get(int index) {
    Objects.checkIndex(index, size);
    return items[index];
  }

  @Override
  public int size() {
    return size;
  }
}
