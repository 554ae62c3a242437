package dev.ratchet.internal.items;

import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemRecord;

/**
 * An item to process and what the checkpoint held for it before this attempt.
 *
 * @param previous the stored record, or null if the item was never recorded
 * @param claim on a shared run, the claim this worker holds on the item; null on a local store
 */
record WorkItem<I>(SourceItem<I> item, ItemRecord previous, ClaimedItem claim) {
  WorkItem(SourceItem<I> item, ItemRecord previous) {
    this(item, previous, null);
  }

  String key() {
    return item.key();
  }

  int previousAttempts() {
    return previous == null ? 0 : previous.attempts();
  }

  int interruptions() {
    return previous == null ? 0 : previous.interruptions();
  }
}
