package dev.ratchet.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockProbeTest {
  @TempDir Path dir;

  @Test
  void aHeldCheckpointLockIsSeenWithItsHolderWithoutTakingIt() {
    Path ckpt = dir.resolve("ckpt");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      LockProbe.Snapshot locks = LockProbe.read();
      assertThat(locks.available()).isTrue();
      assertThat(locks.holder(ckpt.resolve("ratchet.lock")))
          .hasValue(ProcessHandle.current().pid());
    }
    assertThat(LockProbe.read().holder(ckpt.resolve("ratchet.lock"))).isEmpty();
  }

  @Test
  void waitersAndOtherLinesOfTheLockTableAreNotHolders() {
    String table =
        "1: POSIX  ADVISORY  WRITE 30251 fe:00:2146734 0 EOF\n"
            + "2: -> POSIX  ADVISORY  WRITE 999 fe:00:77 0 EOF\n"
            + "3: FLOCK  ADVISORY  WRITE 12 08:01:55 0 EOF\n"
            + "garbage\n";
    assertThat(LockProbe.parse(table))
        .containsEntry("254:0:2146734", 30251L)
        .containsEntry("8:1:55", 12L)
        .doesNotContainKey("254:0:77");
    assertThat(LockProbe.key(0xfe00L, 2146734L)).isEqualTo("254:0:2146734");
  }
}
