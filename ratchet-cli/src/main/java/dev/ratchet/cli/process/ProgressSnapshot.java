package dev.ratchet.cli.process;

import java.time.Duration;

/**
 * Where a run stands.
 *
 * @param finished items finished in any terminal state (done, failed or skipped), including those
 *     finished by earlier runs of the same checkpoint
 * @param failed items failed so far
 * @param total all items, or -1 if not known
 * @param perSecond items finished per second in this run
 * @param eta the estimated time left, or null if not known
 */
public record ProgressSnapshot(
    long finished, long failed, long total, double perSecond, Duration eta) {

  /** Percent finished, 0-100, or -1 if the total is not known. */
  public int percent() {
    if (total < 0) {
      return -1;
    }
    return total == 0 ? 100 : (int) Math.min(100, finished * 100 / total);
  }
}
