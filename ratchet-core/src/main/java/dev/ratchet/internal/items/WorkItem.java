package dev.ratchet.internal.items;

import dev.ratchet.items.SourceItem;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemRecord;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An item to process and what the checkpoint held for it before this attempt. It holds the fields
 * of its {@link SourceItem} rather than the item itself, and an item of an ordinal-keyed source of
 * ours ({@link LineFeed}) makes its key only when something asks for it: a batch of an ordered
 * input is committed as ranges of ordinals and written with keys from its ordinals, so the key is
 * usually never needed. Immutable apart from that cached key (a benign race: any thread that makes
 * it makes the same string).
 */
final class WorkItem<I> {
  private String key;
  private final boolean keyFromOrdinal;
  private final I value;
  private final long ordinal;
  private final ItemRecord previous;
  private final ClaimedItem claim;
  private final Supplier<Map<String, String>> storedSteps;

  WorkItem(SourceItem<I> item, ItemRecord previous) {
    this(item, previous, null, null);
  }

  /**
   * @param previous the stored record, or null if the item was never recorded
   * @param claim on a shared run, the claim this worker holds on the item; null on a local store
   * @param storedSteps on a shared run whose server stores sub-steps, reads the item's stored
   *     sub-step values (a round trip, so it is asked only once a processor takes a step); else
   *     null
   */
  WorkItem(
      SourceItem<I> item,
      ItemRecord previous,
      ClaimedItem claim,
      Supplier<Map<String, String>> storedSteps) {
    this(item.key(), item.value(), item.ordinal(), previous, claim, storedSteps);
  }

  private WorkItem(
      String key,
      I value,
      long ordinal,
      ItemRecord previous,
      ClaimedItem claim,
      Supplier<Map<String, String>> storedSteps) {
    this.key = key;
    this.keyFromOrdinal = key == null;
    this.value = value;
    this.ordinal = ordinal;
    this.previous = previous;
    this.claim = claim;
    this.storedSteps = storedSteps;
  }

  /** An item whose key is its ordinal in decimal, made when first asked for. */
  static <I> WorkItem<I> ofOrdinal(long ordinal, I value) {
    return new WorkItem<>(null, value, ordinal, null, null, null);
  }

  /** This item with {@code record} as what the checkpoint held for it. */
  WorkItem<I> withPrevious(ItemRecord record) {
    return record == null
        ? this
        : new WorkItem<>(key(), value, ordinal, record, claim, storedSteps);
  }

  String key() {
    String k = key;
    if (k == null) {
      k = Long.toString(ordinal);
      key = k;
    }
    return k;
  }

  /** Whether the key is the decimal of the ordinal, known without making the key. */
  boolean keyFromOrdinal() {
    return keyFromOrdinal;
  }

  I value() {
    return value;
  }

  long ordinal() {
    return ordinal;
  }

  ItemRecord previous() {
    return previous;
  }

  ClaimedItem claim() {
    return claim;
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
