package dev.ratchet.internal.items;

import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.SeekPoint;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a run's checkpoint: creates or checks its metadata (a changed input is refused), and deals
 * with items a crash interrupted: each one's interruption count goes up and it waits to be run
 * again alone, or it is FAILED once it has crashed the process too often.
 */
final class RunOpening {
  static final String SHAPE_ITEMS = "items";
  private static final Logger log = LoggerFactory.getLogger(RunOpening.class);

  /**
   * An opened checkpoint.
   *
   * @param interrupted keys found IN_PROGRESS
   * @param donePrefix every ordinal key below this is DONE (0 if keys are not ordinals)
   * @param start where to start reading the input
   */
  record OpenedRun(
      CheckpointStore store,
      String runId,
      List<String> interrupted,
      long donePrefix,
      SeekPoint start,
      ItemSource.Info input) {}

  private RunOpening() {}

  /**
   * Takes the checkpoint's lock first, then inspects the input ({@code inspect} reads it whole) and
   * checks the checkpoint against it: no check and no read of the input happens before the lock.
   */
  static OpenedRun open(
      CheckpointStore store,
      Supplier<ItemSource.Info> inspect,
      String inputName,
      int poisonThreshold,
      Map<String, String> owner,
      List<String> command,
      String work) {
    Recovery recovery = store.open();
    try {
      ItemSource.Info input = inspectOrForget(store, inspect);
      recovery
          .tornTail()
          .ifPresent(
              t ->
                  log.warn(
                      "checkpoint {}: cut a torn record ({} bytes at offset {} of {}) left by a"
                          + " crash",
                      store.location(),
                      t.bytes(),
                      t.offset(),
                      t.file()));
      List<Change> opening = new ArrayList<>();
      String runId = checkMetadata(store, input, inputName, opening);
      opening.addAll(OutputOwner.check(store, owner, command));
      if (work != null && !work.equals(store.metadata().get(MetaKeys.WORK))) {
        opening.add(new Change.Meta(MetaKeys.WORK, work));
      }
      if (!opening.isEmpty()) {
        store.commit(Commit.of(opening));
      }
      List<String> interrupted = recovery.interrupted();
      markInterrupted(store, interrupted, poisonThreshold);
      long prefix = input.ordinalKeys() ? store.doneOrdinalPrefix() : 0;
      SeekPoint start =
          input.ordinalKeys() ? SeekTracker.committed(store.positions(), prefix) : SeekPoint.START;
      return new OpenedRun(store, runId, interrupted, prefix, start, input);
    } catch (RuntimeException e) {
      try {
        store.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Inspects the input; if that fails, a checkpoint this call created is removed again. */
  private static ItemSource.Info inspectOrForget(
      CheckpointStore store, Supplier<ItemSource.Info> inspect) {
    try {
      return inspect.get();
    } catch (RuntimeException e) {
      if (!store.metadata().containsKey(MetaKeys.SHAPE) && store.counts().total() == 0) {
        try {
          store.delete();
        } catch (RuntimeException deleting) {
          e.addSuppressed(deleting);
        }
      }
      throw e;
    }
  }

  /**
   * Checks the checkpoint's metadata against the input, or adds to {@code changes} the metadata of
   * a new checkpoint (committed with the rest of the opening record, in one commit).
   */
  private static String checkMetadata(
      CheckpointStore store, ItemSource.Info input, String inputName, List<Change> changes) {
    Map<String, String> meta = store.metadata();
    String shape = meta.get(MetaKeys.SHAPE);
    if (shape == null) {
      String runId = meta.getOrDefault(MetaKeys.RUN_ID, UUID.randomUUID().toString());
      changes.add(new Change.Meta(MetaKeys.RUN_ID, runId));
      if (!meta.containsKey(MetaKeys.CREATED)) {
        changes.add(new Change.Meta(MetaKeys.CREATED, Instant.now().toString()));
      }
      changes.add(new Change.Meta(MetaKeys.INPUT_FINGERPRINT, input.fingerprint()));
      input
          .total()
          .ifPresent(n -> changes.add(new Change.Meta(MetaKeys.INPUT_ITEMS, Long.toString(n))));
      changes.add(new Change.Meta(MetaKeys.SHAPE, SHAPE_ITEMS));
      return runId;
    }
    if (!shape.equals(SHAPE_ITEMS)) {
      throw new CheckpointMismatchException(
          store.location(), "it was written by a " + shape + " run, not an item pipeline");
    }
    String stored = meta.get(MetaKeys.INPUT_FINGERPRINT);
    if (!Objects.equals(stored, input.fingerprint())) {
      throw new CheckpointMismatchException(
          store.location(),
          "the input "
              + inputName
              + " changed since the checkpoint was written (fingerprint was "
              + stored
              + ", now "
              + input.fingerprint()
              + "), so finished items would no longer line up with it");
    }
    String runId = meta.get(MetaKeys.RUN_ID);
    if (runId == null) {
      throw new CheckpointMismatchException(store.location(), "it has no run id");
    }
    return runId;
  }

  private static void markInterrupted(
      CheckpointStore store, List<String> interrupted, int poisonThreshold) {
    List<Change> changes = new ArrayList<>();
    for (String key : interrupted) {
      ItemRecord record = store.get(key).orElse(null);
      if (record == null || record.state() != ItemState.IN_PROGRESS) {
        continue;
      }
      int times = record.interruptions() + 1;
      if (times >= poisonThreshold) {
        String reason = "crashed the process " + times + " times";
        log.warn("item {} {}; marking it FAILED", key, reason);
        changes.add(Change.Item.failed(key, record.attempts(), times, reason));
      } else {
        changes.add(
            new Change.Item(key, ItemState.PENDING, record.attempts(), times, null, null, false));
      }
    }
    if (!changes.isEmpty()) {
      store.commit(Commit.of(changes));
    }
  }
}
