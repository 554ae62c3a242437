package dev.ratchet.cli.run;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value of the wrong kind in a pipeline file ({@code retries: many}, {@code run: [a, b]}), said
 * in the file's own words with its line and step instead of Jackson's Java type names.
 */
final class WrongType {
  private WrongType() {}

  static String message(YamlLines lines, MismatchedInputException e) {
    List<String> path = new ArrayList<>();
    for (Reference ref : e.getPath()) {
      path.add(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    String was =
        e instanceof InvalidFormatException invalid && invalid.getValue() != null
            ? ", was '" + invalid.getValue() + "'"
            : "";
    if (path.isEmpty()) {
      return lines.at(line(e)) + "a pipeline file is a mapping with 'steps:' (and 'name:')";
    }
    if (path.size() == 1) {
      return lines.at(line(e))
          + "'"
          + path.get(0)
          + "' must be "
          + ("steps".equals(path.get(0))
              ? "a mapping of step names to steps, each with a 'run:' command"
              : "a single text value")
          + was;
    }
    String step = path.get(1);
    if (path.size() == 2) {
      return lines.step(step)
          + " has no 'run:' command; a step is a mapping, write "
          + step
          + ": {run: COMMAND}";
    }
    String[] keys = path.subList(2, path.size()).toArray(String[]::new);
    String kind = keys.length == 1 ? kind(keys[0]) : "a single text value";
    return lines.step(step, keys) + ": '" + String.join(".", keys) + "' must be " + kind + was;
  }

  private static int line(MismatchedInputException e) {
    return e.getLocation() == null ? -1 : e.getLocation().getLineNr();
  }

  private static final Map<String, String> KINDS =
      Map.of(
          "retries", "a whole number from 0 to 100 (retries: 2)",
          "needs", "a step name or a list of step names (needs: [extract])",
          "env", "a mapping of names to text values (env: {MODE: full})",
          "when", "a mapping such as when: {step: extract, output_contains: ok}",
          "timeout", "a duration such as 30s, 5m or 1h30m",
          "run", "a shell command, one text value (use | for several lines)");

  private static String kind(String key) {
    return KINDS.getOrDefault(key, "a single text value");
  }
}
