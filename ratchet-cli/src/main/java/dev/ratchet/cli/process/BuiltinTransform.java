package dev.ratchet.cli.process;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code ratchet process} does to an item when no {@code --exec} is given, so that it works
 * with nothing installed: the result is {@code {"upper": TEXT IN UPPER CASE, "words": N, "chars":
 * N}} (words are runs of non-whitespace, chars are Unicode code points).
 */
public final class BuiltinTransform {
  private BuiltinTransform() {}

  public static Map<String, Object> apply(String item) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("upper", item.toUpperCase(Locale.ROOT));
    String trimmed = item.strip();
    result.put("words", trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length);
    result.put("chars", item.codePointCount(0, item.length()));
    return result;
  }
}
