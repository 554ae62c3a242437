package dev.ratchet.reliability;

import dev.ratchet.ItemState;
import dev.ratchet.reliability.sim.SimFileSystem;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.MetaKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A random sequence of commits against one checkpoint, with the store settings to run it under.
 * Keys include hostile text (slashes, dots, newlines, non-ASCII, long names) on purpose.
 */
public record Workload(List<Commit> commits, FsyncPolicy policy, boolean mac, long compactAt) {
  static final Path DIR = Path.of("/sim/run.ckpt");

  /**
   * A fixed clock: timestamps change record sizes (an instant prints fewer digits when its nanos
   * end in zeros), and so when compaction happens and how many file operations a run makes.
   */
  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);

  static final byte[] KEY = "power-loss-test-hmac-key-32bytes".getBytes(StandardCharsets.UTF_8);
  static final List<String> KEYS =
      List.of(
          "0",
          "1",
          "2",
          "3",
          "4",
          "5",
          "6",
          "7",
          "8",
          "9",
          "10",
          "11",
          "a/b",
          "../../etc/x",
          "line\nbreak",
          "ключ",
          "k".repeat(300));

  /** Random workloads of up to {@code maxCommits} commits. */
  public static Arbitrary<Workload> arbitrary(int maxCommits) {
    Arbitrary<List<Commit>> commits = commit().list().ofMinSize(1).ofMaxSize(maxCommits);
    return Combinators.combine(
            commits,
            Arbitraries.of(FsyncPolicy.ALWAYS, FsyncPolicy.PER_BATCH),
            Arbitraries.of(true, false),
            Arbitraries.longs().between(64, 4096))
        .as(Workload::new);
  }

  /** Commits that end a batch, commits inside one, and deferred commits (acknowledged unforced). */
  private static Arbitrary<Commit> commit() {
    return Combinators.combine(
            change().list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.of(true, false),
            Arbitraries.of(false, false, true))
        .as(Commit::new);
  }

  private static Arbitrary<Change> change() {
    Arbitrary<Change> item =
        Combinators.combine(
                Arbitraries.of(KEYS),
                Arbitraries.of(ItemState.class),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 2),
                result(),
                Arbitraries.of("boom", "line one\nline two").injectNull(0.7))
            .as(
                (key, state, attempts, interruptions, result, error) ->
                    (Change)
                        new Change.Item(key, state, attempts, interruptions, result, error, false));
    Arbitrary<Change> done =
        Arbitraries.of(KEYS).map(key -> (Change) Change.Item.done(key, 1, null));
    Arbitrary<Change> position =
        Combinators.combine(Arbitraries.of("out", "in"), Arbitraries.longs().between(0, 1L << 40))
            .as((name, value) -> (Change) new Change.Position(name, value));
    Arbitrary<Change> meta =
        Combinators.combine(
                Arbitraries.of("input.fingerprint", "note"),
                Arbitraries.strings().alpha().ofMaxLength(12).injectNull(0.2))
            .as((name, value) -> (Change) new Change.Meta(name, value));
    return Arbitraries.frequencyOf(
        Tuple(5, item), Tuple(4, done), Tuple(2, position), Tuple(1, meta));
  }

  private static Tuple.Tuple2<Integer, Arbitrary<? extends Change>> Tuple(
      int weight, Arbitrary<Change> arbitrary) {
    return Tuple.of(weight, arbitrary);
  }

  private static Arbitrary<String> result() {
    return Arbitraries.oneOf(
            Arbitraries.integers().map(n -> "{\"v\":" + n + "}"),
            Arbitraries.integers().between(0, 700).map(n -> "\"" + "r".repeat(n) + "\""))
        .injectNull(0.3);
  }

  /** A store for this workload on {@code fs}. */
  public FileStore store(SimFileSystem fs) {
    FileStore.Builder builder =
        FileStore.builder(DIR).fileSystem(fs).fsync(policy).compactAtBytes(compactAt).clock(CLOCK);
    if (mac) {
      builder.hmacKey(KEY);
    }
    return builder.build();
  }

  /** How far a run of the workload got before the power went (or it finished). */
  public record Progress(
      boolean opened, String runId, int acknowledged, int durable, boolean inFlight) {}

  /** Runs the commits from {@code from} on; stops at a power cut. Does not close the store. */
  public Progress run(SimFileSystem fs) {
    FileStore store = store(fs);
    boolean opened = false;
    String runId = null;
    int acknowledged = 0;
    int durable = 0;
    try {
      store.open();
      opened = true;
      runId = store.metadata().get(MetaKeys.RUN_ID);
      for (Commit commit : commits) {
        store.commit(commit);
        acknowledged++;
        if (!commit.deferred() && (policy == FsyncPolicy.ALWAYS || commit.endsBatch())) {
          durable = acknowledged;
        }
      }
      return new Progress(true, runId, acknowledged, durable, false);
    } catch (SimFileSystem.PowerLoss cut) {
      return new Progress(opened, runId, acknowledged, durable, opened);
    }
  }

  /** The commits from {@code from} on. */
  public List<Commit> from(int from) {
    return new ArrayList<>(commits.subList(from, commits.size()));
  }

  @Override
  public String toString() {
    return "Workload["
        + commits.size()
        + " commits, "
        + policy
        + ", mac="
        + mac
        + ", compactAt="
        + compactAt
        + "]";
  }
}
