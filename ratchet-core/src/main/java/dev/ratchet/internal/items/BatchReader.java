package dev.ratchet.internal.items;

import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.items.SourceItem;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the next batch of items that still need work, skipping finished ones. Ordinal keys below
 * the done prefix are skipped without a store lookup. An item that was interrupted by a crash
 * before gets a batch of its own, so that if it crashes the process again only it is blamed.
 */
final class BatchReader<I> {
  private final ItemSource.Cursor<I> cursor;
  private final CheckpointStore store;
  private final int batchSize;
  private final int poisonThreshold;
  private final long donePrefix;
  private final boolean ordinalKeys;
  private WorkItem<I> heldBack;
  private SeekPoint heldBackEnd;

  BatchReader(
      ItemSource.Cursor<I> cursor,
      CheckpointStore store,
      int batchSize,
      int poisonThreshold,
      long donePrefix,
      boolean ordinalKeys) {
    this.cursor = cursor;
    this.store = store;
    this.batchSize = batchSize;
    this.poisonThreshold = poisonThreshold;
    this.donePrefix = donePrefix;
    this.ordinalKeys = ordinalKeys;
  }

  Batch<I> next() {
    if (heldBack != null) {
      Batch<I> alone = new Batch<>(List.of(heldBack), heldBackEnd);
      heldBack = null;
      return alone;
    }
    List<WorkItem<I>> items = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    SeekPoint end = null;
    while (items.size() < batchSize && cursor.hasNext()) {
      SourceItem<I> item = cursor.next();
      if (ordinalKeys && item.ordinal() < donePrefix) {
        end = item.next();
        continue;
      }
      ItemRecord previous = store.get(item.key()).orElse(null);
      if (!needsWork(previous) || !keys.add(item.key())) {
        end = item.next();
        continue;
      }
      WorkItem<I> work = new WorkItem<>(item, previous);
      if (work.interruptions() > 0) {
        if (items.isEmpty()) {
          return new Batch<>(List.of(work), item.next());
        }
        heldBack = work;
        heldBackEnd = item.next();
        return new Batch<>(items, end);
      }
      items.add(work);
      end = item.next();
    }
    return new Batch<>(items, end);
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
