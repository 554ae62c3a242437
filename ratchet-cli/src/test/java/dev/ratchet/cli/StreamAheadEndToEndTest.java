package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static dev.ratchet.cli.ProcessControlEndToEndTest.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet process --exec-stream CMD --stream-ahead N} through the real CLI: several items in
 * flight to each command, answers matched to items by order, with the crash safety of one at a
 * time: a command that dies or hangs fails only the oldest item it owed, the items sent after it go
 * to a fresh command, and a killed run writes each item once when it is run again.
 */
class StreamAheadEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  private CliResult stream(String worker, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("process", "--input", "in.txt", "--output", "out.jsonl", "--progress", "none"));
    args.addAll(List.of(extra));
    args.addAll(List.of("--exec-stream", worker));
    return cli.run(args.toArray(String[]::new));
  }

  private static List<String> items(String prefix, int n) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(prefix + i);
    }
    return items;
  }

  private List<String> results() {
    return records(dir.resolve("out.jsonl")).stream().map(n -> n.get("result").asText()).toList();
  }

  @Test
  void aCommandThatReadsTwoItemsBeforeAnsweringEitherGetsThemAndEveryAnswerLandsOnItsItem() {
    // One at a time, this command would wait for good for a second item that never comes. One
    // worker, so that every batch has 10 items (several share out the last ones unevenly).
    String pairs =
        "while IFS= read -r a && IFS= read -r b; do echo \"r-$a-$$\"; echo \"r-$b-$$\"; done";
    writeLines(dir.resolve("in.txt"), items("x", 600));
    CliResult r = stream(pairs, "--stream-ahead", "4", "--batch-size", "10", "--timeout", "60s");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(OutputFiles.ordinals(600));
    List<String> pids = new ArrayList<>();
    for (JsonNode n : out) {
      String[] parts = n.get("result").asText().split("-");
      assertThat(parts[1]).isEqualTo(n.get("input").asText());
      if (!pids.contains(parts[2])) {
        pids.add(parts[2]);
      }
    }
    assertThat(pids).as("one command for every item").hasSize(1);
  }

  @Test
  void aCommandThatDiesWithItemsInFlightFailsOnlyTheOldestAndAFreshOneAnswersTheRest()
      throws Exception {
    String worker =
        "while IFS= read -r x; do if [ \"$x\" = die ] && [ -e die.on ]; then"
            + " echo 'died on die' >&2; exit 3; fi; echo \"r-$x-$$\"; done";
    List<String> in = new ArrayList<>(items("a", 10));
    in.add("die");
    in.addAll(items("b", 9));
    writeLines(dir.resolve("in.txt"), in);
    Files.writeString(dir.resolve("die.on"), "");
    CliResult r = stream(worker, "--stream-ahead", "8", "--batch-size", "20");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("10: exit code 3").contains("died on die");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    List<String> expected = new ArrayList<>(OutputFiles.ordinals(20));
    expected.remove("10");
    assertThat(keys(out)).containsExactlyElementsOf(expected);
    for (JsonNode n : out) {
      assertThat(n.get("result").asText()).startsWith("r-" + n.get("input").asText() + "-");
    }
    assertThat(pid(out.get(9)))
        .as("b0..b8, sent to the command that died, are answered by a fresh one")
        .isNotEqualTo(pid(out.get(10)));
    assertThat(out.subList(10, 19))
        .extracting(StreamAheadEndToEndTest::pid)
        .containsOnly(pid(out.get(10)));

    Files.delete(dir.resolve("die.on"));
    CliResult again = stream(worker, "--stream-ahead", "8", "--batch-size", "20");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(results()).hasSize(20);
    assertThat(results().get(10)).startsWith("r-die-");
  }

  @Test
  void aHangingItemWithItemsBehindItTimesOutAloneAndTheItemsBehindItAreDone() {
    String worker = "while IFS= read -r x; do [ \"$x\" = hang ] && sleep 1000; echo \"r-$x\"; done";
    List<String> in = new ArrayList<>(items("a", 3));
    in.add("hang");
    in.addAll(items("b", 5));
    writeLines(dir.resolve("in.txt"), in);
    CliResult r = stream(worker, "--stream-ahead", "16", "--timeout", "1s");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out()).contains("3: timed out after 1s").doesNotContain("Exception");
    assertThat(results())
        .containsExactly("r-a0", "r-a1", "r-a2", "r-b0", "r-b1", "r-b2", "r-b3", "r-b4");
  }

  @Test
  void aKilledRunWithItemsInFlightWritesEachItemOnceWhenRunAgain() throws Exception {
    List<String> in = new ArrayList<>(items("a", 25));
    in.add("hang");
    in.addAll(items("b", 14));
    writeLines(dir.resolve("in.txt"), in);
    Files.writeString(dir.resolve("hang.on"), "");
    String worker =
        "echo $$ > pgid.tmp; mv pgid.tmp pgid; while IFS= read -r x; do"
            + " if [ \"$x\" = hang ] && [ -e hang.on ]; then sleep 1000; fi; echo \"r-$x\"; done";
    String[] command = {
      "process",
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "10",
      "--stream-ahead",
      "6",
      "--progress",
      "none",
      "--exec-stream",
      worker
    };
    ChildCli.Started run = cli.start(command);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (recordsIfAny().size() < 20 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(recordsIfAny()).as("two batches committed before the hang").hasSize(20);
    long pgid = Long.parseLong(Files.readString(dir.resolve("pgid")).strip());
    run.kill9();
    awaitGone(pgid);
    Files.delete(dir.resolve("hang.on"));
    CliResult r = cli.run(command);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(results()).containsExactlyElementsOf(in.stream().map(x -> "r-" + x).toList());
  }

  @Test
  void aWindowBelowOneIsAUsageError() {
    writeLines(dir.resolve("in.txt"), List.of("a"));
    CliResult r = stream("cat", "--stream-ahead", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--stream-ahead");
  }

  private List<JsonNode> recordsIfAny() {
    return Files.exists(dir.resolve("out.jsonl")) ? records(dir.resolve("out.jsonl")) : List.of();
  }

  private static String pid(JsonNode record) {
    return record.get("result").asText().replaceAll(".*-", "");
  }
}
