package dev.ratchet.cli.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every key of a pipeline file, found by replaying the YAML parser's tokens once (the
 * bound records keep no positions). Messages about a value name the line of its key: {@code
 * pipeline.yaml:7: step 'load': ...}.
 */
final class YamlLines {
  private final Path file;
  private final Map<JsonPointer, Integer> lines;

  private YamlLines(Path file, Map<JsonPointer, Integer> lines) {
    this.file = file;
    this.lines = lines;
  }

  /** Reads the keys' lines; a document the parser refuses has none (its error names its line). */
  static YamlLines of(Path file, ObjectMapper mapper, String text) {
    Map<JsonPointer, Integer> lines = new HashMap<>();
    try (JsonParser parser = mapper.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          lines.putIfAbsent(
              parser.getParsingContext().pathAsPointer(),
              parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException | RuntimeException e) {
      // what was read so far is kept; the mapper reports the error itself
    }
    return new YamlLines(file, lines);
  }

  static JsonPointer pointer(String... keys) {
    JsonPointer pointer = JsonPointer.empty();
    for (String key : keys) {
      pointer = pointer.appendProperty(key);
    }
    return pointer;
  }

  /** The key at {@code keys} under the step, or the step itself when that key is not written. */
  String step(String step, String... keys) {
    String[] path = new String[keys.length + 2];
    path[0] = "steps";
    path[1] = step;
    System.arraycopy(keys, 0, path, 2, keys.length);
    for (int n = path.length; n > 0; n--) {
      String[] prefix = new String[n];
      System.arraycopy(path, 0, prefix, 0, n);
      Integer line = lines.get(pointer(prefix));
      if (line != null) {
        return at(line) + "step '" + step + "'";
      }
    }
    return at(-1) + "step '" + step + "'";
  }

  /** {@code FILE:LINE: } or {@code FILE: } where the line is not known. */
  String at(int line) {
    return line < 1 ? file + ": " : file + ":" + line + ": ";
  }
}
