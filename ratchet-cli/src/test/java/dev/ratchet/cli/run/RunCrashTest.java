package dev.ratchet.cli.run;

import static dev.ratchet.cli.run.PipelineDir.counted;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ratchet run} in a child JVM killed with SIGKILL while a step runs, then resumed. */
class RunCrashTest {
  @TempDir Path tmp;
  final List<ProcessHandle> leftovers = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    leftovers.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void killDashNineDuringAStepThenResumeRestoresEveryCompletedStepExactlyOnce() throws Exception {
    // a, then b and d in parallel; b waits for d to finish, signals and hangs until killed.
    PipelineDir pipeline =
        new PipelineDir(
            tmp,
            """
            steps:
              a: {run: '%s'}
              d: {needs: [a], run: '%s'}
              b:
                needs: [a]
                run: '%s'
              c: {needs: [b, d], run: '%s'}
            """
                .formatted(
                    counted("a", "echo a"),
                    counted("d", "echo d"),
                    counted(
                        "b",
                        "if test ! -e second-run; then while test ! -e runs/d; do sleep 0.1; done;"
                            + " sleep 1; touch b-started; sleep 60; fi; echo b"),
                    counted("c", "echo c")));
    Path log = tmp.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ratchet.cli.Main",
                "run",
                pipeline.file.toString(),
                "--workers",
                "2")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    leftovers.add(child.toHandle());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(tmp.resolve("b-started"))) {
      assertThat(child.isAlive()).as(() -> "child exited early: " + read(log)).isTrue();
      assertThat(System.nanoTime()).as(() -> "b never started: " + read(log)).isLessThan(deadline);
      Thread.sleep(50);
    }
    child.descendants().forEach(leftovers::add);
    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start().waitFor();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);
    leftovers.forEach(ProcessHandle::destroyForcibly);

    PipelineDir.Result status =
        PipelineDir.ratchet(
            "status", "--checkpoint", tmp.resolve(".ratchet/pipeline.yaml").toString());
    assertThat(status.out())
        .as(status.toString())
        .contains("done         a, d")
        .contains("interrupted  b");

    pipeline.flag("second-run", true);
    PipelineDir.Result resumed = pipeline.run("--workers", "2");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out())
        .contains("resuming pipeline")
        .contains("[a] restored from the checkpoint")
        .contains("[d] restored from the checkpoint")
        .contains("steps interrupted by a crash were run again: [b]")
        .contains("2 succeeded, 2 restored, 0 failed, 0 skipped");
    assertThat(
            List.of(pipeline.runs("a"), pipeline.runs("d"), pipeline.runs("b"), pipeline.runs("c")))
        .containsExactly(1, 1, 2, 1);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
