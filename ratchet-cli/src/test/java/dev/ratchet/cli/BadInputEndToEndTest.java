package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.ordinals;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message and exit code 2 or 3, and loses nothing. */
class BadInputEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), numbered(20));
  }

  private CliResult process(String... extra) {
    String[] base = {"process", "--input", "in.txt", "--output", "out.jsonl"};
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return cli.run(all);
  }

  @Test
  void batchSizeZeroOrNegativeIsUsageError() {
    for (String value : List.of("0", "-3")) {
      CliResult r = process("--batch-size", value);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("--batch-size must be 1 or more, was " + value);
    }
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void workersZeroIsUsageError() {
    CliResult r = process("--workers", "0");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--workers must be 1 or more, was 0");
  }

  @Test
  void missingInputFileIsUsageErrorNamingIt() {
    CliResult r = cli.run("process", "--input", "nope.txt", "--output", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("input file nope.txt does not exist");
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void standardInputOrAPipeAsInputIsUsageErrorSayingToSaveItToAFile() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    for (String input : List.of("-", "fifo")) {
      CliResult r = cli.run("process", "--input", input, "--output", "out.jsonl");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .contains("cannot be read again", "must be a regular file", "save the items to one")
          .doesNotContain("does not exist");
    }
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void inputThatIsADirectoryIsUsageErrorSayingSo() throws IOException {
    Files.createDirectory(dir.resolve("items"));
    CliResult r = cli.run("process", "--input", "items", "--output", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("input items is a directory; --input takes one file");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  @Test
  void outputInAMissingDirectoryIsUsageError() {
    CliResult r = cli.run("process", "--input", "in.txt", "--output", "no/such/dir/out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("directory of --output", "does not exist", "mkdir -p");
  }

  @Test
  void unknownOptionIsUsageErrorWithSuggestion() {
    CliResult r = process("--batchsize", "5");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Unknown option", "--batchsize", "--batch-size");
  }

  @Test
  void existingOutputWithoutCheckpointIsKeptUnlessFresh() throws IOException {
    Files.writeString(dir.resolve("out.jsonl"), "precious\n");
    CliResult r = process();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("already exists", "--fresh");
    assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo("precious\n");

    CliResult fresh = process("--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(20));
  }

  @Test
  void checkpointOfAnotherInputIsRefusedAndFreshStartsOver() throws IOException {
    CliResult crashed = process("--batch-size", "5", "--simulate-crash", "12");
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    String outputBefore = Files.readString(dir.resolve("out.jsonl"));
    writeLines(dir.resolve("in.txt"), numbered(21));

    CliResult r = process();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("out.jsonl.ratchet", "--fresh");
    assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(outputBefore);

    CliResult fresh = process("--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(21));
  }

  @Test
  void damagedCheckpointNamesTheFileAndWhatToDo() throws IOException {
    CliResult kept = process("--batch-size", "2", "--keep-checkpoint");
    assertThat(kept.exitCode()).as(kept.toString()).isZero();
    String output = Files.readString(dir.resolve("out.jsonl"));
    Path journal = largestFile(dir.resolve("out.jsonl.ratchet"));
    long size = Files.size(journal);
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.seek(size / 2);
      int b = file.read();
      file.seek(size / 2);
      file.write(b ^ 0x5a);
    }
    CliResult r = process();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(r.err()).contains("damaged", journal.getFileName().toString(), "--fresh");
    assertThat(Files.size(journal)).isEqualTo(size);
    assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(output);

    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(status.err()).contains("damaged");

    CliResult cleared = cli.run("clear", "--checkpoint", "out.jsonl.ratchet");
    assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void checkpointLockedByARunningProcessIsRefused() throws Exception {
    ChildCli.Started slow =
        cli.start(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--batch-size",
            "1",
            "--exec",
            "sleep 3; cat");
    try {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!slow.outSoFar().contains("progress:") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      CliResult second = process("--exec", "cat");
      assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(second.err()).contains("is being written by another run (pid");

      CliResult clear = cli.run("clear", "--checkpoint", "out.jsonl.ratchet");
      assertThat(clear.exitCode()).as(clear.toString()).isEqualTo(ExitCodes.CHECKPOINT);
      assertThat(clear.err()).contains("in use");
      assertThat(dir.resolve("out.jsonl.ratchet")).exists();
    } finally {
      slow.kill9();
    }
  }

  private static Path largestFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .max(Comparator.comparingLong(BadInputEndToEndTest::size))
          .orElseThrow();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
