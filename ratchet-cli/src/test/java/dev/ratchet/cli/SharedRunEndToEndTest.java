package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import dev.ratchet.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promises of a run shared through PostgreSQL or Redis, through the real command line with
 * workers as child JVMs: a rerun after failures retries only the failed items, an item that kills
 * its worker is FAILED after three crashes, and workers started at the same instant all work.
 */
class SharedRunEndToEndTest {
  private static final String SCHEMA =
      "ratchet_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final List<String> REDIS_RUNS = new ArrayList<>();

  @TempDir Path dir;

  static String url(String store) {
    if (store.equals("redis")) {
      return TestServices.redis();
    }
    String base = TestServices.postgres();
    return base + (base.contains("?") ? "&" : "?") + "schema=" + SCHEMA;
  }

  static <T> T onRun(String store, String runId, Function<SharedRun, T> read) {
    if (store.equals("redis")) {
      try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url(store)))) {
        return read.apply(db.run(runId));
      }
    }
    try (PostgresDatabase db = PostgresDatabase.connect(PostgresTarget.parse(url(store)))) {
      return read.apply(db.run(runId));
    }
  }

  @AfterAll
  static void dropEverything() throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(TestServices.redis()))) {
      for (String run : REDIS_RUNS) {
        db.run(run).delete();
      }
    }
    dropSchema();
  }

  /** Drops the schema the PostgreSQL runs of the end-to-end tests live in. */
  static void dropSchema() throws Exception {
    PostgresTarget pg = PostgresTarget.parse(TestServices.postgres());
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + SCHEMA + "\" CASCADE");
    }
  }

  private String newRun(String store) {
    String runId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    if (store.equals("redis")) {
      REDIS_RUNS.add(runId);
    }
    return runId;
  }

  private String[] command(String store, String runId, String exec, String... more) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "process",
                "--store",
                url(store),
                "--run-id",
                runId,
                "--input",
                "in.txt",
                "--batch-size",
                "1",
                "--workers",
                "1",
                "--lease-seconds",
                "2",
                "--exec",
                exec));
    argv.addAll(List.of(more));
    return argv.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void aRerunAfterFailuresRetriesOnlyTheFailedItems(String store) throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "bad", "c"));
    Path calls = dir.resolve("calls.log");
    Path fixed = dir.resolve("fixed");
    String exec =
        "echo \"$RATCHET_ITEM\" >> '"
            + calls
            + "'; if [ \"$RATCHET_ITEM\" = bad ] && [ ! -f '"
            + fixed
            + "' ]; then exit 1; fi; cat";
    String runId = newRun(store);
    ChildCli cli = new ChildCli(dir);

    CliResult first = cli.run(command(store, runId, exec));
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(first.out()).contains("finished with failures").contains("again retries them");

    Files.writeString(fixed, "");
    CliResult rerun = cli.run(command(store, runId, exec, "--output", "out.jsonl"));
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).contains("Retrying 1 failed items.").contains("finished.");
    assertThat(Files.readAllLines(calls, StandardCharsets.UTF_8))
        .as("the rerun ran the failed item only")
        .containsExactlyInAnyOrder("a", "b", "bad", "c", "bad");
    assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void formatJsonWritesOneArrayInInputOrderOnceEveryItemIsDone(String store) throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "bad", "c"));
    Path fixed = dir.resolve("fixed");
    String exec =
        "if [ \"$RATCHET_ITEM\" = bad ] && [ ! -f '" + fixed + "' ]; then exit 1; fi; cat";
    String runId = newRun(store);
    ChildCli cli = new ChildCli(dir);
    String[] json = {"--output", "out.json", "--format", "json"};

    CliResult first = cli.run(command(store, runId, exec, json));
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(first.out()).contains("out.json not written: with --format json it is one array");
    assertThat(dir.resolve("out.json")).doesNotExist();

    Files.writeString(fixed, "");
    CliResult rerun = cli.run(command(store, runId, exec, json));
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).contains("(4 results, input order, one JSON array)");
    com.fasterxml.jackson.databind.JsonNode array =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("out.json").toFile());
    assertThat(array.isArray()).isTrue();
    List<String> inputs = new ArrayList<>();
    array.forEach(o -> inputs.add(o.get("input").asText()));
    assertThat(inputs).containsExactly("a", "b", "bad", "c");
    assertThat(dir.resolve("out.json.partial.jsonl")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void anItemThatKillsItsWorkerIsFailedAfterThreeCrashes(String store) throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "poison", "c"));
    // the shell's parent is the ratchet JVM: this item kills it as an out-of-memory kill would
    String exec = "if [ \"$RATCHET_ITEM\" = poison ]; then kill -9 $PPID; sleep 5; fi; cat";
    String runId = newRun(store);
    ChildCli cli = new ChildCli(dir);

    for (int crash = 1; crash <= 3; crash++) {
      CliResult r = cli.run(command(store, runId, exec));
      assertThat(r.exitCode()).as("crash " + crash + ": " + r).isEqualTo(137);
    }
    CliResult last = cli.run(command(store, runId, exec, "--output", "out.jsonl"));

    assertThat(last.exitCode()).as(last.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(last.out()).contains("finished with failures");
    assertThat(onRun(store, runId, SharedRun::progress))
        .isEqualTo(new RunProgress(4, 0, 0, 3, 1, 0));
    List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
    assertThat(lines).hasSize(3).noneMatch(l -> l.contains("poison"));
    assertThat(onRun(store, runId, SharedRun::retryFailed))
        .as("an item that crashed the process is not retried by a rerun")
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void threeWorkersStartedAtTheSameInstantAllWork(String store) throws Exception {
    int n = 3000;
    Files.write(dir.resolve("in.txt"), IntStream.range(0, n).mapToObj(i -> "line " + i).toList());
    String runId = newRun(store);
    ChildCli cli = new ChildCli(dir);
    String[] argv = {
      "process", "--store", url(store), "--run-id", runId, "--input", "in.txt", "--batch-size", "50"
    };

    List<ChildCli.Started> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(cli.start(argv));
    }
    for (ChildCli.Started w : workers) {
      w.waitFor();
      CliResult r = w.result();
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Joined run").contains("finished.");
    }
    assertThat(onRun(store, runId, SharedRun::progress))
        .isEqualTo(new RunProgress(n, 0, 0, n, 0, 0));
  }
}
