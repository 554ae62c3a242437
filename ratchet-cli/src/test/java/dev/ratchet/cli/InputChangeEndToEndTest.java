package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input cannot change under a run: it is checked while it is read, not only at the end. The
 * change is made by the run's own first item (its --exec command), so it happens at a known moment:
 * after the first 64 KiB of the input were read and before the rest is.
 */
class InputChangeEndToEndTest {
  /**
   * 300 lines of about 2,000 bytes: the reader refills its 64 KiB buffer about every 32 items, so
   * few items run (one shell each) before the change is seen.
   */
  private static final List<String> LINES =
      IntStream.range(0, 300).mapToObj(i -> "item " + i + " " + "x".repeat(2000)).toList();

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), LINES);
  }

  @Test
  void anInputTruncatedDuringTheRunStopsItWithExit3AndKeepsTheCheckpoint() {
    // logrotate's copytruncate: the file is copied away, then cut to zero in place
    CliResult run =
        process("case \"$RATCHET_ITEM\" in 'item 0 '*) cp in.txt in.1; : > in.txt;; esac; echo ok");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(run.err())
        .contains("input in.txt changed while the run read it")
        .contains("truncated")
        .contains("the checkpoint is kept")
        .doesNotContain("Exception");
    assertKeptWithFewerThanAllItems();
  }

  @Test
  void anInputReplacedDuringTheRunStopsItWithExit3AndKeepsTheCheckpoint() {
    // logrotate's default: a new file renamed in place of the one being read
    CliResult run =
        process(
            "case \"$RATCHET_ITEM\" in 'item 0 '*) cp in.txt in.new; mv in.new in.txt;; esac; echo ok");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(run.err())
        .contains("input in.txt changed while the run read it")
        .contains("another file was put in its place");
    assertKeptWithFewerThanAllItems();
  }

  @Test
  void anInputRewrittenInPlaceDuringTheRunStopsItWithExit3() {
    // same size, same file: one byte far past what the reader has read is changed in place
    CliResult run =
        process(
            "case \"$RATCHET_ITEM\" in 'item 0 '*) printf y | dd of=in.txt bs=1 seek=500000"
                + " conv=notrunc 2>/dev/null;; esac; echo ok");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(run.err())
        .contains("input in.txt changed while the run read it")
        .contains("its content differs from when the run started")
        .doesNotContain("Exception");
    assertThat(Files.isRegularFile(dir.resolve("out.jsonl.ratchet/checkpoint.json"))).isTrue();
    assertThat(dir.resolve(".out.jsonl.ratchet-done")).doesNotExist();
  }

  private void assertKeptWithFewerThanAllItems() {
    assertThat(Files.isRegularFile(dir.resolve("out.jsonl.ratchet/checkpoint.json"))).isTrue();
    int done = records(dir.resolve("out.jsonl")).size();
    assertThat(done).isGreaterThan(0).isLessThan(LINES.size());
    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.exitCode()).as(status.toString()).isZero();
  }

  private CliResult process(String exec) {
    return cli.run(
        "process",
        "--input",
        "in.txt",
        "--output",
        "out.jsonl",
        "--batch-size",
        "1",
        "--progress",
        "none",
        "--exec",
        exec);
  }
}
