package dev.ratchet.cli.process;

import dev.ratchet.cli.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --timeout} and {@code --stop-grace} durations and {@code --max-result-bytes} sizes.
 */
public final class Limits {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)(i?b?)?");

  /** The largest result that fits in one Java array, rounded down: 1 GiB. */
  static final long MAX_RESULT_LIMIT = 1024L * 1024 * 1024;

  private Limits() {}

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}; at least 1 ms. */
  public static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
      if (!d.isZero()) {
        return d;
      }
    }
    throw new UsageException(
        option
            + " '"
            + text
            + "' is not a positive duration; write a number with a unit: 500ms, 30s, 5m, 2h");
  }

  /** {@code 1048576}, {@code 64k}, {@code 16m}, {@code 1g} (powers of 1024); 1 B to 1 GiB. */
  static long bytes(String option, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift =
          switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
          };
      if (n > 0 && n <= (MAX_RESULT_LIMIT >> shift)) {
        return n << shift;
      }
    }
    throw new UsageException(
        option
            + " '"
            + text
            + "' is not a size from 1 byte to 1g; write a number of bytes, or with k, m or g"
            + " (64k, 16m)");
  }

  /** The short form of a duration, as {@link #duration} reads it: {@code 1500ms}, {@code 30s}. */
  public static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
