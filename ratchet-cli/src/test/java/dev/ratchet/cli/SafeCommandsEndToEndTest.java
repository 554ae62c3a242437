package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.ordinals;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mark} and {@code clear} (and {@code --fresh}) never lose or duplicate anything. */
class SafeCommandsEndToEndTest {
  private static final String FAIL_LAST =
      "if [ \"$RATCHET_ITEM\" = 'item 9' ]; then exit 3; fi; cat";

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), numbered(10));
  }

  @Test
  void clearAndFreshRefuseADirectoryThatIsNotARatchetCheckpointAndDeleteNothing() throws Exception {
    Path foreign = Files.createDirectory(dir.resolve("other-tool"));
    Files.writeString(foreign.resolve("checkpoint.json"), "{\"tool\":\"other\",\"step\":4}");
    Files.writeString(foreign.resolve("journal-1.log"), "step 1 done\nstep 2 done\n");
    CliResult clear = cli.run("clear", "--checkpoint", "other-tool");
    CliResult fresh =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--checkpoint",
            "other-tool",
            "--fresh");
    for (CliResult r : List.of(clear, fresh)) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(r.err()).contains("is not a Ratchet checkpoint", "Nothing was deleted");
    }
    try (Stream<Path> files = Files.list(foreign)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint.json", "journal-1.log");
    }
    assertThat(Files.readString(foreign.resolve("journal-1.log"), StandardCharsets.UTF_8))
        .isEqualTo("step 1 done\nstep 2 done\n");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  @Test
  void clearStillRemovesARatchetCheckpoint() {
    CliResult failed = process();
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    CliResult clear = cli.run("clear", "--checkpoint", "out.jsonl.ratchet");
    assertThat(clear.exitCode()).as(clear.toString()).isZero();
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void markRefusesKeysThatAreNotItemsOfTheInput() {
    assertThat(process().exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    for (String key : List.of("10", "11", "-1", "abc", "03", "")) {
      CliResult r = cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", key, "--done");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is not an item of the input", "0 to 9");
    }
    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.out()).doesNotContain("manual");
  }

  @Test
  void markPendingOnADoneItemIsRefusedSoTheOutputHoldsItOnce() {
    assertThat(process().exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    CliResult r = cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "3", "--pending");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("item 3 is done", "would write it twice");
    CliResult failedOne =
        cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "9", "--skipped");
    assertThat(failedOne.exitCode()).as(failedOne.toString()).isZero();
    CliResult again = process();
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(9));
  }

  private CliResult process() {
    return cli.run(
        "process",
        "--input",
        "in.txt",
        "--output",
        "out.jsonl",
        "--batch-size",
        "3",
        "--exec",
        FAIL_LAST);
  }
}
