package dev.ratchet.testkit;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The journal file store keeps the store contract. */
class FileStoreContractTest extends CheckpointStoreContract {
  @TempDir Path root;
  private Path current;

  @Override
  protected CheckpointStore newStore() {
    current = root.resolve("checkpoint");
    return FileStore.at(current);
  }

  @Override
  protected CheckpointStore reopen() {
    return FileStore.at(current);
  }
}
