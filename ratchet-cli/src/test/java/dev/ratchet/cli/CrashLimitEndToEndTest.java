package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --crash-limit}: an item that kills the runner itself is failed after N deaths. */
class CrashLimitEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @Test
  void anItemThatKillsTheRunnerIsFailedOnceTheLimitIsReached() {
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "poison", "c"));
    // the shell's parent is the ratchet JVM: this item kills it as an out-of-memory kill would
    String exec = "if [ \"$RATCHET_ITEM\" = poison ]; then kill -9 $PPID; sleep 5; fi; cat";
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "1",
      "--exec",
      exec,
      "--crash-limit",
      "2"
    };

    assertThat(cli.run(command).exitCode()).isEqualTo(137);
    assertThat(cli.run(command).exitCode())
        .as("run alone, it kills the runner again")
        .isEqualTo(137);
    CliResult third = cli.run(command);

    assertThat(third.exitCode()).as(third.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(third.out()).contains("crashed the process 2 times");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "1", "3");
  }

  @Test
  void aCrashLimitBelowOneIsRefused() {
    writeLines(dir.resolve("in.txt"), List.of("a"));
    CliResult r =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--crash-limit", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--crash-limit must be 1 or more, was 0");
  }

  @Test
  void aStepThatKillsTheRunnerIsFailedOnceTheLimitIsReached() throws Exception {
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        """
        steps:
          first: {run: echo first}
          boom: {needs: [first], run: 'kill -9 $PPID; sleep 5'}
          after: {needs: [first], run: echo after}
        """);
    String[] command = {"run", "pipeline.yaml", "--workers", "1", "--crash-limit", "2"};

    assertThat(cli.run(command).exitCode()).isEqualTo(137);
    assertThat(cli.run(command).exitCode()).isEqualTo(137);
    CliResult third = cli.run(command);

    assertThat(third.exitCode()).as(third.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(third.out()).contains("crashed the process 2 times");
  }
}
