package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.nio.file.Path;
import java.util.Map;

/**
 * How DAG nodes are written to and read from a checkpoint store: one item per node, keyed by the
 * node name, with its result as JSON text; the DAG's hash and structure in the metadata.
 */
public final class NodeRecords {
  private NodeRecords() {}

  /** The value of {@link MetaKeys#SHAPE} for DAG checkpoints. */
  public static final String SHAPE = "dag";

  /** Metadata key of the canonical DAG structure (JSON), used to say what changed. */
  public static final String STRUCTURE = "dag.structure";

  /** Reason prefix of nodes skipped by their condition; such nodes stay skipped on resume. */
  public static final String BY_CONDITION = "skipped by condition";

  /**
   * By default, how many times a node may be found interrupted (its process died while it ran)
   * before it is FAILED instead of run again, as items are.
   */
  public static final int CRASH_LIMIT = 3;

  /** The error of a node that crashed the process {@code times} times. */
  public static String crashed(int times) {
    return "crashed the process "
        + times
        + " times (it was running each time the process died); not run again on resume until it"
        + " is rerun explicitly";
  }

  /** Refuses a checkpoint that belongs to another shape of work. */
  public static void checkShape(String location, Map<String, String> metadata) {
    String shape = metadata.get(MetaKeys.SHAPE);
    if (shape != null && !shape.equals(SHAPE)) {
      throw new CheckpointMismatchException(
          location, "it holds a '" + shape + "' run, not a DAG run");
    }
  }

  /**
   * The stored result of a DONE node as a JSON tree.
   *
   * @throws CheckpointDamagedException if the record has no result or it is not valid JSON
   */
  public static JsonNode doneResult(String location, ItemRecord record) {
    if (record.result() == null) {
      throw damaged(location, record.key(), "it is DONE but has no result");
    }
    try {
      return Json.MAPPER.readTree(record.result());
    } catch (JsonProcessingException e) {
      throw damaged(
          location, record.key(), "its result is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  public static boolean skippedByCondition(ItemRecord record) {
    return record.state() == ItemState.SKIPPED
        && record.error() != null
        && record.error().startsWith(BY_CONDITION);
  }

  private static CheckpointDamagedException damaged(String location, String node, String detail) {
    return new CheckpointDamagedException(
        Path.of(location), -1, "the record of node '" + node + "' is damaged: " + detail);
  }
}
