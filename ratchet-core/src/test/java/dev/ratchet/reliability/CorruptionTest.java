package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.reliability.CorruptionJudge.Verdict;
import dev.ratchet.store.FileStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages real sample checkpoints in every way a disk or a person can and opens each with the real
 * store: every single-byte flip and every truncation point of every file, swapped blocks, swapped
 * records, records and files from another run, and an edited result with a valid CRC. Each must end
 * in the right state, a cut torn tail, or a clear error naming file and offset.
 */
@ExtendWith(CountFailures.class)
class CorruptionTest {
  private static final byte[] KEY =
      "corruption-test-hmac-key-32bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FLIPS_CI = {(byte) 0xFF};
  private static final byte[] FLIPS_FULL = {(byte) 0xFF, 0x01, (byte) 0x80, 0x20};

  @TempDir static Path fallback;
  private static Path tmp;
  private static List<SampleCheckpoint> samples;
  private static SampleCheckpoint keyedOther;
  private static long cases;
  private static long detected;
  private static long torn;
  private static long boundary;

  @BeforeAll
  static void writeSamples() throws Exception {
    tmp = ScratchDirs.fast(fallback, "corruption");
    samples =
        List.of(
            sample("plain journal", null, false, 1),
            sample("keyed journal", KEY, false, 2),
            sample("keyed snapshot and journal", KEY, true, 3));
    keyedOther = sample("another keyed run", KEY, false, 4);
    assertThat(samples.get(2).files().keySet()).anyMatch(n -> n.startsWith("snapshot-"));
  }

  /** The samples damaged at every offset: all of them in a full run, two in the CI slice. */
  private static List<SampleCheckpoint> exhaustive() {
    return Figures.scale() > 1 ? samples : List.of(samples.get(0), samples.get(2));
  }

  private static SampleCheckpoint sample(String name, byte[] key, boolean compacted, int salt)
      throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("sample-" + salt));
    return SampleCheckpoint.write(name, dir, key, compacted, salt);
  }

  @Test
  void everySingleByteFlipEndsInTheRightStateACutTailOrAClearError() {
    byte[] flips = Figures.scale() > 1 ? FLIPS_FULL : FLIPS_CI;
    for (SampleCheckpoint sample : exhaustive()) {
      CorruptionJudge judge = new CorruptionJudge(sample);
      for (String name : sample.names()) {
        byte[] original = sample.files().get(name);
        for (int offset = 0; offset < original.length; offset++) {
          for (byte flip : flips) {
            byte[] damaged = original.clone();
            damaged[offset] ^= flip;
            judge.judge(
                sample.with(name, damaged), "flip " + flip + " at " + name + ":" + offset, false);
          }
        }
      }
      assertThat(judge.counts()).containsKey(Verdict.DETECTED);
      tally(judge);
    }
  }

  @Test
  void everyTruncationPointEndsInAnEarlierStateOrAClearError() {
    for (SampleCheckpoint sample : exhaustive()) {
      CorruptionJudge judge = new CorruptionJudge(sample);
      for (String name : sample.names()) {
        byte[] original = sample.files().get(name);
        for (int length = 0; length < original.length; length++) {
          judge.judge(
              sample.with(name, Arrays.copyOf(original, length)),
              "truncated " + name + " to " + length,
              true);
        }
      }
      assertThat(judge.counts()).containsKeys(Verdict.DETECTED, Verdict.TORN_TAIL_CUT);
      tally(judge);
    }
  }

  @Test
  void swappedBlocksAreDetected() {
    for (SampleCheckpoint sample : samples) {
      CorruptionJudge judge = new CorruptionJudge(sample);
      for (String name : sample.names()) {
        byte[] original = sample.files().get(name);
        for (int block : new int[] {64, 256, 512}) {
          for (int at = 0; at + 2 * block <= original.length; at += block) {
            byte[] damaged = original.clone();
            System.arraycopy(original, at + block, damaged, at, block);
            System.arraycopy(original, at, damaged, at + block, block);
            if (!Arrays.equals(damaged, original)) {
              Verdict verdict =
                  judge.judge(
                      sample.with(name, damaged),
                      "swapped " + block + "-byte blocks at " + name + ":" + at,
                      false);
              if (!name.equals("checkpoint.json")) {
                assertThat(verdict)
                    .as("swap at %s:%d", name, at)
                    .isIn(Verdict.DETECTED, Verdict.TORN_TAIL_CUT);
              }
            }
          }
        }
      }
      tally(judge);
    }
  }

  @Test
  void recordsSwappedInAKeyedJournalAreDetected() {
    SampleCheckpoint sample = samples.get(1);
    CorruptionJudge judge = new CorruptionJudge(sample);
    byte[] journal = sample.files().get(sample.journalName());
    List<int[]> records = SampleCheckpoint.records(journal);
    for (int i = 0; i + 1 < records.size(); i++) {
      int[] a = records.get(i);
      int[] b = records.get(i + 1);
      byte[] damaged = journal.clone();
      System.arraycopy(journal, b[0], damaged, a[0], b[1]);
      System.arraycopy(journal, a[0], damaged, a[0] + b[1], a[1]);
      assertThat(
              judge.judge(
                  sample.with(sample.journalName(), damaged),
                  "records " + i + " and " + (i + 1) + " swapped",
                  false))
          .isEqualTo(Verdict.DETECTED);
    }
    tally(judge);
  }

  @Test
  void aRecordFromAnotherRunIsDetected() {
    SampleCheckpoint sample = samples.get(1);
    CorruptionJudge judge = new CorruptionJudge(sample);
    byte[] journal = sample.files().get(sample.journalName());
    byte[] foreign = keyedOther.files().get(keyedOther.journalName());
    List<int[]> ours = SampleCheckpoint.records(journal);
    List<int[]> theirs = SampleCheckpoint.records(foreign);
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      byte[] spliced = splice(journal, ours.get(i), foreign, theirs.get(i));
      assertThat(
              judge.judge(
                  sample.with(sample.journalName(), spliced),
                  "record " + i + " replaced by the other run's record " + i,
                  false))
          .isEqualTo(Verdict.DETECTED);
    }
    int[] last = theirs.get(theirs.size() - 1);
    byte[] appended = Arrays.copyOf(journal, journal.length + last[1]);
    System.arraycopy(foreign, last[0], appended, journal.length, last[1]);
    assertThat(
            judge.judge(
                sample.with(sample.journalName(), appended),
                "the other run's last record appended",
                false))
        .isIn(Verdict.DETECTED, Verdict.TORN_TAIL_CUT);
    assertThat(
            judge.judge(
                sample.with(sample.journalName(), foreign),
                "the whole journal of another run with the same key",
                false))
        .isEqualTo(Verdict.DETECTED);
    tally(judge);
  }

  @Test
  void anEditedResultWithAValidCrcButAWrongHmacNamesFileAndOffset() {
    for (SampleCheckpoint sample : List.of(samples.get(1), samples.get(2))) {
      CorruptionJudge judge = new CorruptionJudge(sample);
      int edited = 0;
      for (String name : sample.names()) {
        if (name.equals("checkpoint.json")) {
          continue;
        }
        byte[] file = sample.files().get(name);
        for (int[] record : SampleCheckpoint.records(file)) {
          String body = new String(file, record[0], record[1], StandardCharsets.ISO_8859_1);
          int at = body.indexOf("result-");
          if (at >= 0) {
            byte[] damaged = editWithValidCrc(file, record, record[0] + at);
            assertHmacMismatch(sample, name, damaged, record[0]);
            judge.judge(sample.with(name, damaged), "edited result in " + name, false);
            edited++;
          }
        }
      }
      assertThat(edited).as("records with a result in %s", sample.name()).isPositive();
      tally(judge);
    }
  }

  private static byte[] editWithValidCrc(byte[] file, int[] record, int at) {
    byte[] damaged = file.clone();
    damaged[at] = 'R';
    CRC32C crc = new CRC32C();
    crc.update(damaged, record[0], 4);
    crc.update(damaged, record[0] + 8, record[1] - 8);
    ByteBuffer.wrap(damaged).putInt(record[0] + 4, (int) crc.getValue());
    return damaged;
  }

  private static void assertHmacMismatch(
      SampleCheckpoint sample, String name, byte[] damaged, int offset) {
    sample.restore(sample.with(name, damaged));
    try (FileStore store = sample.store()) {
      assertThatThrownBy(store::open)
          .isInstanceOf(CheckpointDamagedException.class)
          .hasMessageContaining("HMAC mismatch")
          .hasMessageContaining(name + " at offset " + offset);
    } finally {
      sample.restore(sample.files());
    }
  }

  private static byte[] splice(byte[] into, int[] at, byte[] from, int[] record) {
    byte[] out = new byte[into.length - at[1] + record[1]];
    System.arraycopy(into, 0, out, 0, at[0]);
    System.arraycopy(from, record[0], out, at[0], record[1]);
    System.arraycopy(into, at[0] + at[1], out, at[0] + record[1], into.length - at[0] - at[1]);
    return out;
  }

  private static synchronized void tally(CorruptionJudge judge) {
    Map<Verdict, Long> counts = judge.counts();
    cases += judge.total();
    detected += counts.getOrDefault(Verdict.DETECTED, 0L);
    torn += counts.getOrDefault(Verdict.TORN_TAIL_CUT, 0L);
    boundary += counts.getOrDefault(Verdict.EARLIER_STATE_AT_RECORD_BOUNDARY, 0L);
  }

  @AfterAll
  static void recordFigures() throws Exception {
    ScratchDirs.deleteTree(tmp);
    Figures.record(
        "corruptions survived",
        cases,
        CountFailures.of(CorruptionTest.class),
        "CorruptionTest",
        detected
            + " refused with an error naming file and offset; "
            + torn
            + " ended in a cut and reported torn tail; "
            + boundary
            + " truncations at a record boundary gave an earlier consistent state; "
            + (cases - detected - torn - boundary)
            + " left the state unchanged");
  }
}
