package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.ordinals;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet process} run as a child process, as users run it. */
class ProcessEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @Test
  void builtInTransformWritesOneRecordPerLineAndRemovesTheCheckpoint() {
    writeLines(dir.resolve("in.txt"), List.of("hello world", "  two  words ", ""));
    CliResult r = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactly("0", "1", "2");
    assertThat(out.get(0).get("input").asText()).isEqualTo("hello world");
    assertThat(out.get(0).get("result").toString())
        .isEqualTo("{\"upper\":\"HELLO WORLD\",\"words\":2,\"chars\":11}");
    assertThat(out.get(1).get("result").get("words").asInt()).isEqualTo(2);
    assertThat(out.get(2).get("result").get("words").asInt()).isZero();
    assertThat(r.out()).contains("Finished: every item is done.", "done", "3", "removed");
    assertThat(dir.resolve("out.jsonl.ratchet")).doesNotExist();
  }

  @Test
  void progressIsOnePlainLinePerCheckpointWhenNotOnATerminal() {
    writeLines(dir.resolve("in.txt"), numbered(10));
    CliResult r =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--batch-size", "4");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    // one line per commit; batches that finish together are committed together
    List<String> progress = r.out().lines().filter(l -> l.startsWith("progress: ")).toList();
    assertThat(progress).hasSizeBetween(1, 3);
    assertThat(progress)
        .allMatch(
            l -> l.matches("progress: (40% \\(4|80% \\(8|100% \\(10)/10\\), 0 failed, .*"),
            "a batch boundary");
    assertThat(progress.get(progress.size() - 1)).startsWith("progress: 100% (10/10)");
    assertThat(r.out()).doesNotContain("\r");
  }

  @Test
  void simulatedCrashLosesNothingAndTheSameCommandResumes() {
    writeLines(dir.resolve("in.txt"), numbered(100));
    String[] command = {
      "process", "--input", "in.txt", "--output", "out.jsonl", "--batch-size", "10"
    };
    CliResult crashed = cli.run(concat(command, "--simulate-crash", "35"));
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    List<String> before = keys(records(dir.resolve("out.jsonl")));
    assertThat(before).hasSizeLessThanOrEqualTo(35).doesNotHaveDuplicates();
    assertThat(dir.resolve("out.jsonl.ratchet")).exists();

    CliResult resumed = cli.run(command);
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(ordinals(100));
    assertThat(out.get(99).get("input").asText()).isEqualTo("item 99");
    assertThat(resumed.out()).containsPattern("interrupted +[1-9]");
  }

  @Test
  void killMinus9AtRandomMomentsThenResumeKeepsEachItemExactlyOnce() throws Exception {
    int items = 150;
    writeLines(dir.resolve("in.txt"), numbered(items));
    // about 2.5 s of work in all, so that the kills land while items are in flight
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "7",
      "--workers",
      "3",
      "--exec",
      "sleep 0.05; cat",
      // up to 6 kills: an item caught in flight by three of them would be blamed as poison
      "--crash-limit",
      "10"
    };
    Path output = dir.resolve("out.jsonl");
    Random random = new Random(Long.getLong("ratchet.test.seed", System.nanoTime()));
    int kills = 0;
    boolean finished = false;
    for (int round = 0; round < 6 && !finished; round++) {
      ChildCli.Started run = cli.start(command);
      if (round == 0) {
        awaitFirstRecord(output, run.process()); // the first kill surely lands mid-run
      } else {
        Thread.sleep(random.nextInt(1200));
      }
      if (!run.process().isAlive()) {
        // a round that finished before the kill is a valid outcome: its output is checked below
        assertThat(run.result().exitCode()).as(run.result().toString()).isZero();
        finished = true;
        break;
      }
      run.kill9();
      if (run.process().exitValue() == 0) {
        finished = true; // it ended on its own just before the kill
        break;
      }
      kills++;
      List<String> soFar = keys(completeRecords(output));
      assertThat(soFar).doesNotHaveDuplicates();
      assertThat(soFar).isEqualTo(ordinals(soFar.size()));
    }
    if (!finished) {
      CliResult last = cli.run(command);
      assertThat(last.exitCode()).as(last.toString()).isZero();
    }
    List<JsonNode> out = records(output);
    assertThat(keys(out)).as("after %d kills", kills).containsExactlyElementsOf(ordinals(items));
    for (JsonNode record : out) {
      assertThat(record.get("result").asText()).isEqualTo(record.get("input").asText());
    }
    assertThat(kills).as("the first run is killed once it has written a record").isPositive();
  }

  private static void awaitFirstRecord(Path output, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (process.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(output) && Files.size(output) > 0) {
        return;
      }
      Thread.sleep(5);
    }
  }

  /** The records of whole lines: a kill can leave a torn last line that a resume cuts off. */
  private static List<JsonNode> completeRecords(Path output) throws IOException {
    if (!Files.exists(output)) {
      return List.of();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n') + 1;
    return text.substring(0, end).lines().map(OutputFiles::json).toList();
  }

  @Test
  void failingItemIsReportedAndTheRerunRetriesOnlyIt() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "bad", "c", "d"));
    Path calls = dir.resolve("calls.log");
    String exec =
        "echo \"$RATCHET_ITEM\" >> calls.log; if [ \"$RATCHET_ITEM\" = bad ] && [ ! -f fixed ];"
            + " then echo 'cannot handle bad' >&2; exit 3; fi; echo \"ok $RATCHET_ITEM\"";
    String[] command = {"process", "--input", "in.txt", "--output", "out.jsonl", "--exec", exec};

    CliResult first = cli.run(command);
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(first.out())
        .contains("1: exit code 3: cannot handle bad", "run the same command", "ratchet status");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "2", "3");
    assertThat(Files.readAllLines(calls)).containsExactly("a", "bad", "c", "d");

    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet", "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode json = OutputFiles.json(status.out());
    assertThat(json.get("counts").get("failed").asInt()).isEqualTo(1);
    assertThat(json.get("failed").get(0).get("key").asText()).isEqualTo("1");
    assertThat(json.get("failed").get(0).get("error").asText()).contains("cannot handle bad");

    Files.createFile(dir.resolve("fixed"));
    Files.delete(calls);
    CliResult rerun = cli.run(command);
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(Files.readAllLines(calls)).containsExactly("bad");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyInAnyOrder("0", "1", "2", "3");
    assertThat(
            out.stream()
                .filter(r -> r.get("key").asText().equals("1"))
                .findFirst()
                .orElseThrow()
                .get("result")
                .asText())
        .isEqualTo("ok bad");
  }

  @Test
  void retriesRunAFailingItemAgainWithinTheRun() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "b", "c"));
    String flakyOnce =
        "if [ ! -f \"seen-$RATCHET_KEY\" ]; then touch \"seen-$RATCHET_KEY\"; echo flaky >&2;"
            + " exit 1; fi; cat";
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--retries",
            "1",
            "--exec",
            flakyOnce);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "1", "2");
  }

  @Test
  void failFastStopsAfterTheBatchWithTheFirstFailure() throws Exception {
    writeLines(dir.resolve("in.txt"), numbered(12));
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--batch-size",
            "2",
            "--fail-fast",
            "--exec",
            "echo \"$RATCHET_ITEM\" >> calls.log; [ \"$RATCHET_ITEM\" != 'item 3' ] && cat");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("Stopped at the first failure (--fail-fast)", "3: exit code 1");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0", "1", "2");
    assertThat(Files.readAllLines(dir.resolve("calls.log"))).hasSizeLessThan(12);
  }

  @Test
  void shellSyntaxInItemsIsTextNeverExecuted() {
    List<String> nasty =
        List.of(
            "$(touch pwned1)",
            "`touch pwned2`",
            "x; touch pwned3",
            "it's \"quoted\" 'text'",
            "$RATCHET_KEY && touch pwned4 | cat");
    writeLines(dir.resolve("in.txt"), nasty);
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "cat; printf '|%s' \"$RATCHET_ITEM\"");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    for (int i = 0; i < nasty.size(); i++) {
      assertThat(out.get(i).get("result").asText()).isEqualTo(nasty.get(i) + "\n|" + nasty.get(i));
    }
    for (int i = 1; i <= 4; i++) {
      assertThat(dir.resolve("pwned" + i)).doesNotExist();
    }
  }

  @Test
  void execGetsTheIdempotencyKeyOfRunAndItem() {
    writeLines(dir.resolve("in.txt"), List.of("x", "y"));
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "printf %s \"$RATCHET_KEY\"");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    String first = out.get(0).get("result").asText();
    assertThat(first).endsWith(":0").hasSizeGreaterThan(3);
    String runId = first.substring(0, first.length() - 2);
    assertThat(out.get(1).get("result").asText()).isEqualTo(runId + ":1");
  }

  @Test
  void formatJsonWritesOneArrayWhenTheRunSucceeds() {
    writeLines(dir.resolve("in.txt"), numbered(25));
    CliResult r =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.json",
            "--format",
            "json",
            "--batch-size",
            "10");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode array = OutputFiles.json(readString(dir.resolve("out.json")));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(25);
    assertThat(array.get(24).get("key").asText()).isEqualTo("24");
    assertThat(dir.resolve("out.json.partial.jsonl")).doesNotExist();
    assertThat(dir.resolve("out.json.ratchet")).doesNotExist();
  }

  @Test
  void ctrlCStopsGracefullyWithExitCode130AndTheRerunFinishes() throws Exception {
    writeLines(dir.resolve("in.txt"), numbered(30));
    // items after the first batch wait for a gate that opens only once Ctrl-C was sent, so the run
    // cannot finish before the stop arrives however slow the machine is
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "5",
      "--exec",
      "if [ \"$RATCHET_KEY\" -ge 5 ]; then while [ ! -e gate ]; do sleep 0.02; done; fi;"
          + " sleep 0.05; cat"
    };
    ChildCli.Started run = cli.start(command);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!run.outSoFar().contains("progress:") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    run.interrupt();
    Files.createFile(dir.resolve("gate"));
    int code = run.waitFor();
    CliResult stopped = run.result();
    assertThat(code).as(stopped.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stopped.out()).contains("Stopped on request", "run the same command again");
    List<String> partial = keys(records(dir.resolve("out.jsonl")));
    assertThat(partial).isEqualTo(ordinals(partial.size())).hasSizeLessThan(30);

    CliResult rest = cli.run(command);
    assertThat(rest.exitCode()).as(rest.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(30));
  }

  @Test
  void keepCheckpointKeepsItAndStatusShowsTheCounts() {
    writeLines(dir.resolve("in.txt"), numbered(5));
    CliResult r =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--keep-checkpoint");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(dir.resolve("out.jsonl.ratchet")).isDirectory();
    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).containsPattern("done +5").contains("Run id");

    CliResult again = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("0 items processed by this run");
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(ordinals(5));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
