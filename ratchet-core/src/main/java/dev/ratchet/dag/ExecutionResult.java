package dev.ratchet.dag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link CheckpointExecutor#execute}, {@link CheckpointExecutor#resume} or {@link
 * CheckpointExecutor#rerun}. Counts tell executed from restored nodes: {@link #succeeded()} counts
 * nodes that ran and succeeded in this call, {@link #restored()} nodes whose result came from the
 * checkpoint. Holds results only; {@link dev.ratchet.dag.render.DagRenderer} draws it as a Chrome
 * trace, Graphviz DOT or Mermaid.
 */
public final class ExecutionResult {
  private final Dag dag;
  private final Map<String, NodeResult> nodeResults;
  private final List<String> interrupted;
  private final boolean checkpointKept;

  /** Built by the executor. */
  public ExecutionResult(
      Dag dag,
      Map<String, NodeResult> nodeResults,
      List<String> interrupted,
      boolean checkpointKept) {
    this.dag = dag;
    Map<String, NodeResult> ordered = new LinkedHashMap<>();
    for (String node : dag.nodes()) {
      NodeResult result = nodeResults.get(node);
      if (result == null) {
        throw new IllegalArgumentException("no result for node '" + node + "'");
      }
      ordered.put(node, result);
    }
    this.nodeResults = Collections.unmodifiableMap(ordered);
    this.interrupted = List.copyOf(interrupted);
    this.checkpointKept = checkpointKept;
  }

  /** The DAG that ran. */
  public Dag dag() {
    return dag;
  }

  /** Every node's result, in the DAG's node order. */
  public Map<String, NodeResult> nodeResults() {
    return nodeResults;
  }

  public NodeResult nodeResult(String node) {
    NodeResult result = nodeResults.get(node);
    if (result == null) {
      throw new IllegalArgumentException("unknown node '" + node + "'");
    }
    return result;
  }

  /** The result of a completed node converted to {@code type}. */
  public <T> T result(String node, Class<T> type) {
    return nodeResult(node).resultAs(type);
  }

  /** Nodes that ran and succeeded in this call. */
  public int succeeded() {
    return nodes(NodeStatus.SUCCEEDED).size();
  }

  /** Nodes restored from the checkpoint without running. */
  public int restored() {
    return nodes(NodeStatus.RESTORED).size();
  }

  public int failed() {
    return nodes(NodeStatus.FAILED).size();
  }

  public int skipped() {
    return nodes(NodeStatus.SKIPPED).size();
  }

  /** Names of the nodes with {@code status}, in node order. */
  public List<String> nodes(NodeStatus status) {
    List<String> names = new ArrayList<>();
    nodeResults.forEach(
        (node, result) -> {
          if (result.status() == status) {
            names.add(node);
          }
        });
    return names;
  }

  /**
   * True if every node completed or was skipped by its own or an upstream condition; false if a
   * node failed, was skipped for a failure, or was left unrun.
   */
  public boolean isSuccess() {
    return nodeResults.values().stream().allMatch(r -> r.isComplete() || r.isSkippedForGood());
  }

  /** Nodes found interrupted (IN_PROGRESS) in the checkpoint: a crash happened while they ran. */
  public List<String> interrupted() {
    return interrupted;
  }

  /** Whether the checkpoint still exists after this call (removed on full success unless kept). */
  public boolean checkpointKept() {
    return checkpointKept;
  }

  @Override
  public String toString() {
    return "ExecutionResult{succeeded="
        + succeeded()
        + ", restored="
        + restored()
        + ", failed="
        + failed()
        + ", skipped="
        + skipped()
        + "}";
  }
}
