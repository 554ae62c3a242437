package dev.ratchet.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint holds, read without running anything: the store's view, the same for every
 * shape of work (items, DAG nodes, named steps), with counts per state and the metadata. A DAG's
 * checkpoint is also read node by node as a {@link dev.ratchet.dag.DagCheckpointInfo}.
 *
 * @param exists false when there is no checkpoint at the location (the other fields are empty)
 * @param runId the run's id, part of every item's idempotency key
 * @param formatVersion the checkpoint format version
 * @param created when the checkpoint was created, or null
 * @param lastCommit when the last commit was made, or null
 * @param inputFingerprint the input's fingerprint, or null if the run has no file input
 * @param failed failed items with their errors
 * @param interrupted keys found IN_PROGRESS (a crash happened while they ran)
 * @param metadata every metadata entry
 */
public record CheckpointInfo(
    String location,
    boolean exists,
    String runId,
    int formatVersion,
    Instant created,
    Instant lastCommit,
    String inputFingerprint,
    StateCounts counts,
    List<FailedItem> failed,
    List<String> interrupted,
    Map<String, String> metadata) {
  public CheckpointInfo {
    failed = List.copyOf(failed);
    interrupted = List.copyOf(interrupted);
    metadata = Map.copyOf(metadata);
  }

  /** The same information with {@code key} set to {@code value} in its metadata. */
  public CheckpointInfo withMetadata(String key, String value) {
    Map<String, String> meta = new HashMap<>(metadata);
    meta.put(key, value);
    return new CheckpointInfo(
        location,
        exists,
        runId,
        formatVersion,
        created,
        lastCommit,
        inputFingerprint,
        counts,
        failed,
        interrupted,
        meta);
  }

  public static CheckpointInfo absent(String location) {
    return new CheckpointInfo(
        location,
        false,
        null,
        0,
        null,
        null,
        null,
        StateCounts.EMPTY,
        List.of(),
        List.of(),
        Map.of());
  }

  /** A failed item and its error. */
  public record FailedItem(String key, String error) {}
}
