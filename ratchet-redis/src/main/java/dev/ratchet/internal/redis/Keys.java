package dev.ratchet.internal.redis;

import java.util.regex.Pattern;

/**
 * Key names. A checkpoint named {@code N} keeps everything under {@code ratchet:{N}:*}; the braces
 * make the name a hash tag, so all of a checkpoint's keys live on one cluster slot and the scripts
 * may touch them together.
 */
public final class Keys {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  public static final String PATTERN = "ratchet:{*}:info";

  /** The database's run history: a list of JSON records, newest first, capped. */
  public static final String HISTORY = "ratchet:history";

  private Keys() {}

  /** The key prefix of checkpoint {@code name}; rejects names that could break the layout. */
  public static String prefix(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bad Redis checkpoint name '"
              + name
              + "': use 1 to 200 letters, digits, '.', '_', ':'"
              + " or '-'");
    }
    return "ratchet:{" + name + "}";
  }

  public static String key(String prefix, String suffix) {
    return prefix + ":" + suffix;
  }

  /** The checkpoint name of an {@code ...:info} key found by {@link #PATTERN}, or null. */
  public static String nameOfInfoKey(String key) {
    if (!key.startsWith("ratchet:{") || !key.endsWith("}:info")) {
      return null;
    }
    return key.substring("ratchet:{".length(), key.length() - "}:info".length());
  }
}
