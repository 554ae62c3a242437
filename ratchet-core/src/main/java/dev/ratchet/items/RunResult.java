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
 * @param counts items per state in the checkpoint at the end, including earlier runs (on a shared
 *     run: run-wide, all workers)
 * @param processed items this run finished (DONE, FAILED or SKIPPED)
 * @param failed FAILED items of the checkpoint with their errors, in key order (ordinal keys by
 *     number), at most {@value #LISTED_FAILURES}: {@code counts().failed()} says how many there are
 *     (on a shared run: the items this worker failed, as it failed them)
 * @param interrupted keys found IN_PROGRESS when the run opened: a crash interrupted them (on a
 *     shared run: keys this worker took over from a worker whose lease ran out)
 * @param killed items that a {@link RunHandle#stop(Duration) stop} interrupted in flight after its
 *     grace period; they are not done (never FAILED) and run again next time
 * @param elapsed how long this run took
 * @param checkpointRemoved whether the checkpoint was removed after full success
 * @param takenOver on a {@linkplain ItemPipeline.Builder#sharedRun shared run}: items this worker
 *     finished after its lease on them ran out (it was paused or cut off from the server for longer
 *     than the lease) and another worker had taken them over, so its outcomes were discarded and
 *     the other worker's stand; 0 on a local checkpoint
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
    boolean checkpointRemoved,
    long takenOver) {

  /** The most FAILED items a result lists; the summary walks no more than these. */
  public static final int LISTED_FAILURES = 100;

  public RunResult {
    Objects.requireNonNull(outcome, "outcome");
    failed = List.copyOf(failed);
    interrupted = List.copyOf(interrupted);
  }

  /** A result of a run on a local checkpoint, where nothing is taken over. */
  public RunResult(
      Outcome outcome,
      String runId,
      StateCounts counts,
      long processed,
      List<FailedItem> failed,
      List<String> interrupted,
      long killed,
      Duration elapsed,
      boolean checkpointRemoved) {
    this(
        outcome,
        runId,
        counts,
        processed,
        failed,
        interrupted,
        killed,
        elapsed,
        checkpointRemoved,
        0);
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
