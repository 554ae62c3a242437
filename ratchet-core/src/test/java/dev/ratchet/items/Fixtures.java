package dev.ratchet.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test inputs and output readers. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** Writes {@code count} lines "item-0", "item-1", … and returns the file. */
  static Path input(Path dir, int count) throws IOException {
    Path file = dir.resolve("input.txt");
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add("item-" + i);
    }
    Files.write(file, lines);
    return file;
  }

  /** Every line of a JSON-lines file, parsed. */
  static List<JsonNode> jsonLines(Path file) {
    try {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        nodes.add(JSON.readTree(line));
      }
      return nodes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The "key" field of every record in a JSON-lines file. */
  static List<String> keys(Path file) {
    return jsonLines(file).stream().map(n -> n.get("key").asText()).toList();
  }

  /** "0", "1", … "count-1". */
  static List<String> ordinals(int from, int to) {
    List<String> keys = new ArrayList<>();
    for (int i = from; i < to; i++) {
      keys.add(Integer.toString(i));
    }
    return keys;
  }
}
