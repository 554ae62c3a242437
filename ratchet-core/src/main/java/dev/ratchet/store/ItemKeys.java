package dev.ratchet.store;

import java.util.Comparator;

/** Item keys in input order: ordinal keys ("0", "1", …) by number, before other keys by text. */
public final class ItemKeys {
  private ItemKeys() {}

  /** The input order of keys, for listings. */
  public static final Comparator<String> ORDER =
      (a, b) -> {
        long x = ordinal(a);
        long y = ordinal(b);
        if (x >= 0 && y >= 0) {
          return Long.compare(x, y);
        }
        if (x >= 0 || y >= 0) {
          return x >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
      };

  /**
   * The number of an ordinal key, or -1 if {@code key} is not one. An ordinal key is canonical
   * digits ("0", or no leading zero) below 10^18, as {@link dev.ratchet.items.Sources#lines} gives.
   */
  public static long ordinal(String key) {
    int length = key.length();
    if (length == 0 || length > 18 || (length > 1 && key.charAt(0) == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
