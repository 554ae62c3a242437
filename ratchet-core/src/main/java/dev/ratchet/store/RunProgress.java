package dev.ratchet.store;

/**
 * How far a {@link SharedRun} is, read at one instant. {@code total} is the number of items loaded;
 * the five states add up to it.
 */
public record RunProgress(
    long total, long pending, long inProgress, long done, long failed, long skipped) {
  public RunProgress {
    if (pending + inProgress + done + failed + skipped != total) {
      throw new IllegalArgumentException(
          "inconsistent progress: "
              + pending
              + " pending + "
              + inProgress
              + " in progress + "
              + done
              + " done + "
              + failed
              + " failed + "
              + skipped
              + " skipped is not the total of "
              + total);
    }
  }

  /** Items DONE, FAILED or SKIPPED. */
  public long finished() {
    return done + failed + skipped;
  }

  /** Items not finished yet: pending or in progress. */
  public long open() {
    return pending + inProgress;
  }

  /** The counts of recorded items, as a checkpoint's status shows them. */
  public StateCounts counts() {
    return new StateCounts(inProgress, done, failed, skipped);
  }
}
