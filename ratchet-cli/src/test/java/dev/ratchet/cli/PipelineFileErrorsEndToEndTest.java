package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong value in a pipeline file is refused when the file is loaded, before anything runs, with
 * one line naming the file, the line of the value and its step (exit 2, no stack trace).
 */
class PipelineFileErrorsEndToEndTest {
  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  /** Runs {@code ratchet run} on the file and returns the first line of its error. */
  private String refused(String yaml) throws Exception {
    Files.writeString(dir.resolve("pipeline.yaml"), yaml);
    CliResult r = cli.run("run", "pipeline.yaml");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.out()).doesNotContain("[");
    assertThat(dir.resolve(".ratchet")).doesNotExist();
    return r.err().lines().findFirst().orElseThrow();
  }

  private static final String HEAD = "steps:\n  extract:\n    run: echo hi\n";

  @Test
  void anOverflowingTimeoutNamesItsLineAndStep() throws Exception {
    String err =
        refused(
            HEAD
                + "  load:\n    run: echo load\n    needs: [extract]\n    timeout: 99999999999d\n");
    assertThat(err)
        .contains("pipeline.yaml:7: step 'load': timeout '99999999999d' is too large")
        .contains("at most 365d");
    assertThat(refused(HEAD + "  load: {run: x, timeout: 99999999999999999999h}\n"))
        .contains("pipeline.yaml:4: step 'load': timeout '99999999999999999999h' is too large");
  }

  @Test
  void aNullEnvValueNamesTheLineOfItsKey() throws Exception {
    String err =
        refused(HEAD + "  load:\n    run: echo\n    env:\n      MODE: full\n      X: null\n");
    assertThat(err)
        .contains("pipeline.yaml:8: step 'load': env 'X' has no value")
        .contains("X: \"\" for an empty one");
  }

  @Test
  void retriesOfTheWrongTypeAreRefusedInTheFilesWords() throws Exception {
    String err = refused(HEAD + "  load:\n    run: echo\n    retries: many\n");
    assertThat(err)
        .contains("pipeline.yaml:6: step 'load': 'retries' must be a whole number from 0 to 100")
        .contains("was 'many'")
        .doesNotContain("java.lang");
    assertThat(refused(HEAD + "  load:\n    run: [echo, load]\n"))
        .contains("pipeline.yaml:5: step 'load': 'run' must be a shell command");
  }

  /** The parser's message is several lines; its first alone did not say what was wrong. */
  @Test
  void aYamlSyntaxErrorSaysWhatIsWrongOnTheLineOfTheProblem() throws Exception {
    assertThat(refused("steps:\n\textract:\n    run: echo hi\n"))
        .isEqualTo(
            "ratchet run: pipeline.yaml:2: while scanning for the next token: found character"
                + " '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for"
                + " indentation)");
    assertThat(refused(HEAD + "  load:\n    run: 'echo load\n"))
        .isEqualTo(
            "ratchet run: pipeline.yaml:6: while scanning a quoted scalar: found unexpected end of"
                + " stream");
  }

  @Test
  void anUnknownKeyIsRefusedWithItsLine() throws Exception {
    assertThat(refused(HEAD + "  load:\n    run: echo\n    retires: 3\n"))
        .contains("pipeline.yaml:6: unknown key 'retires' in step 'load'")
        .contains("retries");
  }

  @Test
  void aStepWithoutRunNamesTheStepsLine() throws Exception {
    assertThat(refused(HEAD + "  load:\n    needs: [extract]\n"))
        .contains("pipeline.yaml:4: step 'load' has no 'run:' command");
    assertThat(refused(HEAD + "  load:\n"))
        .contains("pipeline.yaml:4: step 'load' has no 'run:' command");
  }
}
