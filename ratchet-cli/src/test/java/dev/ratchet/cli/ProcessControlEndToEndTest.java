package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process control of {@code ratchet process --exec} through the real CLI: commands that hang, leave
 * children behind or print too much cannot hang the run or exhaust its memory.
 */
class ProcessControlEndToEndTest {
  @TempDir java.nio.file.Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @Test
  void aBackgroundChildHoldingStandardOutputDoesNotHangTheRun() {
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "c"));
    long t0 = System.nanoTime();
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "(sleep 1000 &); echo \"hi-$RATCHET_ITEM\"");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("background-child run took " + ms + " ms");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(out)
        .extracting(n -> n.get("result").asText())
        .containsExactly("hi-a", "hi-b", "hi-c");
  }

  @Test
  void anItemPastItsTimeoutFailsWithItsGroupKilledAndTheRunGoesOn() {
    writeLines(dir.resolve("in.txt"), List.of("1", "2", "3", "4"));
    long t0 = System.nanoTime();
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--timeout",
            "1500ms",
            "--exec",
            "if [ \"$RATCHET_ITEM\" = 2 ]; then (sleep 1000 &); sleep 1000; fi;"
                + " echo \"ok-$RATCHET_ITEM\"");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("timeout run took " + ms + " ms");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("1: timed out after 1500ms").doesNotContain("Exception");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "2", "3");
  }

  @Test
  void badTimeoutAndSizeValuesAreUsageErrors() {
    writeLines(dir.resolve("in.txt"), List.of("1"));
    for (String[] bad :
        new String[][] {
          {"--timeout", "0s"}, {"--timeout", "soon"}, {"--timeout", "10"},
          {"--max-result-bytes", "0"}, {"--max-result-bytes", "2g"}, {"--max-result-bytes", "x"}
        }) {
      CliResult r =
          cli.run(
              "process",
              "--input",
              "in.txt",
              "--output",
              "out.jsonl",
              "--exec",
              "cat",
              bad[0],
              bad[1]);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains(bad[0]).doesNotContain("Exception");
    }
  }

  @Test
  void aResultOf200MegabytesUnderA64MegabyteHeapFailsThatItemOnly() {
    cli.jvmOptions("-Xmx64m");
    writeLines(dir.resolve("in.txt"), List.of("small", "big", "small2"));
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "if [ \"$RATCHET_ITEM\" = big ]; then head -c 200000000 /dev/zero; sleep 1000;"
                + " else echo fine; fi");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("1: result larger than 16777216 bytes");
    assertThat(r.err()).doesNotContain("OutOfMemory");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "2");
  }

  @Test
  void childrenDoNotOutliveARunnerKilledWithSignal9() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("x"));
    ChildCli.Started run =
        cli.start(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "(sleep 1000 &); echo $$ > pgid.tmp; mv pgid.tmp pgid; sleep 1000");
    long pgid = Long.parseLong(awaitFile(dir.resolve("pgid")).strip());
    assertThat(groupAlive(pgid)).as("the item's group runs").isTrue();
    run.kill9();
    long t0 = System.nanoTime();
    awaitGone(pgid);
    System.out.println(
        "group gone " + (System.nanoTime() - t0) / 1_000_000 + " ms after kill -9 of the runner");
  }

  @Test
  void ctrlCToTheProcessGroupStopsWithinTheGraceAndLeavesNoFalseFailure() throws Exception {
    cli.ownProcessGroup();
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "h1", "h2"));
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--workers",
      "2",
      "--stop-grace",
      "1s",
      "--exec",
      "case $RATCHET_ITEM in h*) (sleep 1000 &); echo $$ > $RATCHET_ITEM.tmp;"
          + " mv $RATCHET_ITEM.tmp $RATCHET_ITEM.pgid; sleep 1000;; esac; echo \"r-$RATCHET_ITEM\""
    };
    ChildCli.Started run = cli.start(command);
    long g1 = Long.parseLong(awaitFile(dir.resolve("h1.pgid")).strip());
    long g2 = Long.parseLong(awaitFile(dir.resolve("h2.pgid")).strip());
    long t0 = System.nanoTime();
    run.signalGroup("INT");
    int code = run.waitFor();
    System.out.println(
        "stop latency (SIGINT to the group, grace 1s): "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");
    CliResult stopped = run.result();
    assertThat(code).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.out())
        .contains("Stopped on request")
        .containsPattern("failed +0")
        .doesNotContain("Failed items");
    awaitGone(g1);
    awaitGone(g2);
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "1");

    command[command.length - 1] = "echo \"r-$RATCHET_ITEM\"";
    CliResult rest = cli.run(command);
    assertThat(rest.exitCode()).as(rest.toString()).isZero();
    assertThat(records(dir.resolve("out.jsonl")))
        .extracting(n -> n.get("result").asText())
        .containsExactly("r-a", "r-b", "r-h1", "r-h2");
  }

  @Test
  void aSecondSignalStopsAtOnceWhateverTheGrace() throws Exception {
    cli.ownProcessGroup();
    writeLines(dir.resolve("in.txt"), List.of("h"));
    ChildCli.Started run =
        cli.start(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--stop-grace",
            "10m",
            "--exec",
            "echo $$ > pgid.tmp; mv pgid.tmp pgid; sleep 1000");
    awaitFile(dir.resolve("pgid"));
    long t0 = System.nanoTime();
    run.signalGroup("TERM");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!java.nio.file.Files.readString(run.err()).contains("stopping")
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    run.signalGroup("TERM");
    int code = run.waitFor();
    System.out.println(
        "stop latency (two SIGTERMs): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    CliResult stopped = run.result();
    assertThat(code).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.out()).contains("Stopped on request").doesNotContain("Failed items");
    assertThat(stopped.err()).contains("stopping now");
  }

  private static String awaitFile(java.nio.file.Path file) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!java.nio.file.Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " did not appear");
      }
      Thread.sleep(20);
    }
    return java.nio.file.Files.readString(file);
  }

  /** Waits (up to a minute) until no process of the group lives; fails if one still does. */
  static void awaitGone(long pgid) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (groupAlive(pgid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(groupAlive(pgid)).as("process group " + pgid + " still alive").isFalse();
  }

  /** Whether any process of the group lives ({@code kill -0 -- -PGID}). */
  static boolean groupAlive(long pgid) throws Exception {
    Process p =
        new ProcessBuilder("kill", "-0", "--", "-" + pgid)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor() == 0;
  }
}
