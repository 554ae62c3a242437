package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.CheckpointLockedException;
import dev.ratchet.ItemState;
import dev.ratchet.RatchetException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("ckpt");
  }

  private FileStore opened() {
    FileStore store = FileStore.at(dir());
    store.open();
    return store;
  }

  @Test
  void createsAnEmptyCheckpointWithRunIdAndPrivatePermissions() throws IOException {
    try (FileStore store = FileStore.at(dir())) {
      Recovery recovery = store.open();
      assertThat(recovery.created()).isTrue();
      assertThat(recovery.interrupted()).isEmpty();
      assertThat(recovery.tornTail()).isEmpty();
      assertThat(store.metadata()).containsKeys(MetaKeys.RUN_ID, MetaKeys.CREATED);
      assertThat(store.counts()).isEqualTo(StateCounts.EMPTY);
    }
    assertThat(FileStore.exists(dir())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(dir())) {
      for (Path file : files.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.toString())
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void commitsAreVisibleAfterReopen() {
    String runId;
    try (FileStore store = opened()) {
      runId = store.metadata().get(MetaKeys.RUN_ID);
      store.commit(
          Commit.of(
              Change.Item.done("0", 1, null),
              Change.Item.done("1", 1, "{\"n\":1}"),
              Change.Item.failed("2", 3, 0, "boom"),
              Change.Item.inProgress("3", 1, 0),
              new Change.Step("3", "read", "\"x\""),
              new Change.Position("out", 120),
              new Change.Meta(MetaKeys.INPUT_FINGERPRINT, "abc")));
    }
    try (FileStore store = FileStore.at(dir())) {
      Recovery recovery = store.open();
      assertThat(recovery.created()).isFalse();
      assertThat(recovery.interrupted()).containsExactly("3");
      assertThat(store.metadata().get(MetaKeys.RUN_ID)).isEqualTo(runId);
      assertThat(store.counts()).isEqualTo(new StateCounts(1, 2, 1, 0));
      assertThat(store.get("1").orElseThrow().result()).isEqualTo("{\"n\":1}");
      assertThat(store.get("2").orElseThrow().error()).isEqualTo("boom");
      assertThat(store.get("3").orElseThrow().steps()).isEqualTo(Map.of("read", "\"x\""));
      assertThat(store.get("4")).isEmpty();
      assertThat(store.positions()).isEqualTo(Map.of("out", 120L));
      assertThat(store.doneOrdinalPrefix()).isEqualTo(2);
      CheckpointInfo info = store.info();
      assertThat(info.runId()).isEqualTo(runId);
      assertThat(info.inputFingerprint()).isEqualTo("abc");
      assertThat(info.failed()).containsExactly(new CheckpointInfo.FailedItem("2", "boom"));
      assertThat(info.interrupted()).containsExactly("3");
      assertThat(info.lastCommit()).isNotNull();
    }
  }

  @Test
  void stepsAreDroppedWhenTheItemIsDone() {
    try (FileStore store = opened()) {
      store.commit(Commit.of(new Change.Step("a", "read", "1"), new Change.Step("a", "x", "2")));
      assertThat(store.get("a").orElseThrow().steps()).hasSize(2);
      store.commit(Commit.of(Change.Item.done("a", 1, "3")));
      assertThat(store.get("a").orElseThrow().steps()).isEmpty();
      assertThat(store.get("a").orElseThrow().state()).isEqualTo(ItemState.DONE);
    }
  }

  @Test
  void tornTailIsCutAndReported() throws IOException {
    try (FileStore store = opened()) {
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      store.commit(Commit.of(Change.Item.done("1", 1, null)));
    }
    Path journal = dir().resolve("journal-1.log");
    long size = Files.size(journal);
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.setLength(size - 5);
    }
    try (FileStore store = FileStore.at(dir())) {
      Recovery recovery = store.open();
      assertThat(recovery.tornTail()).isPresent();
      assertThat(store.get("0")).isPresent();
      assertThat(store.get("1")).isEmpty();
      store.commit(Commit.of(Change.Item.done("5", 1, null)));
    }
    try (FileStore store = FileStore.at(dir())) {
      assertThat(store.open().tornTail()).isEmpty();
      assertThat(store.get("5")).isPresent();
    }
  }

  @Test
  void damageBeforeTheTailIsAnErrorNamingFileAndOffset() throws IOException {
    try (FileStore store = opened()) {
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      store.commit(Commit.of(Change.Item.done("1", 1, null)));
    }
    Path journal = dir().resolve("journal-1.log");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[40] ^= 0x10;
    Files.write(journal, bytes);
    assertThatThrownBy(() -> opened())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset 32")
        .hasMessageContaining("valid records follow");
    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsLockedOut() {
    try (FileStore first = opened()) {
      FileStore second = FileStore.at(dir());
      assertThatThrownBy(second::open)
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessageContaining("in use by another running process");
    }
    try (FileStore again = opened()) {
      assertThat(again.counts()).isEqualTo(StateCounts.EMPTY);
    }
  }

  @Test
  void wrongHmacKeyIsRefused() {
    byte[] key = "0123456789abcdef0123".getBytes();
    try (FileStore store = FileStore.builder(dir()).hmacKey(key).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    byte[] wrong = "0123456789abcdef0124".getBytes();
    FileStore store = FileStore.builder(dir()).hmacKey(wrong).build();
    assertThatThrownBy(store::open)
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("the key is wrong")
        .hasMessageNotContaining("0123456789abcdef");
    FileStore noKey = FileStore.at(dir());
    assertThatThrownBy(noKey::open)
        .isInstanceOf(RatchetException.class)
        .hasMessageContaining("protected by an HMAC key");
    try (FileStore right = FileStore.builder(dir()).hmacKey(key).build()) {
      right.open();
      assertThat(right.get("0")).isPresent();
    }
  }

  @Test
  void compactionKeepsTheStateAndStartsANewGeneration() throws IOException {
    try (FileStore store =
        FileStore.builder(dir()).fsync(FsyncPolicy.NEVER).compactAtBytes(4096).build()) {
      store.open();
      for (int i = 0; i < 2000; i++) {
        store.commit(new Commit(List.of(Change.Item.inProgress(Integer.toString(i), 1, 0)), false));
        store.commit(Commit.of(Change.Item.done(Integer.toString(i), 1, null)));
      }
      store.commit(Commit.of(Change.Item.failed("x", 1, 0, "bad"), new Change.Position("p", 9)));
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir())) {
      files.forEach(p -> names.add(p.getFileName().toString()));
    }
    assertThat(names).noneMatch(n -> n.equals("journal-1.log"));
    assertThat(names).anyMatch(n -> n.startsWith("snapshot-"));
    try (FileStore store = opened()) {
      assertThat(store.doneOrdinalPrefix()).isEqualTo(2000);
      assertThat(store.counts()).isEqualTo(new StateCounts(0, 2000, 1, 0));
      assertThat(store.positions()).isEqualTo(Map.of("p", 9L));
      assertThat(store.get("x").orElseThrow().error()).isEqualTo("bad");
    }
    CheckpointInfo info = FileStore.inspect(dir());
    assertThat(info.exists()).isTrue();
    assertThat(info.counts().done()).isEqualTo(2000);
  }

  @Test
  void deleteRemovesOnlyTheStoresFiles() throws IOException {
    try (FileStore store = opened()) {
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    Files.writeString(dir().resolve("notes.txt"), "mine");
    FileStore.at(dir()).delete();
    try (Stream<Path> files = Files.list(dir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }
    Files.delete(dir().resolve("notes.txt"));
    try (FileStore store = opened()) {
      store.delete();
    }
    assertThat(Files.exists(dir())).isFalse();
    assertThat(FileStore.inspect(dir()).exists()).isFalse();
  }

  @Test
  void theForEachRecordActionMayCommit() {
    try (FileStore store = opened()) {
      store.commit(Commit.of(Change.Item.inProgress("a", 1, 0), Change.Item.inProgress("b", 1, 0)));
      store.forEachRecord(
          record -> store.commit(Commit.of(Change.Item.done(record.key(), 1, "\"again\""))));
      assertThat(store.counts()).isEqualTo(new StateCounts(0, 2, 0, 0));
    }
  }
}
