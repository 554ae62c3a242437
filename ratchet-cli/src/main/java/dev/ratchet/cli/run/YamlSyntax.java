package dev.ratchet.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML syntax error as one line: the parser's message is several lines, each part followed by
 * where it is ({@code in 'reader', line 2, column 1:}) and an excerpt with a caret, so its first
 * line alone ("while scanning for the next token") left out what was wrong.
 *
 * @param line the line of the problem (the last position the message names), or 0 if none
 * @param text the parts of the message without positions and excerpts, joined by ": "
 */
record YamlSyntax(int line, String text) {
  private static final Pattern WHERE = Pattern.compile("^ in '[^']*', line (\\d+), column \\d+:$");

  /** Whether {@code message} is one of the parser's messages with positions. */
  static boolean isOne(String message) {
    return message != null && message.lines().anyMatch(l -> WHERE.matcher(l).matches());
  }

  static YamlSyntax of(String message) {
    List<String> parts = new ArrayList<>();
    int line = 0;
    boolean excerpt = false;
    for (String l : message.split("\n")) {
      Matcher where = WHERE.matcher(l);
      if (where.matches()) {
        line = Integer.parseInt(where.group(1));
        excerpt = true;
      } else if (excerpt) {
        excerpt = !l.strip().equals("^"); // the excerpt ends with its caret line
      } else if (!l.isBlank()) {
        parts.add(l.strip());
      }
    }
    return new YamlSyntax(line, String.join(": ", parts));
  }
}
