package dev.ratchet.cli.run;

import dev.ratchet.dag.DagListener;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.ResumePlan;
import java.io.PrintWriter;

/** Prints each step's progress as {@code [step] ...} lines. */
final class RunListener implements DagListener {
  private final PrintWriter out;

  RunListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void resumePlanned(ResumePlan plan) {
    plan.changed()
        .forEach(
            (node, why) -> {
              if (why.equals("new step")) {
                print(node, "new step: running");
              } else if (why.startsWith("upstream ") || why.contains("rerun")) {
                print(node, why + ": running again");
              } else {
                print(node, "changed since the checkpoint (" + why + "): running again");
              }
            });
    synchronized (out) {
      for (String node : plan.removed()) {
        out.println(
            "ratchet: step '"
                + node
                + "' is no longer in the pipeline: dropped from the checkpoint");
      }
      out.println("ratchet: " + plan.summary());
    }
  }

  @Override
  public void attemptStarted(String node, int attempt) {
    print(node, attempt == 1 ? "started" : "attempt " + attempt + " started");
  }

  @Override
  public void attemptFailed(String node, int attempt, String error, long retryInMillis) {
    print(
        node,
        "attempt " + attempt + " failed: " + error + "; retrying in " + retryInMillis + " ms");
  }

  @Override
  public void nodeFinished(NodeResult result) {
    String text =
        switch (result.status()) {
          case SUCCEEDED -> "done in " + result.durationMicros() / 1000 + " ms";
          case RESTORED -> "restored from the checkpoint (not run)";
          case FAILED -> "FAILED: " + result.error();
          case SKIPPED -> "skipped: " + result.error();
          case NOT_RUN -> "not run: " + result.error();
        };
    print(result.node(), text);
  }

  private void print(String node, String text) {
    synchronized (out) {
      out.println("[" + node + "] " + text);
    }
  }
}
