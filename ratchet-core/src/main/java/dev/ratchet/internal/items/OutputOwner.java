package dev.ratchet.internal.items;

import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
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

  /**
   * @param command the command that started the run (the pipeline's {@code command}), or null: a
   *     refusal names the option in it that chose the checkpoint
   */
  static List<Change> check(
      CheckpointStore store, Map<String, String> owner, List<String> command) {
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
                + " choose another "
                + checkpointOption(command)
                + " for this output");
      }
    }
    return record;
  }

  /**
   * The option that chose the checkpoint in {@code command} ({@code --store} for {@code --store
   * sqlite:PATH}, {@code --checkpoint} for a directory), or the word "checkpoint" for a program.
   */
  static String checkpointOption(List<String> command) {
    if (command != null) {
      for (String arg : command) {
        if (arg.equals("--store") || arg.equals("--checkpoint")) {
          return arg;
        }
      }
    }
    return "checkpoint";
  }
}
