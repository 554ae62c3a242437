package dev.ratchet.sqlite;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.testkit.CheckpointStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared store contract against a real SQLite file. */
class SqliteStoreContractTest extends CheckpointStoreContract {
  @TempDir Path dir;
  private int n;

  @Override
  protected CheckpointStore newStore() {
    n++;
    return SqliteStore.of(dir.resolve("c" + n + ".db"));
  }

  @Override
  protected CheckpointStore reopen() {
    return SqliteStore.of(dir.resolve("c" + n + ".db"));
  }
}
