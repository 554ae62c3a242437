package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet history} through the real command, after real runs. */
class HistoryCommandTest {
  @TempDir Path dir;

  @Test
  void runsThatEndedAreListedNewestFirstAsTextAndJson() throws Exception {
    ChildCli cli = new ChildCli(dir);
    Files.write(dir.resolve("in.txt"), IntStream.range(0, 5).mapToObj(i -> "line " + i).toList());
    CliResult failed =
        cli.run("process", "--input", "in.txt", "--output", "out.jsonl", "--exec", "exit 4");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    CliResult fixed = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();

    CliResult table = cli.run("history");
    assertThat(table.exitCode()).isZero();
    String[] lines = table.out().split("\n");
    assertThat(lines[0]).startsWith("ended").contains("outcome").contains("checkpoint");
    assertThat(lines[1]).contains("succeeded").contains(" 5 ").endsWith("out.jsonl.ratchet");
    assertThat(lines[2]).contains("completed_with_failures").endsWith("out.jsonl.ratchet");

    CliResult json = cli.run("history", "--json", "--limit", "1");
    JsonNode records = new ObjectMapper().readTree(json.out());
    assertThat(records).hasSize(1);
    assertThat(records.get(0).get("outcome").asText()).isEqualTo("succeeded");
    assertThat(records.get(0).get("counts").get("done").asLong()).isEqualTo(5);
    assertThat(records.get(0).get("command").get(1).asText()).isEqualTo("process");
    assertThat(records.get(0).get("command").toString()).doesNotContain("--fresh");
  }

  @Test
  void aMissingRootIsAUsageError() {
    CliResult result = new ChildCli(dir).run("history", "--root", "nope");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--root nope is not a directory");
  }
}
