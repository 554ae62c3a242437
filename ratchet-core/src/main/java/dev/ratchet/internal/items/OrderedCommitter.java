package dev.ratchet.internal.items;

import dev.ratchet.ItemState;
import dev.ratchet.Outcome;
import dev.ratchet.internal.store.CompactChanges;
import dev.ratchet.items.ItemSink;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Commits processed batches in input order (group commit), in two stages on two threads of its own.
 * Workers hand their batches over and go on with the next; every batch that is ready in order is
 * committed together. The sink stage writes their DONE items to the sink in one write; the journal
 * stage then commits their outcomes and the sink's positions to the checkpoint in one commit (one
 * force of the journal). A sink that can leave its force to the committer ({@link ForcedLater}, the
 * JSON-lines file) is forced by the journal stage, once for every group written since its last
 * commit, just before that commit; another sink forces each of its writes itself. So concurrent
 * batches share forces, a single worker's next batch is processed while the last one is made
 * durable, and the sink stage encodes the next group while the groups before it are forced. At most
 * {@code limit} batches are between being read and being committed.
 */
final class OrderedCommitter<I, R> {
  private final CheckpointStore store;
  private final ItemSink.Writer<I, R> writer;

  /** The writer, when the journal stage forces it (else null: it forces its own writes). */
  private final ForcedLater forcedLater;

  private final BatchReader<I> reader;
  private final SeekTracker seek;
  private final ProgressMeter progress;
  private final boolean ordinalKeys;
  private final Semaphore capacity;
  private final Object lock = new Object();
  private final Map<Long, Processed<I, R>> ready = new HashMap<>();
  private final BlockingQueue<Object> toJournal = new LinkedBlockingQueue<>();
  private final Thread sinkStage;
  private final Thread journalStage;
  private long next;
  private long committed;
  private boolean noMore;
  private Throwable failure;

  /** Whether {@code failure} is set: read without the lock on every worker's loop. */
  private volatile boolean anyFailure;

  private volatile long processed;
  private volatile long killed;
  private volatile long notDone;

  /** What the sink stage hands the journal stage when it has no more groups. */
  private static final Object END = new Object();

  /** A batch and the outcomes of its items, in order. */
  record Processed<I, R>(Batch<I> batch, List<Outcome<R>> outcomes) {}

  /** A group written to the sink, with the changes to commit for it. */
  private record Written<I, R>(List<Processed<I, R>> group, List<Change> changes, long items) {}

  OrderedCommitter(
      CheckpointStore store,
      ItemSink.Writer<I, R> writer,
      BatchReader<I> reader,
      SeekTracker seek,
      ProgressMeter progress,
      boolean ordinalKeys,
      int limit) {
    this.store = store;
    this.writer = writer;
    this.reader = reader;
    this.seek = seek;
    this.progress = progress;
    this.ordinalKeys = ordinalKeys;
    this.capacity = new Semaphore(limit);
    this.forcedLater = writer instanceof ForcedLater later ? later : null;
    if (forcedLater != null) {
      forcedLater.forceLater(); // before the sink stage starts
    }
    this.sinkStage = daemon(this::writeGroups, "ratchet-sink");
    this.journalStage = daemon(this::commitGroups, "ratchet-committer");
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Waits until one more batch may be read; false if the run is failing (read nothing then). A
   * worker that was admitted and then read nothing calls {@link #unused()}.
   */
  boolean admit() throws InterruptedException {
    capacity.acquire();
    if (failing()) {
      capacity.release();
      return false;
    }
    return true;
  }

  void unused() {
    capacity.release();
  }

  /** Hands over a processed batch; it will be committed after every batch before it. */
  void submit(Batch<I> batch, List<Outcome<R>> outcomes) {
    synchronized (lock) {
      ready.put(batch.sequence(), new Processed<>(batch, outcomes));
      lock.notifyAll();
    }
  }

  /**
   * Stops the run: batches already processed in order are still committed, nothing after them;
   * workers are let go. Keeps the first failure.
   */
  void fail(Throwable cause) {
    synchronized (lock) {
      if (failure != null) {
        if (cause != failure) {
          failure.addSuppressed(cause);
        }
        return;
      }
      failure = cause;
      anyFailure = true;
      lock.notifyAll();
    }
    capacity.release(Integer.MAX_VALUE / 2);
  }

  boolean failing() {
    return anyFailure;
  }

  /** Items committed so far as finished (DONE, FAILED or SKIPPED). */
  long processed() {
    return processed;
  }

  /** Items a stop interrupted in flight (committed as not done). */
  long killed() {
    return killed;
  }

  /** Items of processed batches that a stop kept from finishing (committed as not done). */
  long notDone() {
    return notDone;
  }

  /**
   * Commits what is still to come once every worker has stopped; returns the run's failure, if any
   * (no batch after the failed one is committed).
   */
  Throwable finish() throws InterruptedException {
    synchronized (lock) {
      noMore = true;
      lock.notifyAll();
    }
    sinkStage.join();
    journalStage.join();
    synchronized (lock) {
      return failure;
    }
  }

  /** The sink stage: takes groups of ready batches in order and writes them to the sink. */
  private void writeGroups() {
    try {
      while (true) {
        List<Processed<I, R>> group = new ArrayList<>();
        boolean last;
        synchronized (lock) {
          while (failure == null && !ready.containsKey(next) && !(noMore && ready.isEmpty())) {
            lock.wait();
          }
          while (ready.containsKey(next)) {
            group.add(ready.remove(next++));
          }
          last = failure != null || group.isEmpty();
        }
        if (!group.isEmpty()) {
          // After a failure, batches that finished before it are still committed: the work is done.
          toJournal.add(write(group));
        }
        if (last) {
          return;
        }
      }
    } catch (Throwable t) {
      fail(t);
    } finally {
      toJournal.add(END);
    }
  }

  /**
   * The journal stage: commits what the sink stage wrote, in the same order. Every group written
   * while the last commit was being forced goes into the next commit together, so they share one
   * force of the journal.
   */
  private void commitGroups() {
    boolean failed = false;
    List<Object> taken = new ArrayList<>();
    List<Written<I, R>> groups = new ArrayList<>();
    while (true) {
      taken.clear();
      try {
        taken.add(toJournal.take());
      } catch (InterruptedException e) {
        fail(e);
        return;
      }
      toJournal.drainTo(taken);
      boolean end = false;
      groups.clear();
      for (Object next : taken) {
        if (next == END) {
          end = true;
        } else {
          @SuppressWarnings("unchecked")
          Written<I, R> written = (Written<I, R>) next;
          groups.add(written);
        }
      }
      if (!failed) {
        try {
          if (!groups.isEmpty()) {
            commit(groups);
          }
          if (end && seek.hasPending()) {
            // deferred: no force of its own; if it survives, so did the commits it depends on
            store.commit(Commit.deferred(seek.drain()));
          }
        } catch (Throwable t) {
          fail(t);
          failed = true;
        }
      }
      if (end) {
        return;
      }
    }
  }

  /** Waits until every batch up to {@code sequence} is committed, or the run fails. */
  void awaitCommitted(long sequence) throws InterruptedException {
    if (sequence < 0) {
      return; // nothing to wait for (the usual case: no suspect before this batch)
    }
    synchronized (lock) {
      while (committed <= sequence && failure == null) {
        lock.wait();
      }
    }
  }

  private Written<I, R> write(List<Processed<I, R>> group) throws Exception {
    int size = 0;
    for (Processed<I, R> done : group) {
      size += done.outcomes().size();
    }
    CompactChanges.Builder changes = CompactChanges.builder();
    DoneItems<I, R> outputs = new DoneItems<>(size);
    long items = 0;
    for (Processed<I, R> done : group) {
      record(done, changes, outputs);
      for (Outcome<R> outcome : done.outcomes()) {
        if (outcome instanceof Outcome.NotDone<R> stopped) {
          notDone++;
          killed += stopped.killed() ? 1 : 0;
        } else {
          items++;
        }
      }
    }
    for (Map.Entry<String, Long> position : writer.write(outputs).entrySet()) {
      changes.add(new Change.Position(position.getKey(), position.getValue()));
    }
    return new Written<>(group, changes.build(), items);
  }

  /**
   * Commits the changes of {@code groups} in one commit, with the seek point the commits before
   * them reached (it rides along rather than costing a record of its own; it is behind them, so
   * committing it later is safe).
   */
  private void commit(List<Written<I, R>> groups) throws IOException {
    List<Change> changes;
    if (groups.size() == 1 && !seek.hasPending()) {
      changes = groups.get(0).changes();
    } else {
      CompactChanges.Builder all = CompactChanges.builder();
      for (Written<I, R> written : groups) {
        all.addAll(written.changes()); // (the runs of consecutive groups join into one)
      }
      changes = all.addAll(seek.drain()).build();
    }
    if (forcedLater != null) {
      forcedLater.force(); // the output these changes' positions count, before they are committed
    }
    store.commit(new Commit(changes, true));
    int batches = 0;
    long items = 0;
    Processed<I, R> last = null;
    for (Written<I, R> written : groups) {
      for (Processed<I, R> done : written.group()) {
        reader.committed(done.batch());
        last = done;
        batches++;
      }
      items += written.items();
    }
    processed += items;
    synchronized (lock) {
      committed = last.batch().sequence() + 1;
      lock.notifyAll();
    }
    capacity.release(batches);
    if (ordinalKeys) {
      seek.afterCommit(last.batch().end(), store.doneOrdinalPrefix());
    }
    progress.report(store.counts(), processed);
  }

  /**
   * The outcomes of one batch as changes (a DONE item at its first attempt of an ordered input as
   * part of a range of ordinals) and its DONE items as outputs.
   */
  private void record(
      Processed<I, R> done, CompactChanges.Builder changes, DoneItems<I, R> outputs) {
    List<WorkItem<I>> items = done.batch().items();
    for (int i = 0; i < items.size(); i++) {
      WorkItem<I> work = items.get(i);
      Outcome<R> outcome = done.outcomes().get(i);
      if (outcome instanceof Outcome.Done<R> ok) {
        long ordinal = ordinalKeys ? work.ordinal() : -1;
        if (ok.attempts() == 1) {
          changes.done(CompactChanges.ranged(ordinal) ? null : work.key(), ordinal);
        } else {
          changes.add(Change.Item.done(work.key(), ok.attempts(), null));
        }
        outputs.add(work, ok.result());
        continue;
      }
      String key = work.key();
      if (outcome instanceof Outcome.Failed<R> failed) {
        changes.add(
            Change.Item.failed(key, failed.attempts(), work.interruptions(), failed.error()));
      } else if (outcome instanceof Outcome.Skipped<R> skipped) {
        changes.add(Change.Item.skipped(key, skipped.attempts(), skipped.reason()));
      } else if (outcome instanceof Outcome.NotDone<R> notDone) {
        // a stop came first: back to not done, to run again next time
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
  }
}
