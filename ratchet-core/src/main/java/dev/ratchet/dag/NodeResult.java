package dev.ratchet.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.internal.dag.Json;
import java.util.Objects;

/**
 * What happened to one node in one call of {@link CheckpointExecutor}.
 *
 * @param result the node's result as stored (JSON), for SUCCEEDED and RESTORED nodes; else null
 * @param error why a FAILED node failed or a SKIPPED node was skipped; else null
 * @param attempts attempts made in this call (0 for restored, skipped and not-run nodes)
 * @param startMicros when the node started, microseconds after the call started (for traces)
 * @param durationMicros how long it ran, in microseconds
 * @param worker the worker that ran it, or null
 */
public record NodeResult(
    String node,
    NodeStatus status,
    JsonNode result,
    String error,
    int attempts,
    long startMicros,
    long durationMicros,
    String worker) {
  public NodeResult {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(status, "status");
  }

  /** The result converted to {@code type}. */
  public <T> T resultAs(Class<T> type) {
    if (result == null) {
      throw new IllegalStateException("node '" + node + "' has no result: it is " + status);
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
    return status == NodeStatus.SUCCEEDED || status == NodeStatus.RESTORED;
  }
}
