package dev.ratchet.items;

import dev.ratchet.store.StateCounts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a run did.
 *
 * @param outcome how the run ended
 * @param runId the checkpoint's run id (part of every idempotency key)
 * @param counts items per state in the checkpoint at the end, including earlier runs
 * @param processed items this run finished (DONE, FAILED or SKIPPED)
 * @param failed FAILED items of the checkpoint with their errors, in key order (ordinal keys by
 *     number), at most {@value #LISTED_FAILURES}: {@code counts().failed()} says how many there are
 * @param interrupted keys found IN_PROGRESS when the run opened: a crash interrupted them
 * @param killed items that a {@link RunHandle#stop(Duration) stop} interrupted in flight after its
 *     grace period; they are not done (never FAILED) and run again next time
 * @param elapsed how long this run took
 * @param checkpointRemoved whether the checkpoint was removed after full success
 */
public record RunResult(
    Outcome outcome,
    String runId,
    StateCounts counts,
    long processed,
    List<FailedItem> failed,
    List<String> interrupted,
    long killed,
    Duration elapsed,
    boolean checkpointRemoved) {

  /** The most FAILED items a result lists; the summary walks no more than these. */
  public static final int LISTED_FAILURES = 100;

  public RunResult {
    Objects.requireNonNull(outcome, "outcome");
    failed = List.copyOf(failed);
    interrupted = List.copyOf(interrupted);
  }

  /** Whether every item is DONE or SKIPPED. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** Whether the run ended early because {@link RunHandle#stop()} was called. */
  public boolean stopped() {
    return outcome == Outcome.STOPPED;
  }

  /** How a run ended. */
  public enum Outcome {
    /** Every item is DONE or SKIPPED. */
    SUCCEEDED,
    /** The input was read to its end but some items are FAILED; a rerun retries them. */
    COMPLETED_WITH_FAILURES,
    /** An item FAILED under {@link FailureMode#FAIL_FAST}; the run stopped after its batch. */
    FAILED_FAST,
    /**
     * A stop was asked for; the run committed what finished and left the rest not done for the next
     * run.
     */
    STOPPED
  }

  /** A FAILED item and its error. */
  public record FailedItem(String key, String error) {}
}
