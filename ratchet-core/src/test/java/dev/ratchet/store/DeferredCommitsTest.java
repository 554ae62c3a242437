package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.ItemState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred commits (acknowledged before they are forced) and the torn-tail rule that makes them
 * safe: a bad record is cut as a crash's torn write unless a later record shows it had been forced.
 * The crash cases copy the files of an open store (what a crash leaves) and damage the copy.
 */
class DeferredCommitsTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("ckpt");
  }

  private Path journal() {
    return dir().resolve("journal-1.log");
  }

  @Test
  void deferredCommitsAreAppliedUnforcedAndTheNextCommitForcesThem() {
    InstrumentedFileSystem fs = new InstrumentedFileSystem();
    try (FileStore store = FileStore.builder(dir()).fileSystem(fs).build()) {
      store.open();
      int before = fs.journalForces.get();
      for (int i = 0; i < 5; i++) {
        store.commit(Commit.deferred(List.of(Change.Item.inProgress(Integer.toString(i), 1, 0))));
      }
      assertThat(fs.journalForces.get()).isEqualTo(before);
      assertThat(store.counts().inProgress()).isEqualTo(5);
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      assertThat(fs.journalForces.get()).isEqualTo(before + 1);
      store.commit(Commit.deferred(List.of(Change.Item.done("1", 1, null))));
      store.commit(Commit.of());
      assertThat(fs.journalForces.get()).isEqualTo(before + 2);
    }
    try (FileStore store = FileStore.at(dir())) {
      assertThat(store.open().interrupted()).containsExactly("2", "3", "4");
      assertThat(store.counts().done()).isEqualTo(2);
    }
  }

  @Test
  void aTornUnforcedRecordIsCutWithTheUnconfirmedRecordsAfterIt() throws IOException {
    List<Long> ends = new ArrayList<>();
    Path crashed;
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      ends.add(Files.size(journal()));
      store.commit(Commit.deferred(List.of(Change.Item.inProgress("1", 1, 0))));
      ends.add(Files.size(journal()));
      store.commit(Commit.deferred(List.of(Change.Item.inProgress("2", 1, 0))));
      // A power cut here may keep the record of item 2 and tear the one of item 1: neither was
      // forced, and the record of item 2 says the journal was forced only up to item 1's record.
      crashed = crashCopy();
    }
    damageRecordAt(crashed, ends.get(0));
    try (FileStore store = FileStore.at(crashed)) {
      Recovery recovery = store.open();
      assertThat(recovery.tornTail()).isPresent();
      assertThat(recovery.tornTail().get().offset()).isEqualTo(ends.get(0));
      assertThat(store.get("0").map(ItemRecord::state)).contains(ItemState.DONE);
      assertThat(store.get("1")).isEmpty();
      assertThat(store.get("2")).isEmpty();
    }
  }

  @Test
  void aBadRecordIsDamageWhenALaterRecordShowsItWasForced() throws IOException {
    List<Long> ends = new ArrayList<>();
    Path crashed;
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      ends.add(Files.size(journal()));
      store.commit(Commit.deferred(List.of(Change.Item.inProgress("1", 1, 0))));
      store.commit(Commit.of(Change.Item.done("1", 1, null)));
      store.commit(Commit.of(Change.Item.done("2", 1, null)));
      crashed = crashCopy();
    }
    damageRecordAt(crashed, ends.get(0));
    assertThatThrownBy(() -> FileStore.at(crashed).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset " + ends.get(0))
        .hasMessageContaining("valid records follow it");
  }

  @Test
  void damageToRecordsWrittenBeforeTheirForceIsFoundAfterACleanClose() throws IOException {
    List<Long> ends = new ArrayList<>();
    try (FileStore store = FileStore.at(dir())) {
      store.open();
      ends.add(Files.size(journal()));
      store.commit(Commit.deferred(List.of(Change.Item.inProgress("1", 1, 0))));
      store.commit(Commit.deferred(List.of(Change.Item.done("1", 1, "{\"r\":1}"))));
      store.commit(Commit.deferred(List.of(Change.Item.inProgress("2", 1, 0))));
    }
    damageRecordAt(dir(), ends.get(0));
    assertThatThrownBy(() -> FileStore.at(dir()).open())
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining("journal-1.log at offset " + ends.get(0));
  }

  /** The checkpoint's files as a crash would leave them (no lock file). */
  private Path crashCopy() throws IOException {
    Path copy = tmp.resolve("crashed");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(dir())) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().endsWith(".lock")) {
          Files.copy(file, copy.resolve(file.getFileName()));
        }
      }
    }
    return copy;
  }

  /** Flips the checksum of the record at {@code offset}, as a torn write or bit rot would. */
  private static void damageRecordAt(Path checkpoint, long offset) throws IOException {
    Path journal = checkpoint.resolve("journal-1.log");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[(int) offset + 5] ^= 0x5a;
    Files.write(journal, bytes);
  }
}
