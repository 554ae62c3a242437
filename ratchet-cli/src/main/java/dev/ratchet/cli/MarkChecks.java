package dev.ratchet.cli;

import dev.ratchet.ItemState;
import dev.ratchet.items.JsonLinesSink;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.util.Optional;

/** What {@code ratchet mark} refuses, checked while it holds the checkpoint's lock. */
final class MarkChecks {
  private MarkChecks() {}

  /**
   * A checkpoint that knows its input's item count (every {@code ratchet process} checkpoint) takes
   * only keys that are items of it: line numbers from 0 to count - 1.
   */
  static void requireItemOfInput(CheckpointStore store, String key) {
    String items = store.metadata().get(MetaKeys.INPUT_ITEMS);
    if (items == null) {
      return;
    }
    long count = Long.parseLong(items);
    boolean ordinal = key.matches("0|[1-9][0-9]{0,17}");
    if (!ordinal || Long.parseLong(key) >= count) {
      throw new UsageException(
          "key "
              + key
              + " is not an item of the input of "
              + store.location()
              + ": its keys are line numbers from 0 to "
              + (count - 1)
              + " ("
              + count
              + " items). Nothing was changed.");
    }
  }

  /**
   * A step of a pipeline ({@code ratchet run}) is done only with its result (exit code and output
   * tail, which later steps' {@code when:} read and a resume restores): a step marked done without
   * one made the next run refuse the checkpoint as damaged, and a step marked skipped was run again
   * anyway. Only {@code --pending} (run the step again) is taken.
   */
  static void requireAStateAStepCanTake(CheckpointStore store, String key, ItemState state) {
    if (state != ItemState.PENDING && "dag".equals(store.metadata().get(MetaKeys.SHAPE))) {
      throw new UsageException(
          store.location()
              + " is the checkpoint of a pipeline (ratchet run): step "
              + key
              + " cannot be marked "
              + state.name().toLowerCase()
              + " by hand, as a step is done only with its result (exit code and output), which"
              + " later steps read. Nothing was changed. To run a step again, mark it --pending"
              + " or run the pipeline with --from STEP.");
    }
  }

  /**
   * An item that is done already has its record in the output; running it again would write a
   * second one, so marking it pending is refused.
   */
  static void requireNoDuplicateOutput(
      CheckpointStore store, String key, Optional<ItemRecord> before, ItemState state) {
    boolean done = before.map(r -> r.state() == ItemState.DONE).orElse(false);
    boolean outputWritten = store.positions().containsKey(JsonLinesSink.POSITION);
    if (state == ItemState.PENDING && done && outputWritten) {
      throw new UsageException(
          "item "
              + key
              + " is done and its record is already in the output; running it again would write"
              + " it twice. Nothing was changed. To redo every item, run again with --fresh.");
    }
  }
}
