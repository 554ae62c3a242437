package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code setsid} is missing (a PATH without util-linux), a command that runs user commands
 * refuses at its start with one line saying what to install (exit 2), before any item or step has
 * run or been marked failed; the built-in transform, which starts no command, still works.
 */
class MissingSetsidEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  /** A PATH holding only {@code sh}. */
  @BeforeEach
  void setUp() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("sh"), Path.of("/bin/sh").toRealPath());
    cli = new ChildCli(dir).environment("PATH", bin.toString());
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "c"));
  }

  private static void refusedInOneLine(CliResult r) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().findFirst().orElseThrow())
        .contains("'setsid' was not found on the PATH")
        .contains("install util-linux");
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void processWithExecRefusesBeforeAnyItemRuns() {
    for (String exec : List.of("--exec", "--exec-stream")) {
      CliResult r =
          cli.run("process", "--input", "in.txt", "--output", "out.jsonl", exec, "echo hi");
      refusedInOneLine(r);
      assertThat(r.out()).doesNotContain("failed");
      assertThat(dir.resolve("out.jsonl")).doesNotExist();
      assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
    }
  }

  @Test
  void runRefusesBeforeAnyStepRuns() throws Exception {
    Files.writeString(dir.resolve("pipeline.yaml"), "steps:\n  a: {run: 'echo hi > ran.txt'}\n");
    CliResult r = cli.run("run", "pipeline.yaml");
    refusedInOneLine(r);
    assertThat(r.out()).doesNotContain("FAILED");
    assertThat(dir.resolve("ran.txt")).doesNotExist();
  }

  @Test
  void theBuiltInTransformNeedsNoSetsid() {
    CliResult r = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(OutputFiles.records(dir.resolve("out.jsonl"))).hasSize(3);
  }
}
