package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the number of items done: 1,000,000 items run, are killed with {@code
 * kill -9} mid-run, inspected with {@code status} and resumed, every command under {@code -Xmx24m}
 * (the live heap stays near 5 MB). An item left out of the first run and run by the resume (after
 * items far beyond it) makes the finished output be put back in input order, which once held two
 * longs per record in memory: 24 MB at a million records, out of heap at the end of the run.
 */
class BoundedMemoryEndToEndTest {
  private static final int ITEMS = 1_000_000;
  private static final long KILL_AFTER_BYTES = 20L << 20;

  @TempDir Path dir;

  @Test
  void aMillionItemsRunCrashResumeAndStatusUnder24Megabytes() throws Exception {
    try (BufferedWriter in = Files.newBufferedWriter(dir.resolve("in.txt"))) {
      for (int i = 0; i < ITEMS; i++) {
        in.write("item " + i + "\n");
      }
    }
    ChildCli cli = new ChildCli(dir).jvmOptions("-Xmx24m").timeoutSeconds(600);
    String[] process = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--progress",
      "none",
      "--batch-size",
      "1000"
    };
    // a checkpoint with item 5 left out (skipped), to be put back later
    CliResult crashed = cli.run(concat(process, "--simulate-crash", "1"));
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    CliResult skip =
        cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "5", "--skipped");
    assertThat(skip.exitCode()).as(skip.toString()).isZero();

    ChildCli.Started run = cli.start(process);
    Path out = dir.resolve("out.jsonl");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (!(Files.exists(out) && Files.size(out) > KILL_AFTER_BYTES)) {
      assertThat(run.process().isAlive()).as("the run ended before it was killed").isTrue();
      assertThat(Instant.now()).as("the output grew past 20 MB").isBefore(deadline);
      Thread.sleep(50);
    }
    run.kill9();

    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).containsPattern("skipped +1\\n");
    // Whether a batch was marked IN_PROGRESS at the kill depends on timing: the worker marks a
    // batch only once it has read it, and a committer that keeps up may have committed every
    // marked batch by then. Items that were in progress are listed as interrupted.
    Matcher inProgress = Pattern.compile("in progress +(\\d+)\\n").matcher(status.out());
    assertThat(inProgress.find()).as(status.out()).isTrue();
    int interrupted = Integer.parseInt(inProgress.group(1));
    if (interrupted > 0) {
      assertThat(status.out()).contains("Interrupted items (" + interrupted + ";");
    } else {
      assertThat(status.out()).doesNotContain("Interrupted items");
    }
    CliResult pending =
        cli.run("mark", "--checkpoint", "out.jsonl.ratchet", "--key", "5", "--pending");
    assertThat(pending.exitCode()).as(pending.toString()).isZero();

    CliResult resumed = cli.run(process);
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("Finished: every item is done.");
    assertThat(resumed.err()).doesNotContain("OutOfMemory");
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
    assertInInputOrder(out);
  }

  /** Every item once, in input order, read as a stream (the file holds a million records). */
  private static void assertInInputOrder(Path out) throws Exception {
    long expected = 0;
    try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String prefix = "{\"key\":\"" + expected + "\",\"input\":\"item " + expected + "\"";
        if (!line.startsWith(prefix)) {
          throw new AssertionError("record " + expected + " is " + line);
        }
        expected++;
      }
    }
    assertThat(expected).isEqualTo(ITEMS);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
