package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static dev.ratchet.cli.ProcessControlEndToEndTest.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet process --exec-stream} through the real CLI: one long-lived command per worker
 * answers one line per item, with the crash safety, timeouts and exactly-once output of {@code
 * --exec}.
 */
class StreamExecEndToEndTest {
  /**
   * A shell worker: doubles each number; exits 3 on "die", prints two lines on "two", hangs on
   * "hang".
   */
  static final String WORKER =
      "while IFS= read -r x; do case $x in"
          + " die) echo 'worker died on die' >&2; exit 3;;"
          + " two) printf 'one\\nextra\\n';;"
          + " hang) sleep 1000;;"
          + " *) echo \"r-$x-$$\";; esac; done";

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  private CliResult stream(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("process", "--input", "in.txt", "--output", "out.jsonl", "--progress", "none"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--exec-stream", WORKER));
    return cli.run(args.toArray(String[]::new));
  }

  @Test
  void oneCommandPerWorkerAnswersEveryItemInInputOrder() {
    writeLines(dir.resolve("in.txt"), OutputFiles.numbered(500));
    CliResult r = stream("--workers", "3", "--batch-size", "7");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(OutputFiles.ordinals(500));
    List<String> pids = new ArrayList<>();
    for (JsonNode n : out) {
      String[] parts = n.get("result").asText().split("-");
      assertThat(parts[1]).isEqualTo(n.get("input").asText());
      if (!pids.contains(parts[2])) {
        pids.add(parts[2]);
      }
    }
    assertThat(pids).as("one command per worker, not per item").hasSizeBetween(1, 3);
  }

  @Test
  void aCommandThatExitsFailsOnlyTheItemInHandWithItsStandardErrorAndAFreshOneGoesOn() {
    writeLines(dir.resolve("in.txt"), List.of("a", "die", "b", "c"));
    CliResult r = stream();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("1: exit code 3").contains("worker died on die");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactly("0", "2", "3");
    assertThat(pid(out.get(0))).as("a fresh command after the death").isNotEqualTo(pid(out.get(1)));

    writeLines(dir.resolve("in.txt"), List.of("a", "fixed", "b", "c"));
    CliResult again = stream("--fresh");
    assertThat(again.exitCode()).as(again.toString()).isZero();
  }

  @Test
  void theFailedItemIsRetriedByTheNextRunAndLandsAtItsInputPosition() {
    writeLines(dir.resolve("in.txt"), List.of("a", "die", "b"));
    assertThat(stream().exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--progress",
            "none",
            "--exec-stream",
            "while IFS= read -r x; do echo \"ok-$x\"; done");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> results =
        records(dir.resolve("out.jsonl")).stream().map(n -> n.get("result").asText()).toList();
    assertThat(results).hasSize(3);
    assertThat(results.get(0)).startsWith("r-a-");
    assertThat(results.get(1)).isEqualTo("ok-die");
    assertThat(results.get(2)).startsWith("r-b-");
  }

  @Test
  void twoLinesForOneItemFailThatItemAndAreNeverTakenAsTheNextItemsResult() {
    writeLines(dir.resolve("in.txt"), List.of("two", "x", "y"));
    CliResult r = stream();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("0: the --exec-stream command printed 2 lines for this item");
    assertThat(records(dir.resolve("out.jsonl")))
        .extracting(n -> n.get("result").asText().replaceAll("-[0-9]+$", ""))
        .containsExactly("r-x", "r-y");
  }

  @Test
  void anItemPastItsTimeoutKillsTheCommandAndTheRunGoesOn() {
    writeLines(dir.resolve("in.txt"), List.of("a", "hang", "b"));
    CliResult r = stream("--timeout", "1s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("1: timed out after 1s").doesNotContain("Exception");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "2");
  }

  @Test
  void aLargeItemToACommandThatNeverReadsStillTimesOut() {
    writeLines(dir.resolve("in.txt"), List.of("a".repeat(300_000), "b"));
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--progress",
            "none",
            "--timeout",
            "1s",
            "--exec-stream",
            "read -r x; [ ${#x} -gt 1000 ] && sleep 1000; echo \"r-$x\"; sleep 1000");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("0: timed out after 1s");
    assertThat(records(dir.resolve("out.jsonl")))
        .extracting(n -> n.get("result").asText())
        .containsExactly("r-b");
  }

  @Test
  void aKilledRunnerTakesItsCommandsWithItAndTheRerunWritesEachItemOnce() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "hang", "c"));
    Files.writeString(dir.resolve("hang.on"), "");
    String worker =
        "echo $$ > pgid.tmp; mv pgid.tmp pgid; while IFS= read -r x; do"
            + " if [ \"$x\" = hang ] && [ -e hang.on ]; then sleep 1000; fi; echo \"r-$x\"; done";
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "1",
      "--progress",
      "none",
      "--exec-stream",
      worker
    };
    ChildCli.Started run = cli.start(command);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (recordsIfAny().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long pgid = Long.parseLong(Files.readString(dir.resolve("pgid")).strip());
    run.kill9();
    awaitGone(pgid);
    Files.delete(dir.resolve("hang.on"));
    CliResult r = cli.run(command);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(records(dir.resolve("out.jsonl")))
        .extracting(n -> n.get("result").asText())
        .containsExactly("r-a", "r-b", "r-hang", "r-c");
  }

  private List<JsonNode> recordsIfAny() {
    return Files.exists(dir.resolve("out.jsonl")) ? records(dir.resolve("out.jsonl")) : List.of();
  }

  @Test
  void execAndExecStreamTogetherAreAUsageError() {
    writeLines(dir.resolve("in.txt"), List.of("a"));
    CliResult r = stream("--exec", "cat");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--exec and --exec-stream cannot be used together");
    CliResult blank =
        cli.run("process", "--input", "in.txt", "--output", "o.jsonl", "--exec-stream", " ");
    assertThat(blank.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(blank.err()).contains("--exec-stream needs a command");
  }

  private static String pid(JsonNode record) {
    return record.get("result").asText().replaceAll(".*-", "");
  }
}
