package dev.ratchet.internal.items;

import dev.ratchet.ItemState;
import dev.ratchet.RatchetException;
import dev.ratchet.internal.history.RunRecords;
import dev.ratchet.items.FailureMode;
import dev.ratchet.items.ItemOutput;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an item pipeline once: opens the checkpoint, then for each batch marks its items
 * IN_PROGRESS, processes them, writes the DONE ones to the sink and commits results, sink position
 * and the next batch's IN_PROGRESS marks in one atomic commit. A stop ends the loop after the batch
 * in flight: its items that did not finish go back to not done.
 */
public final class PipelineRunner<I, R> {
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
    ItemSource.Info input = source.inspect();
    config.sink().check();
    if (config.fresh()) {
      config.store().get().delete();
    }
    RunOpening.OpenedRun opened =
        RunOpening.open(
            config.store().get(), input, source.description(), config.poisonThreshold());
    CheckpointStore store = opened.store();
    boolean removed = false;
    try {
      RunResult.Outcome outcome;
      long processed;
      long killed;
      try (ItemSink.Writer<I, R> writer = config.sink().open(store.positions());
          ItemSource.Cursor<I> cursor = source.open(opened.start());
          BatchProcessor<I, R> processor =
              new BatchProcessor<>(config, store, opened.runId(), inFlight)) {
        BatchReader<I> reader =
            new BatchReader<>(
                cursor,
                store,
                config.batchSize(),
                config.poisonThreshold(),
                opened.donePrefix(),
                input.ordinalKeys());
        Loop loop =
            new Loop(
                store,
                writer,
                reader,
                processor,
                new SeekTracker(opened.start()),
                new ProgressMeter(config.progress(), input.total(), startNanos),
                input.ordinalKeys());
        outcome = loop.run();
        processed = loop.processed;
        killed = loop.killed;
        if (outcome == RunResult.Outcome.SUCCEEDED) {
          writer.complete();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("item pipeline I/O failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RatchetException("item pipeline interrupted; committed work is kept", e);
      }
      StateCounts counts = store.counts();
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
              processed,
              failed,
              opened.interrupted(),
              killed,
              Duration.ofNanos(System.nanoTime() - startNanos),
              removed);
      RunRecords.itemsEnded(
          new RunRecords.ItemRun(
              store.location(),
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

  /** The batch loop of one run. */
  private final class Loop {
    private final CheckpointStore store;
    private final ItemSink.Writer<I, R> writer;
    private final BatchReader<I> reader;
    private final BatchProcessor<I, R> processor;
    private final SeekTracker seek;
    private final ProgressMeter progress;
    private final boolean ordinalKeys;
    long processed;
    long killed;

    Loop(
        CheckpointStore store,
        ItemSink.Writer<I, R> writer,
        BatchReader<I> reader,
        BatchProcessor<I, R> processor,
        SeekTracker seek,
        ProgressMeter progress,
        boolean ordinalKeys) {
      this.store = store;
      this.writer = writer;
      this.reader = reader;
      this.processor = processor;
      this.seek = seek;
      this.progress = progress;
      this.ordinalKeys = ordinalKeys;
    }

    RunResult.Outcome run() throws IOException, InterruptedException {
      Batch<I> batch = inFlight.stopping() ? new Batch<>(List.of(), null) : reader.next();
      if (!batch.isEmpty()) {
        store.commit(Commit.of(marks(batch)));
      }
      RunResult.Outcome ending = null;
      while (!batch.isEmpty()) {
        List<Outcome<R>> outcomes = processor.process(batch.items());
        List<Change> changes = new ArrayList<>();
        List<ItemOutput<I, R>> outputs = new ArrayList<>();
        boolean anyFailed = record(batch, outcomes, changes, outputs);
        int notDone = countNotDone(outcomes);
        for (Map.Entry<String, Long> position : writer.write(outputs).entrySet()) {
          changes.add(new Change.Position(position.getKey(), position.getValue()));
        }
        changes.addAll(seek.drain());
        if (inFlight.stopping()) {
          ending = RunResult.Outcome.STOPPED;
        } else if (anyFailed && config.failureMode() == FailureMode.FAIL_FAST) {
          ending = RunResult.Outcome.FAILED_FAST;
        }
        Batch<I> next = ending != null ? new Batch<>(List.of(), null) : reader.next();
        changes.addAll(marks(next));
        store.commit(new Commit(changes, true));
        processed += batch.items().size() - notDone;
        if (ordinalKeys) {
          seek.afterCommit(batch.end(), store.doneOrdinalPrefix());
        }
        progress.report(store.counts(), processed);
        batch = next;
      }
      if (seek.hasPending()) {
        store.commit(Commit.of(seek.drain()));
      }
      if (ending != null) {
        return ending;
      }
      StateCounts counts = store.counts();
      return counts.failed() == 0 && counts.inProgress() == 0
          ? RunResult.Outcome.SUCCEEDED
          : RunResult.Outcome.COMPLETED_WITH_FAILURES;
    }

    private boolean record(
        Batch<I> batch,
        List<Outcome<R>> outcomes,
        List<Change> changes,
        List<ItemOutput<I, R>> outputs) {
      boolean anyFailed = false;
      for (int i = 0; i < outcomes.size(); i++) {
        WorkItem<I> work = batch.items().get(i);
        String key = work.key();
        Outcome<R> outcome = outcomes.get(i);
        if (outcome instanceof Outcome.Done<R> done) {
          changes.add(Change.Item.done(key, done.attempts(), null));
          outputs.add(new ItemOutput<>(key, work.item().value(), done.result()));
        } else if (outcome instanceof Outcome.Failed<R> failed) {
          anyFailed = true;
          changes.add(
              Change.Item.failed(key, failed.attempts(), work.interruptions(), failed.error()));
        } else if (outcome instanceof Outcome.Skipped<R> skipped) {
          changes.add(Change.Item.skipped(key, skipped.attempts(), skipped.reason()));
        } else if (outcome instanceof Outcome.NotDone<R> notDone) {
          changes.add(
              new Change.Item(
                  key,
                  ItemState.PENDING,
                  notDone.attempts(),
                  work.interruptions(),
                  null,
                  null,
                  false));
        }
      }
      return anyFailed;
    }

    private int countNotDone(List<Outcome<R>> outcomes) {
      int count = 0;
      for (Outcome<R> outcome : outcomes) {
        if (outcome instanceof Outcome.NotDone<R> notDone) {
          count++;
          killed += notDone.killed() ? 1 : 0;
        }
      }
      return count;
    }

    private List<Change> marks(Batch<I> batch) {
      List<Change> marks = new ArrayList<>(batch.items().size());
      for (WorkItem<I> work : batch.items()) {
        marks.add(
            Change.Item.inProgress(work.key(), work.previousAttempts() + 1, work.interruptions()));
      }
      return marks;
    }
  }
}
