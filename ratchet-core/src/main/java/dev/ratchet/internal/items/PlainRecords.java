package dev.ratchet.internal.items;

import dev.ratchet.items.OutputRecords;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes the usual output record straight into the output's bytes, byte for byte as the default
 * mapper's generator writes it ({@link OutputRecords#writePlain}): keys and texts of printable
 * ASCII without a quote or a backslash (which the generator writes as they are), integers, longs,
 * booleans, null, and maps of such values. Anything else is declined and left to the generator. The
 * key of an ordinal-keyed item is written from its number, without a key string.
 */
final class PlainRecords {
  private static final byte[] KEY = bytes("{\"key\":\"");
  private static final byte[] INPUT = bytes("\",\"input\":");
  private static final byte[] RESULT = bytes(",\"result\":");
  private static final byte[] NULL = bytes("null");
  private static final byte[] TRUE = bytes("true");
  private static final byte[] FALSE = bytes("false");

  /** The most bytes a long takes in decimal, with its sign. */
  private static final int LONG_DIGITS = 20;

  private PlainRecords() {}

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Appends the record of an item and its newline, {@code {"key":…,"input":…,"result":…}}; the key
   * is {@code key}, or the decimal of {@code ordinal} when {@code key} is null. False (nothing
   * appended) if the generator must write it.
   */
  static boolean record(OutputBytes out, String key, long ordinal, Object input, Object result) {
    int start = out.end();
    append(out, KEY);
    boolean written =
        (key == null ? digits(out, ordinal) : chars(out, key))
            && append(out, INPUT)
            && value(out, input)
            && append(out, RESULT)
            && value(out, result)
            && append(out, (byte) '}')
            && append(out, (byte) '\n');
    if (!written) {
      out.end(start);
    }
    return written;
  }

  /** Appends {@code result} and a newline (a results-only output); false if it cannot. */
  static boolean result(OutputBytes out, Object result) {
    int start = out.end();
    if (value(out, result) && append(out, (byte) '\n')) {
      return true;
    }
    out.end(start);
    return false;
  }

  /**
   * Scalars first: a failed {@code instanceof Map} walks the class's interfaces every time, which
   * took about 40 % of the time of a record of a text and a number.
   */
  private static boolean value(OutputBytes out, Object value) {
    return scalar(out, value) || value instanceof Map<?, ?> map && map(out, map);
  }

  private static boolean map(OutputBytes out, Map<?, ?> map) {
    append(out, (byte) '{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)
          || !(first || append(out, (byte) ','))
          || !string(out, name)
          || !append(out, (byte) ':')
          || !scalar(out, entry.getValue())) {
        return false;
      }
      first = false;
    }
    return append(out, (byte) '}');
  }

  /** Compares classes: these four are final, as {@link OutputRecords#isPlain} does. */
  private static boolean scalar(OutputBytes out, Object value) {
    if (value == null) {
      return append(out, NULL);
    }
    Class<?> type = value.getClass();
    if (type == String.class) {
      return string(out, (String) value);
    }
    if (type == Integer.class) {
      return digits(out, (Integer) value);
    }
    if (type == Long.class) {
      return digits(out, (Long) value);
    }
    if (type == Boolean.class) {
      return append(out, (Boolean) value ? TRUE : FALSE);
    }
    return false;
  }

  private static boolean string(OutputBytes out, String text) {
    return append(out, (byte) '"') && chars(out, text) && append(out, (byte) '"');
  }

  /** The ASCII characters written as they are: printable, neither a quote nor a backslash. */
  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (int c = 0x20; c < 0x7F; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  /** The characters of {@code text}, each {@link #PLAIN}. */
  private static boolean chars(OutputBytes out, String text) {
    int length = text.length();
    byte[] to = out.room(length);
    int at = out.end();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 128 || !PLAIN[c]) {
        return false;
      }
      to[at + i] = (byte) c;
    }
    out.end(at + length);
    return true;
  }

  /** The decimal of {@code value} (Long.MIN_VALUE, whose negation overflows, is declined). */
  private static boolean digits(OutputBytes out, long value) {
    if (value == Long.MIN_VALUE) {
      return false;
    }
    byte[] to = out.room(LONG_DIGITS);
    int at = out.end();
    if (value < 0) {
      to[at++] = '-';
      value = -value;
    }
    int length = 1;
    for (long bound = 10; length < 19 && value >= bound; bound *= 10) { // (10^19 overflows)
      length++;
    }
    int end = at + length;
    for (int i = end - 1; i >= at; i--) {
      long q = value / 10;
      to[i] = (byte) ('0' + (int) (value - q * 10));
      value = q;
    }
    out.end(end);
    return true;
  }

  private static boolean append(OutputBytes out, byte[] bytes) {
    byte[] to = out.room(bytes.length);
    System.arraycopy(bytes, 0, to, out.end(), bytes.length);
    out.end(out.end() + bytes.length);
    return true;
  }

  private static boolean append(OutputBytes out, byte b) {
    byte[] to = out.room(1);
    to[out.end()] = b;
    out.end(out.end() + 1);
    return true;
  }
}
