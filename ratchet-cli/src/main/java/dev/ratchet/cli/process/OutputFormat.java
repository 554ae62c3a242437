package dev.ratchet.cli.process;

/** How {@code ratchet process} writes its output file. */
public enum OutputFormat {
  /** One JSON object a line, {@code {"key":…,"input":…,"result":…}}, appended as items finish. */
  jsonl,
  /** One JSON array of the same objects, written when the run succeeds. */
  json
}
