package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import dev.ratchet.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ratchet mark --store URL --run-id ID} on a run shared through PostgreSQL or Redis, through
 * the real command line: the same options and messages as on a checkpoint, and the next {@code
 * process} runs exactly the items left pending.
 */
class SharedMarkEndToEndTest {
  @TempDir Path dir;

  private String[] mark(String store, String runId, String key, String state) {
    return new String[] {
      "mark", "--store", SharedRunEndToEndTest.url(store), "--run-id", runId, "--key", key, state
    };
  }

  private String[] process(String store, String runId, String exec) {
    return new String[] {
      "process",
      "--store",
      SharedRunEndToEndTest.url(store),
      "--run-id",
      runId,
      "--input",
      "in.txt",
      "--batch-size",
      "1",
      "--lease-seconds",
      "2",
      "--exec",
      exec,
      "--output",
      "out.jsonl"
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void markedItemsAreRunAgainOrLeftAloneByTheNextWorker(String store) throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "bad", "c", "d"));
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
    CliResult first = cli.run(process(store, runId, exec));
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);

    CliResult pending = cli.run(mark(store, runId, "2", "--pending"));
    assertThat(pending.exitCode()).as(pending.toString()).isZero();
    assertThat(pending.out())
        .startsWith("Marked item 2 pending (was failed) in ")
        .contains("run '" + runId + "'");
    CliResult redo = cli.run(mark(store, runId, "0", "--pending"));
    assertThat(redo.out()).as(redo.toString()).startsWith("Marked item 0 pending (was done) in ");
    CliResult skipped = cli.run(mark(store, runId, "3", "--skipped"));
    assertThat(skipped.out()).as(skipped.toString()).startsWith("Marked item 3 skipped (was done)");
    CliResult done = cli.run(mark(store, runId, "4", "--done"));
    assertThat(done.out()).as(done.toString()).startsWith("Marked item 4 done (was done)");

    CliResult unknown = cli.run(mark(store, runId, "5", "--done"));
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err())
        .contains("key 5 is not an item of ")
        .contains("its keys are line numbers from 0 to 4 (5 items). Nothing was changed.");
    CliResult noRun = cli.run(mark(store, runId + "-typo", "1", "--done"));
    assertThat(noRun.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRun.err()).contains("there is no run '" + runId + "-typo' in ");
    CliResult noRunId =
        cli.run("mark", "--store", SharedRunEndToEndTest.url(store), "--key", "1", "--done");
    assertThat(noRunId.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRunId.err()).contains("--store needs --run-id ID");

    Files.delete(calls);
    Files.writeString(fixed, "");
    CliResult rerun = cli.run(process(store, runId, exec));
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(Files.readAllLines(calls, StandardCharsets.UTF_8))
        .as("the rerun ran the items marked pending, and only them")
        .containsExactlyInAnyOrder("a", "bad");
    assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
        .as("input order; no record for the skipped item or the one marked done by hand")
        .hasSize(3)
        .satisfies(l -> assertThat(l.get(0)).contains("\"a\""))
        .satisfies(l -> assertThat(l.get(1)).contains("\"b\""))
        .satisfies(l -> assertThat(l.get(2)).contains("\"bad\""));
    assertThat(SharedRunEndToEndTest.onRun(store, runId, SharedRun::progress))
        .isEqualTo(new RunProgress(5, 0, 0, 4, 0, 1));
  }

  private static final List<String> REDIS_RUNS = new ArrayList<>();

  private static String newRun(String store) {
    String runId = "mark-" + UUID.randomUUID().toString().substring(0, 8);
    if (store.equals("redis")) {
      REDIS_RUNS.add(runId);
    }
    return runId;
  }

  @AfterAll
  static void dropEverything() throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(TestServices.redis()))) {
      for (String run : REDIS_RUNS) {
        db.run(run).delete();
      }
    }
    SharedRunEndToEndTest.dropSchema();
  }
}
