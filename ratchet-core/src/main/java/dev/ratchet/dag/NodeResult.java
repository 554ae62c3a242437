package dev.ratchet.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.Outcome;
import dev.ratchet.SkipCause;
import dev.ratchet.internal.dag.Json;
import java.util.Objects;

/**
 * What happened to one node in one call of {@link CheckpointExecutor}: its {@link Outcome} (the
 * same sealed type items end with) and when and where it ran.
 *
 * @param outcome how the node ended: {@link Outcome.Done} with its result as stored (JSON), {@link
 *     Outcome.Failed}, {@link Outcome.Skipped} with its {@link SkipCause}, or {@link
 *     Outcome.NotDone} if a stop came first; its attempts are the attempts made in this call (0 for
 *     restored, skipped and not-run nodes)
 * @param startMicros when the node started, microseconds after the call started (for traces)
 * @param durationMicros how long it ran, in microseconds
 * @param worker the worker that ran it, or null
 */
public record NodeResult(
    String node, Outcome<JsonNode> outcome, long startMicros, long durationMicros, String worker) {
  public NodeResult {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The outcome summed up as a status, for counting, filtering and coloring. */
  public NodeStatus status() {
    if (outcome instanceof Outcome.Done<JsonNode> done) {
      return done.restored() ? NodeStatus.RESTORED : NodeStatus.SUCCEEDED;
    } else if (outcome instanceof Outcome.Failed) {
      return NodeStatus.FAILED;
    } else if (outcome instanceof Outcome.Skipped) {
      return NodeStatus.SKIPPED;
    }
    return NodeStatus.NOT_RUN;
  }

  /** The result as stored (JSON) of a completed node; else null. */
  public JsonNode result() {
    return outcome instanceof Outcome.Done<JsonNode> done ? done.result() : null;
  }

  /** Why a node failed, was skipped or did not run, in words; null for a completed node. */
  public String error() {
    if (outcome instanceof Outcome.Failed<JsonNode> failed) {
      return failed.error();
    } else if (outcome instanceof Outcome.Skipped<JsonNode> skipped) {
      return skipped.reason();
    } else if (outcome instanceof Outcome.NotDone<JsonNode> notDone) {
      return notDone.reason();
    }
    return null;
  }

  /** Attempts made in this call (0 for restored, skipped and not-run nodes). */
  public int attempts() {
    return outcome.attempts();
  }

  /** The result converted to {@code type}. */
  public <T> T resultAs(Class<T> type) {
    JsonNode result = result();
    if (result == null) {
      throw new IllegalStateException("node '" + node + "' has no result: it is " + status());
    }
    try {
      return Json.MAPPER.treeToValue(result, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the result of node '"
              + node
              + "' cannot be read as "
              + type.getSimpleName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Whether the node's work is complete (it ran now or earlier). */
  public boolean isComplete() {
    return outcome.isComplete();
  }

  /**
   * Whether the node was skipped for a cause that keeps it skipped ({@link SkipCause#isFinal()}):
   * its own condition, or an upstream node's.
   */
  public boolean isSkippedForGood() {
    return outcome instanceof Outcome.Skipped<JsonNode> skipped && skipped.cause().isFinal();
  }
}
