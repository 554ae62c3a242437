package dev.ratchet.cli.run;

import dev.ratchet.dag.DagCheckpointInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The steps section of {@code ratchet status} for checkpoints written by {@code ratchet run}. */
public final class StepStatus {
  private StepStatus() {}

  /** Prints the steps by state, if {@code dir} holds a pipeline (DAG) checkpoint. */
  public static void printTable(Path dir, PrintWriter out) {
    Optional<DagCheckpointInfo> found = DagCheckpointInfo.inspect(dir);
    if (found.isEmpty() || !found.get().exists()) {
      return;
    }
    DagCheckpointInfo info = found.get();
    out.println();
    out.printf("Steps (%d, %.0f%% complete):%n", info.nodeCount(), info.progress() * 100);
    line(out, "done", info.completed());
    line(out, "failed", info.failed());
    line(out, "skipped", info.skipped());
    line(out, "interrupted", info.interrupted());
    out.printf("  %-12s %d%n", "not run", info.notRun());
  }

  /** The steps by state for {@code ratchet status --json}, or empty for other checkpoints. */
  public static Optional<Map<String, Object>> json(Path dir) {
    return DagCheckpointInfo.inspect(dir)
        .filter(DagCheckpointInfo::exists)
        .map(
            info -> {
              Map<String, Object> steps = new LinkedHashMap<>();
              steps.put("count", info.nodeCount());
              steps.put("done", info.completed());
              steps.put("failed", info.failed());
              steps.put("skipped", info.skipped());
              steps.put("interrupted", info.interrupted());
              steps.put("notRun", info.notRun());
              return steps;
            });
  }

  private static void line(PrintWriter out, String state, List<String> steps) {
    if (!steps.isEmpty()) {
      out.printf("  %-12s %s%n", state, String.join(", ", steps));
    }
  }
}
