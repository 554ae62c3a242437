package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet run} in a child JVM against a pipeline file edited between runs. */
class PipelineChangeEndToEndTest {
  @TempDir Path tmp;

  static final String PIPELINE =
      """
      steps:
        generate:
          run: 'echo run >> generate.runs && echo rows %d > data.txt'
        load:
          needs: [generate]
          run: 'test ! -e fail-load && cp data.txt loaded.txt'
        other:
          run: 'echo run >> other.runs'
      """;

  @Test
  void aStepWhoseRunChangedRunsAgainWithItsDownstreamAndSaysWhy() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path file = tmp.resolve("etl.yaml");
    Files.writeString(file, PIPELINE.formatted(100));
    Files.writeString(tmp.resolve("fail-load"), "");
    CliResult first = cli.run("run", file.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);

    Files.writeString(file, PIPELINE.formatted(200));
    Files.delete(tmp.resolve("fail-load"));
    CliResult second = cli.run("run", file.toString());

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .contains(
            "[generate] changed since the checkpoint (run: 'echo run >> generate.runs && echo"
                + " rows 100 > data.txt' -> 'echo run >> generate.runs && echo rows 200 >"
                + " data.txt'): running again")
        .contains("ratchet: Resume plan: 1 done, 2 remaining")
        .contains("[other] restored from the checkpoint")
        .contains("2 succeeded, 1 restored, 0 failed, 0 skipped");
    assertThat(Files.readString(tmp.resolve("loaded.txt"))).isEqualTo("rows 200\n");
    assertThat(Files.readAllLines(tmp.resolve("generate.runs"))).hasSize(2);
    assertThat(Files.readAllLines(tmp.resolve("other.runs"))).hasSize(1);
  }
}
