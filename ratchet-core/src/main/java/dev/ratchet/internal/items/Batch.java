package dev.ratchet.internal.items;

import dev.ratchet.items.SeekPoint;
import java.util.List;

/**
 * The items of one batch to process.
 *
 * @param end where reading stopped after this batch (every item before it was read, processed now
 *     or found finished), or null if nothing was read or the source cannot seek
 */
record Batch<I>(List<WorkItem<I>> items, SeekPoint end) {
  Batch {
    items = List.copyOf(items);
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}
