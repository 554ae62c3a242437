package dev.ratchet.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures the reliability tests measure (power cuts simulated, corruptions detected, faults
 * injected, ...). Each test appends one JSON line to {@code target/reliability/figures.jsonl} (or
 * the directory in the system property {@code ratchet.reliability.results}); {@code
 * bench/reliability} turns the lines of a full run into RELIABILITY.md.
 *
 * <p>The system property {@code ratchet.reliability.scale} (default 1, the CI slice) multiplies the
 * amount of work the tests do; a full run uses a larger scale.
 */
public final class Figures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Figures() {}

  /** How much more work than the CI slice to do. */
  public static int scale() {
    return Math.max(1, Integer.getInteger("ratchet.reliability.scale", 1));
  }

  /**
   * Appends a figure: {@code count} cases of {@code figure} were run by {@code proof} and {@code
   * violations} of them broke a guarantee (a passing test records 0).
   */
  public static synchronized void record(
      String figure, long count, long violations, String proof, String detail) {
    ObjectNode line = JSON.createObjectNode();
    line.put("figure", figure);
    line.put("count", count);
    line.put("violations", violations);
    line.put("proof", proof);
    line.put("detail", detail);
    line.put("scale", scale());
    line.put("at", Instant.now().toString());
    Path dir = Path.of(System.getProperty("ratchet.reliability.results", "target/reliability"));
    try {
      Files.createDirectories(dir);
      Files.write(
          dir.resolve("figures.jsonl"),
          (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
