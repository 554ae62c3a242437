package dev.ratchet.store;

import dev.ratchet.ItemState;
import java.util.Objects;

/**
 * How a cooperating worker finished a claimed item; committed with its {@code complete}. The
 * shared-run SPI's form of an item's {@link dev.ratchet.Outcome}: it names the claim it settles,
 * carries the result as JSON text, and adds {@link Released} for an item handed back unfinished.
 */
public sealed interface ItemOutcome {
  /** The claimed item this outcome belongs to. */
  ClaimedItem item();

  /** The state the item is committed in. */
  ItemState state();

  /** The item succeeded; {@code result} is JSON text stored with it (and exported). */
  record Done(ClaimedItem item, String result) implements ItemOutcome {
    public Done {
      Objects.requireNonNull(item, "item");
    }

    @Override
    public ItemState state() {
      return ItemState.DONE;
    }
  }

  /** The item failed; it stays FAILED in this run. */
  record Failed(ClaimedItem item, String error) implements ItemOutcome {
    public Failed {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(error, "error");
    }

    @Override
    public ItemState state() {
      return ItemState.FAILED;
    }
  }

  /** The item was skipped on purpose. */
  record Skipped(ClaimedItem item, String reason) implements ItemOutcome {
    public Skipped {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public ItemState state() {
      return ItemState.SKIPPED;
    }
  }

  /** The worker gives the item back unfinished (it is stopping); another worker takes it. */
  record Released(ClaimedItem item) implements ItemOutcome {
    public Released {
      Objects.requireNonNull(item, "item");
    }

    @Override
    public ItemState state() {
      return ItemState.PENDING;
    }
  }
}
