package dev.ratchet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.Main;
import dev.ratchet.cli.ReadOnlyMount;
import dev.ratchet.history.RunHistory;
import dev.ratchet.history.RunRecord;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcCommandTest {
  @TempDir Path root;

  @Test
  void removesOldCheckpointsAndPrintsWhatItRemoved() {
    Path old = checkpoint("old", Duration.ofDays(10));
    Path recent = checkpoint("recent", Duration.ofHours(2));
    Path locked = checkpoint("locked", Duration.ofDays(20));
    try (FileStore live = FileStore.at(locked)) {
      live.open();

      String[] out = run("gc", "--root", root.toString(), "--older-than", "7d");

      assertThat(out[0]).isEqualTo("0");
      assertThat(out[1])
          .containsPattern(
              "removed +" + quoted(old) + "  \\(last commit 10d ago, [0-9.]+ (B|KiB)\\)")
          .containsPattern("kept +" + quoted(locked) + "  \\(locked by a live run\\)")
          .doesNotContain(recent.toString())
          .contains("Removed 1 checkpoint(s)")
          .contains("kept 1 recent, 1 locked, 0 unreadable");
      assertThat(old).doesNotExist();
      assertThat(FileStore.exists(recent)).isTrue();
      assertThat(FileStore.exists(locked)).isTrue();
    }
  }

  @Test
  void dryRunListsButKeeps() {
    Path old = checkpoint("old", Duration.ofHours(50));

    String[] out = run("gc", "--root", root.toString(), "--older-than", "48h", "--dry-run");

    assertThat(out[0]).isEqualTo("0");
    assertThat(out[1]).containsPattern("would remove +" + quoted(old)).contains("Would remove 1");
    assertThat(FileStore.exists(old)).isTrue();
  }

  @Test
  void oldRunHistoryRecordsGoAndRecentOnesStay() {
    Path ckpt = root.resolve("jobs/out.ratchet");
    RunHistory.append(ckpt, record(ckpt, Duration.ofDays(9)));
    RunHistory.append(ckpt, record(ckpt, Duration.ofHours(1)));

    String[] dry = run("gc", "--root", root.toString(), "--older-than", "7d", "--dry-run");
    assertThat(dry[1]).contains("Would remove 1 run history record(s)");
    assertThat(RunHistory.of(ckpt)).hasSize(2);

    String[] out = run("gc", "--root", root.toString(), "--older-than", "7d");
    assertThat(out[1]).contains("Removed 1 run history record(s)");
    assertThat(RunHistory.of(ckpt))
        .singleElement()
        .satisfies(r -> assertThat(r.ended()).isAfter(Instant.now().minus(Duration.ofDays(1))));
  }

  /**
   * A history directory gc cannot change (here a read-only mount; for a user, one that is not
   * theirs) is kept and listed, and the rest is still swept and reported. Mounting needs root, as
   * the build machine runs.
   */
  @Test
  void aHistoryDirectoryThatCannotBeChangedIsKeptAndTheRestIsSwept() throws Exception {
    Path old = checkpoint("old", Duration.ofDays(10));
    Path shared = root.resolve("shared/out.ratchet");
    RunHistory.append(shared, record(shared, Duration.ofDays(9)));
    Path mine = root.resolve("mine/out.ratchet");
    RunHistory.append(mine, record(mine, Duration.ofDays(9)));
    Path readOnly = root.resolve("shared");
    try (ReadOnlyMount mount = ReadOnlyMount.of(readOnly)) {
      String[] out = run("gc", "--root", root.toString(), "--older-than", "7d");

      assertThat(out[0]).as(out[2]).isEqualTo("0");
      assertThat(out[2]).isEmpty();
      assertThat(out[1])
          .containsPattern("removed +" + quoted(old))
          .contains("Removed 1 checkpoint(s)")
          .containsPattern(
              "kept +run history "
                  + quoted(RunHistory.directoryOf(shared))
                  + ": Read-only file system")
          .contains("Removed 1 run history record(s)")
          .contains("kept the old records of 1 history directory that cannot be changed");
      assertThat(old).doesNotExist();
      assertThat(RunHistory.of(mine)).isEmpty();
      assertThat(RunHistory.of(shared)).hasSize(1);
    }
  }

  @Test
  void badDurationAndMissingRootAreUsageErrors() {
    String[] badAge = run("gc", "--root", root.toString(), "--older-than", "seven days");
    assertThat(badAge[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
    assertThat(badAge[2]).contains("'seven days' is not a duration").contains("7d");

    String[] noRoot = run("gc", "--root", root.resolve("nope").toString(), "--older-than", "1d");
    assertThat(noRoot[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
    assertThat(noRoot[2]).contains("is not a directory");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(Durations.parse("--x", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("--x", "2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("--x", "PT36H")).isEqualTo(Duration.ofHours(36));
    assertThat(Durations.human(Duration.ofHours(51))).isEqualTo("2d 3h");
    assertThat(Durations.bytes(3 * 1024 * 1024)).isEqualTo("3.0 MiB");
  }

  private Path checkpoint(String name, Duration age) {
    Path dir = root.resolve(name);
    Clock then = Clock.fixed(Instant.now().minus(age), ZoneOffset.UTC);
    try (FileStore store = FileStore.builder(dir).clock(then).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    return dir;
  }

  private static RunRecord record(Path ckpt, Duration age) {
    Instant ended = Instant.now().minus(age);
    return new RunRecord(
        RunRecord.FORMAT,
        RunRecord.RUN,
        "run-1",
        "items",
        ckpt.toString(),
        "succeeded",
        ended.minusSeconds(5),
        ended,
        Map.of("done", 3L),
        3,
        List.of(),
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        "ann",
        "host",
        1,
        null,
        false);
  }

  private static String quoted(Path p) {
    return Pattern.quote(p.toString());
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
