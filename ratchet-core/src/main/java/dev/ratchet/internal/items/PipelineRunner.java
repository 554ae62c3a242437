package dev.ratchet.internal.items;

import dev.ratchet.Outcome;
import dev.ratchet.RatchetException;
import dev.ratchet.internal.history.RunRecords;
import dev.ratchet.internal.store.CompactChanges;
import dev.ratchet.items.FailureMode;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs an item pipeline once: opens the checkpoint, then each worker takes the next batch, marks
 * its items IN_PROGRESS (a deferred commit: written before the work, forced with the next commit),
 * processes them, and hands the batch to the {@link OrderedCommitter}, which writes the DONE ones
 * to the sink and commits outcomes, sink positions and seek point in input order, several ready
 * batches at a time. The calling thread is the first worker. A stop ends each worker's loop after
 * its batch in flight: items of it that did not finish go back to not done.
 */
public final class PipelineRunner<I, R> {
  /**
   * The fewest batches between being read and being committed: a single worker goes on with the
   * next batches while the ones before are forced (output, then journal), so that with slow forces
   * several batches share one pair instead of the worker waiting for each.
   */
  private static final int MIN_IN_FLIGHT = 8;

  private final PipelineConfig<I, R> config;
  private final InFlight inFlight;

  public PipelineRunner(PipelineConfig<I, R> config) {
    this(config, new InFlight());
  }

  PipelineRunner(PipelineConfig<I, R> config, InFlight inFlight) {
    this.config = config;
    this.inFlight = inFlight;
  }

  public RunResult run() {
    try (inFlight) {
      return runOnce();
    }
  }

  private RunResult runOnce() {
    long startNanos = System.nanoTime();
    Instant started = Instant.now();
    ItemSource<I> source = config.source();
    if (config.fresh()) {
      config.store().get().delete();
    }
    if (source instanceof LinesSource lines) {
      lines.inspectAhead(); // read while the checkpoint is locked and opened
    }
    RunOpening.OpenedRun opened =
        RunOpening.open(
            config.store().get(),
            () -> {
              ItemSource.Info info = source.inspect();
              config.sink().check();
              return info;
            },
            source.description(),
            config.poisonThreshold(),
            config.sink().owner(),
            config.command(),
            config.work());
    ItemSource.Info input = opened.input();
    CheckpointStore store = opened.store();
    boolean removed = false;
    try {
      Workers workers;
      try (ItemSink.Writer<I, R> writer = config.sink().open(store.positions());
          ItemSource.Cursor<I> cursor = source.open(opened.start())) {
        BatchReader<I> reader =
            new BatchReader<>(
                cursor,
                store,
                config.batchSize(),
                config.poisonThreshold(),
                opened.donePrefix(),
                input.ordinalKeys(),
                input.total(),
                config.workers());
        OrderedCommitter<I, R> committer =
            new OrderedCommitter<>(
                store,
                writer,
                reader,
                new SeekTracker(opened.start()),
                new ProgressMeter(config.progress(), input.total(), startNanos),
                input.ordinalKeys(),
                Math.max(MIN_IN_FLIGHT, 2 * config.workers() + 1));
        workers = new Workers(store, reader, committer, opened.runId(), input.ordinalKeys());
        rethrow(workers.run());
        if (workers.outcome(store.counts()) == RunResult.Outcome.SUCCEEDED) {
          writer.complete();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("item pipeline I/O failed: " + e.getMessage(), e);
      }
      StateCounts counts = store.counts();
      RunResult.Outcome outcome = workers.outcome(counts);
      List<RunResult.FailedItem> failed = FailedItems.first(store, RunResult.LISTED_FAILURES);
      if (outcome == RunResult.Outcome.SUCCEEDED && !config.keepCheckpoint()) {
        store.delete();
        removed = true;
      }
      RunResult result =
          new RunResult(
              outcome,
              opened.runId(),
              counts,
              workers.committer.processed(),
              failed,
              opened.interrupted(),
              workers.committer.killed(),
              Duration.ofNanos(System.nanoTime() - startNanos),
              removed);
      RunRecords.itemsEnded(
          new RunRecords.ItemRun(
              store.localPath(),
              started,
              source.description(),
              input.fingerprint(),
              config.sink() instanceof JsonLinesSink jsonLines
                  ? jsonLines.file().toAbsolutePath().toString()
                  : null,
              config.command()),
          result);
      return result;
    } finally {
      if (!removed) {
        store.close();
      }
    }
  }

  static void rethrow(Throwable failure) throws IOException {
    if (failure == null) {
      return;
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      throw new RatchetException("item pipeline interrupted; committed work is kept", failure);
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(failure);
  }

  /** The worker threads of one run and how they ended. */
  private final class Workers {
    private final CheckpointStore store;
    private final BatchReader<I> reader;
    private final OrderedCommitter<I, R> committer;
    private final BatchProcessor<I, R> processor;
    private final AtomicBoolean exhausted = new AtomicBoolean();
    private final AtomicBoolean failedFast = new AtomicBoolean();
    private final boolean ordinalKeys;

    Workers(
        CheckpointStore store,
        BatchReader<I> reader,
        OrderedCommitter<I, R> committer,
        String runId,
        boolean ordinalKeys) {
      this.store = store;
      this.ordinalKeys = ordinalKeys;
      this.reader = reader;
      this.committer = committer;
      Consumer<Commit> commits = store::commit; // (one for all items, not one per item)
      this.processor = new BatchProcessor<>(config, work -> commits, runId, inFlight);
    }

    /** Runs the workers to the end and the committer after them; returns the run's failure. */
    Throwable run() {
      boolean interrupted = WorkerThreads.run(config.workers(), this::work, committer::fail);
      try {
        return committer.finish();
      } catch (InterruptedException e) {
        committer.fail(e);
        return e;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private boolean stopping() {
      return inFlight.stopping() || failedFast.get() || committer.failing();
    }

    private void work() {
      try {
        while (!stopping() && committer.admit()) {
          Batch<I> batch = stopping() ? null : reader.next();
          if (batch == null || batch.isEmpty()) {
            if (batch != null) {
              exhausted.set(true);
            }
            committer.unused();
            return;
          }
          committer.awaitCommitted(batch.after());
          if (committer.failing()) {
            return;
          }
          store.commit(Commit.deferred(marks(batch)));
          List<Outcome<R>> outcomes = processor.process(batch.items());
          if (config.failureMode() == FailureMode.FAIL_FAST
              && outcomes.stream().anyMatch(o -> o instanceof Outcome.Failed)) {
            failedFast.set(true);
          }
          committer.submit(batch, outcomes);
          if (batch.suspect()) {
            committer.awaitCommitted(batch.sequence());
          }
        }
      } catch (Throwable t) {
        committer.fail(t);
      }
    }

    RunResult.Outcome outcome(StateCounts counts) {
      if (failedFast.get()) {
        return RunResult.Outcome.FAILED_FAST;
      }
      if (inFlight.stopping() && (!exhausted.get() || committer.notDone() > 0)) {
        return RunResult.Outcome.STOPPED;
      }
      return counts.failed() == 0 && counts.inProgress() == 0
          ? RunResult.Outcome.SUCCEEDED
          : RunResult.Outcome.COMPLETED_WITH_FAILURES;
    }

    /** IN_PROGRESS marks; items never recorded before are ranges of their ordinals, if any. */
    private List<Change> marks(Batch<I> batch) {
      CompactChanges.Builder marks = CompactChanges.builder();
      for (WorkItem<I> work : batch.items()) {
        if (work.previous() == null) {
          long ordinal = ordinalKeys ? work.ordinal() : -1;
          marks.working(CompactChanges.ranged(ordinal) ? null : work.key(), ordinal);
        } else {
          marks.add(
              Change.Item.inProgress(
                  work.key(), work.previousAttempts() + 1, work.interruptions()));
        }
      }
      return marks.build();
    }
  }
}
