package dev.ratchet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {

  @Test
  void tinyRunMeasuresEndToEndAndWritesJsonAndMarkdown(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("results/tiny.json");
    Path md = dir.resolve("BENCHMARKS.md");
    BenchMain.Options options =
        BenchMain.Options.parse(
            new String[] {
              "--mode",
              "tiny",
              "--only",
              "disk,naive",
              "--work",
              dir.resolve("work").toString(),
              "--json",
              json.toString(),
              "--markdown",
              md.toString(),
              "--repo",
              dir.toString(),
              "--command",
              "bench/run --tiny"
            });

    BenchMain.run(options);

    Report.Run run = Report.readJson(json);
    assertThat(run.mode()).isEqualTo("tiny");
    assertThat(run.command()).isEqualTo("bench/run --tiny");
    assertThat(run.machine().cores()).isPositive();
    assertThat(run.suites()).extracting(Report.SuiteInfo::error).containsOnlyNulls();
    assertThat(run.figures())
        .extracting(Figure::id)
        .contains("disk.fsyncs_per_s", "naive.items_per_s.n=1000.batch=100");
    assertThat(run.figures()).allSatisfy(f -> assertThat(f.stats().median()).isPositive());
    String text = Files.readString(md);
    assertThat(text)
        .contains(
            "## Targets", "`bench/run --tiny`", "rewrite-all JSON checkpoint", "results/tiny.json");
  }

  @Test
  void unknownOptionIsRefusedWithItsName() {
    assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--fast"}))
        .hasMessageContaining("unknown option --fast");
  }
}
