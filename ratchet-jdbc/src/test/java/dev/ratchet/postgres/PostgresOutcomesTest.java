package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcomes table of schema version 4: a whole chunk completed in one statement, which never
 * drops a chunk whose items are not all recorded, and the migration of runs loaded by version 3
 * (their outcomes move to the new table, and they go on); and of version 5, whose outcome rows hold
 * no key (runs of version 4 go on, their keys read from their inputs).
 */
class PostgresOutcomesTest {
  @TempDir Path dir;

  static List<ClaimedItem> claim(WorkerSession w, int max) {
    return ((ClaimResult.Claimed) w.claim(max)).items();
  }

  static List<ItemOutcome> done(List<ClaimedItem> items) {
    return items.stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, "1")).toList();
  }

  static long count(String schema, String sql) {
    return PgTestSupport.queryLong(sql.replace("S.", "\"" + schema + "\"."));
  }

  @Test
  void aRepeatedCompletionThatMatchesTheChunksPendingCountKeepsItsChunk() {
    String schema = PgTestSupport.uniqueSchema();
    try (PostgresDatabase db =
        PostgresDatabase.builder(PgTestSupport.target().withSchema(schema)).build()) {
      PostgresRun run = db.run("again");
      run.loadLines("fp", () -> IntStream.range(0, 4).mapToObj(i -> "item " + i).iterator());
      try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
        List<ClaimedItem> items = claim(w, 4);
        assertThat(w.complete(done(items.subList(0, 2))).committed()).hasSize(2);
        // Two outcomes again, as many as the chunk has left: a lost acknowledgement's replay, not
        // the rest of the chunk. The chunk must stay with its two unrecorded items.
        assertThat(w.complete(done(items.subList(0, 2))).committed())
            .containsExactlyInAnyOrder("0", "1");
        assertThat(
                count(schema, "SELECT sum(pending) FROM S.ratchet_chunks WHERE run_id = 'again'"))
            .isEqualTo(2);
        assertThat(run.progress()).isEqualTo(new RunProgress(4, 0, 2, 2, 0, 0));
        assertThat(w.complete(done(items.subList(2, 4))).committed())
            .containsExactlyInAnyOrder("2", "3");
        assertThat(w.claim(4)).isInstanceOf(ClaimResult.Finished.class);
      }
      assertThat(count(schema, "SELECT count(*) FROM S.ratchet_chunks")).isZero();
      assertThat(count(schema, "SELECT count(*) FROM S.ratchet_outcomes")).isEqualTo(4);
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  @Test
  void aWholeChunkCompletedTwiceIsCommittedOnce() {
    String schema = PgTestSupport.uniqueSchema();
    try (PostgresDatabase db =
        PostgresDatabase.builder(PgTestSupport.target().withSchema(schema)).build()) {
      PostgresRun run = db.run("twice");
      run.loadLines("fp", () -> IntStream.range(0, 6).mapToObj(i -> "item " + i).iterator());
      try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
        List<ClaimedItem> items = claim(w, 3);
        assertThat(w.complete(done(items)).committed()).hasSize(3);
        assertThat(w.complete(done(items)).committed()).hasSize(3);
        assertThat(w.complete(done(claim(w, 3))).committed()).hasSize(3);
      }
      assertThat(run.progress()).isEqualTo(new RunProgress(6, 0, 0, 6, 0, 0));
      assertThat(count(schema, "SELECT count(*) FROM S.ratchet_outcomes")).isEqualTo(6);
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  @Test
  void runsOfSchemaVersion4GoOnOnceTheirOutcomesLoseTheirKeys() throws Exception {
    String schema = PgTestSupport.uniqueSchema();
    PostgresTarget target = PgTestSupport.target().withSchema(schema);
    try {
      try (PostgresDatabase db = PostgresDatabase.builder(target).build()) {
        runWithOneDoneAndOneFailed(db, "v4");
      }
      // Back to what version 4 wrote: outcome rows with their keys, and the view reading them.
      String s = "\"" + schema + "\".";
      PgTestSupport.execute("DROP VIEW " + s + "ratchet_recorded");
      PgTestSupport.execute("ALTER TABLE " + s + "ratchet_outcomes ADD COLUMN key text");
      PgTestSupport.execute(
          "UPDATE "
              + s
              + "ratchet_outcomes o SET key = i.key FROM "
              + s
              + "ratchet_inputs i WHERE i.run_id = o.run_id AND i.ordinal = o.ordinal");
      PgTestSupport.execute("ALTER TABLE " + s + "ratchet_outcomes ALTER COLUMN key SET NOT NULL");
      PgTestSupport.execute(
          "CREATE VIEW "
              + s
              + "ratchet_recorded AS SELECT run_id, key, ordinal, state, attempts, interruptions,"
              + " result, error, manual, input, worker, token, finished_at FROM "
              + s
              + "ratchet_items UNION ALL SELECT run_id, key, ordinal, state, attempts,"
              + " interruptions, result, error, false, NULL::text, NULL::text, token, finished_at"
              + " FROM "
              + s
              + "ratchet_outcomes");
      PgTestSupport.execute("DELETE FROM " + s + "ratchet_schema_version WHERE version = 5");

      assertThatThrownBy(() -> PostgresDatabase.builder(target).readOnly().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schema version 4")
          .hasMessageContaining("migrates it");

      try (PostgresDatabase db = PostgresDatabase.builder(target).build()) {
        assertThat(
                PgTestSupport.queryLong(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                        + schema
                        + "' AND table_name = 'ratchet_outcomes' AND column_name = 'key'"))
            .isZero();
        PostgresRun run = db.run("v4");
        assertThat(run.progress()).isEqualTo(new RunProgress(5, 3, 0, 1, 1, 0));
        assertThat(run.info().failed())
            .extracting(f -> f.key() + ": " + f.error())
            .containsExactly("1: boom");
        assertThat(run.retryFailed()).isEqualTo(1);
        try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
          ClaimResult r;
          while ((r = w.claim(10)) instanceof ClaimResult.Claimed c) {
            assertThat(w.complete(done(c.items())).fenced()).isEmpty();
          }
          assertThat(r).isInstanceOf(ClaimResult.Finished.class);
        }
        Path out = dir.resolve("v4.jsonl");
        assertThat(run.exportJsonLines(out)).isEqualTo(5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).contains("\"key\":\"0\"").contains("r0").contains("item 0");
        assertThat(lines.get(4)).contains("\"key\":\"4\"").contains("item 4");
      }
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  @Test
  void runsOfSchemaVersion3MoveTheirOutcomesAndGoOn() throws Exception {
    String schema = PgTestSupport.uniqueSchema();
    PostgresTarget target = PgTestSupport.target().withSchema(schema);
    try {
      try (PostgresDatabase db = PostgresDatabase.builder(target).build()) {
        runWithOneDoneAndOneFailed(db, "v3");
        PostgresRun older = db.run("rows");
        older.loadLines("fp", () -> IntStream.range(0, 3).mapToObj(i -> "old " + i).iterator());
      }
      // Back to what version 3 wrote: outcomes in the items table, no outcomes table or view; and a
      // run of the row-per-item design beside it.
      String s = "\"" + schema + "\".";
      PgTestSupport.execute(
          "INSERT INTO "
              + s
              + "ratchet_items (run_id, key, ordinal, state, attempts, interruptions, result,"
              + " error, token, finished_at) SELECT o.run_id, i.key, o.ordinal, o.state,"
              + " o.attempts, o.interruptions, o.result, o.error, o.token, o.finished_at FROM "
              + s
              + "ratchet_outcomes o JOIN "
              + s
              + "ratchet_inputs i ON i.run_id = o.run_id AND i.ordinal = o.ordinal");
      PgTestSupport.execute(
          "INSERT INTO "
              + s
              + "ratchet_items (run_id, key, ordinal, state, input) SELECT run_id, key, ordinal,"
              + " 0, input FROM "
              + s
              + "ratchet_inputs WHERE run_id = 'rows'");
      PgTestSupport.execute(
          "UPDATE " + s + "ratchet_runs SET next_ordinal = NULL WHERE run_id = 'rows'");
      PgTestSupport.execute("DROP VIEW " + s + "ratchet_recorded");
      PgTestSupport.execute("DROP TABLE " + s + "ratchet_outcomes");
      PgTestSupport.execute("DELETE FROM " + s + "ratchet_schema_version WHERE version >= 4");

      assertThatThrownBy(() -> PostgresDatabase.builder(target).readOnly().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schema version 3")
          .hasMessageContaining("migrates it");

      try (PostgresDatabase db = PostgresDatabase.builder(target).build()) {
        assertThat(count(schema, "SELECT count(*) FROM S.ratchet_outcomes")).isEqualTo(2);
        assertThat(count(schema, "SELECT count(*) FROM S.ratchet_items WHERE run_id = 'v3'"))
            .isZero();
        PostgresRun run = db.run("v3");
        assertThat(run.progress()).isEqualTo(new RunProgress(5, 3, 0, 1, 1, 0));
        assertThat(run.info().failed())
            .extracting(f -> f.key() + ": " + f.error())
            .containsExactly("1: boom");
        assertThat(run.retryFailed()).isEqualTo(1);
        try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
          ClaimResult r;
          while ((r = w.claim(10)) instanceof ClaimResult.Claimed c) {
            assertThat(w.complete(done(c.items())).fenced()).isEmpty();
          }
          assertThat(r).isInstanceOf(ClaimResult.Finished.class);
        }
        assertThat(run.progress()).isEqualTo(new RunProgress(5, 0, 0, 5, 0, 0));
        Path out = dir.resolve("v3.jsonl");
        assertThat(run.exportJsonLines(out)).isEqualTo(5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("\"key\":\"0\"").contains("r0");
        assertThat(lines.get(4)).contains("\"key\":\"4\"");

        PostgresRun older = db.run("rows");
        assertThat(older.progress()).isEqualTo(new RunProgress(3, 3, 0, 0, 0, 0));
        assertThatThrownBy(() -> older.join(Duration.ofSeconds(10)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("one row per item");
      }
    } finally {
      PgTestSupport.dropSchema(schema);
    }
  }

  /** Loads a run of 5 items whose item 0 is done (result "r0") and item 1 failed ("boom"). */
  private static void runWithOneDoneAndOneFailed(PostgresDatabase db, String name) {
    PostgresRun run = db.run(name);
    run.loadLines("fp", () -> IntStream.range(0, 5).mapToObj(i -> "item " + i).iterator());
    try (WorkerSession w = run.join(Duration.ofSeconds(10))) {
      List<ClaimedItem> items = claim(w, 2);
      w.complete(
          List.of(
              new ItemOutcome.Done(items.get(0), "\"r0\""),
              new ItemOutcome.Failed(items.get(1), "boom")));
    }
  }
}
