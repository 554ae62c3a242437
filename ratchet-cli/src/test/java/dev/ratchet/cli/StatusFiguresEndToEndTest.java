package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet status} in its text and Prometheus forms agree, through the real command. */
class StatusFiguresEndToEndTest {
  @TempDir Path tmp;

  @Test
  void aFailedPipelineIsThreeOfFiveStepsInTextAndPrometheus() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path file = tmp.resolve("etl.yaml");
    Files.writeString(
        file,
        """
        steps:
          extract: {run: 'echo e'}
          transform: {needs: [extract], run: 'echo t'}
          validate: {needs: [transform], run: 'echo v'}
          load: {needs: [validate], run: 'exit 1'}
          notify: {needs: [load], run: 'echo n'}
        """);
    assertThat(cli.run("run", file.toString()).exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    String checkpoint = tmp.resolve(".ratchet/etl.yaml").toString();

    CliResult text = cli.run("status", "--checkpoint", checkpoint);
    CliResult prometheus = cli.run("status", "--checkpoint", checkpoint, "--format", "prometheus");

    assertThat(text.out()).as(text.toString()).contains("Steps (5, 60% complete):");
    Map<String, Double> values = values(prometheus.out());
    assertThat(values)
        .as(prometheus.toString())
        .containsEntry("ratchet_checkpoint_progress_percent", 60.0)
        .containsEntry("ratchet_checkpoint_completed_items", 3.0)
        .containsEntry("ratchet_checkpoint_remaining_items", 2.0)
        .containsEntry("ratchet_checkpoint_total_items", 5.0)
        .containsEntry("ratchet_checkpoint_total_known", 1.0);
  }

  @Test
  void aCrashedItemRunCountsAgainstTheInputsSize() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path input = tmp.resolve("in.txt");
    Files.writeString(
        input,
        IntStream.range(0, 100).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));
    CliResult crashed =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            tmp.resolve("out.jsonl").toString(),
            "--batch-size",
            "10",
            "--simulate-crash",
            "35");
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(86);

    CliResult prometheus =
        cli.run(
            "status",
            "--checkpoint",
            tmp.resolve("out.jsonl.ratchet").toString(),
            "--format",
            "prometheus");

    // How many of the 35 items were committed when it halted depends on timing (at most 30: the
    // open batch never is); the total is the input's 100 lines either way, not the items reached.
    Map<String, Double> values = values(prometheus.out());
    double completed = values.get("ratchet_checkpoint_completed_items");
    assertThat(completed).as(prometheus.toString()).isBetween(0.0, 30.0);
    assertThat(values)
        .as(prometheus.toString())
        .containsEntry("ratchet_checkpoint_total_items", 100.0)
        .containsEntry("ratchet_checkpoint_total_known", 1.0)
        .containsEntry("ratchet_checkpoint_remaining_items", 100.0 - completed)
        .containsEntry("ratchet_checkpoint_progress_percent", completed);
  }

  private static Map<String, Double> values(String exposition) {
    Map<String, Double> values = new HashMap<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith("#") && line.contains("} ") && !line.contains("state=")) {
        values.put(
            line.substring(0, line.indexOf('{')),
            Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return values;
  }
}
