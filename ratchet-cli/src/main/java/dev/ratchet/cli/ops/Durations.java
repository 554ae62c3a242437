package dev.ratchet.cli.ops;

import dev.ratchet.cli.UsageException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations given on the command line: {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d},
 * {@code 2w} or ISO-8601 ({@code PT36H}).
 */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");

  private Durations() {}

  static Duration parse(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(Math.multiplyExact(n, 7));
        };
      }
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      // explained below
    }
    throw new UsageException(
        option
            + " '"
            + text
            + "' is not a duration; write a number with a unit: 30s, 15m, 12h,"
            + " 7d, 2w (or ISO-8601 such as PT36H)");
  }

  /** A short human form of {@code d}: {@code 3d 4h}, {@code 12m}, {@code 40s}. */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s >= 86_400) {
      return (s / 86_400) + "d" + (s % 86_400 >= 3600 ? " " + (s % 86_400) / 3600 + "h" : "");
    }
    if (s >= 3600) {
      return (s / 3600) + "h" + (s % 3600 >= 60 ? " " + (s % 3600) / 60 + "m" : "");
    }
    if (s >= 60) {
      return (s / 60) + "m";
    }
    return s + "s";
  }

  /** A short human form of a byte count: {@code 512 B}, {@code 3.1 KiB}, {@code 2.0 MiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
