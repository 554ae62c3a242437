package dev.ratchet.dag.render;

import dev.ratchet.dag.Dag;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Draws a {@link Dag}, or one run of it (an {@link ExecutionResult}), as text for other tools:
 * Graphviz DOT, a Mermaid flowchart, or Chrome trace-event JSON (opens in Perfetto or {@code
 * chrome://tracing}). A run's drawings color and label each node with its {@link NodeStatus}.
 *
 * <p>Stateless and thread-safe. Node names are quoted and escaped for each format, so any name
 * renders. Nothing here reads or changes a checkpoint.
 */
public final class DagRenderer {
  private DagRenderer() {}

  /** The graph in Graphviz DOT, without statuses. */
  public static String dot(Dag dag) {
    return GraphExport.dot(Objects.requireNonNull(dag, "dag"), Map.of());
  }

  /** The run's graph in Graphviz DOT, each node colored and labeled with its status. */
  public static String dot(ExecutionResult result) {
    return GraphExport.dot(result.dag(), statuses(result));
  }

  /** The graph as a Mermaid flowchart, without statuses. */
  public static String mermaid(Dag dag) {
    return GraphExport.mermaid(Objects.requireNonNull(dag, "dag"), Map.of());
  }

  /** The run's graph as a Mermaid flowchart with node statuses. */
  public static String mermaid(ExecutionResult result) {
    return GraphExport.mermaid(result.dag(), statuses(result));
  }

  /**
   * The run as Chrome trace-event JSON: one event per node that ran, on a track per worker, and an
   * instant event per restored node on a "restored" track.
   */
  public static String chromeTrace(ExecutionResult result) {
    return ChromeTrace.of(result.nodeResults().values());
  }

  /** Writes {@link #chromeTrace(ExecutionResult)} to {@code file}, replacing it. */
  public static void writeChromeTrace(ExecutionResult result, Path file) throws IOException {
    Files.writeString(file, chromeTrace(result));
  }

  private static Map<String, NodeStatus> statuses(ExecutionResult result) {
    Map<String, NodeStatus> statuses = new LinkedHashMap<>();
    for (NodeResult node : result.nodeResults().values()) {
      statuses.put(node.node(), node.status());
    }
    return statuses;
  }
}
