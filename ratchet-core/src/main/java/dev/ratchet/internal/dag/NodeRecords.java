package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.SkipCause;
import dev.ratchet.store.Change;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * The English reason older versions recorded for a node skipped by its condition (and, followed
   * by " of upstream 'X'", by an upstream's). Read only to replay such records once, with their
   * code, when the checkpoint is opened.
   */
  static final String LEGACY_BY_CONDITION = "skipped by condition";

  /** The English reason older versions recorded for a node skipped for an upstream failure. */
  static final String LEGACY_BY_UPSTREAM = "upstream '";

  /** The field of a SKIPPED node's result holding its {@link SkipCause#code()}. */
  static final String SKIP_FIELD = "skip";

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

  /**
   * The record of a node skipped for {@code cause}: SKIPPED, with the cause's code in its result
   * ({@code {"skip":"condition"}}) for the resume to decide by, and {@code reason} in words for
   * people.
   */
  public static Change.Item skipped(
      String node, SkipCause cause, String reason, int attempts, int interruptions) {
    String code = "{\"" + SKIP_FIELD + "\":\"" + cause.code() + "\"}";
    return new Change.Item(node, ItemState.SKIPPED, attempts, interruptions, code, reason, false);
  }

  /**
   * Why a SKIPPED node was skipped, from the code in its record; null if it is not SKIPPED or
   * carries no code (an older record: see {@link #legacyCause}).
   *
   * @throws CheckpointDamagedException if the code is not one this version knows
   */
  public static SkipCause skipCause(String location, ItemRecord record) {
    if (record.state() != ItemState.SKIPPED || record.result() == null) {
      return null;
    }
    try {
      JsonNode code = Json.MAPPER.readTree(record.result()).path(SKIP_FIELD);
      return SkipCause.ofCode(code.asText());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw damaged(
          location, record.key(), "it is SKIPPED with an unknown cause " + record.result());
    }
  }

  /** An older SKIPPED record (see {@link #legacyCause}) again, with its cause as a code. */
  static Change.Item withCode(ItemRecord record) {
    return skipped(
        record.key(),
        legacyCause(record),
        record.error(),
        record.attempts(),
        record.interruptions());
  }

  /**
   * The changes that make a node PENDING with nothing of its earlier runs: no result, no attempts,
   * no memoized sub-steps. A store forgets sub-steps only when a unit becomes DONE, so the node
   * passes through DONE in the same (all-or-nothing) commit.
   */
  static List<Change> reset(String node) {
    return List.of(
        new Change.Item(node, ItemState.DONE, 0, 0, "null", null, false),
        new Change.Item(node, ItemState.PENDING, 0, 0, null, null, false));
  }

  /**
   * The cause of a SKIPPED record written before causes were recorded as codes, read from its
   * English reason; null if the record has a code, is not SKIPPED, or was skipped by hand.
   */
  static SkipCause legacyCause(ItemRecord record) {
    String error = record.error();
    if (record.state() != ItemState.SKIPPED || record.result() != null || error == null) {
      return null;
    }
    if (error.startsWith(LEGACY_BY_CONDITION)) {
      return error.equals(LEGACY_BY_CONDITION) ? SkipCause.CONDITION : SkipCause.UPSTREAM_CONDITION;
    }
    return error.startsWith(LEGACY_BY_UPSTREAM) ? SkipCause.UPSTREAM_FAILED : null;
  }

  private static CheckpointDamagedException damaged(String location, String node, String detail) {
    return new CheckpointDamagedException(
        Path.of(location), -1, "the record of node '" + node + "' is damaged: " + detail);
  }
}
