package dev.ratchet.internal.store;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ItemRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a checkpoint without locking it or changing any file. */
public final class StoreInspector {
  private StoreInspector() {}

  public static boolean exists(StoreFileSystem fs, Path dir) {
    return fs.exists(new StoreLayout(dir).descriptor());
  }

  /** The checkpoint's info; {@code key} null skips MAC verification. */
  public static CheckpointInfo inspect(StoreFileSystem fs, Path dir, byte[] key) {
    StoreLayout layout = new StoreLayout(dir);
    if (!fs.exists(layout.descriptor())) {
      return CheckpointInfo.absent(dir.toString());
    }
    return StateViews.info(dir.toString(), load(fs, layout, dir, key));
  }

  /**
   * Calls {@code action} for every record the checkpoint holds individually, without locking or
   * changing anything; does nothing if there is no checkpoint. {@code key} null skips MACs.
   */
  public static void forEachRecord(
      StoreFileSystem fs, Path dir, byte[] key, Consumer<ItemRecord> action) {
    StoreLayout layout = new StoreLayout(dir);
    if (fs.exists(layout.descriptor())) {
      load(fs, layout, dir, key).forEachRecord(action);
    }
  }

  private static LiveState load(StoreFileSystem fs, StoreLayout layout, Path dir, byte[] key) {
    try {
      Descriptor descriptor = Descriptor.read(fs, layout.descriptor());
      if (key != null) {
        descriptor.checkKey(dir.toString(), true);
      }
      CheckpointLoader.Loaded loaded = CheckpointLoader.load(fs, layout, descriptor, key, false);
      if (loaded.journal() != null) {
        loaded.journal().close();
      }
      return loaded.state();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read checkpoint " + dir + " (" + e + ")", e);
    }
  }
}
