package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.reliability.sim.SimFileSystem;
import dev.ratchet.reliability.sim.SimFileSystem.Kind;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Full disks and read-only file systems injected through the store's file seam at every write,
 * force, rename and directory fsync of a run that commits and compacts. After each fault the store
 * stops with a clear error, refuses further commits, and once space is back a reopened store holds
 * every acknowledged commit and finishes the run.
 */
@ExtendWith(CountFailures.class)
class ResourceFaultTest {
  private static final Path DIR = Path.of("/sim/faults.ckpt");
  private static final AtomicLong FAULTS = new AtomicLong();
  private static final int COMMITS = 40;

  private static List<Commit> commits() {
    List<Commit> commits = new ArrayList<>();
    for (int i = 0; i < COMMITS; i++) {
      commits.add(
          Commit.of(
              Change.Item.done(Integer.toString(i), 1, "{\"n\":\"" + "v".repeat(i * 7) + "\"}"),
              new Change.Position("out", i + 1)));
    }
    return commits;
  }

  private static FileStore store(SimFileSystem fs) {
    return FileStore.builder(DIR).fileSystem(fs).compactAtBytes(600).build();
  }

  @Test
  void diskFullAtAnyWriteForceOrRenameKeepsTheLastGoodStateAndTheRunResumes() {
    SimFileSystem dry = new SimFileSystem();
    List<SimFileSystem.Op> operations = new ArrayList<>();
    dry.inject(operations::add);
    try (FileStore store = store(dry)) {
      store.open();
      commits().forEach(store::commit);
    }
    int compactionFaults = 0;
    for (SimFileSystem.Op op : operations) {
      if (op.kind() != Kind.CREATE_DIRECTORY && op.kind() != Kind.LOCK) {
        long target = op.number();
        compactionFaults +=
            runWithFault(
                    o -> o.number() == target, SimFileSystem::diskFull, "No space left on device")
                ? 1
                : 0;
      }
    }
    assertThat(compactionFaults).as("faults that hit a compaction").isPositive();
  }

  @Test
  void aFileSystemTurningReadOnlyMidRunKeepsTheLastGoodState() {
    SimFileSystem fs = new SimFileSystem();
    List<Commit> commits = commits();
    int acknowledged = 0;
    try (FileStore store = store(fs)) {
      store.open();
      for (int i = 0; i < 10; i++) {
        store.commit(commits.get(i));
        acknowledged++;
      }
      fs.setReadOnly(true);
      assertThatThrownBy(() -> store.commit(commits.get(10)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("Read-only file system")
          .hasMessageContaining(DIR.toString());
      FAULTS.incrementAndGet();
    }
    FileStore readOnly = store(fs);
    assertThatThrownBy(readOnly::open)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("is not writable")
        .hasMessageContaining("fix its permissions or choose another directory");
    readOnly.close();
    fs.setReadOnly(false);
    assertResumes(fs, commits, acknowledged, false);
  }

  /** Runs all commits with one fault; returns whether the fault hit a compaction. */
  private static boolean runWithFault(
      Predicate<SimFileSystem.Op> when, Function<Path, IOException> error, String message) {
    SimFileSystem fs = new SimFileSystem();
    AtomicBoolean fired = new AtomicBoolean();
    AtomicBoolean inCompaction = new AtomicBoolean();
    fs.inject(
        op -> {
          if (!fired.get() && when.test(op)) {
            fired.set(true);
            inCompaction.set(
                op.path().toString().contains("snapshot")
                    || op.path().toString().endsWith(".log.tmp")
                    || (op.kind() == Kind.MOVE && !op.path().endsWith("checkpoint.json")));
            throw error.apply(op.path());
          }
        });
    List<Commit> commits = commits();
    int acknowledged = 0;
    boolean failedInCommit = false;
    FileStore store = store(fs);
    boolean opened = false;
    try {
      store.open();
      opened = true;
      for (Commit commit : commits) {
        store.commit(commit);
        acknowledged++;
      }
    } catch (StoreUnavailableException e) {
      assertThat(e.getMessage()).contains(message).contains(DIR.toString());
      failedInCommit = opened;
      if (opened) {
        assertThatThrownBy(() -> store.commit(commits.get(0)))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("refuses commits after an earlier I/O error");
      }
    } finally {
      closeAfterFault(store);
    }
    assertThat(fired).as("the fault was injected").isTrue();
    FAULTS.incrementAndGet();
    fs.inject(SimFileSystem.FaultPlan.NONE);
    assertResumes(fs, commits, acknowledged, failedInCommit);
    return inCompaction.get();
  }

  private static void closeAfterFault(FileStore store) {
    try {
      store.close();
    } catch (StoreUnavailableException e) {
      assertThat(e.getMessage()).contains(DIR.toString());
    }
  }

  /** Reopens with space back: acknowledged commits (and maybe the failed one) are there. */
  private static void assertResumes(
      SimFileSystem fs, List<Commit> commits, int acknowledged, boolean oneMayBeThere) {
    try (FileStore store = store(fs)) {
      store.open();
      StoreModel observed = StoreModel.observe(store, keys());
      int recovered = acknowledged;
      if (!observed.equals(StoreModel.after(commits.subList(0, acknowledged)))) {
        assertThat(oneMayBeThere).as("state after %d acknowledged commits", acknowledged).isTrue();
        assertThat(observed).isEqualTo(StoreModel.after(commits.subList(0, acknowledged + 1)));
        recovered++;
      }
      commits.subList(recovered, commits.size()).forEach(store::commit);
    }
    try (FileStore store = store(fs)) {
      store.open();
      assertThat(StoreModel.observe(store, keys())).isEqualTo(StoreModel.after(commits));
      assertThat(fs.list(DIR)).noneMatch(name -> name.endsWith(".tmp"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < COMMITS; i++) {
      keys.add(Integer.toString(i));
    }
    return keys;
  }

  @AfterAll
  static void recordFigures() {
    Figures.record(
        "faults injected through the file seam",
        FAULTS.get(),
        CountFailures.of(ResourceFaultTest.class),
        "ResourceFaultTest",
        "ENOSPC at every write, force, rename, delete and directory fsync of a run with"
            + " compactions, and a file system turning read-only mid-run");
  }
}
