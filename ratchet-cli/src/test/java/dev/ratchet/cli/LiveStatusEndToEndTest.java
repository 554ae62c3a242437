package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.json;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} tells a live run from a crashed one; a lost descriptor is damage. */
class LiveStatusEndToEndTest {
  private static final String GATED =
      "touch started; while [ ! -e gate ]; do sleep 0.02; done; cat";

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), numbered(10));
  }

  @Test
  void statusOfALiveRunSaysItIsRunningNotInterrupted() throws Exception {
    ChildCli.Started run =
        cli.start(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--batch-size",
            "3",
            "--exec",
            GATED);
    try {
      OutputOwnershipEndToEndTest.awaitFile(dir.resolve("started"), run.process());
      CliResult table = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
      assertThat(table.exitCode()).as(table.toString()).isZero();
      assertThat(table.out())
          .contains("Running      yes: pid " + run.process().pid(), "In flight (3;")
          .doesNotContain("Interrupted", "run the same command again");
      JsonNode status =
          json(cli.run("status", "--checkpoint", "out.jsonl.ratchet", "--json").out());
      assertThat(status.path("running").path("pid").asLong()).isEqualTo(run.process().pid());
      assertThat(status.path("inFlight")).hasSize(3);
      assertThat(status.has("interrupted")).isFalse();
    } finally {
      Files.createFile(dir.resolve("gate"));
    }
    assertThat(run.waitFor()).as(run.result().toString()).isZero();
  }

  @Test
  void statusAfterACrashStillSaysInterrupted() throws Exception {
    ChildCli.Started run =
        cli.start(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--batch-size",
            "3",
            "--exec",
            GATED);
    OutputOwnershipEndToEndTest.awaitFile(dir.resolve("started"), run.process());
    run.kill9();
    CliResult table = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(table.out()).contains("Interrupted items (3;").doesNotContain("Running");
  }

  @Test
  void aJournalWithWorkButNoCheckpointJsonIsReportedAsDamage() throws Exception {
    CliResult failed =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "if [ \"$RATCHET_ITEM\" = 'item 9' ]; then exit 3; fi; cat");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    byte[] output = Files.readAllBytes(dir.resolve("out.jsonl"));
    Files.delete(dir.resolve("out.jsonl.ratchet/checkpoint.json"));
    CliResult r = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("checkpoint.json is missing", "holds recorded work");
    assertThat(r.err()).doesNotContain("add --fresh");
    assertThat(Files.readAllBytes(dir.resolve("out.jsonl"))).isEqualTo(output);
  }
}
