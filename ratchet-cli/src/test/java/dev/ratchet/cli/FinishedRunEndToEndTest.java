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
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished run is remembered; an input changed under a run stops it. */
class FinishedRunEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;
  Path input;
  Path output;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    input = writeLines(dir.resolve("in.txt"), numbered(10));
    output = dir.resolve("out.jsonl");
  }

  @Test
  void theSameCommandAgainIsAlreadyDoneWithoutTouchingTheOutput() throws Exception {
    for (String format : new String[] {"jsonl", "json"}) {
      Path out = dir.resolve("out." + format);
      CliResult first = process(out, "--format", format);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      byte[] bytes = Files.readAllBytes(out);
      FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
      Files.setLastModifiedTime(out, modified);
      for (int rerun = 0; rerun < 2; rerun++) {
        CliResult again = process(out, "--format", format);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Already done", "nothing to do");
        assertThat(Files.readAllBytes(out)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(out)).isEqualTo(modified);
        assertThat(dir.resolve(out.getFileName() + ".ratchet")).doesNotExist();
      }
    }
  }

  @Test
  void aChangedInputOrOutputAfterAFinishedRunIsRefusedWithTheAdviceToUseFresh() throws Exception {
    assertThat(process(output).exitCode()).isZero();
    byte[] finished = Files.readAllBytes(output);

    writeLines(input, numbered(11));
    CliResult inputChanged = process(output);
    assertThat(inputChanged.exitCode()).as(inputChanged.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(inputChanged.err()).contains("input in.txt changed since the run", "--fresh");
    assertThat(Files.readAllBytes(output)).isEqualTo(finished);

    writeLines(input, numbered(10));
    Files.writeString(output, "edited\n", StandardCharsets.UTF_8);
    CliResult outputChanged = process(output);
    assertThat(outputChanged.exitCode())
        .as(outputChanged.toString())
        .isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(outputChanged.err()).contains("output out.jsonl changed since", "--fresh");
    assertThat(Files.readString(output)).isEqualTo("edited\n");

    CliResult fresh = process(output, "--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(Files.readAllBytes(output)).isEqualTo(finished);
  }

  @Test
  void anInputTruncatedDuringTheRunStopsItWithExit3AndKeepsTheCheckpoint() throws Exception {
    writeLines(input, numbered(40));
    // the item 20 cuts the input in half, as logrotate's copytruncate would
    String exec = "if [ \"$RATCHET_KEY\" != \"${RATCHET_KEY%:20}\" ]; then : > in.txt; fi; cat";
    CliResult r = process(output, "--batch-size", "5", "--exec", exec);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err())
        .contains("input in.txt changed while the run read it", "checkpoint is kept");
    assertThat(r.out()).doesNotContain("every item is done");
    assertThat(dir.resolve("out.jsonl.ratchet")).isDirectory();
    assertThat(dir.resolve(".out.jsonl.ratchet-done")).doesNotExist();
    // run again: the checkpoint belongs to the old input and says so
    CliResult again = process(output, "--batch-size", "5", "--exec", exec);
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(again.err()).contains("changed since the checkpoint was written");
  }

  @Test
  void aFreshRunAfterAFinishedOneStartsOverAndIsRememberedAgain() {
    assertThat(process(output).exitCode()).isZero();
    CliResult fresh = process(output, "--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.out()).contains("every item is done");
    assertThat(keys(records(output))).containsExactlyElementsOf(ordinals(10));
    assertThat(process(output).out()).contains("Already done");
  }

  private CliResult process(Path out, String... extra) {
    String[] base = {"process", "--input", "in.txt", "--output", out.getFileName().toString()};
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return cli.run(all);
  }
}
