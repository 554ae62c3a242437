package dev.ratchet.cli.process;

import dev.ratchet.items.Progress;

/** Converts the pipeline's progress into what the display shows. */
final class ProgressSnapshots {
  private ProgressSnapshots() {}

  static ProgressSnapshot of(Progress p) {
    return new ProgressSnapshot(
        p.done() + p.failed() + p.skipped(),
        p.failed(),
        p.total().orElse(-1),
        p.itemsPerSecond(),
        p.eta().orElse(null));
  }
}
