package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource faults on real file systems: a tiny tmpfs that fills up, a read-only bind mount, a
 * checkpoint directory deleted while a run uses it, and a lock holder frozen with SIGSTOP. Tests
 * run as root, for whom chmod denies nothing, so "permission denied" is a read-only bind mount here
 * and a read-only file system through the seam in {@link ResourceFaultTest}. Mount tests are
 * skipped, with the reason, where the machine does not allow mounting.
 */
@ExtendWith(CountFailures.class)
class RealFileSystemFaultTest {
  private static final AtomicLong FAULTS = new AtomicLong();

  @TempDir Path tmp;

  private static Commit commit(int i) {
    return Commit.of(
        Change.Item.done(Integer.toString(i), 1, "\"" + "x".repeat(3000) + i + "\""),
        new Change.Position("out", i + 1));
  }

  @Test
  void aFullDiskStopsTheRunWithAClearErrorAndTheRunResumesOnceSpaceIsBack() throws IOException {
    Path mount = Files.createDirectory(tmp.resolve("small"));
    String refused = Mounts.tryMount("-t", "tmpfs", "-o", "size=192k", "tmpfs", mount.toString());
    assumeTrue(
        refused == null,
        "a real full disk needs a small tmpfs (root and CAP_SYS_ADMIN): " + refused);
    try {
      Path dir = mount.resolve("run.ckpt");
      Path filler = mount.resolve("filler");
      Files.write(filler, new byte[64 * 1024]);
      List<Commit> commits = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        commits.add(commit(i));
      }
      int acknowledged = 0;
      FileStore store = FileStore.builder(dir).compactAtBytes(24 * 1024).build();
      store.open();
      try {
        for (Commit commit : commits) {
          store.commit(commit);
          acknowledged++;
        }
      } catch (StoreUnavailableException e) {
        assertThat(e.getMessage()).contains("No space left on device").contains(dir.toString());
        FAULTS.incrementAndGet();
      } finally {
        try {
          store.close();
        } catch (StoreUnavailableException e) {
          assertThat(e.getMessage()).contains(dir.toString());
        }
      }
      assertThat(acknowledged).as("the disk filled up before the run ended").isLessThan(80);
      Files.delete(filler);
      try (FileStore resumed = FileStore.at(dir)) {
        resumed.open();
        StoreModel observed = StoreModel.observe(resumed, keys(80));
        int recovered = acknowledged;
        if (!observed.equals(StoreModel.after(commits.subList(0, acknowledged)))) {
          assertThat(observed).isEqualTo(StoreModel.after(commits.subList(0, acknowledged + 1)));
          recovered++;
        }
        commits.subList(recovered, 60).forEach(resumed::commit);
        assertThat(StoreModel.observe(resumed, keys(80)))
            .isEqualTo(StoreModel.after(commits.subList(0, 60)));
      }
    } finally {
      Mounts.unmount(mount);
    }
  }

  @Test
  void aReadOnlyCheckpointDirectoryIsRefusedClearlyAndLeftIntact() throws IOException {
    Path dir = tmp.resolve("run.ckpt");
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      store.commit(commit(0));
    }
    String refused = Mounts.tryMount("--bind", dir.toString(), dir.toString());
    assumeTrue(refused == null, "a read-only directory for root needs a bind mount: " + refused);
    try {
      String remount = Mounts.tryMount("-o", "remount,ro,bind", dir.toString());
      assumeTrue(remount == null, "a read-only directory for root needs a bind mount: " + remount);
      FileStore store = FileStore.at(dir);
      assertThatThrownBy(store::open)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("not writable");
      store.close();
      FAULTS.incrementAndGet();
      assertThat(FileStore.inspect(dir).counts().done()).isEqualTo(1);
    } finally {
      Mounts.unmount(dir);
    }
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      assertThat(store.get("0")).isPresent();
    }
  }

  @Test
  void aCheckpointDirectoryDeletedDuringARunStopsTheRunWithAClearError() throws IOException {
    Path dir = tmp.resolve("deleted.ckpt");
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      store.commit(commit(0));
      ScratchDirs.deleteTree(dir);
      FAULTS.incrementAndGet();
      assertThatThrownBy(() -> store.commit(commit(1)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("deleted");
    } catch (StoreUnavailableException closeError) {
      assertThat(closeError.getMessage()).contains(dir.toString());
    }
  }

  @Test
  void aFrozenLockHolderMakesASecondRunFailFastWithTheLockedError() throws Exception {
    Path dir = tmp.resolve("held.ckpt");
    Process holder = ChildJvm.start(HoldCheckpointMain.class, dir.toString());
    try {
      ChildJvm.awaitLine(holder, "locked");
      ChildJvm.signal(holder, "STOP");
      FAULTS.incrementAndGet();
      FileStore second = FileStore.at(dir);
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(second::open)
                  .isInstanceOf(CheckpointLockedException.class)
                  .hasMessageContaining(dir.toString()));
      second.close();
    } finally {
      holder.destroyForcibly();
      holder.waitFor();
    }
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      assertThat(store.get("held")).isPresent();
    }
  }

  private static List<String> keys(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(Integer.toString(i));
    }
    return keys;
  }

  @AfterAll
  static void recordFigures() {
    Figures.record(
        "faults on real file systems",
        FAULTS.get(),
        CountFailures.of(RealFileSystemFaultTest.class),
        "RealFileSystemFaultTest",
        "a tmpfs filled to ENOSPC, a read-only bind mount, a checkpoint directory deleted"
            + " mid-run, a lock holder frozen with SIGSTOP; "
            + CountFailures.skipped(RealFileSystemFaultTest.class)
            + " skipped because this machine does not allow mounts");
  }
}
