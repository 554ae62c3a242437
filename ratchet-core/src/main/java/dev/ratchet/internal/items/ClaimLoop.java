package dev.ratchet.internal.items;

import dev.ratchet.Outcome;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.TimedOutException;
import dev.ratchet.items.FailureMode;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.Change;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.Commit;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads of one pipeline on a shared run: each claims a batch, processes it with the
 * pipeline's {@link BatchProcessor} (retries, skips, timeouts, sub-steps, stops) and completes it
 * with fencing, until the run is finished, a stop or fail-fast ends it, or the server fails. The
 * calling thread is the first worker.
 */
final class ClaimLoop<I, R> {
  private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);
  private static final long WAIT_MILLIS = 200;

  private final PipelineConfig<I, R> config;
  private final CooperativeWorker worker;
  private final String where;
  private final BatchProcessor<I, R> processor;
  private final InFlight inFlight;
  private final SharedProgress progress;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean failedFast = new AtomicBoolean();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong takenOver = new AtomicLong();
  private final AtomicLong killed = new AtomicLong();
  private final List<RunResult.FailedItem> failed = new ArrayList<>();
  private final List<String> interrupted = new ArrayList<>();
  private volatile Throwable failure;

  ClaimLoop(
      PipelineConfig<I, R> config,
      CooperativeWorker worker,
      String runName,
      String where,
      InFlight inFlight,
      SharedProgress progress) {
    this.config = config;
    this.worker = worker;
    this.where = where;
    this.inFlight = inFlight;
    this.progress = progress;
    this.processor = new BatchProcessor<>(config, this::stepCommits, runName, inFlight);
  }

  /** Runs the workers to the end; returns what failed the run, or null. */
  Throwable run() {
    if (WorkerThreads.run(config.workers(), this::work, this::fail)) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }

  private boolean stopping() {
    return inFlight.stopping() || failedFast.get() || failure != null || finished.get();
  }

  private void work() {
    try {
      while (!stopping()) {
        ClaimResult claim = claim();
        if (claim instanceof ClaimResult.Finished) {
          finished.set(true);
        } else if (claim instanceof ClaimResult.Wait) {
          Thread.sleep(WAIT_MILLIS); // others hold what is left; their leases may run out
        } else if (claim instanceof ClaimResult.Claimed claimed) {
          List<ClaimedItem> items = claimed.items();
          noteInterrupted(items);
          List<Outcome<R>> outcomes = processor.process(SharedOutcomes.work(items, worker));
          complete(items, outcomes);
        }
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  private ClaimResult claim() {
    try {
      return worker.claim(config.batchSize());
    } catch (StoreUnavailableException e) {
      if (takenOver.get() == 0) {
        throw e;
      }
      throw new StoreUnavailableException(lostLease() + "; the server now refuses its claims", e);
    }
  }

  private void complete(List<ClaimedItem> items, List<Outcome<R>> outcomes) {
    List<ItemOutcome> settled = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Outcome<R> outcome = outcomes.get(i);
      settled.add(SharedOutcomes.of(items.get(i), outcome));
      if (outcome instanceof Outcome.NotDone<R> notDone && notDone.killed()) {
        killed.incrementAndGet();
      }
    }
    CompleteResult result = worker.complete(settled);
    Set<String> kept = new HashSet<>(result.committed());
    boolean anyFailed = false;
    for (ItemOutcome o : settled) {
      if (!kept.contains(o.item().key())) {
        takenOver.incrementAndGet();
        continue;
      }
      if (o instanceof ItemOutcome.Released) {
        continue;
      }
      committed.incrementAndGet();
      if (o instanceof ItemOutcome.Failed f) {
        anyFailed = true;
        noteFailed(new RunResult.FailedItem(f.item().key(), f.error()));
      }
    }
    if (!result.fenced().isEmpty()) {
      log.warn("{}; their outcomes from this worker were discarded", lostLease());
    }
    if (anyFailed && config.failureMode() == FailureMode.FAIL_FAST) {
      failedFast.set(true);
    }
    progress.report(committed.get(), false);
  }

  /** A fenced completion means one thing: this worker's lease on those items ran out. */
  private String lostLease() {
    return "worker "
        + worker.workerId()
        + " of "
        + where
        + " lost its lease: "
        + takenOver.get()
        + " item(s) it was working on were taken over by other workers, because it was paused or"
        + " cut off from the server for longer than its lease of "
        + TimedOutException.text(config.shared().lease())
        + " (nothing is lost: the other workers do them)";
  }

  /** Sub-steps of a claimed item go to the worker, fenced by the claim, if it stores them. */
  private Consumer<Commit> stepCommits(WorkItem<?> work) {
    ClaimedItem claim = work.claim();
    return commit -> {
      if (!worker.storesSteps()) {
        return; // kept by this worker's attempts only
      }
      for (Change change : commit.changes()) {
        if (change instanceof Change.Step step
            && !worker.saveStep(claim, step.step(), step.value())) {
          throw new ClaimTakenOver(claim.key(), step.step()); // its completion would be fenced too
        }
      }
    };
  }

  private synchronized void noteFailed(RunResult.FailedItem item) {
    if (failed.size() < RunResult.LISTED_FAILURES) {
      failed.add(item);
    }
  }

  private synchronized void noteInterrupted(List<ClaimedItem> items) {
    for (ClaimedItem item : items) {
      if (item.interruptions() > 0 && interrupted.size() < RunResult.LISTED_FAILURES) {
        interrupted.add(item.key());
      }
    }
  }

  private void fail(Throwable t) {
    synchronized (this) {
      if (failure == null) {
        failure = t;
      } else if (failure != t) {
        failure.addSuppressed(t);
      }
    }
  }

  /** How the run ended for this worker, given the run-wide counts at the end. */
  RunResult.Outcome outcome(long runFailed, long runOpen) {
    if (failedFast.get()) {
      return RunResult.Outcome.FAILED_FAST;
    }
    if (!finished.get()) {
      return RunResult.Outcome.STOPPED;
    }
    return runFailed == 0 && runOpen == 0
        ? RunResult.Outcome.SUCCEEDED
        : RunResult.Outcome.COMPLETED_WITH_FAILURES;
  }

  boolean finished() {
    return finished.get();
  }

  long committed() {
    return committed.get();
  }

  long takenOver() {
    return takenOver.get();
  }

  long killed() {
    return killed.get();
  }

  synchronized List<RunResult.FailedItem> failed() {
    return List.copyOf(failed);
  }

  synchronized List<String> interrupted() {
    return List.copyOf(interrupted);
  }
}
