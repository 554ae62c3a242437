package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.store.Change;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile run ids, schema names, keys and inputs are refused cleanly or stored as plain text. */
class SqlInjectionTest {
  static final String DROP = "x'); DROP TABLE ratchet_items; --";
  static final List<String> HOSTILE =
      List.of(
          DROP,
          "\"; DROP SCHEMA public CASCADE; --",
          "Robert'); DELETE FROM ratchet_runs; --",
          "a\\tb\\nc",
          "$$; SELECT pg_sleep(10); $$",
          "1 OR 1=1",
          "\ttab\nnewline\\backslash");
  static String schema;
  static PostgresDatabase db;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    db = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
  }

  @AfterAll
  static void cleanUp() {
    if (db != null) {
      db.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  @Test
  void hostileRunIdsAreStoredAsText() {
    for (String runId : HOSTILE.subList(0, 6)) {
      try (PostgresStore store = db.store(runId)) {
        store.open();
        store.commit(Commit.of(Change.Item.done("k", 1, null), new Change.Meta(runId, runId)));
      }
      assertThat(db.inspect(runId).counts().done()).isEqualTo(1);
      assertThat(db.inspect(runId).metadata()).containsEntry(runId, runId);
    }
    assertThat(db.runIds()).containsAll(HOSTILE.subList(0, 6));
    assertThat(tableCount()).isEqualTo(RATCHET_TABLES);
  }

  @Test
  void hostileKeysInputsAndResultsRoundTripThroughLoadClaimAndExport(@TempDir Path dir)
      throws Exception {
    PostgresRun run = db.run("keys-" + System.nanoTime());
    run.load(DROP, () -> HOSTILE.stream().map(h -> new ItemInput(h, h)).iterator());
    try (WorkerSession w = run.join(Duration.ofSeconds(5))) {
      List<ClaimedItem> items = ((ClaimResult.Claimed) w.claim(100)).items();
      assertThat(items).extracting(ClaimedItem::key).containsExactlyElementsOf(HOSTILE);
      assertThat(items).allSatisfy(i -> assertThat(i.input()).isEqualTo(i.key()));
      ObjectMapper json = new ObjectMapper();
      assertThat(
              w.complete(
                      items.stream()
                          .<ItemOutcome>map(
                              i -> new ItemOutcome.Done(i, json.valueToTree(i.key()).toString()))
                          .toList())
                  .committed())
          .hasSize(HOSTILE.size());
    }
    Path out = dir.resolve("out.jsonl");
    run.exportJsonLines(out);
    List<String> lines = Files.readAllLines(out);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < HOSTILE.size(); i++) {
      var node = json.readTree(lines.get(i));
      assertThat(node.get("key").asText()).isEqualTo(HOSTILE.get(i));
      assertThat(node.get("input").asText()).isEqualTo(HOSTILE.get(i));
      assertThat(node.get("result").asText()).isEqualTo(HOSTILE.get(i));
    }
    assertThat(run.info().inputFingerprint()).isEqualTo(DROP);
    assertThat(tableCount()).isEqualTo(RATCHET_TABLES);
  }

  @Test
  void hostileSchemaNamesAreRefusedWithAClearMessage() {
    for (String bad : List.of("public; DROP TABLE x", "a\"b", "x y", "", "1abc", "s".repeat(64))) {
      assertThatThrownBy(() -> PgTestSupport.target().withSchema(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schema name must be");
    }
    assertThatThrownBy(
            () ->
                PostgresTarget.parse("postgresql://u@h/db?schema=x%22%3B%20DROP%20SCHEMA%20public"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema name must be");
  }

  @Test
  void runIdsWithControlCharactersOrTooLongAreRefused() {
    assertThatThrownBy(() -> db.store("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> db.run(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> db.run("r".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 200");
  }

  @Test
  void aKeyTheDatabaseCannotHoldFailsCleanlyAndCommitsNothing() {
    PostgresRun run = db.run("nul-" + System.nanoTime());
    assertThatThrownBy(
            () ->
                run.load(
                    null,
                    () ->
                        List.of(new ItemInput("ok", "ok"), new ItemInput("n\u0000ul", "x"))
                            .iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rejected a value");
    assertThat(run.loaded()).isFalse();
    assertThat(run.progress().pending()).isZero();
  }

  /**
   * Ratchet's own tables (runs, items, steps, meta, positions, workers, history, version, inputs,
   * chunks, outcomes) and its one view (recorded): information_schema counts both.
   */
  private static final long RATCHET_TABLES = 12;

  private static long tableCount() {
    return PgTestSupport.queryLong(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'");
  }
}
