package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the next batch of items that still need work, skipping finished ones, and numbers the
 * batches in input order. Ordinal keys are checked against the store a run at a time ({@link
 * CheckpointStore#nextUndoneOrdinal}, {@link CheckpointStore#nextRecordedOrdinal}): DONE ones are
 * skipped and never-recorded ones are PENDING without a lookup, so planning costs what is left to
 * do. Items that were interrupted by a crash before run in suspect groups of their own, halved with
 * every crash and alone before the crash that would fail them as poison ({@link #groupSize}), so
 * that if one crashes the process again no other item is blamed for it. A key read twice while its
 * first occurrence is still in flight (keys of a non-ordinal source need not be unique) is skipped.
 * With several workers and a known total, batches shrink toward the end so that every worker gets a
 * share. Thread-safe: workers call {@link #next} in turn, the committer {@link #committed}.
 */
final class BatchReader<I> {
  private final ItemFeed<I> feed;
  private final CheckpointStore store;
  private final int batchSize;
  private final int poisonThreshold;
  private final boolean ordinalKeys;

  private final OptionalLong total;
  private final int workers;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private long undoneFrom;
  private long recordedFrom;
  private long position;
  private long sequence;
  private long lastSuspect = -1;
  private WorkItem<I> heldBack;
  private SeekPoint heldBackEnd;

  BatchReader(
      ItemSource.Cursor<I> cursor,
      CheckpointStore store,
      int batchSize,
      int poisonThreshold,
      long donePrefix,
      boolean ordinalKeys,
      OptionalLong total,
      int workers) {
    this.feed = ItemFeed.of(cursor, ordinalKeys);
    this.store = store;
    this.batchSize = batchSize;
    this.poisonThreshold = poisonThreshold;
    this.ordinalKeys = ordinalKeys;
    this.total = total;
    this.workers = workers;
    this.undoneFrom = donePrefix;
    this.recordedFrom = ordinalKeys ? store.nextRecordedOrdinal(donePrefix) : 0;
  }

  synchronized Batch<I> next() {
    int size = size();
    List<WorkItem<I>> items = new ArrayList<>(size);
    SeekPoint end = null;
    if (heldBack != null) {
      items.add(heldBack);
      end = heldBackEnd;
      size = Math.min(size, groupSize(heldBack));
      heldBack = null;
    }
    boolean read = false;
    while (items.size() < size) {
      WorkItem<I> work = feed.nextWork();
      if (work == null) {
        break;
      }
      read = true;
      long ordinal = work.ordinal();
      position = ordinal + 1;
      if (ordinalKeys && ordinal < undoneFrom) {
        continue;
      }
      ItemRecord previous = lookUp(work);
      if (!needsWork(previous) || (!ordinalKeys && !inFlight.add(work.key()))) {
        continue;
      }
      work = work.withPrevious(previous);
      if (items.isEmpty()) {
        size = Math.min(size, groupSize(work));
      } else if (work.interruptions() != items.get(0).interruptions()) {
        heldBack = work; // a suspect group holds suspects of one count alone, a batch none
        heldBackEnd = feed.end();
        return batch(items, feed.before());
      }
      items.add(work);
    }
    if (read) {
      end = feed.end();
    }
    return items.isEmpty() ? new Batch<>(-1, items, end, -1) : batch(items, end);
  }

  /**
   * How many items the batch that {@code first} starts may hold: a batch for an item no crash
   * interrupted; for a suspect, half a batch for each crash it was in flight for, and one alone
   * once one more crash would fail it as poison. So a crash's innocent in-flight items run again in
   * a few groups, not one by one; an item that crashes the process again takes its group down with
   * it, and the group's items go on in smaller groups. Only an item that crashed alone reaches the
   * poison threshold: one more crash fails no other item.
   */
  private int groupSize(WorkItem<I> first) {
    int interruptions = first.interruptions();
    if (interruptions == 0) {
      return batchSize;
    }
    if (interruptions + 1 >= poisonThreshold || interruptions >= Integer.SIZE - 1) {
      return 1;
    }
    return Math.max(1, batchSize >> interruptions);
  }

  /** Numbers a batch; a suspect waits for every batch before it, and later batches wait for it. */
  private Batch<I> batch(List<WorkItem<I>> items, SeekPoint end) {
    long number = sequence++;
    Batch<I> batch = new Batch<>(number, items, end, lastSuspect);
    if (batch.suspect()) {
      lastSuspect = number;
      return new Batch<>(number, items, end, number - 1);
    }
    return batch;
  }

  /** Forgets the keys of a committed batch (a later duplicate of them is looked up again). */
  void committed(Batch<I> batch) {
    if (!ordinalKeys) {
      batch.items().forEach(work -> inFlight.remove(work.key()));
    }
  }

  /** The batch size, or a fair share of what is left when several workers would otherwise idle. */
  private int size() {
    if (workers == 1 || total.isEmpty()) {
      return batchSize;
    }
    long left = Math.max(1, total.getAsLong() - position);
    return (int) Math.max(1, Math.min(batchSize, (left + workers - 1) / workers));
  }

  /**
   * The stored record of an item, or null. An ordinal key before the next recorded ordinal has no
   * record; once the reader reaches a recorded one it looks it up and moves both bounds past it.
   */
  private ItemRecord lookUp(WorkItem<I> item) {
    if (!ordinalKeys) {
      return store.get(item.key()).orElse(null);
    }
    long ordinal = item.ordinal();
    if (ordinal < recordedFrom) {
      return null;
    }
    ItemRecord record = store.get(item.key()).orElse(null);
    undoneFrom = store.nextUndoneOrdinal(ordinal + 1);
    recordedFrom = store.nextRecordedOrdinal(ordinal + 1);
    return record;
  }

  private boolean needsWork(ItemRecord record) {
    if (record == null) {
      return true;
    }
    return switch (record.state()) {
      case PENDING, IN_PROGRESS -> true;
      case DONE, SKIPPED -> false;
      case FAILED -> !record.manual() && record.interruptions() < poisonThreshold;
    };
  }
}
