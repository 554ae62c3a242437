package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}, {@code mark}, {@code clear} and {@code quickstart} as child processes. */
class CheckpointCommandsEndToEndTest {
  private static final String FAIL_B =
      "if [ \"$RATCHET_ITEM\" = b ]; then echo no b >&2; exit 5; fi; cat";

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "c"));
  }

  @Test
  void statusOfAMissingCheckpointSaysSo() {
    CliResult text = cli.run("status", "--checkpoint", "nothing.ratchet");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("No checkpoint at nothing.ratchet");
    CliResult json = cli.run("status", "--checkpoint", "nothing.ratchet", "--json");
    assertThat(OutputFiles.json(json.out()).get("exists").asBoolean()).isFalse();
  }

  /**
   * A pipeline step marked done by hand had no result, and the next run refused the checkpoint as
   * damaged (a step marked skipped ran again anyway): both are refused, and --pending still runs a
   * step again.
   */
  @Test
  void aPipelineStepCannotBeMarkedDoneOrSkippedButCanBeMarkedToRunAgain() throws Exception {
    Files.writeString(
        dir.resolve("p.yaml"),
        "steps:\n  a: {run: echo a}\n  b: {run: 'echo b; test -e fixed', needs: [a]}\n");
    CliResult first = cli.run("run", "p.yaml");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    for (String state : List.of("--done", "--skipped")) {
      CliResult mark = cli.run("mark", "--checkpoint", ".ratchet/p.yaml", "--key", "b", state);
      assertThat(mark.exitCode()).as(mark.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(mark.err())
          .contains("is the checkpoint of a pipeline (ratchet run)")
          .contains("Nothing was changed")
          .contains("--pending");
    }
    CliResult pending =
        cli.run("mark", "--checkpoint", ".ratchet/p.yaml", "--key", "a", "--pending");
    assertThat(pending.exitCode()).as(pending.toString()).isZero();
    Files.createFile(dir.resolve("fixed"));
    CliResult resumed = cli.run("run", "p.yaml");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("[a] a").contains("[b] b").contains("2 succeeded");
  }

  @Test
  void statusTableShowsCountsAndFailedItemsWithErrors() {
    CliResult run =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--exec", FAIL_B);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out())
        .containsPattern("done +2")
        .containsPattern("failed +1")
        .contains("Failed items (1):", "exit code 5: no b");
  }

  @Test
  void markSkippedByHandEndsTheRunWithoutRunningTheItem() throws IOException {
    cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--exec", FAIL_B);
    CliResult mark =
        cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "1", "--skipped");
    assertThat(mark.exitCode()).as(mark.toString()).isZero();
    assertThat(mark.out()).contains("Marked item 1 skipped (was failed)");
    JsonNode status =
        OutputFiles.json(cli.run("status", "--checkpoint", "out.jsonl.ratchet", "--json").out());
    assertThat(status.get("counts").get("skipped").asInt()).isEqualTo(1);
    assertThat(status.get("counts").get("failed").asInt()).isZero();

    CliResult rerun =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--exec", FAIL_B);
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "2");
  }

  @Test
  void markPendingOnADoneItemIsRefusedAsItWouldWriteItsRecordTwice() throws Exception {
    cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--keep-checkpoint");
    byte[] output = Files.readAllBytes(dir.resolve("out.jsonl"));
    CliResult mark =
        cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "2", "--pending");
    assertThat(mark.exitCode()).as(mark.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(mark.err()).contains("item 2 is done", "would write it twice");
    CliResult rerun = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).contains("0 items processed by this run");
    assertThat(Files.readAllBytes(dir.resolve("out.jsonl"))).isEqualTo(output);
  }

  @Test
  void markNeedsExactlyOneState() {
    CliResult r = cli.run("mark", "--checkpoint", "x.ratchet", "--key", "1", "--done", "--pending");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void clearRemovesOnlyWhatRatchetWrote() throws IOException {
    cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--keep-checkpoint");
    Path mine = dir.resolve("out.jsonl.ratchet").resolve("my-notes.txt");
    Files.writeString(mine, "not Ratchet's");
    CliResult clear = cli.run("clear", "--checkpoint", "out.jsonl.ratchet");
    assertThat(clear.exitCode()).as(clear.toString()).isZero();
    assertThat(clear.out()).contains("Removed checkpoint out.jsonl.ratchet");
    assertThat(mine).hasContent("not Ratchet's");
    try (var left = Files.list(dir.resolve("out.jsonl.ratchet"))) {
      assertThat(left.toList()).containsExactly(mine);
    }
    assertThat(dir.resolve("out.jsonl")).exists();
  }

  @Test
  void quickstartCrashesResumesAndChecksTheOutput() {
    CliResult r = cli.run("quickstart", "--dir", "qs");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("exit code " + ExitCodes.SIMULATED_CRASH, "every item exactly once")
        .contains("$(echo this would run if spliced into a shell)");
    assertThat(keys(records(dir.resolve("qs/output.jsonl")))).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command :
        List.of("process", "status", "clear", "mark", "quickstart", "completion")) {
      CliResult r = InProcess.run(command, "--help");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).as(command).contains("Usage: ratchet " + command, "Examples:");
    }
  }
}
