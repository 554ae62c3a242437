package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sub-steps on a shared PostgreSQL run survive {@code kill -9}: a worker process killed after the
 * second of an item's three steps leaves the first two stored, and the worker that takes the item
 * over runs only the third. Every step of every item runs exactly once across both processes.
 */
class SubStepCrashTest {
  static String schema;
  static PostgresDatabase db;
  static String url;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    url =
        PgTestSupport.url() + (PgTestSupport.url().contains("?") ? "&" : "?") + "schema=" + schema;
    db = PostgresDatabase.connect(PostgresTarget.parse(url));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  private Process start(String runId, Path log, String block, String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            StepWorkerMain.class.getName(),
            url,
            runId,
            "1000",
            log.toString(),
            block)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  @Test
  void aWorkerKilledAfterTwoOfThreeSubStepsLeavesThemToTheNextWorker() throws Exception {
    String runId = "steps-" + UUID.randomUUID();
    PostgresRun run = db.run(runId);
    run.loadLines("fp", () -> List.of("a", "b", "c", "d", "e", "f").iterator());
    Path log = dir.resolve("steps.log");

    Process first = start(runId, log, "d", "first");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // the log line of step two is written by its body, before the step is stored; the marker file
    // is written after ctx.step returned, so the kill cannot land between the body and its save
    while (!Files.exists(dir.resolve("blocked"))) {
      assertThat(first.isAlive()).as("the first worker is still working").isTrue();
      assertThat(System.nanoTime()).as("item d's second step was stored").isLessThan(deadline);
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);

    Process second = start(runId, log, "none", "second");
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.err"))).isZero();
    assertThat(Files.readString(dir.resolve("second.out"))).contains("OUTCOME SUCCEEDED");

    Map<String, String> byStep = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      String[] parts = line.split(" ");
      assertThat(byStep.put(parts[1], parts[0])).as("%s ran once", parts[1]).isNull();
    }
    assertThat(byStep).hasSize(18);
    String firstPid = Long.toString(first.pid());
    String secondPid = Long.toString(second.pid());
    assertThat(byStep)
        .containsEntry("d/one", firstPid)
        .containsEntry("d/two", firstPid)
        .containsEntry("d/three", secondPid);

    Map<String, String> results = new HashMap<>();
    run.forEachDone(d -> results.put(d.input(), d.result()));
    assertThat(results).hasSize(6);
    assertThat(JSON.readValue(results.get("d"), String.class))
        .isEqualTo(firstPid + " d/one," + firstPid + " d/two," + secondPid + " d/three");
    assertThat(run.progress().done()).isEqualTo(6);
  }
}
