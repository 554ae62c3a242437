package dev.ratchet.testkit;

import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store keeps the contract with an HMAC key, per-batch fsync and constant compaction. */
class ProtectedFileStoreContractTest extends CheckpointStoreContract {
  private static final byte[] KEY = "contract-test-hmac-key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;
  private Path current;

  private CheckpointStore build() {
    return FileStore.builder(current)
        .hmacKey(KEY)
        .fsync(FsyncPolicy.PER_BATCH)
        .compactAtBytes(512)
        .build();
  }

  @Override
  protected CheckpointStore newStore() {
    current = root.resolve("checkpoint");
    return build();
  }

  @Override
  protected CheckpointStore reopen() {
    return build();
  }
}
