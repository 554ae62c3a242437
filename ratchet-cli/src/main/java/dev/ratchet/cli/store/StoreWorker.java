package dev.ratchet.cli.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.process.BuiltinTransform;
import dev.ratchet.cli.process.ExecCommand;
import dev.ratchet.cli.process.ProcessSettings;
import dev.ratchet.history.RunRecord;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.Sources;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code ratchet process --store URL --run-id ID}: joins a run in PostgreSQL or Redis as one
 * cooperating worker. With {@code --input}, the items are loaded first (once per run, whoever comes
 * first); then the worker claims batches, processes them with {@code --workers} threads and commits
 * each batch with its results, until no item is left. With {@code --output}, the results are
 * exported when the run is finished.
 */
public final class StoreWorker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StoreOptions options;
  private final ProcessSettings settings;
  private final PrintWriter out;
  private long processed;
  private long committed;
  private long failed;
  private long fenced;

  private StoreWorker(StoreOptions options, ProcessSettings settings, PrintWriter out) {
    this.options = options;
    this.settings = settings;
    this.out = out;
  }

  /** Runs one worker and returns the exit code. */
  public static int run(StoreOptions options, ProcessSettings settings, PrintWriter out) {
    if (settings.batchSize() < 1 || settings.workers() < 1 || settings.retries() < 0) {
      throw new UsageException(
          "--batch-size and --workers must be 1 or more and --retries 0 or more");
    }
    StoreWorker worker = new StoreWorker(options, settings, out);
    return StoreCommands.withRun(options, false, worker::work);
  }

  private int work(SharedRun run, String where, Consumer<RunRecord> history) {
    if (settings.fresh() && run.exists()) {
      run.delete();
      out.println("Discarded run '" + run.name() + "' (--fresh).");
    }
    load(run);
    StoreRunRecord record = new StoreRunRecord(run, where, history, settings);
    // Ctrl-C or SIGTERM: the worker stops where it is; its record says so
    Thread hook = new Thread(() -> record.write("stopped", committed), "ratchet-history-record");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work(run, where, record);
    } catch (RuntimeException e) {
      record.write("failed", committed);
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook writes the record
      }
    }
  }

  private int work(SharedRun run, String where, StoreRunRecord record) {
    long started = System.nanoTime();
    try (ExecCommand exec =
            settings.exec() == null
                ? null
                : new ExecCommand(settings.exec(), settings.maxResultBytes());
        CooperativeWorker session = run.join(options.lease(), settings.crashLimit())) {
      ExecutorService pool = Executors.newFixedThreadPool(settings.workers());
      try {
        out.println(
            "Joined run '" + run.name() + "' in " + where + " as " + session.workerId() + ".");
        out.flush();
        if (!loop(session, exec, pool, run, record)) {
          summary(run, started);
          record.write("failed_fast", committed);
          return ExitCodes.ITEMS_FAILED;
        }
      } finally {
        pool.shutdownNow();
      }
    } catch (StoreUnavailableException e) {
      out.flush();
      throw e;
    }
    int code = summary(run, started);
    record.write(code == ExitCodes.OK ? "succeeded" : "completed_with_failures", committed);
    if (settings.output() != null) {
      long lines = run.exportJsonLines(settings.output());
      out.println("Output:      " + settings.output() + " (" + lines + " results, input order)");
    }
    return code;
  }

  /** Loads the items (once per run); a worker that finds them loaded retries the failed ones. */
  private void load(SharedRun run) {
    if (settings.input() == null) {
      if (!run.loaded()) {
        throw new UsageException(
            "run '" + run.name() + "' has no items yet; give --input FILE to load them");
      }
      retryFailed(run);
      return;
    }
    ItemSource<String> source = Sources.lines(settings.input());
    String fingerprint = source.inspect().fingerprint();
    List<ItemSource.Cursor<String>> opened = new ArrayList<>();
    try {
      long loaded =
          run.load(
              fingerprint,
              () -> {
                ItemSource.Cursor<String> cursor = source.open(SeekPoint.START);
                opened.add(cursor);
                return new Iterator<>() {
                  @Override
                  public boolean hasNext() {
                    return cursor.hasNext();
                  }

                  @Override
                  public ItemInput next() {
                    var item = cursor.next();
                    return new ItemInput(item.key(), item.value());
                  }
                };
              });
      if (loaded > 0) {
        out.println("Loaded " + loaded + " items from " + settings.input() + ".");
      } else {
        out.println("Items already loaded; joining.");
        retryFailed(run);
      }
    } finally {
      opened.forEach(ItemSource.Cursor::close);
    }
  }

  private void retryFailed(SharedRun run) {
    long again = run.retryFailed();
    if (again > 0) {
      out.println("Retrying " + again + " failed items.");
    }
  }

  /** Returns false when --fail-fast stopped the worker. */
  private boolean loop(
      CooperativeWorker session,
      ExecCommand exec,
      ExecutorService pool,
      SharedRun run,
      StoreRunRecord record) {
    long lastProgress = 0;
    while (true) {
      ClaimResult claim = session.claim(settings.batchSize());
      if (claim instanceof ClaimResult.Finished) {
        return true;
      }
      if (claim instanceof ClaimResult.Wait) {
        sleep(200);
        continue;
      }
      List<ClaimedItem> items = ((ClaimResult.Claimed) claim).items();
      List<Future<ItemOutcome>> futures = new ArrayList<>();
      for (ClaimedItem item : items) {
        futures.add(pool.submit(() -> process(exec, item, run.name())));
      }
      List<ItemOutcome> outcomes = new ArrayList<>();
      for (Future<ItemOutcome> f : futures) {
        outcomes.add(get(f));
        processed++;
        if (settings.simulateCrashAfter() > 0 && processed >= settings.simulateCrashAfter()) {
          out.println("Simulated crash after " + processed + " items (--simulate-crash).");
          out.flush();
          Runtime.getRuntime().halt(ExitCodes.SIMULATED_CRASH);
        }
      }
      CompleteResult result = session.complete(outcomes);
      record.failed(outcomes);
      committed += result.committed().size();
      fenced += result.fenced().size();
      long batchFailed = outcomes.stream().filter(o -> o instanceof ItemOutcome.Failed).count();
      failed += batchFailed;
      if (System.nanoTime() - lastProgress > 2_000_000_000L) {
        lastProgress = System.nanoTime();
        progress(run);
      }
      if (settings.failFast() && batchFailed > 0) {
        out.println("Stopped at the first failed item (--fail-fast).");
        return false;
      }
    }
  }

  private ItemOutcome process(ExecCommand exec, ClaimedItem item, String runId)
      throws InterruptedException {
    Exception last = null;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (attempt > 0) {
        Thread.sleep(Math.min(30_000, 200L << Math.min(attempt - 1, 10)));
      }
      try {
        Object result =
            exec == null
                ? BuiltinTransform.apply(item.input())
                : exec.run(item.input(), runId + ":" + item.key());
        return new ItemOutcome.Done(item, JSON.writeValueAsString(result));
      } catch (InterruptedException e) {
        throw e;
      } catch (JsonProcessingException e) {
        return new ItemOutcome.Failed(item, "result is not serializable: " + e.getMessage());
      } catch (Exception e) {
        last = e;
      }
    }
    return new ItemOutcome.Failed(item, String.valueOf(last));
  }

  private void progress(SharedRun run) {
    RunProgress p = run.progress();
    long total = p.total();
    long finished = p.finished();
    out.printf(
        "progress: %d%% (%d/%d) run-wide; this worker committed %d%n",
        total == 0 ? 100 : finished * 100 / total, finished, total, committed);
    out.flush();
  }

  private int summary(SharedRun run, long startedNanos) {
    RunProgress c = run.progress();
    out.println(
        "Run '"
            + run.name()
            + "' "
            + (c.failed() > 0 ? "finished with failures" : "finished")
            + ".");
    out.printf("  done         %8d   run-wide%n", c.done());
    out.printf("  failed       %8d%n", c.failed());
    out.printf("  skipped      %8d%n", c.skipped());
    out.printf(
        "  this worker  %8d   committed (%d failed, %d taken over by other workers), %.1fs%n",
        committed, failed, fenced, (System.nanoTime() - startedNanos) / 1e9);
    if (c.failed() > 0) {
      out.println(
          "Next: 'ratchet status --store … --run-id "
              + run.name()
              + "' lists the failures; the same command again retries them.");
    }
    out.flush();
    return c.failed() > 0 ? ExitCodes.ITEMS_FAILED : ExitCodes.OK;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
