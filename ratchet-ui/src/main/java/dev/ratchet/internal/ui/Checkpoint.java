package dev.ratchet.internal.ui;

import dev.ratchet.RatchetException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.MetaKeys;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One reading of a checkpoint directory, taken as a reader: no lock, no write. A live run may be
 * appending while it is read; a torn last record is ignored by the inspection, and a file that a
 * compaction renamed away mid-read makes the reading retry.
 *
 * @param id the directory relative to the dashboard's root, with '/' separators ("" for the root)
 * @param info what the checkpoint holds, or null if it could not be read ({@code problem} says why)
 * @param holder the pid of the live run that holds its lock, if any
 */
record Checkpoint(String id, Path dir, CheckpointInfo info, String problem, OptionalLong holder) {
  private static final int ATTEMPTS = 3;

  static Checkpoint read(String id, Path dir, LockProbe.Snapshot locks) {
    OptionalLong holder = locks.holder(dir.resolve("ratchet.lock"));
    RuntimeException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return new Checkpoint(id, dir, FileStore.inspect(dir), null, holder);
      } catch (RatchetException | UncheckedIOException e) {
        last = e;
      }
    }
    return new Checkpoint(id, dir, null, last.getMessage(), holder);
  }

  boolean live() {
    return holder.isPresent();
  }

  boolean readable() {
    return info != null;
  }

  String shape() {
    return info == null ? null : info.metadata().getOrDefault(MetaKeys.SHAPE, "items");
  }

  boolean isDag() {
    return "dag".equals(shape());
  }

  /** Items in the input (nodes of a DAG come from its structure), or -1 if unknown. */
  long inputItems() {
    String items = info == null ? null : info.metadata().get(MetaKeys.INPUT_ITEMS);
    try {
      return items == null ? -1 : Long.parseLong(items);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * What the run is doing: running (a live run holds it), interrupted (items were in progress when
   * a run died), failed, finished (kept after success), stopped, or unreadable.
   */
  String state(long total) {
    if (info == null) {
      return "unreadable";
    }
    if (live()) {
      return "running";
    }
    if (info.counts().inProgress() > 0) {
      return "interrupted";
    }
    if (info.counts().failed() > 0) {
      return "failed";
    }
    long settled = info.counts().done() + info.counts().skipped();
    return total >= 0 && settled >= total ? "finished" : "stopped";
  }
}
