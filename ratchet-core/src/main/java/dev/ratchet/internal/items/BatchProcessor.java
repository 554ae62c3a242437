package dev.ratchet.internal.items;

import dev.ratchet.Outcome;
import dev.ratchet.RetryPolicy;
import dev.ratchet.SkipCause;
import dev.ratchet.TimedOutException;
import dev.ratchet.items.ItemProcessor;
import dev.ratchet.items.SkipPolicy;
import dev.ratchet.store.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Processes the items of one batch on the calling worker thread, with retries and timeouts, and
 * returns their outcomes in input order. An item's failure is an outcome, never a reason to abandon
 * its batch. Once the run stops no attempt starts, and an attempt the stop interrupted is not done,
 * never failed. Thread-safe: each worker processes its own batches.
 */
final class BatchProcessor<I, R> {
  private final ItemProcessor<I, R> processor;
  private final RetryPolicy retry;
  private final SkipPolicy skip;
  private final StepCommits steps;
  private final String runId;
  private final long crashAfter;
  private final Duration timeout;
  private final InFlight inFlight;
  private final AtomicLong processed = new AtomicLong();

  /** Where the sub-steps of an item are committed. */
  interface StepCommits {
    /** Commits the sub-step values of {@code work}; returns once they are durable. */
    Consumer<Commit> of(WorkItem<?> work);
  }

  BatchProcessor(PipelineConfig<I, R> config, StepCommits steps, String runId, InFlight inFlight) {
    this.processor = config.processor();
    this.retry = config.retry();
    this.skip = config.skip();
    this.steps = steps;
    this.runId = runId;
    this.crashAfter = config.crashAfter();
    this.timeout = config.timeout();
    this.inFlight = inFlight;
  }

  List<Outcome<R>> process(List<WorkItem<I>> items) throws InterruptedException {
    List<Outcome<R>> outcomes = new ArrayList<>(items.size());
    try (Attempt running = inFlight.enter()) {
      for (int i = 0; i < items.size(); i++) {
        outcomes.add(processOne(items, i, running));
      }
    }
    return outcomes;
  }

  private Outcome<R> processOne(List<WorkItem<I>> batch, int index, Attempt running)
      throws InterruptedException {
    Outcome<R> outcome = attempt(batch, index, running);
    if (crashAfter > 0
        && !(outcome instanceof Outcome.NotDone<R>)
        && processed.incrementAndGet() >= crashAfter) {
      Runtime.getRuntime().halt(PipelineConfig.CRASH_EXIT_CODE);
    }
    return outcome;
  }

  private Outcome<R> attempt(List<WorkItem<I>> batch, int index, Attempt running)
      throws InterruptedException {
    WorkItem<I> work = batch.get(index);
    Consumer<Commit> commits = steps.of(work);
    int earlier = work.previousAttempts();
    StepContext before = null;
    for (int attempt = 1; ; attempt++) {
      Exception failure;
      if (!running.begin(timeout)) {
        return new Outcome.NotDone<>(attempt > 1, earlier + attempt - 1);
      }
      try {
        StepContext context =
            new StepContext(work, runId, earlier + attempt, before, commits, running)
                .upcoming(batch, index + 1);
        before = context;
        try {
          R result = processor.process(work.value(), context);
          if (running.cut() != Attempt.Cut.TIMED_OUT) {
            return new Outcome.Done<>(result, earlier + attempt, false);
          }
          failure = new TimedOutException(timeout);
        } catch (Exception e) {
          if (running.cut() == Attempt.Cut.STOPPED) {
            return new Outcome.NotDone<>(true, earlier + attempt - 1);
          }
          if (ClaimTakenOver.in(e)) {
            return new Outcome.NotDone<>(false, earlier + attempt - 1); // the item is another's
          }
          failure = running.cut() == Attempt.Cut.TIMED_OUT ? new TimedOutException(timeout) : e;
        }
      } finally {
        running.end();
      }
      if (retry.shouldRetry(failure, attempt)) {
        if (!backOff(attempt, running)) {
          return new Outcome.NotDone<>(true, earlier + attempt);
        }
        continue;
      }
      if (skip.skips(failure)) {
        return new Outcome.Skipped<>(SkipCause.POLICY, failure.toString(), earlier + attempt);
      }
      return new Outcome.Failed<>(failure.toString(), earlier + attempt);
    }
  }

  /** Waits before the next attempt; false if the run is stopping (no new attempt starts). */
  private boolean backOff(int attempt, Attempt waiting) throws InterruptedException {
    if (!waiting.begin(null)) {
      return false;
    }
    try {
      Thread.sleep(retry.delayAfter(attempt).toMillis());
    } catch (InterruptedException e) {
      if (waiting.cut() == Attempt.Cut.STOPPED) {
        return false;
      }
      throw e;
    } finally {
      waiting.end();
    }
    return !inFlight.stopping();
  }
}
