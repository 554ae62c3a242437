package dev.ratchet.internal.items;

import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemRecord;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An item to process and what the checkpoint held for it before this attempt.
 *
 * @param previous the stored record, or null if the item was never recorded
 * @param claim on a shared run, the claim this worker holds on the item; null on a local store
 * @param storedSteps on a shared run whose server stores sub-steps, reads the item's stored
 *     sub-step values (a round trip, so it is asked only once a processor takes a step); else null
 */
record WorkItem<I>(
    SourceItem<I> item,
    ItemRecord previous,
    ClaimedItem claim,
    Supplier<Map<String, String>> storedSteps) {
  WorkItem(SourceItem<I> item, ItemRecord previous) {
    this(item, previous, null, null);
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

  /** The sub-step values stored for this item before this attempt (empty if none). */
  Map<String, String> steps() {
    if (storedSteps != null) {
      return storedSteps.get();
    }
    return previous == null ? Map.of() : previous.steps();
  }
}
