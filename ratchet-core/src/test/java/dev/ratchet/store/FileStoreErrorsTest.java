package dev.ratchet.store;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad situation gets a clear error, asserted by message, and loses nothing. */
class FileStoreErrorsTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("ckpt");
  }

  private void createWithOneItem() {
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      store.commit(Commit.of(Change.Item.done("1", 1, null)));
    }
  }

  @Test
  void aDirectoryThatIsNotWritableIsRefused() throws IOException {
    Path readOnly = tmp.resolve("read-only");
    Files.createDirectory(readOnly);
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    if (Files.isWritable(readOnly)) {
      readOnly = Path.of("/proc/self"); // running as root: permissions do not bind, procfs does
    }
    FileStore store = FileStore.at(readOnly);
    assertThatThrownBy(store::open)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("checkpoint directory " + readOnly + " is not writable")
        .hasMessageContaining("fix its permissions or choose another directory");
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRefused() throws IOException {
    Path file = tmp.resolve("plain-file");
    Files.writeString(file, "x");
    FileStore store = FileStore.at(file.resolve("ckpt"));
    assertThatThrownBy(store::open)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("cannot create checkpoint directory " + file.resolve("ckpt"));
  }

  @Test
  void aCheckpointLockedByAnotherProcessIsRefusedUntilThatProcessDies() throws Exception {
    createWithOneItem();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                dir().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("LOCKED");
      FileStore store = FileStore.at(dir());
      assertThatThrownBy(store::open)
          .isInstanceOf(CheckpointLockedException.class)
          .hasMessage(
              "checkpoint "
                  + dir()
                  + " is in use by another running process; wait for it to finish or stop it"
                  + " first");
      assertThatThrownBy(() -> FileStore.at(dir()).delete())
          .isInstanceOf(CheckpointLockedException.class);
      assertThat(FileStore.inspect(dir()).counts().done()).isEqualTo(2);
    } finally {
      child.destroyForcibly().waitFor(); // SIGKILL: the OS releases the lock with the process
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.counts().done()).isEqualTo(2);
    }
  }

  @Test
  void aFutureFormatVersionInTheDescriptorIsRefused() throws IOException {
    createWithOneItem();
    Path descriptor = dir().resolve("checkpoint.json");
    Files.writeString(
        descriptor, Files.readString(descriptor).replace("\"format\" : 2", "\"format\" : 7"));
    assertThatThrownBy(() -> FileStore.at(dir()).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("checkpoint.json at offset 0")
        .hasMessageContaining("written by a newer Ratchet (format 7)")
        .hasMessageContaining("upgrade Ratchet");
  }

  @Test
  void aFutureFormatVersionInTheJournalHeaderIsRefused() throws IOException {
    createWithOneItem();
    Path journal = dir().resolve("journal-1.log");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[11] = 3; // format version, big-endian int at offset 8
    Files.write(journal, bytes);
    assertThatThrownBy(() -> FileStore.at(dir()).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset 8")
        .hasMessageContaining("written by a newer Ratchet (format 3)");
    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
  }

  @Test
  void damageBeforeTheTailNamesFileAndOffsetAndChangesNothing() throws IOException {
    createWithOneItem();
    Path journal = dir().resolve("journal-1.log");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[32 + 12] ^= 0x01; // inside the first record; two more follow
    Files.write(journal, bytes);
    assertThatThrownBy(() -> FileStore.at(dir()).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset 32: record checksum mismatch")
        .hasMessageContaining("and valid records follow it")
        .hasMessageContaining("--fresh");
    assertThat(Files.readAllBytes(journal)).isEqualTo(bytes);
  }

  @Test
  void aWrongHmacKeyIsRefusedWithoutPrintingTheKey() {
    byte[] key = "right-key-right-key".getBytes(StandardCharsets.UTF_8);
    try (FileStore store = FileStore.builder(dir()).hmacKey(key).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    byte[] wrong = "wrong-key-wrong-key".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FileStore.builder(dir()).hmacKey(wrong).build().open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset 32")
        .hasMessageContaining("HMAC mismatch: the key is wrong, or the checkpoint was changed")
        .hasMessageNotContaining("wrong-key")
        .hasMessageNotContaining("right-key");
    assertThatThrownBy(() -> FileStore.inspect(dir(), wrong))
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("the key is wrong");
  }

  @Test
  void aKeyForAnUnprotectedCheckpointIsRefused() {
    createWithOneItem();
    byte[] key = "some-key-some-key".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FileStore.builder(dir()).hmacKey(key).build().open())
        .hasMessageContaining("was written without an HMAC key but a key was given");
  }

  @Test
  void aShortHmacKeyIsRefusedAtBuildTime() {
    assertThatThrownBy(() -> FileStore.builder(dir()).hmacKey(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hmacKey must be at least 16 bytes, was 8 bytes");
    assertThatThrownBy(
            () -> FileStore.builder(dir()).fsync(FsyncPolicy.NEVER).fsync(FsyncPolicy.ALWAYS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("fsync was already set");
  }

  @Test
  void afterAnIoErrorCommitsAreRefusedUntilReopened() {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    try (FileStore store = FileStore.builder(dir()).fileSystem(fs).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      fs.failForce.set(true);
      assertThatThrownBy(() -> store.commit(Commit.of(Change.Item.done("1", 1, null))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("I/O error while forcing the journal to disk")
          .hasMessageContaining("injected force failure")
          .hasMessageContaining("until the store is reopened");
      fs.failForce.set(false);
      assertThatThrownBy(() -> store.commit(Commit.of(Change.Item.done("2", 1, null))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("refuses commits after an earlier I/O error");
      assertThat(store.get("0")).isPresent();
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.get("0")).isPresent();
      assertThat(store.get("2")).isEmpty();
      store.commit(Commit.of(Change.Item.done("2", 1, null)));
      assertThat(store.get("2")).isPresent();
    }
  }

  @Test
  void aFailedWriteLeavesTheCheckpointRecoverable() {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    try (FileStore store = FileStore.builder(dir()).fileSystem(fs).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      fs.failWrite.set(true);
      assertThatThrownBy(() -> store.commit(Commit.of(Change.Item.done("1", 1, null))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("injected write failure (disk full)");
      assertThat(store.get("1")).isEmpty();
    }
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      assertThat(store.counts().done()).isEqualTo(1);
    }
  }

  @Test
  void lostDescriptorWithRecordedWorkIsRefusedNotReplaced() throws IOException {
    createWithOneItem();
    Files.delete(dir().resolve("checkpoint.json"));
    assertThatThrownBy(() -> FileStore.at(dir()).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("checkpoint.json is missing but journal-1.log holds recorded work");
    assertThat(Files.exists(dir().resolve("journal-1.log"))).isTrue();
  }

  @Test
  void aJournalFromAnotherRunIsRefusedEvenWithTheSameKey() throws IOException {
    byte[] key = "shared-key-shared-key".getBytes(StandardCharsets.UTF_8);
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (Path dir : List.of(a, b)) {
      try (FileStore store =
          FileStore.builder(dir)
              .hmacKey(key)
              .fsync(FsyncPolicy.NEVER)
              .compactAtBytes(1024)
              .build()) {
        store.open();
        for (int i = 0; !Files.exists(dir.resolve("snapshot-2.snap")); i++) {
          store.commit(Commit.of(Change.Item.done(Integer.toString(i), 1, null)));
        }
      }
    }
    Files.copy(b.resolve("journal-2.log"), a.resolve("journal-2.log"), REPLACE_EXISTING);
    assertThatThrownBy(() -> FileStore.builder(a).hmacKey(key).build().open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-2.log at offset 0")
        .hasMessageContaining("files of two checkpoints were mixed");
  }
}
