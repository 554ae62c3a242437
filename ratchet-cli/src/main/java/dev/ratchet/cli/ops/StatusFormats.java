package dev.ratchet.cli.ops;

import dev.ratchet.cli.UsageException;
import dev.ratchet.store.CheckpointInfo;
import java.io.PrintWriter;
import java.util.Locale;

/** The operations side of {@code ratchet status}: {@code --format} and store warnings. */
public final class StatusFormats {
  private StatusFormats() {}

  /**
   * Prints a warning to {@code err} when the store says its acknowledged commits may not survive a
   * restart of its server, then, for {@code --format prometheus}, the exposition text to {@code
   * out}.
   *
   * @return true if the format was printed here; false for {@code table} and {@code json}, which
   *     the status command prints itself
   * @throws UsageException for an unknown format
   */
  public static boolean print(
      String format, CheckpointInfo info, PrintWriter out, PrintWriter err) {
    String warning = info.metadata().get(PrometheusStatus.DURABILITY_WARNING);
    if (warning != null) {
      err.println("warning: " + warning);
      err.flush();
    }
    String f = format == null ? "table" : format.toLowerCase(Locale.ROOT);
    switch (f) {
      case "table", "json" -> {
        return false;
      }
      case "prometheus" -> {
        out.print(PrometheusStatus.format(info));
        out.flush();
        return true;
      }
      default ->
          throw new UsageException(
              "--format '" + format + "' is not known; use table, json or prometheus");
    }
  }

  /** Whether {@code format} asks for JSON. */
  public static boolean isJson(String format) {
    return "json".equalsIgnoreCase(format);
  }
}
