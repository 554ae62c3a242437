package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fsync policies, group commit, compaction and crash windows, on real files. */
class FileStoreDurabilityTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("ckpt");
  }

  @Test
  void concurrentCommittersShareForces() throws Exception {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    int threads = 8;
    int perThread = 20;
    try (FileStore store = FileStore.builder(dir()).fileSystem(fs).build()) {
      store.open();
      int before = fs.journalForces.get();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    store.commit(Commit.of(Change.Item.done(thread + "-" + i, 1, null)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      int forces = fs.journalForces.get() - before;
      assertThat(forces).isPositive().isLessThan(threads * perThread);
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.counts().done()).isEqualTo(threads * perThread);
    }
  }

  @Test
  void perBatchForcesOnlyCommitsThatEndABatch() {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    try (FileStore store =
        FileStore.builder(dir()).fileSystem(fs).fsync(FsyncPolicy.PER_BATCH).build()) {
      store.open();
      int before = fs.journalForces.get();
      for (int batch = 0; batch < 5; batch++) {
        for (int i = 0; i < 10; i++) {
          String key = Integer.toString(batch * 10 + i);
          store.commit(new Commit(List.of(Change.Item.inProgress(key, 1, 0)), false));
        }
        store.commit(new Commit(List.of(Change.Item.done(Integer.toString(batch), 1, null)), true));
      }
      assertThat(fs.journalForces.get() - before).isEqualTo(5);
    }
  }

  @Test
  void neverForcesNoCommitButSurvivesAProcessRestart() {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    try (FileStore store =
        FileStore.builder(dir()).fileSystem(fs).fsync(FsyncPolicy.NEVER).build()) {
      store.open();
      int before = fs.journalForces.get();
      for (int i = 0; i < 20; i++) {
        store.commit(Commit.of(Change.Item.done(Integer.toString(i), 1, null)));
      }
      assertThat(fs.journalForces.get()).isEqualTo(before);
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.doneOrdinalPrefix()).isEqualTo(20);
    }
  }

  @Test
  void aCrashAfterTheSnapshotButBeforeTheNewJournalRecovers() throws IOException {
    fillUntilCompacted();
    long generation = currentGeneration();
    Files.delete(dir().resolve("journal-" + generation + ".log"));
    Files.writeString(dir().resolve("snapshot-" + (generation + 1) + ".snap.tmp"), "partial");
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.counts().done()).isEqualTo(snapshotDone);
      store.commit(Commit.of(Change.Item.done("x", 1, null)));
    }
    assertThat(Files.exists(dir().resolve("snapshot-" + (generation + 1) + ".snap.tmp"))).isFalse();
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.get("x")).isPresent();
    }
  }

  private long snapshotDone;

  private void fillUntilCompacted() throws IOException {
    try (FileStore store =
        FileStore.builder(dir()).fsync(FsyncPolicy.NEVER).compactAtBytes(2048).build()) {
      store.open();
      int i = 0;
      while (currentGeneration() < 2) {
        store.commit(Commit.of(Change.Item.done(Integer.toString(i++), 1, null)));
      }
      snapshotDone = store.counts().done();
    }
  }

  private long currentGeneration() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("snapshot-") && n.endsWith(".snap"))
          .mapToLong(n -> Long.parseLong(n.substring(9, n.length() - 5)))
          .max()
          .orElse(1);
    }
  }

  @Test
  void aCrashDuringCreationIsStartedAgain() throws IOException {
    try (FileStore store = FileStore.at(dir())) {
      store.open();
    }
    Files.delete(dir().resolve("checkpoint.json"));
    assertThat(FileStore.exists(dir())).isFalse();
    try (FileStore store = FileStore.at(dir())) {
      assertThat(store.open().created()).isTrue();
    }
    assertThat(FileStore.exists(dir())).isTrue();
  }

  @Test
  void inspectChangesNothingAndIgnoresATornTail() throws IOException {
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      store.commit(Commit.of(Change.Item.failed("a", 2, 0, "boom")));
      store.commit(Commit.of(Change.Item.inProgress("b", 1, 0)));
      store.commit(Commit.of(Change.Item.done("c", 1, null)));
    }
    Path journal = dir().resolve("journal-1.log");
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }
    byte[] before = Files.readAllBytes(journal);
    try (FileStore holder = FileStore.at(tmp.resolve("other"))) {
      holder.open();
      CheckpointInfo info = FileStore.inspect(dir());
      assertThat(info.exists()).isTrue();
      assertThat(info.counts()).isEqualTo(new StateCounts(1, 0, 1, 0));
      assertThat(info.failed()).containsExactly(new CheckpointInfo.FailedItem("a", "boom"));
      assertThat(info.interrupted()).containsExactly("b");
      assertThat(info.runId()).isNotBlank();
      assertThat(info.created()).isNotNull();
    }
    assertThat(Files.readAllBytes(journal)).isEqualTo(before);
  }

  @Test
  void inspectWorksWhileAWriterHoldsTheLock() {
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      assertThat(FileStore.inspect(dir()).counts().done()).isEqualTo(1);
    }
  }

  @Test
  void tenThousandDoneOrdinalsReopenAsARange() {
    try (FileStore store = FileStore.builder(dir()).fsync(FsyncPolicy.NEVER).build()) {
      store.open();
      List<Change> batch = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        batch.add(Change.Item.done(Integer.toString(i), 1, null));
        if (batch.size() == 1000) {
          store.commit(Commit.of(batch));
          batch.clear();
        }
      }
      store.commit(Commit.of(Change.Item.done("10001", 1, null)));
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.doneOrdinalPrefix()).isEqualTo(10_000);
      assertThat(store.counts().done()).isEqualTo(10_001);
      List<String> visited = new ArrayList<>();
      store.forEachRecord(record -> visited.add(record.key()));
      assertThat(visited).containsExactly("10001");
      store.commit(Commit.of(Change.Item.failed("5", 2, 0, "reset by hand")));
      assertThat(store.doneOrdinalPrefix()).isEqualTo(5);
      assertThat(store.counts().done()).isEqualTo(10_000);
    }
  }

  @Test
  void anInterruptedCommitterDoesNotBreakTheStore() throws Exception {
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      Thread.currentThread().interrupt();
      try {
        store.commit(Commit.of(Change.Item.done("0", 1, null)));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      Thread worker =
          new Thread(
              () -> {
                for (int i = 1; i <= 200; i++) {
                  store.commit(Commit.of(Change.Item.done(Integer.toString(i), 1, null)));
                }
              });
      worker.start();
      for (int i = 0; i < 50 && worker.isAlive(); i++) {
        worker.interrupt();
        Thread.sleep(2);
      }
      worker.join();
      store.commit(Commit.of(Change.Item.done("201", 1, null)));
      assertThat(store.doneOrdinalPrefix()).isEqualTo(202);
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.doneOrdinalPrefix()).isEqualTo(202);
    }
  }
}
