package dev.ratchet.internal.items;

import dev.ratchet.TimedOutException;
import dev.ratchet.items.ItemProcessor;
import dev.ratchet.items.RetryPolicy;
import dev.ratchet.items.SkipPolicy;
import dev.ratchet.store.CheckpointStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processes one batch of items on the worker threads, with retries and timeouts, and returns their
 * outcomes in input order. An item's failure is an outcome, never a reason to abandon its batch.
 * Once the run stops no attempt starts, and an attempt the stop interrupted is not done, never
 * failed.
 */
final class BatchProcessor<I, R> implements AutoCloseable {
  private final ItemProcessor<I, R> processor;
  private final RetryPolicy retry;
  private final SkipPolicy skip;
  private final CheckpointStore store;
  private final String runId;
  private final long crashAfter;
  private final Duration timeout;
  private final InFlight inFlight;
  private final AtomicLong processed = new AtomicLong();
  private final ExecutorService pool;

  BatchProcessor(
      PipelineConfig<I, R> config, CheckpointStore store, String runId, InFlight inFlight) {
    this.processor = config.processor();
    this.retry = config.retry();
    this.skip = config.skip();
    this.store = store;
    this.runId = runId;
    this.crashAfter = config.crashAfter();
    this.timeout = config.timeout();
    this.inFlight = inFlight;
    this.pool = config.workers() == 1 ? null : newPool(config.workers());
  }

  private static ExecutorService newPool(int workers) {
    AtomicInteger counter = new AtomicInteger();
    return Executors.newFixedThreadPool(
        workers,
        task -> {
          Thread thread = new Thread(task, "ratchet-worker-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  List<Outcome<R>> process(List<WorkItem<I>> items) throws InterruptedException {
    List<Outcome<R>> outcomes = new ArrayList<>(items.size());
    if (pool == null || items.size() == 1) {
      for (WorkItem<I> item : items) {
        outcomes.add(processOne(item));
      }
      return outcomes;
    }
    List<Future<Outcome<R>>> futures = new ArrayList<>(items.size());
    for (WorkItem<I> item : items) {
      futures.add(pool.submit(() -> processOne(item)));
    }
    for (Future<Outcome<R>> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (ExecutionException e) {
        throw rethrow(e.getCause());
      }
    }
    return outcomes;
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(cause);
  }

  private Outcome<R> processOne(WorkItem<I> work) throws InterruptedException {
    Outcome<R> outcome = attempt(work);
    if (crashAfter > 0
        && !(outcome instanceof Outcome.NotDone<R>)
        && processed.incrementAndGet() >= crashAfter) {
      Runtime.getRuntime().halt(PipelineConfig.CRASH_EXIT_CODE);
    }
    return outcome;
  }

  private Outcome<R> attempt(WorkItem<I> work) throws InterruptedException {
    var steps = new HashMap<>(work.previous() == null ? Map.of() : work.previous().steps());
    int earlier = work.previousAttempts();
    for (int attempt = 1; ; attempt++) {
      Exception failure;
      try (Attempt running = inFlight.start(timeout)) {
        if (running == null) {
          return new Outcome.NotDone<>(attempt > 1, earlier + attempt - 1);
        }
        StepContext context =
            new StepContext(work.key(), runId, earlier + attempt, steps, store, running);
        try {
          R result = processor.process(work.item().value(), context);
          if (running.cut() != Attempt.Cut.TIMED_OUT) {
            return new Outcome.Done<>(result, earlier + attempt);
          }
          failure = new TimedOutException(timeout);
        } catch (Exception e) {
          if (running.cut() == Attempt.Cut.STOPPED) {
            return new Outcome.NotDone<>(true, earlier + attempt - 1);
          }
          failure = running.cut() == Attempt.Cut.TIMED_OUT ? new TimedOutException(timeout) : e;
        }
      }
      if (retry.shouldRetry(failure, attempt)) {
        if (!backOff(attempt)) {
          return new Outcome.NotDone<>(true, earlier + attempt);
        }
        continue;
      }
      if (skip.skips(failure)) {
        return new Outcome.Skipped<>(failure.toString(), earlier + attempt);
      }
      return new Outcome.Failed<>(failure.toString(), earlier + attempt);
    }
  }

  /** Waits before the next attempt; false if the run is stopping (no new attempt starts). */
  private boolean backOff(int attempt) throws InterruptedException {
    try (Attempt waiting = inFlight.start(null)) {
      if (waiting == null) {
        return false;
      }
      try {
        Thread.sleep(retry.delayAfter(attempt).toMillis());
      } catch (InterruptedException e) {
        if (waiting.cut() == Attempt.Cut.STOPPED) {
          return false;
        }
        throw e;
      }
    }
    return !inFlight.stopping();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
