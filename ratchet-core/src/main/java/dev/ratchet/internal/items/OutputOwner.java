package dev.ratchet.internal.items;

import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ties a checkpoint to its output: the sink's {@link dev.ratchet.items.ItemSink#owner()} is
 * recorded in the checkpoint's metadata, and a checkpoint that records another output is refused
 * before the output is opened, so a checkpoint never cuts back a file that is not its own.
 */
final class OutputOwner {
  private OutputOwner() {}

  static void checkOrRecord(CheckpointStore store, Map<String, String> owner) {
    Map<String, String> meta = store.metadata();
    List<Change> record = new ArrayList<>();
    for (Map.Entry<String, String> entry : owner.entrySet()) {
      String stored = meta.get(entry.getKey());
      if (stored == null) {
        record.add(new Change.Meta(entry.getKey(), entry.getValue()));
      } else if (!stored.equals(entry.getValue())) {
        throw new CheckpointMismatchException(
            store.location(),
            "it holds the progress of output "
                + stored
                + ", not of "
                + entry.getValue()
                + "; nothing was changed. Give the --output that belongs to this checkpoint, or"
                + " choose another --checkpoint for this output");
      }
    }
    if (!record.isEmpty()) {
      store.commit(Commit.of(record));
    }
  }
}
