package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static dev.ratchet.cli.ProcessControlEndToEndTest.awaitGone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exec-stream} starts one command per worker ahead, while the checkpoint opens: each
 * worker takes one of them, no more are started, and every one ends with the run, taken or not.
 */
class StreamStartEndToEndTest {
  @TempDir Path dir;

  /** Notes its pid (its process group's) in {@code starts}, then answers {@code r-ITEM-PID}. */
  private String worker() {
    return "echo $$ >> '"
        + dir.resolve("starts")
        + "'; while IFS= read -r x; do echo \"r-$x-$$\"; done";
  }

  private CliResult run(String workers, int items) {
    writeLines(dir.resolve("in.txt"), OutputFiles.numbered(items));
    return InProcess.run(
        "process",
        "--input",
        dir.resolve("in.txt").toString(),
        "--output",
        dir.resolve("out.jsonl").toString(),
        "--workers",
        workers,
        "--batch-size",
        "5",
        "--progress",
        "none",
        "--exec-stream",
        worker());
  }

  private List<String> starts() throws Exception {
    return Files.readAllLines(dir.resolve("starts"));
  }

  @Test
  void eachWorkerTakesACommandStartedAheadAndNoOtherIsStarted() throws Exception {
    CliResult r = run("3", 300);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(OutputFiles.ordinals(300));
    Set<String> answered = new HashSet<>();
    for (JsonNode n : out) {
      answered.add(n.get("result").asText().replaceAll(".*-", ""));
    }
    assertThat(starts()).as("one command per worker, started ahead").hasSize(3);
    assertThat(starts()).containsAll(answered);
  }

  @Test
  void commandsStartedAheadThatNoWorkerTookEndWithTheRun() throws Exception {
    CliResult r = run("4", 1);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactly("0");
    assertThat(starts()).hasSizeBetween(1, 4);
    for (String pid : starts()) {
      awaitGone(Long.parseLong(pid.strip()));
    }
  }
}
