package dev.ratchet.cli.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result of a step as stored in the checkpoint: its exit code, the tail of its output and the
 * name of its log file.
 */
record StepResult(
    @JsonProperty("exitCode") int exitCode,
    @JsonProperty("outputTail") String outputTail,
    @JsonProperty("log") String log) {
  @JsonCreator
  StepResult {}

  /** The last non-empty line of the output tail, trimmed, or "". */
  String lastLine() {
    String[] lines = outputTail.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
