package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.RetryPolicy;
import dev.ratchet.store.FileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskContext#step}: memoized sub-steps of DAG nodes, as durable as items' sub-steps. */
class SubStepsTest {
  @TempDir Path dir;

  private Path ckpt() {
    return dir.resolve("ckpt");
  }

  private Path log() {
    return dir.resolve("steps.log");
  }

  private List<String> bodiesRun() throws IOException {
    return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
  }

  @Test
  void aNodeKilledAfterSubStepTwoOfThreeResumesAtSubStepThree() throws Exception {
    Process child = launch();
    try {
      awaitLine(child, "AFTER-TWO");
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child killed").isTrue();
    }
    assertThat(bodiesRun()).containsExactly("one", "two");

    ExecutionResult resumed =
        CheckpointExecutor.builder(SubStepChild.DAG)
            .store(Checkpoints.stores(ckpt()))
            .build()
            .resume(
                Map.of(
                    "extract",
                    ctx -> {
                      throw new AssertionError("extract completed before the kill");
                    },
                    "work",
                    SubStepChild.work(log(), () -> {})));

    assertThat(resumed.interrupted()).containsExactly("work");
    assertThat(resumed.restored()).isEqualTo(1);
    assertThat(resumed.result("work", Integer.class)).isEqualTo(106);
    assertThat(bodiesRun())
        .as("only sub-step three ran again")
        .containsExactly("one", "two", "three");
  }

  @Test
  void aRetriedAttemptAndAResumeStartAfterTheSubStepsAlreadyTaken() throws Exception {
    Dag dag = SubStepChild.DAG;
    AtomicInteger attempts = new AtomicInteger();
    Task failsAfterOne =
        ctx -> {
          attempts.incrementAndGet();
          ctx.step("one", Integer.class, () -> SubStepChild.ran(log(), "one", 1));
          throw new IllegalStateException("fails after sub-step one");
        };
    CheckpointExecutor executor =
        CheckpointExecutor.builder(dag)
            .store(Checkpoints.stores(ckpt()))
            .retry(RetryPolicy.attempts(2).backoff(Duration.ZERO, Duration.ZERO).build())
            .build();

    ExecutionResult failed = executor.execute(Map.of("extract", ctx -> 100, "work", failsAfterOne));
    assertThat(failed.nodeResult("work").status()).isEqualTo(NodeStatus.FAILED);
    assertThat(attempts).hasValue(2);
    assertThat(bodiesRun()).as("the retry reused sub-step one").containsExactly("one");

    ExecutionResult resumed =
        executor.resume(Map.of("extract", ctx -> 100, "work", SubStepChild.work(log(), () -> {})));
    assertThat(resumed.result("work", Integer.class)).isEqualTo(106);
    assertThat(bodiesRun()).containsExactly("one", "two", "three");
  }

  @Test
  void aNodeThatCompletesOrChangesForgetsItsSubSteps() throws Exception {
    Dag dag = SubStepChild.DAG;
    Task failsAfterOne =
        ctx -> {
          ctx.step("one", Integer.class, () -> SubStepChild.ran(log(), "one", 1));
          throw new IllegalStateException("fails after sub-step one");
        };
    CheckpointExecutor.builder(dag)
        .store(Checkpoints.stores(ckpt()))
        .version("work", "v1")
        .build()
        .execute(Map.of("extract", ctx -> 100, "work", failsAfterOne));
    assertThat(stepsStored("work")).containsOnlyKeys("one");

    CheckpointExecutor changed =
        CheckpointExecutor.builder(dag)
            .store(Checkpoints.stores(ckpt()))
            .version("work", "v2")
            .keepCheckpoint(true)
            .build();
    ExecutionResult result =
        changed.resume(Map.of("extract", ctx -> 100, "work", SubStepChild.work(log(), () -> {})));
    assertThat(result.result("work", Integer.class)).isEqualTo(106);
    assertThat(bodiesRun())
        .as("a changed node runs every sub-step again")
        .containsExactly("one", "one", "two", "three");
    assertThat(stepsStored("work")).as("forgotten once DONE").isEmpty();
  }

  private Map<String, String> stepsStored(String node) {
    try (FileStore store = FileStore.at(ckpt())) {
      store.open();
      return store.get(node).orElseThrow().steps();
    }
  }

  private Process launch() throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-Xmx128m",
            "-cp",
            classpath,
            SubStepChild.class.getName(),
            ckpt().toString(),
            log().toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
        .start();
  }

  /** Waits until the child prints {@code line}; a child silent for two minutes is killed. */
  private void awaitLine(Process child, String line) throws IOException {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                child.waitFor(2, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                return;
              }
              child.destroyForcibly();
            });
    watchdog.setDaemon(true);
    watchdog.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String next = out.readLine(); next != null; next = out.readLine()) {
      if (next.equals(line)) {
        return;
      }
      seen.append(next).append('\n');
    }
    throw new AssertionError(
        "child exited before printing '"
            + line
            + "': "
            + seen
            + Files.readString(dir.resolve("child.err")));
  }
}
