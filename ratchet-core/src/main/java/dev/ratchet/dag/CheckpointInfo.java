package dev.ratchet.dag;

import java.time.Instant;
import java.util.List;

/**
 * What a DAG checkpoint holds, from {@link CheckpointExecutor#checkpointInfo()}.
 *
 * @param exists false if there is no checkpoint (the lists are then empty)
 * @param completed nodes recorded DONE, in topological order
 * @param failed nodes recorded FAILED
 * @param skipped nodes recorded SKIPPED (by their condition or for an upstream failure)
 * @param interrupted nodes recorded IN_PROGRESS: a crash happened while they ran
 * @param lastRun when the checkpoint was last written, or null
 * @param totalCheckpointed how many nodes have a record
 * @param nodeCount how many nodes the DAG has
 */
public record CheckpointInfo(
    String location,
    boolean exists,
    List<String> completed,
    List<String> failed,
    List<String> skipped,
    List<String> interrupted,
    Instant lastRun,
    int totalCheckpointed,
    int nodeCount) {
  public CheckpointInfo {
    completed = List.copyOf(completed);
    failed = List.copyOf(failed);
    skipped = List.copyOf(skipped);
    interrupted = List.copyOf(interrupted);
  }

  /** Completed nodes as a fraction of all nodes, 0 to 1. */
  public double progress() {
    return nodeCount == 0 ? 0 : (double) completed.size() / nodeCount;
  }
}
