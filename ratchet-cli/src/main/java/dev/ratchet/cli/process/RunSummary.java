package dev.ratchet.cli.process;

import dev.ratchet.items.RunResult;
import java.io.PrintWriter;
import java.util.List;

/** The summary printed at the end of {@code ratchet process}. */
final class RunSummary {
  private static final int LIST_LIMIT = 10;

  private final ProcessSettings settings;
  private final PrintWriter out;

  RunSummary(ProcessSettings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  void print(RunResult r) {
    out.println(headline(r));
    out.printf("  done         %8d%n", r.counts().done());
    out.printf("  failed       %8d%n", r.counts().failed());
    out.printf("  skipped      %8d%n", r.counts().skipped());
    out.printf(
        "  interrupted  %8d%s%n",
        r.interrupted().size(),
        r.interrupted().isEmpty()
            ? ""
            : "   found in progress at start (a run died mid-batch); they ran again");
    out.printf(
        "  elapsed      %8s   %d items processed by this run%n",
        ProgressDisplay.formatDuration(r.elapsed()).equals("0s")
            ? String.format("%.2fs", r.elapsed().toMillis() / 1000.0)
            : ProgressDisplay.formatDuration(r.elapsed()),
        r.processed());
    out.println("Output:      " + outputLine(r));
    out.println(
        "Checkpoint:  "
            + (r.checkpointRemoved()
                ? "removed (everything is done)"
                : settings.checkpointName() + " (kept)"));
    printFailed(r.failed());
    out.println(next(r));
    out.flush();
  }

  private String headline(RunResult r) {
    return switch (r.outcome()) {
      case SUCCEEDED -> "Finished: every item is done.";
      case COMPLETED_WITH_FAILURES ->
          "Finished with failures: " + r.counts().failed() + " item(s) failed.";
      case FAILED_FAST -> "Stopped at the first failure (--fail-fast); the batch was committed.";
      case STOPPED -> "Stopped on request; finished work was committed.";
    };
  }

  private String outputLine(RunResult r) {
    if (settings.format() == OutputFormat.json) {
      return r.succeeded()
          ? settings.output() + " (one JSON array)"
          : settings.output() + " (JSON array; written when every item is done)";
    }
    return settings.output() + " (JSON lines, one record per done item)";
  }

  private void printFailed(List<RunResult.FailedItem> failed) {
    if (failed.isEmpty()) {
      return;
    }
    out.println("Failed items (key: error):");
    failed.stream()
        .limit(LIST_LIMIT)
        .forEach(f -> out.println("  " + f.key() + ": " + firstLine(f.error())));
    if (failed.size() > LIST_LIMIT) {
      out.println("  … and " + (failed.size() - LIST_LIMIT) + " more");
    }
  }

  private String next(RunResult r) {
    String status =
        "ratchet status "
            + (settings.store() != null ? "--store " : "--checkpoint ")
            + settings.checkpointName();
    return switch (r.outcome()) {
      case SUCCEEDED ->
          r.checkpointRemoved()
              ? "Next: nothing; the output is complete."
              : "Next: nothing; the output is complete. Inspect the kept checkpoint with: "
                  + status;
      case COMPLETED_WITH_FAILURES, FAILED_FAST ->
          "Next: fix the cause, then run the same command"
              + " again: only items not done yet are run (the failed ones are retried). Details: "
              + status;
      case STOPPED -> "Next: run the same command again to resume where it stopped.";
    };
  }

  private static String firstLine(String error) {
    if (error == null) {
      return "(no message)";
    }
    String flat = error.replace('\n', ' ').strip();
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}
