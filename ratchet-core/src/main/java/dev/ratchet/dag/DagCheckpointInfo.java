package dev.ratchet.dag;

import dev.ratchet.internal.dag.DagInspector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a DAG checkpoint holds, node by node, from {@link CheckpointExecutor#checkpointInfo()} or
 * {@link #inspect(Path)}. It is the DAG's reading of the same checkpoint that {@link
 * dev.ratchet.store.CheckpointInfo} describes for every shape of work (run id, counts per state,
 * metadata): where that one counts units by state, this one names the nodes in each state and knows
 * how many nodes the DAG has. The two names differ so that both packages can be imported together.
 *
 * @param exists false if there is no checkpoint (the lists are then empty)
 * @param completed nodes recorded DONE, in topological order
 * @param failed nodes recorded FAILED
 * @param skipped nodes recorded SKIPPED (by their condition or for an upstream failure)
 * @param interrupted nodes recorded IN_PROGRESS: a crash happened while they ran
 * @param lastRun when the checkpoint was last written, or null
 * @param totalCheckpointed how many nodes are completed (recorded DONE), as the checkpoint-list
 *     seed counts them; failed, skipped and interrupted nodes are in their own lists
 * @param nodeCount how many nodes the DAG has
 */
public record DagCheckpointInfo(
    String location,
    boolean exists,
    List<String> completed,
    List<String> failed,
    List<String> skipped,
    List<String> interrupted,
    Instant lastRun,
    int totalCheckpointed,
    int nodeCount) {
  public DagCheckpointInfo {
    completed = List.copyOf(completed);
    failed = List.copyOf(failed);
    skipped = List.copyOf(skipped);
    interrupted = List.copyOf(interrupted);
  }

  /**
   * What the DAG checkpoint in the file store {@code dir} holds, read without taking its lock or
   * changing anything (safe while a run is going). Empty if {@code dir} holds a checkpoint of
   * another kind of run; {@code exists()} is false if there is none.
   */
  public static Optional<DagCheckpointInfo> inspect(Path dir) {
    return DagInspector.inspect(dir);
  }

  /** Nodes with no record yet (never run, or not yet reached). */
  public int notRun() {
    return nodeCount - completed.size() - failed.size() - skipped.size() - interrupted.size();
  }

  /** Nodes not completed yet: {@code nodeCount - totalCheckpointed}. */
  public int remaining() {
    return nodeCount - totalCheckpointed;
  }

  /** Completed nodes as a fraction of all nodes, 0 to 1. */
  public double progress() {
    return nodeCount == 0 ? 0 : (double) completed.size() / nodeCount;
  }
}
