package dev.ratchet.internal.store;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.CheckpointInfo;
import java.io.IOException;
import java.nio.file.Path;

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
    try {
      Descriptor descriptor = Descriptor.read(fs, layout.descriptor());
      if (key != null) {
        descriptor.checkKey(dir.toString(), true);
      }
      CheckpointLoader.Loaded loaded = CheckpointLoader.load(fs, layout, descriptor, key, false);
      if (loaded.journal() != null) {
        loaded.journal().close();
      }
      return StateViews.info(dir.toString(), loaded.state());
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read checkpoint " + dir + " (" + e + ")", e);
    }
  }
}
