package dev.ratchet.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
  @TempDir Path dir;

  Path write(String yaml) throws IOException {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  void refused(String yaml, String... parts) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> PipelineLoader.load(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void readsStepsWithEveryKey() throws IOException {
    Pipeline pipeline =
        PipelineLoader.load(
            write(
                """
                name: demo
                steps:
                  extract:
                    run: echo hi
                  load:
                    run: ./load.sh
                    needs: extract
                    retries: 2
                    timeout: 1m30s
                    env: {MODE: full, LEVEL: 3}
                    when: {step: extract, output_contains: hi}
                """));
    assertThat(pipeline.name()).isEqualTo("demo");
    assertThat(pipeline.workDir()).isEqualTo(dir.toAbsolutePath());
    Pipeline.Step load = pipeline.step("load");
    assertThat(load.needs()).containsExactly("extract");
    assertThat(load.retries()).isEqualTo(2);
    assertThat(load.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(load.env()).containsEntry("MODE", "full").containsEntry("LEVEL", "3");
    assertThat(load.when()).isEqualTo(new StepCondition.OutputContains("extract", "hi"));
    assertThat(pipeline.dag().upstream("load")).containsExactly("extract");
  }

  @Test
  void anUnknownKeyIsRefusedWithItsLine() throws IOException {
    refused(
        """
        steps:
          extract:
            run: echo hi
          load:
            run: echo load
            neds: [extract]
        """,
        "pipeline.yaml:6: unknown key 'neds' in step 'load'",
        "needs",
        "retries");
    refused(
        """
        stages:
          a: {run: echo}
        """,
        "pipeline.yaml:1: unknown key 'stages'");
  }

  @Test
  void duplicateStepNamesAreRefusedWithTheLine() throws IOException {
    refused(
        """
        steps:
          extract:
            run: echo one
          extract:
            run: echo two
        """,
        "pipeline.yaml:4:",
        "duplicate key 'extract'");
  }

  @Test
  void needsOfAnUnknownStepAndCyclesAreRefused() throws IOException {
    refused(
        """
        steps:
          load: {run: echo, needs: [trnsform]}
        """,
        "step 'load' needs 'trnsform', which is not a step; steps are [load]");
    refused(
        """
        steps:
          a: {run: echo, needs: [c]}
          b: {run: echo, needs: [a]}
          c: {run: echo, needs: [b]}
        """,
        "cycle: ",
        "a -> b -> c -> a");
  }

  @Test
  void badValuesAreRefusedSayingWhatToWrite() throws IOException {
    refused("steps:\n  a: {needs: []}\n", "step 'a' has no 'run:' command");
    refused(
        "steps:\n  a: {run: echo, timeout: soon}\n",
        "timeout 'soon' is not a duration; write e.g. 30s");
    refused("steps:\n  a: {run: echo, retries: -1}\n", "retries must be between 0 and 100, was -1");
    refused(
        "steps:\n  a: {run: echo, retries: many}\n",
        "pipeline.yaml:2: step 'a': 'retries' must be a whole number");
    refused(
        "steps:\n  a: {run: echo}\n  b: {run: echo, when: {step: a, output_contains: x}}\n",
        "'when:' tests step 'a', which is not in its needs []");
    refused(
        "steps:\n  a: {run: echo}\n  b: {run: echo, needs: [a], when: {step: a}}\n",
        "'when:' needs exactly one of");
    refused(
        "steps:\n  a: {run: echo, when: {comand: true}}\n",
        "unknown key 'comand' in the 'when:' of step 'a'");
    refused("name: x\n", "no steps");
    assertThatThrownBy(() -> PipelineLoader.load(dir.resolve("missing.yaml")))
        .hasMessageContaining("pipeline file not found");
  }

  @Test
  void yamlBombsAndDeepNestingAreRefused() throws IOException {
    StringBuilder bomb = new StringBuilder("steps:\n  s:\n    run: echo\n    env:\n");
    bomb.append("      A: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char name = 'b'; name <= 'l'; name++) {
      String previous = "*" + (char) (name - 1);
      bomb.append("      ")
          .append(Character.toUpperCase(name))
          .append(": &")
          .append(name)
          .append(" [")
          .append(String.join(", ", Collections.nCopies(10, previous)))
          .append("]\n");
    }
    refused(bomb.toString(), "refused: more than 10 YAML aliases");
    refused(
        "steps:\n  a: {run: echo, env: " + "[".repeat(100) + "]".repeat(100) + "}\n",
        "refused: nested deeper than 20 levels");
  }

  @Test
  void durationsAcceptUnitsAndSeconds() {
    assertThat(PipelineLoader.duration("x", "45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(PipelineLoader.duration("x", "1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(PipelineLoader.duration("x", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> PipelineLoader.duration("x", "0s")).hasMessageContaining("positive");
  }

  @Test
  void logFileNamesAreSafeAndDistinct() {
    assertThat(LogFiles.fileName("load")).matches("load-[0-9a-f]{8}\\.log");
    assertThat(LogFiles.fileName("../../etc/passwd"))
        .matches("_\\._.\\._etc_passwd-[0-9a-f]{8}\\.log")
        .doesNotContain("/");
    assertThat(LogFiles.fileName("a/b")).isNotEqualTo(LogFiles.fileName("a_b"));
    assertThat(LogFiles.fileName(".hidden")).startsWith("_hidden");
  }
}
