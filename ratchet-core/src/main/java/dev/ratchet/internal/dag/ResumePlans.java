package dev.ratchet.internal.dag;

import dev.ratchet.dag.Dag;
import dev.ratchet.dag.DagListener;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import dev.ratchet.dag.ResumePlan;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the log and the listener what a call that found a checkpoint restores and runs. */
final class ResumePlans {
  private static final Logger log = LoggerFactory.getLogger(ResumePlans.class);

  private ResumePlans() {}

  /**
   * @param early the nodes settled from the checkpoint before any runs (restored, skipped by their
   *     condition, or failed for crashing the process too often)
   */
  static void announce(
      Dag dag, DagOpening.Opened opened, List<NodeResult> early, DagListener listener) {
    List<String> done = new ArrayList<>();
    for (NodeResult result : early) {
      if (result.status() != NodeStatus.FAILED) {
        done.add(result.node());
      }
    }
    List<String> remaining = new ArrayList<>(dag.topologicalOrder());
    remaining.removeAll(new java.util.HashSet<>(done)); // a Set: removeAll over a List is quadratic
    ResumePlan plan = new ResumePlan(done, remaining, opened.changed(), opened.removed());
    opened.changed().forEach((node, why) -> log.info("{} changed ({}): running again", node, why));
    if (!opened.removed().isEmpty()) {
      log.info("{} removed from the DAG: dropped from the checkpoint", opened.removed());
    }
    log.info(plan.summary());
    try {
      listener.resumePlanned(plan);
    } catch (RuntimeException e) {
      log.warn("listener failed on the resume plan", e);
    }
  }
}
