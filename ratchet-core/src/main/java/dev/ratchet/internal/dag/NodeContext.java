package dev.ratchet.internal.dag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.dag.TaskContext;
import dev.ratchet.internal.results.SubSteps;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** The {@link TaskContext} of one attempt of one node. */
final class NodeContext implements TaskContext {
  private final String node;
  private final int attempt;
  private final String runId;
  private final List<String> upstream;
  private final Map<String, JsonNode> results;
  private final BooleanSupplier cancelled;
  private final SubSteps steps;
  private final CheckpointStore store;

  NodeContext(
      String node,
      int attempt,
      String runId,
      List<String> upstream,
      Map<String, JsonNode> results,
      BooleanSupplier cancelled,
      SubSteps steps,
      CheckpointStore store) {
    this.node = node;
    this.attempt = attempt;
    this.runId = runId;
    this.upstream = upstream;
    this.results = results;
    this.cancelled = cancelled;
    this.steps = steps;
    this.store = store;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public String idempotencyKey() {
    return runId + "/" + node;
  }

  @Override
  public List<String> upstream() {
    return upstream;
  }

  @Override
  public JsonNode resultJson(String upstreamNode) {
    if (!upstream.contains(upstreamNode)) {
      throw new IllegalArgumentException(
          "node '"
              + node
              + "' asked for the result of '"
              + upstreamNode
              + "', which is not one of its upstream nodes "
              + upstream
              + "; add an edge from it to read its result");
    }
    JsonNode result = results.get(upstreamNode);
    if (result == null) {
      throw new IllegalStateException("upstream node '" + upstreamNode + "' has no result");
    }
    return result;
  }

  @Override
  public <T> T result(String upstreamNode, Class<T> type) {
    JsonNode json = resultJson(upstreamNode);
    try {
      return Json.MAPPER.treeToValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unreadable(upstreamNode, type.getTypeName(), e);
    }
  }

  @Override
  public <T> T result(String upstreamNode, TypeReference<T> type) {
    JsonNode json = resultJson(upstreamNode);
    try {
      return Json.MAPPER.readerFor(type).readValue(json);
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(upstreamNode, type.getType().getTypeName(), e);
    }
  }

  private IllegalArgumentException unreadable(String upstreamNode, String type, Exception e) {
    return new IllegalArgumentException(
        "the result of '" + upstreamNode + "' cannot be read as " + type + ": " + e.getMessage(),
        e);
  }

  @Override
  public <T> T step(String name, Class<T> type, Callable<? extends T> body) throws Exception {
    return steps.step(name, type, body, this::commitAsideFromInterrupts);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T step(String name, Callable<T> body) throws Exception {
    return (T) step(name, Object.class, body);
  }

  /** Commits with the thread's interrupt status set aside, so that a stop cannot cut it short. */
  private void commitAsideFromInterrupts(Commit commit) {
    boolean interrupted = Thread.interrupted();
    try {
      store.commit(commit);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }
}
