package dev.ratchet.cli.run;

import dev.ratchet.dag.TaskFailedException;

/** A step's command exited with a nonzero status. The message says what to look at. */
final class StepFailedException extends TaskFailedException {
  StepFailedException(String command, int exit, String lastLines) {
    super(describe(command, exit) + (lastLines.isEmpty() ? "" : "; last output: " + lastLines));
  }

  private static String describe(String command, int exit) {
    String program = command.strip().split("\\s+")[0];
    return switch (exit) {
      case 127 ->
          "command not found: '"
              + program
              + "' (exit 127); check the step's run: line"
              + " and PATH";
      case 126 -> "command not executable: '" + program + "' (exit 126); check its permissions";
      default -> "exit code " + exit;
    };
  }
}
