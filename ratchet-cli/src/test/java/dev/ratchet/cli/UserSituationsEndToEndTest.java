package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Situations of the user's making get one clear line and exit 2 or 3, never a stack trace. */
class UserSituationsEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;
  Path mounted;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void outputToADeviceIsAUsageError() {
    writeLines(dir.resolve("in.txt"), List.of("a"));
    for (String output : List.of("/dev/null", "/dev/stdout")) {
      CliResult r = cli.run("process", "--input", "in.txt", "--output", output);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is not a regular file").doesNotContain("Exception");
    }
  }

  @Test
  void outputToAFileUnderDevShmIsAllowed() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "b"));
    Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "ratchet-test");
    try {
      String output = shm.resolve("out.jsonl").toString();
      CliResult r = cli.run("process", "--input", "in.txt", "--output", output);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(Files.readAllLines(Path.of(output))).hasSize(2);
    } finally {
      OutputFiles.deleteTree(shm);
    }
  }

  /** Needs root (as the build machine runs) to mount a 1 MiB tmpfs. */
  @Test
  void aFullDiskOnTheOutputIsOneLineAndExit3() throws Exception {
    Path small = Files.createDirectory(dir.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
            .inheritIO()
            .start();
    assertThat(mount.waitFor()).as("mount a 1 MiB tmpfs (needs root)").isZero();
    mounted = small;
    writeLines(dir.resolve("in.txt"), numbered(30_000));
    CliResult r =
        cli.run(
            "process", "--input", "in.txt", "--output", "small/out.jsonl", "--checkpoint", "ckpt");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("the disk is full").doesNotContain("\tat ");
  }

  /**
   * An output in a directory the run cannot write (a read-only mount here; for a user, a directory
   * that is not theirs) is one line saying so and exit 3, not an internal error. Needs root to
   * mount, as the build machine runs.
   */
  @Test
  void anOutputInADirectoryThatCannotBeWrittenIsOneLineAndExit3() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "b"));
    Path shared = Files.createDirectory(dir.resolve("shared"));
    try (ReadOnlyMount mount = ReadOnlyMount.of(shared)) {
      CliResult r =
          cli.run(
              "process", "--input", "in.txt", "--output", "shared/out.jsonl", "--checkpoint", "ck");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(r.err())
          .contains("cannot lock output shared/out.jsonl")
          .contains("Read-only file system")
          .contains("make the output's directory writable or choose another --output")
          .doesNotContain("internal error")
          .doesNotContain("\tat ");
      assertThat(shared).isEmptyDirectory();
      assertThat(dir.resolve("ck")).doesNotExist();
    }
  }

  /**
   * A pipeline file in a directory the run cannot write (a read-only checkout, another user's
   * directory): its default checkpoint and logs beside it cannot be made. One line naming the way
   * out and exit 3, and no step ran; a trace that cannot be written does not fail a run whose steps
   * succeeded. Needs root to mount, as the build machine runs.
   */
  @Test
  void aPipelineInADirectoryThatCannotBeWrittenSaysWhereToPutItsCheckpoint() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.writeString(shared.resolve("pipeline.yaml"), "steps:\n  a: {run: 'touch ../ran'}\n");
    try (ReadOnlyMount mount = ReadOnlyMount.of(shared)) {
      CliResult r = cli.run("run", "shared/pipeline.yaml");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(r.err())
          .contains("cannot create the directory of the step logs")
          .contains("Read-only file system")
          .contains("give --checkpoint DIR")
          .doesNotContain("internal error")
          .doesNotContain("\tat ");
      assertThat(dir.resolve("ran")).doesNotExist();

      CliResult traced =
          cli.run("run", "shared/pipeline.yaml", "--checkpoint", "ck", "--trace", "shared/t.json");
      assertThat(traced.exitCode()).as(traced.toString()).isZero();
      assertThat(traced.err())
          .contains("cannot write the trace to shared/t.json (Read-only file system)")
          .doesNotContain("\tat ");
      assertThat(dir.resolve("ran")).exists();
    }
  }

  @Test
  void aStepTimeoutIsOneLineWithoutAStackTrace() throws Exception {
    Files.writeString(
        dir.resolve("pipeline.yaml"), "steps:\n  slow: {run: 'sleep 1000', timeout: 1s}\n");
    CliResult r = cli.run("run", "pipeline.yaml");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("[slow] FAILED: timed out after 1s");
    assertThat(r.out() + r.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }
}
