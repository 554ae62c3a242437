package dev.ratchet.internal.results;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a single stored result (an item's or a DAG node's) is larger than a threshold: every
 * result is kept in the checkpoint and read back on resume, so a large payload belongs elsewhere,
 * with a reference to it as the result. The threshold is 1 MiB unless the system property {@value
 * #THRESHOLD_PROPERTY} sets another number of bytes (0 turns the warning off). At most {@value
 * #MAX_WARNINGS} warnings are logged per JVM.
 */
public final class LargeResultWarning {
  /** The system property holding the threshold in bytes. */
  public static final String THRESHOLD_PROPERTY = "ratchet.largeResultBytes";

  /** The default threshold: 1 MiB. */
  public static final long DEFAULT_THRESHOLD = 1L << 20;

  static final int MAX_WARNINGS = 20;
  private static final Logger log = LoggerFactory.getLogger(LargeResultWarning.class);
  private static final AtomicInteger warned = new AtomicInteger();

  private LargeResultWarning() {}

  /**
   * Logs a warning if {@code json} is larger than the threshold.
   *
   * @param kind what the result belongs to, for the message: "item" or "node"
   * @return the warning's text, or null if the result is not too large
   */
  public static String check(String kind, String key, String json) {
    long threshold = threshold();
    if (json == null || threshold <= 0 || (long) json.length() * 3 < threshold) {
      return null;
    }
    long bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= threshold) {
      return null;
    }
    String message =
        String.format(
            Locale.ROOT,
            "the result of %s '%s' is %s, larger than %s: every result is kept in the checkpoint"
                + " and read back on resume. Store the payload elsewhere (a file, an object"
                + " store) and return a reference to it, such as its path or URL"
                + " (threshold: -D%s=BYTES)",
            kind,
            key,
            size(bytes),
            size(threshold),
            THRESHOLD_PROPERTY);
    int n = warned.incrementAndGet();
    if (n <= MAX_WARNINGS) {
      log.warn(n == MAX_WARNINGS ? message + "; further such warnings are not shown" : message);
    }
    return message;
  }

  static long threshold() {
    String value = System.getProperty(THRESHOLD_PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_THRESHOLD;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_THRESHOLD;
    }
  }

  private static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
