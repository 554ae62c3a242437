package dev.ratchet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Recovery properties of the journal: cutting it at any byte offset recovers exactly the state
 * after the last complete commit, and flipping any byte before the last record is detected. Each
 * history is written by a real {@link FileStore} on disk; the cut and flipped copies are replayed
 * by the same scanner that {@code open()} uses, from memory, so every offset can be tried.
 */
class JournalRecoveryPropertiesTest {
  private static final byte[] KEY = "property-test-key-0123".getBytes();

  /** A history written to disk: the journal bytes and the state after each commit. */
  private record Written(byte[] journal, List<Long> ends, List<StoreDump> states) {}

  @Provide
  Arbitrary<List<List<Change>>> histories() {
    return Histories.histories(6);
  }

  @Property(tries = 25)
  void cuttingTheJournalAnywhereRecoversTheLastCompleteCommit(
      @ForAll("histories") List<List<Change>> history) throws IOException {
    checkCuts(write(history, null), null);
  }

  @Property(tries = 10)
  void cuttingAMacProtectedJournalAnywhereRecoversTheLastCompleteCommit(
      @ForAll("histories") List<List<Change>> history) throws IOException {
    checkCuts(write(history, KEY), KEY);
  }

  @Property(tries = 15)
  void flippingAnyByteBeforeTheLastRecordIsDetected(@ForAll("histories") List<List<Change>> history)
      throws IOException {
    checkFlips(write(history, null), null);
  }

  @Property(tries = 5)
  void flippingAnyByteOfAMacProtectedJournalIsDetected(
      @ForAll("histories") List<List<Change>> history) throws IOException {
    checkFlips(write(history, KEY), KEY);
  }

  private static void checkCuts(Written written, byte[] key) {
    byte[] journal = written.journal();
    for (int cut = FileHeader.SIZE; cut <= journal.length; cut++) {
      int complete = 0;
      while (complete + 1 < written.ends().size() && written.ends().get(complete + 1) <= cut) {
        complete++;
      }
      LiveState state = new LiveState();
      JournalScanner.Result result = scan(journal, cut, key, state);
      assertThat(StoreDump.of(state, Histories.KEYS))
          .as("state after cutting at %d of %d", cut, journal.length)
          .isEqualTo(written.states().get(complete));
      assertThat(result.validEnd()).isEqualTo(written.ends().get(complete));
      assertThat(result.tornTail().isPresent())
          .as("torn tail reported at cut %d", cut)
          .isEqualTo(cut != written.ends().get(complete));
    }
  }

  private static void checkFlips(Written written, byte[] key) {
    byte[] journal = written.journal();
    List<Long> ends = written.ends();
    long lastRecordStart = ends.get(ends.size() - 2);
    for (int at = 0; at < journal.length; at++) {
      for (int mask : new int[] {1 << (at % 8), 0xff}) {
        byte[] flipped = journal.clone();
        flipped[at] ^= (byte) mask;
        int offset = at;
        if (at < lastRecordStart) {
          assertThatThrownBy(() -> scan(flipped, flipped.length, key, new LiveState()))
              .as("flip of byte %d (mask %x) of %d", offset, mask, journal.length)
              .isInstanceOf(CheckpointDamagedException.class);
          continue;
        }
        LiveState state = new LiveState();
        try {
          JournalScanner.Result result = scan(flipped, flipped.length, key, state);
          assertThat(result.tornTail()).as("flip in last record %d", offset).isPresent();
          assertThat(StoreDump.of(state, Histories.KEYS))
              .isEqualTo(written.states().get(ends.size() - 2));
        } catch (CheckpointDamagedException expected) {
          // also acceptable: a changed last record may be reported instead of cut
        }
      }
    }
  }

  private static JournalScanner.Result scan(
      byte[] journal, int length, byte[] key, LiveState into) {
    try {
      return JournalScanner.scan(
          Path.of("journal-1.log"), new BytesFile(journal, length), 1, key, into);
    } catch (IOException e) {
      return fail("in-memory read failed", e);
    }
  }

  private static Written write(List<List<Change>> history, byte[] key) throws IOException {
    Path dir = Files.createTempDirectory("ratchet-prop");
    try {
      FileStore.Builder builder = FileStore.builder(dir.resolve("c")).fsync(FsyncPolicy.NEVER);
      if (key != null) {
        builder.hmacKey(key);
      }
      Path journal = dir.resolve("c").resolve("journal-1.log");
      List<Long> ends = new ArrayList<>();
      List<StoreDump> states = new ArrayList<>();
      try (FileStore store = builder.build()) {
        store.open();
        ends.add((long) FileHeader.SIZE);
        states.add(StoreDump.of(new LiveState(), Histories.KEYS));
        ends.add(Files.size(journal));
        states.add(StoreDump.of(store, Histories.KEYS));
        for (List<Change> changes : history) {
          store.commit(Commit.of(changes));
          ends.add(Files.size(journal));
          states.add(StoreDump.of(store, Histories.KEYS));
        }
      }
      return new Written(Files.readAllBytes(journal), ends, states);
    } finally {
      FileStore.at(dir.resolve("c")).delete();
      Files.deleteIfExists(dir);
    }
  }
}
