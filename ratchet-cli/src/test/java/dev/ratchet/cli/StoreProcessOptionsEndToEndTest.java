package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code --store}, {@code ratchet process} runs the same item pipeline as with a checkpoint,
 * so its options mean the same: {@code --exec-stream}, {@code --retries} with their backoff, {@code
 * --timeout}, {@code --workers}, {@code --batch-size} and {@code --progress lines}, on PostgreSQL
 * and on Redis, through the real command line in a child JVM.
 */
class StoreProcessOptionsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StoreSchema SCHEMA = new StoreSchema("ratchet_opts_");

  @AfterAll
  static void dropSchema() throws Exception {
    SCHEMA.drop();
  }

  private static String url(String store) {
    return SCHEMA.url(store);
  }

  private static <T> T onRun(String store, String runId, Function<SharedRun, T> action) {
    if (store.equals("redis")) {
      try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url(store)))) {
        return action.apply(db.run(runId));
      }
    }
    try (PostgresDatabase db = PostgresDatabase.connect(PostgresTarget.parse(url(store)))) {
      return action.apply(db.run(runId));
    }
  }

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void execStreamRetriesTimeoutAndProgressMeanTheSameWithStore(String store) throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "flaky", "slow", "b"));
    Path marker = dir.resolve("flaked");
    // one long-lived command per worker: "flaky" makes it exit the first time (the item fails and
    // is retried with a fresh command), "slow" never answers (only --timeout ends it)
    String stream =
        "while IFS= read -r l; do case \"$l\" in"
            + " slow) sleep 600;;"
            + " flaky) if [ ! -f '"
            + marker
            + "' ]; then touch '"
            + marker
            + "'; exit 3; fi;;"
            + " esac; printf '%s\\n' \"$l\" | tr a-z A-Z; done";
    String runId = "opts-" + UUID.randomUUID().toString().substring(0, 8);
    ChildCli cli = new ChildCli(dir);
    try {
      check(store, runId, cli, stream, marker);
    } finally {
      onRun(
          store,
          runId,
          run -> {
            run.delete();
            return null;
          });
    }
  }

  private void check(String store, String runId, ChildCli cli, String stream, Path marker)
      throws Exception {

    CliResult r =
        cli.run(
            "process",
            "--store",
            url(store),
            "--run-id",
            runId,
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec-stream",
            stream,
            "--retries",
            "1",
            "--timeout",
            "2s",
            "--workers",
            "2",
            "--batch-size",
            "1",
            "--progress",
            "lines");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(r.out())
        .contains("finished with failures")
        .contains("(1 failed, 0 taken over")
        .contains("  2: timed out after 2s");
    assertThat(r.out().lines().filter(l -> l.startsWith("progress: ")))
        .as(r.out())
        .isNotEmpty()
        .allMatch(l -> l.contains("/4)"));
    assertThat(Files.exists(marker)).as("the flaky item's first attempt ran").isTrue();
    assertThat(onRun(store, runId, SharedRun::progress))
        .isEqualTo(new RunProgress(4, 0, 0, 3, 1, 0));
    List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
    assertThat(lines)
        .extracting(l -> JSON.readTree(l).get("result").asText())
        .as("the retried item is done; the one that timed out twice is not")
        .containsExactly("A", "FLAKY", "B");
  }
}
