package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.SharedRun;
import dev.ratchet.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ratchet gc --store URL --older-than D [--dry-run]} removes the finished runs of a
 * PostgreSQL or Redis store whose last commit is older than D and keeps the runs with items left.
 * Each backend gets a store of this test's own (a schema; a Redis database claimed for this test
 * class alone, so that two builds on one machine do not sweep each other's runs), since gc sweeps
 * every run in it.
 */
class StoreGcEndToEndTest {
  private static final String SCHEMA =
      "ratchet_gc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private static final RedisDatabaseClaim REDIS_CLAIM = RedisDatabaseClaim.claim();
  private static final int REDIS_DB = REDIS_CLAIM.database();

  @TempDir Path dir;

  static String url(String store) {
    if (store.equals("redis")) {
      RedisTarget t = RedisTarget.parse(TestServices.redis());
      return new RedisTarget(t.host(), t.port(), REDIS_DB, t.user(), null).display();
    }
    String base = TestServices.postgres();
    return base + (base.contains("?") ? "&" : "?") + "schema=" + SCHEMA;
  }

  static <T> T onRun(String store, String runId, Function<SharedRun, T> action) {
    if (store.equals("redis")) {
      RedisTarget t = RedisTarget.parse(TestServices.redis());
      try (RedisDatabase db =
          RedisDatabase.connect(
              new RedisTarget(t.host(), t.port(), REDIS_DB, t.user(), t.password()))) {
        return action.apply(db.run(runId));
      }
    }
    try (PostgresDatabase db = PostgresDatabase.connect(PostgresTarget.parse(url(store)))) {
      return action.apply(db.run(runId));
    }
  }

  @BeforeAll
  static void startEmpty() {
    deleteRedisRuns(); // left by a build that died while it held the claim
  }

  @AfterAll
  static void dropEverything() throws Exception {
    deleteRedisRuns();
    REDIS_CLAIM.close();
    PostgresTarget pg = PostgresTarget.parse(TestServices.postgres());
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.driverProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + SCHEMA + "\" CASCADE");
    }
  }

  private static void deleteRedisRuns() {
    RedisTarget t = RedisTarget.parse(TestServices.redis());
    try (RedisDatabase db =
        RedisDatabase.connect(
            new RedisTarget(t.host(), t.port(), REDIS_DB, t.user(), t.password()))) {
      for (String name : db.names()) {
        db.run(name).delete();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "redis"})
  void finishedRunsOlderThanTheLimitAreRemovedAndRunsWithItemsLeftKept(String store)
      throws Exception {
    Files.write(dir.resolve("in.txt"), List.of("a", "b", "c"));
    String id = UUID.randomUUID().toString().substring(0, 8);
    String finished = "gc-done-" + id;
    String open = "gc-open-" + id;
    ChildCli cli = new ChildCli(dir);
    CliResult done =
        cli.run("process", "--store", url(store), "--run-id", finished, "--input", "in.txt");
    assertThat(done.exitCode()).as(done.toString()).isZero();
    onRun(store, open, run -> run.load("fp", () -> List.of(new ItemInput("0", "x")).iterator()));
    Thread.sleep(2100); // both runs' last commits are now older than the limit of 2 s

    CliResult dry = cli.run("gc", "--store", url(store), "--older-than", "2s", "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains("would remove run " + finished + "  (last commit ")
        .contains("kept         run " + open + "  (1 items not finished")
        .contains("--run-id " + open + "' removes it")
        .contains("Would remove 1 finished run(s) from ");
    assertThat(onRun(store, finished, SharedRun::exists)).as("a dry run removes nothing").isTrue();

    CliResult gc = cli.run("gc", "--store", url(store), "--older-than", "2s");
    assertThat(gc.exitCode()).as(gc.toString()).isZero();
    assertThat(gc.out()).contains("removed      run " + finished).contains("Removed 1 finished");
    assertThat(onRun(store, finished, SharedRun::exists)).isFalse();
    assertThat(onRun(store, open, SharedRun::exists)).as("items are left in it").isTrue();

    CliResult recent = cli.run("gc", "--store", url(store), "--older-than", "7d");
    assertThat(recent.out()).contains("Removed 0 finished run(s)").contains("kept 1 recent");
    CliResult both = cli.run("gc", "--store", url(store), "--root", ".", "--older-than", "7d");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("either --root DIR or --store URL");
  }
}
