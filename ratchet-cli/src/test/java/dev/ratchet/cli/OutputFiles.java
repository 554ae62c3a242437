package dev.ratchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Reads and writes the files of end-to-end tests. */
final class OutputFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OutputFiles() {}

  static Path writeLines(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> numbered(int n) {
    return IntStream.range(0, n).mapToObj(i -> "item " + i).toList();
  }

  /** The records of a JSON-lines output file (empty if it does not exist). */
  static List<JsonNode> records(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      List<JsonNode> records = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        records.add(MAPPER.readTree(line));
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> keys(List<JsonNode> records) {
    return records.stream().map(r -> r.get("key").asText()).toList();
  }

  static List<String> ordinals(int n) {
    return IntStream.range(0, n).mapToObj(String::valueOf).toList();
  }

  /** Deletes {@code dir} and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
