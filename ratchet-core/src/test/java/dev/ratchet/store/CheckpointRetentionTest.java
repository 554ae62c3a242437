package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRetentionTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock AT_NOW = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  @Test
  void removesOldCheckpointsKeepsRecentAndLockedOnesAndOtherFiles() throws Exception {
    Path old = checkpoint(root.resolve("old"), Duration.ofDays(10));
    Path nested = checkpoint(root.resolve("team/a/nested"), Duration.ofDays(8));
    Path recent = checkpoint(root.resolve("recent"), Duration.ofHours(1));
    Path locked = checkpoint(root.resolve("locked"), Duration.ofDays(30));
    Path withUserFile = checkpoint(root.resolve("mine"), Duration.ofDays(9));
    Files.writeString(withUserFile.resolve("notes.txt"), "keep me");
    Files.createDirectories(root.resolve("plain"));
    Files.writeString(root.resolve("plain/data.txt"), "not a checkpoint");

    Process holder = LockHolder.start(locked);
    try {
      RetentionReport report = retention().sweep(root);

      assertThat(report.removed())
          .extracting(SweptCheckpoint.Removed::dir)
          .containsExactly(withUserFile, old, nested);
      assertThat(report.removed()).allSatisfy(r -> assertThat(r.bytes()).isPositive());
      assertThat(report.removed().get(1).lastCommit()).isEqualTo(NOW.minus(Duration.ofDays(10)));
      assertThat(report.locked()).extracting(SweptCheckpoint.Locked::dir).containsExactly(locked);
      assertThat(report.recent()).extracting(SweptCheckpoint.Recent::dir).containsExactly(recent);
      assertThat(report.unreadable()).isEmpty();

      assertThat(old).doesNotExist();
      assertThat(nested).doesNotExist();
      assertThat(root.resolve("team/a")).isDirectory();
      assertThat(Files.list(withUserFile)).containsExactly(withUserFile.resolve("notes.txt"));
      assertThat(FileStore.exists(recent)).isTrue();
      assertThat(FileStore.exists(locked)).isTrue();
      assertThat(root.resolve("plain/data.txt")).hasContent("not a checkpoint");
      assertThat(holder.isAlive()).isTrue();
    } finally {
      new ProcessBuilder("kill", "-9", Long.toString(holder.pid())).start().waitFor();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    RetentionReport afterDeath = retention().sweep(root);
    assertThat(afterDeath.removed())
        .extracting(SweptCheckpoint.Removed::dir)
        .containsExactly(locked);
    assertThat(locked).doesNotExist();
    assertThat(FileStore.exists(recent)).isTrue();
  }

  @Test
  void dryRunRemovesNothing() throws Exception {
    Path old = checkpoint(root.resolve("old"), Duration.ofDays(10));
    Path recent = checkpoint(root.resolve("recent"), Duration.ofMinutes(5));

    RetentionReport report = retention().dryRun().sweep(root);

    assertThat(report.removed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.dir()).isEqualTo(old);
              assertThat(r.dryRun()).isTrue();
              assertThat(r.bytes()).isPositive();
            });
    assertThat(report.bytesRemoved()).isEqualTo(report.removed().get(0).bytes());
    assertThat(FileStore.exists(old)).isTrue();
    assertThat(FileStore.inspect(old).counts().done()).isEqualTo(1);
    assertThat(FileStore.exists(recent)).isTrue();
  }

  @Test
  void rootThatIsACheckpointIsJudgedToo() throws Exception {
    Path only = checkpoint(root.resolve("only"), Duration.ofDays(13));
    RetentionReport report = retention().sweep(only);
    assertThat(report.removed()).extracting(SweptCheckpoint.Removed::dir).containsExactly(only);
    assertThat(only).doesNotExist();
  }

  @Test
  void damagedCheckpointIsReportedAndKept() throws Exception {
    Path damaged = checkpoint(root.resolve("damaged"), Duration.ofDays(10));
    Files.writeString(damaged.resolve("checkpoint.json"), "{ not json");

    RetentionReport report = retention().sweep(root);

    assertThat(report.unreadable())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.dir()).isEqualTo(damaged);
              assertThat(u.reason()).isNotBlank();
            });
    assertThat(damaged.resolve("checkpoint.json")).exists();
  }

  @Test
  void badArgumentsAreExplained() {
    assertThatThrownBy(() -> CheckpointRetention.olderThan(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> retention().sweep(root.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
  }

  private static CheckpointRetention retention() {
    return CheckpointRetention.olderThan(Duration.ofDays(7)).clock(AT_NOW);
  }

  private static Path checkpoint(Path dir, Duration age) {
    Clock then = Clock.fixed(NOW.minus(age), ZoneOffset.UTC);
    try (FileStore store = FileStore.builder(dir).clock(then).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
    }
    assertThat(FileStore.inspect(dir).lastCommit()).isEqualTo(NOW.minus(age));
    return dir;
  }

  @Test
  void aRootThatReachesProcIsSweptWithoutEnteringItOrFailingOnWhatCannotBeListed() {
    // gc --root / met /proc and ended in an internal error ("cannot walk /")
    assertThat(retention().dryRun().sweep(Path.of("/proc")).checkpoints()).isEmpty();
    // /proc/1 holds directories that cannot be listed, even by root: they are skipped
    RetentionReport report = retention().dryRun().sweep(Path.of("/proc/1"));
    assertThat(report.removed()).isEmpty();
  }
}
