package dev.ratchet.internal.items;

import dev.ratchet.ItemState;
import dev.ratchet.items.RunResult;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first FAILED items of a checkpoint in key order, for a run's result. Walks FAILED records
 * only and keeps at most {@code limit} of them, so its memory does not grow with the items done.
 */
final class FailedItems {
  private static final Comparator<RunResult.FailedItem> ORDER =
      Comparator.comparing(RunResult.FailedItem::key, ItemKeys.ORDER);

  private FailedItems() {}

  static List<RunResult.FailedItem> first(CheckpointStore store, int limit) {
    PriorityQueue<RunResult.FailedItem> lowest = new PriorityQueue<>(ORDER.reversed());
    store.forEachRecordIn(
        ItemState.FAILED,
        record -> {
          lowest.add(new RunResult.FailedItem(record.key(), record.error()));
          if (lowest.size() > limit) {
            lowest.poll();
          }
        });
    List<RunResult.FailedItem> sorted = new ArrayList<>(lowest);
    sorted.sort(ORDER);
    return sorted;
  }
}
