package dev.ratchet.cli.reliability;

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
 * Appends a measured figure as one JSON line to {@code target/reliability/figures.jsonl} (or the
 * directory in {@code ratchet.reliability.results}), the same format as ratchet-core's reliability
 * tests; {@code bench/reliability} turns them into RELIABILITY.md.
 */
final class ReliabilityFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReliabilityFigures() {}

  static synchronized void record(
      String figure, long count, long violations, String proof, String detail) {
    ObjectNode line = JSON.createObjectNode();
    line.put("figure", figure);
    line.put("count", count);
    line.put("violations", violations);
    line.put("proof", proof);
    line.put("detail", detail);
    line.put("scale", Math.max(1, Integer.getInteger("ratchet.reliability.scale", 1)));
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
