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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run owns its output: never the input, one run at a time, one checkpoint per output. */
class OutputOwnershipEndToEndTest {
  /** An --exec that says it started, then waits for the gate file before echoing its item. */
  private static final String GATED =
      "touch started; while [ ! -e gate ]; do sleep 0.02; done; cat";

  /** An --exec that fails the last item (so the checkpoint stays) and echoes the others. */
  private static final String FAIL_LAST =
      "if [ \"$RATCHET_ITEM\" = 'item 9' ]; then exit 3; fi; cat";

  @TempDir Path dir;
  ChildCli cli;
  Path input;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    input = writeLines(dir.resolve("in.txt"), numbered(10));
  }

  @Test
  void outputThatIsTheInputThroughASymlinkIsRefusedWithOrWithoutFresh() throws Exception {
    Files.createSymbolicLink(dir.resolve("link.jsonl"), input.getFileName());
    byte[] before = Files.readAllBytes(input);
    for (String[] extra : new String[][] {{}, {"--fresh"}}) {
      CliResult r = process("link.jsonl", extra);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is the input file in.txt", "Nothing was changed");
      assertThat(r.err()).doesNotContain("add --fresh");
    }
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
    assertThat(dir.resolve("link.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void outputThatIsTheInputThroughAHardLinkOrAnotherNameIsRefused() throws Exception {
    Files.createLink(dir.resolve("hard.jsonl"), input);
    byte[] before = Files.readAllBytes(input);
    for (String output :
        new String[] {"hard.jsonl", "./in.txt", dir.resolve("in.txt").toString()}) {
      CliResult r = process(output, "--fresh");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is the input file");
    }
    assertThat(Files.readAllBytes(input)).isEqualTo(before);
  }

  @Test
  void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstRunsEvenThroughASymlink() throws Exception {
    Files.createSymbolicLink(dir.resolve("alias.jsonl"), Path.of("out.jsonl"));
    ChildCli.Started first =
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
    awaitFile(dir.resolve("started"), first.process());
    // the cron overlap: the same command, then the same output under another name and checkpoint
    CliResult same = process("out.jsonl", "--batch-size", "3");
    CliResult alias = process("alias.jsonl", "--checkpoint", "other.ratchet", "--fresh");
    for (CliResult second : new CliResult[] {same, alias}) {
      assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(second.err())
          .contains("is being written by another run (pid " + first.process().pid());
    }
    assertThat(dir.resolve("other.ratchet")).doesNotExist();
    Files.createFile(dir.resolve("gate"));
    assertThat(first.waitFor()).as(first.result().toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(10));
  }

  @Test
  void aCheckpointUsedWithAnotherOutputIsRefusedAndThatOutputKept() throws Exception {
    CliResult crashed =
        process("out.jsonl", "--checkpoint", "ck", "--batch-size", "2", "--simulate-crash", "5");
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    Path other = dir.resolve("other.jsonl");
    Files.writeString(other, "precious 1\nprecious 2\nprecious 3\nprecious 4\n");
    byte[] before = Files.readAllBytes(other);
    CliResult r = process("other.jsonl", "--checkpoint", "ck", "--batch-size", "2");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("holds the progress of output", "out.jsonl", "other.jsonl");
    assertThat(r.err()).contains("choose another --checkpoint for this output");
    assertThat(Files.readAllBytes(other)).isEqualTo(before);
    CliResult resumed = process("out.jsonl", "--checkpoint", "ck", "--batch-size", "2");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(10));
  }

  @Test
  void aStoreUsedWithAnotherOutputIsRefusedNamingTheOptionThatChoseIt() throws Exception {
    String store = "sqlite:" + dir.resolve("run.db");
    CliResult crashed =
        process("out.jsonl", "--store", store, "--batch-size", "2", "--simulate-crash", "5");
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    CliResult r = process("other.jsonl", "--store", store, "--batch-size", "2");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err())
        .contains("holds the progress of output", "out.jsonl", "other.jsonl")
        .contains("choose another --store for this output")
        .doesNotContain("--checkpoint");
    assertThat(dir.resolve("other.jsonl")).doesNotExist();
  }

  @Test
  void anOutputChangedBehindTheCheckpointsBackIsRefusedAndKept() throws Exception {
    CliResult failed = process("out.jsonl", "--batch-size", "2", "--exec", FAIL_LAST);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    Path output = dir.resolve("out.jsonl");
    // another program replaced the file with one at least as long
    String replaced = "x".repeat((int) Files.size(output)) + "\nmore of another program\n";
    Files.writeString(output, replaced);
    CliResult r = process("out.jsonl", "--batch-size", "2", "--exec", FAIL_LAST);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("changed outside Ratchet", "--fresh");
    assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(replaced);
  }

  @Test
  void aResumeWithAnotherExecSaysTheDoneItemsHadOtherWorkOnce() throws Exception {
    CliResult failed = process("out.jsonl", "--batch-size", "2", "--exec", FAIL_LAST);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    CliResult same = process("out.jsonl", "--batch-size", "2", "--exec", FAIL_LAST);
    assertThat(same.exitCode()).as(same.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(same.out()).contains("Resume plan: 9 done").doesNotContain("other work");

    CliResult changed = process("out.jsonl", "--batch-size", "2", "--exec", "tr a-z A-Z");
    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(changed.out())
        .contains("Note: the items done so far had other work (exec " + FAIL_LAST)
        .contains("the rest now run with exec tr a-z A-Z", "Add --fresh");
    List<String> results =
        records(dir.resolve("out.jsonl")).stream().map(r -> r.get("result").asText()).toList();
    assertThat(results).startsWith("item 0").endsWith("ITEM 9").hasSize(10);
  }

  private CliResult process(String output, String... extra) {
    String[] base = {"process", "--input", "in.txt", "--output", output};
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return cli.run(all);
  }

  static void awaitFile(Path file, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      assertThat(process.isAlive()).as("the first run is alive").isTrue();
      assertThat(System.nanoTime()).as("%s appeared in time", file).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
