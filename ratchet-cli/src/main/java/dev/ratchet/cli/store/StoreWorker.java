package dev.ratchet.cli.store;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.process.OutputFormat;
import dev.ratchet.cli.process.ProcessPipelines;
import dev.ratchet.cli.process.ProcessSettings;
import dev.ratchet.cli.process.ProgressDisplay;
import dev.ratchet.history.RunRecord;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.Sources;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StoreConnection;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * {@code ratchet process --store URL --run-id ID}: joins a run in PostgreSQL or Redis as one
 * cooperating worker. With {@code --input}, the items are loaded first (once per run, whoever comes
 * first); a run loaded before gets its failed items back. Then the same item pipeline as a
 * checkpoint's runs on the shared run ({@link ProcessPipelines}) until no item is left; this class
 * only loads, prints, records the worker in the server's history and exports {@code --output}.
 */
public final class StoreWorker {
  private final StoreOptions options;
  private final ProcessSettings settings;
  private final PrintWriter out;
  private final ProgressDisplay display;

  private StoreWorker(
      StoreOptions options, ProcessSettings settings, PrintWriter out, ProgressDisplay display) {
    this.options = options;
    this.settings = settings;
    this.out = out;
    this.display = display;
  }

  /**
   * Runs one worker of the run {@code --run-id} names in {@code connection} (a store that shares
   * runs) and returns the exit code.
   */
  public static int run(
      StoreOptions options,
      StoreConnection connection,
      ProcessSettings settings,
      PrintWriter out,
      ProgressDisplay display) {
    if (settings.batchSize() < 1 || settings.workers() < 1 || settings.retries() < 0) {
      throw new UsageException(
          "--batch-size and --workers must be 1 or more and --retries 0 or more");
    }
    StoreWorker worker = new StoreWorker(options, settings, out, display);
    return worker.work(
        connection.run(options.runId()), connection.location(), connection::appendHistory);
  }

  private int work(SharedRun run, String where, Consumer<RunRecord> history) {
    if (settings.fresh() && run.exists()) {
      run.delete();
      out.println("Discarded run '" + run.name() + "' (--fresh).");
    }
    load(run);
    StoreRunRecord record =
        new StoreRunRecord(run, where, history, settings, options.resumeArguments());
    out.println(
        "Joined run '"
            + run.name()
            + "' in "
            + where
            + " with "
            + settings.workers()
            + " worker"
            + (settings.workers() == 1 ? "" : "s")
            + ".");
    out.flush();
    long started = System.nanoTime();
    try {
      return ProcessPipelines.runShared(
          run, options.lease(), settings, display, r -> finish(run, r, record, started));
    } catch (RuntimeException e) {
      record.write("failed", 0);
      out.flush();
      throw e;
    }
  }

  /** Loads the items (once per run); a worker that finds them loaded retries the failed ones. */
  private void load(SharedRun run) {
    if (settings.input() == null) {
      if (!run.loaded()) {
        throw new UsageException(
            "run '" + run.name() + "' has no items yet; give --input FILE to load them");
      }
    } else {
      long loaded = run.load(Sources.lines(settings.input()));
      if (loaded > 0) {
        out.println("Loaded " + loaded + " items from " + settings.input() + ".");
        return;
      }
      out.println("Items already loaded; joining.");
    }
    long again = run.retryFailed();
    if (again > 0) {
      out.println("Retrying " + again + " failed items.");
    }
  }

  private int finish(SharedRun run, RunResult r, StoreRunRecord record, long startedNanos) {
    record.failed(r.failed());
    if (r.outcome() == RunResult.Outcome.FAILED_FAST) {
      out.println("Stopped at the first failed item (--fail-fast).");
    }
    int code = summary(run, r, startedNanos);
    record.write(
        switch (r.outcome()) {
          case SUCCEEDED -> "succeeded";
          case COMPLETED_WITH_FAILURES -> "completed_with_failures";
          case FAILED_FAST -> "failed_fast";
          case STOPPED -> "stopped";
        },
        r.processed());
    boolean finished =
        r.outcome() == RunResult.Outcome.SUCCEEDED
            || r.outcome() == RunResult.Outcome.COMPLETED_WITH_FAILURES;
    boolean array = settings.format() == OutputFormat.json;
    if (finished
        && array
        && settings.output() != null
        && r.outcome() != RunResult.Outcome.SUCCEEDED) {
      out.println(
          "Output:      "
              + settings.output()
              + " not written: with --format json it is one array, written once every item is"
              + " done");
    } else if (finished && settings.output() != null) {
      long lines =
          array ? run.exportJsonArray(settings.output()) : run.exportJsonLines(settings.output());
      out.println(
          "Output:      "
              + settings.output()
              + " ("
              + lines
              + " results, input order"
              + (array ? ", one JSON array" : "")
              + ")");
    }
    out.flush();
    return code;
  }

  private int summary(SharedRun run, RunResult r, long startedNanos) {
    if (r.stopped()) {
      out.println(
          "Run '"
              + run.name()
              + "' stopped on request: this worker's finished items were committed; the others"
              + " return to the run's other workers.");
    } else {
      out.println(
          "Run '"
              + run.name()
              + "' "
              + (r.counts().failed() > 0 ? "finished with failures" : "finished")
              + ".");
    }
    out.printf("  done         %8d   run-wide%n", r.counts().done());
    out.printf("  failed       %8d%n", r.counts().failed());
    out.printf("  skipped      %8d%n", r.counts().skipped());
    out.printf(
        "  this worker  %8d   committed (%d failed, %d taken over by other workers), %.1fs%n",
        r.processed(), r.failed().size(), r.takenOver(), (System.nanoTime() - startedNanos) / 1e9);
    if (!r.failed().isEmpty()) {
      out.println("Failed here (key: error):");
      r.failed().stream()
          .limit(10)
          .forEach(
              f -> out.println("  " + f.key() + ": " + f.error().lines().findFirst().orElse("")));
    }
    if (r.takenOver() > 0) {
      out.println(
          "This worker lost its lease on "
              + r.takenOver()
              + " item(s): it was paused or cut off from the server for longer than"
              + " --lease-seconds, so other workers took them over and its outcomes for them were"
              + " discarded (nothing is lost).");
    }
    if (r.stopped()) {
      out.println("Next: run the same command again to go on.");
      return ExitCodes.INTERRUPTED;
    }
    if (r.counts().failed() > 0) {
      out.println(
          "Next: 'ratchet status --store … --run-id "
              + run.name()
              + "' lists the failures; the same command again retries them.");
      return ExitCodes.ITEMS_FAILED;
    }
    return r.outcome() == RunResult.Outcome.FAILED_FAST ? ExitCodes.ITEMS_FAILED : ExitCodes.OK;
  }
}
