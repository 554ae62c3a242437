package dev.ratchet.cli.run;

import static dev.ratchet.cli.run.PipelineDir.counted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet run} and {@code ratchet graph}, run in this JVM with captured output. */
class RunCommandTest {
  @TempDir Path tmp;

  static final String FLAKY_LOAD =
      """
      name: flaky-load
      steps:
        extract:
          run: %s
        transform:
          needs: [extract]
          run: %s
        validate:
          needs: [transform]
          run: %s
        load:
          needs: [validate]
          run: %s
        notify:
          needs: [load]
          run: %s
      """
          .formatted(
              counted("extract", "echo extracted 1000 rows"),
              counted("transform", "echo transformed"),
              counted("validate", "echo valid"),
              counted("load", "test ! -e fail-load && echo loaded"),
              counted("notify", "echo notified"));

  static final String FAN =
      """
      steps:
        source: {run: '%s'}
        branch_a: {needs: [source], run: '%s'}
        branch_b: {needs: [source], run: '%s'}
        branch_c: {needs: [source], run: '%s'}
        join: {needs: [branch_a, branch_b, branch_c], run: '%s'}
      """
          .formatted(
              counted("source", "echo source"),
              counted("branch_a", "echo a"),
              counted("branch_b", "test ! -e fail-b && echo b"),
              counted("branch_c", "echo c"),
              counted("join", "echo joined"));

  @Test
  void flakyLoadFailsThenTheSameCommandResumesIt() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, FLAKY_LOAD);
    pipeline.flag("fail-load", true);
    PipelineDir.Result first = pipeline.run("--workers", "2");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(first.out())
        .contains("[extract] extracted 1000 rows")
        .contains("[load] FAILED: exit code 1")
        .contains("[notify] skipped: upstream 'load' failed")
        .contains("3 succeeded, 0 restored, 1 failed, 1 skipped")
        .contains("run the same command again to resume");

    PipelineDir.Result status =
        PipelineDir.ratchet(
            "status", "--checkpoint", tmp.resolve(".ratchet/pipeline.yaml").toString());
    assertThat(status.out())
        .as(status.toString())
        .contains("Steps (5, 60% complete):")
        .contains("done         extract, transform, validate")
        .contains("failed       load")
        .contains("skipped      notify");

    pipeline.flag("fail-load", false);
    PipelineDir.Result second = pipeline.run("--workers", "2");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .contains("[extract] restored from the checkpoint (not run)")
        .contains("[transform] restored from the checkpoint (not run)")
        .contains("[validate] restored from the checkpoint (not run)")
        .contains("[load] loaded")
        .contains("2 succeeded, 3 restored, 0 failed, 0 skipped")
        .contains("checkpoint removed");
    assertThat(
            List.of(
                pipeline.runs("extract"),
                pipeline.runs("transform"),
                pipeline.runs("validate"),
                pipeline.runs("load"),
                pipeline.runs("notify")))
        .containsExactly(1, 1, 1, 2, 1);
    assertThat(tmp.resolve(".ratchet/pipeline.yaml")).doesNotExist();
    Path log = tmp.resolve(".ratchet/pipeline.yaml.logs").resolve(LogFiles.fileName("load"));
    assertThat(Files.readString(log))
        .contains("attempt 1", "# exit code 1", "loaded", "# exit code 0");
  }

  @Test
  void fanOutFanInResumeRunsOnlyTheFailedBranchAndTheJoin() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, FAN);
    pipeline.flag("fail-b", true);
    Path checkpoint = tmp.resolve("ckpt");
    PipelineDir.Result first = pipeline.run("--checkpoint", checkpoint.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(first.out()).contains("4 succeeded".replace("4", "3"), "1 failed, 1 skipped");

    pipeline.flag("fail-b", false);
    PipelineDir.Result second = pipeline.run("--checkpoint", checkpoint.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out())
        .contains(
            "2 succeeded, 3 restored, 0 failed, 0 skipped",
            "[source] restored",
            "[branch_a] restored",
            "[branch_c] restored");
    assertThat(
            List.of(
                pipeline.runs("source"),
                pipeline.runs("branch_a"),
                pipeline.runs("branch_b"),
                pipeline.runs("branch_c"),
                pipeline.runs("join")))
        .containsExactly(1, 1, 2, 1, 1);
  }

  @Test
  void aStepSkippedByItsConditionStaysSkippedOnResume() throws Exception {
    PipelineDir pipeline =
        new PipelineDir(
            tmp,
            """
            steps:
              check: {run: '%s'}
              publish:
                needs: [check]
                when: {step: check, output_equals: 'changed'}
                run: '%s'
              announce: {needs: [publish], run: '%s'}
              flaky: {needs: [check], run: '%s'}
            """
                .formatted(
                    counted("check", "if test -e changed; then echo changed; else echo same; fi"),
                    counted("publish", "echo published"),
                    counted("announce", "echo announced"),
                    counted("flaky", "test ! -e fail-flaky")));
    pipeline.flag("fail-flaky", true);
    PipelineDir.Result first = pipeline.run();
    assertThat(first.out())
        .as(first.toString())
        .contains("[publish] skipped: skipped by condition")
        .contains("[announce] skipped: skipped by condition of upstream 'publish'");

    pipeline.flag("fail-flaky", false);
    pipeline.flag("changed", true);
    PipelineDir.Result second = pipeline.run();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("1 succeeded, 1 restored, 0 failed, 2 skipped");
    assertThat(pipeline.runs("publish")).isZero();
    assertThat(pipeline.runs("announce")).isZero();
    assertThat(pipeline.runs("check")).isEqualTo(1);
  }

  @Test
  void aStepAddedToAFailedPipelineRunsWithoutFreshAndTheRestIsRestored() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, FLAKY_LOAD);
    pipeline.flag("fail-load", true);
    assertThat(pipeline.run().exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    pipeline.write(FLAKY_LOAD + "  archive: {needs: [validate], run: 'echo archived'}\n");
    pipeline.flag("fail-load", false);
    PipelineDir.Result grown = pipeline.run();
    assertThat(grown.exitCode()).as(grown.toString()).isZero();
    assertThat(grown.out())
        .contains("[archive] new step: running")
        .contains("ratchet: Resume plan: 3 done, 3 remaining")
        .contains("3 succeeded, 3 restored, 0 failed, 0 skipped");
    assertThat(List.of(pipeline.runs("extract"), pipeline.runs("validate"), pipeline.runs("load")))
        .containsExactly(1, 1, 2);
  }

  @Test
  void aCommandThatIsNotFoundFailsItsStepSayingSo() throws Exception {
    PipelineDir pipeline =
        new PipelineDir(
            tmp,
            """
            steps:
              first: {run: 'echo ok'}
              broken: {needs: [first], run: 'frobnicate-the-data --now'}
            """);
    PipelineDir.Result result = pipeline.run();
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(result.out())
        .contains(
            "[broken] FAILED: command not found: 'frobnicate-the-data' (exit 127); check the step's"
                + " run: line and PATH");
  }

  @Test
  void fromRerunsAStepAndItsDescendantsFromAKeptCheckpoint() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, FLAKY_LOAD);
    assertThat(pipeline.run("--keep").out()).contains("checkpoint kept in");
    PipelineDir.Result from = pipeline.run("--from", "validate");
    assertThat(from.exitCode()).as(from.toString()).isZero();
    assertThat(from.out())
        .contains("[validate] rerun asked for: running again")
        .contains("[load] downstream of a rerun: running again")
        .contains("3 succeeded, 2 restored")
        .contains("checkpoint kept in"); // kept once with --keep, so kept without it too
    assertThat(
            List.of(
                pipeline.runs("extract"),
                pipeline.runs("transform"),
                pipeline.runs("validate"),
                pipeline.runs("load"),
                pipeline.runs("notify")))
        .containsExactly(1, 1, 2, 2, 2);
    PipelineDir.Result unknown = pipeline.run("--from", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("--from names unknown step 'nope'");
  }

  @Test
  void traceAndStepEnvironmentAndSafeLogNames() throws Exception {
    PipelineDir pipeline =
        new PipelineDir(
            tmp,
            """
            steps:
              "../../escape me":
                env: {GREETING: hello}
                run: 'echo "$GREETING from $RATCHET_STEP attempt $RATCHET_ATTEMPT"'
            """);
    Path trace = tmp.resolve("trace.json");
    PipelineDir.Result result = pipeline.run("--trace", trace.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("[../../escape me] hello from ../../escape me attempt 1");
    JsonNode events = new ObjectMapper().readTree(trace.toFile()).get("traceEvents");
    assertThat(events.toString())
        .contains("\"name\":\"../../escape me\"", "\"status\":\"SUCCEEDED\"");
    try (Stream<Path> logs = Files.list(tmp.resolve(".ratchet/pipeline.yaml.logs"))) {
      assertThat(logs.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .matches("_\\._.\\._escape_me-[0-9a-f]{8}\\.log");
    }
    assertThat(tmp.getParent().resolve("escape me")).doesNotExist();
  }

  @Test
  void graphPrintsDotAndMermaid() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, FAN);
    PipelineDir.Result dot = PipelineDir.ratchet("graph", pipeline.file.toString());
    assertThat(dot.exitCode()).as(dot.toString()).isZero();
    assertThat(dot.out()).startsWith("digraph dag {").contains("\"branch_b\" -> \"join\";");
    PipelineDir.Result mermaid =
        PipelineDir.ratchet("graph", pipeline.file.toString(), "--format", "mermaid");
    assertThat(mermaid.out()).startsWith("flowchart LR").contains("n0 --> n1");
    PipelineDir.Result bad =
        PipelineDir.ratchet("graph", pipeline.file.toString(), "--format", "png");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aBadPipelineFileIsAUsageErrorWithTheLine() throws Exception {
    PipelineDir pipeline = new PipelineDir(tmp, "steps:\n  a:\n    run: echo\n    retires: 3\n");
    PipelineDir.Result result = pipeline.run();
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("pipeline.yaml:4: unknown key 'retires' in step 'a'");
    assertThat(tmp.resolve(".ratchet")).doesNotExist();
  }
}
