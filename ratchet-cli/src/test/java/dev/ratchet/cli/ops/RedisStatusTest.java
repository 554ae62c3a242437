package dev.ratchet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.cli.Main;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisStore;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ratchet status/clear --store redis://...} against the real local Redis. */
class RedisStatusTest {
  private static final String URL =
      System.getenv().getOrDefault("RATCHET_TEST_REDIS", "redis://127.0.0.1:6379/0");

  @Test
  void statusShowsARedisCheckpointWithTheDurabilityWarningAndClearRemovesIt() {
    String name = "test-cli-" + UUID.randomUUID().toString().substring(0, 8);
    try (RedisDatabase db = connect()) {
      try (RedisStore store = db.store(name)) {
        store.open();
        store.commit(
            Commit.of(
                Change.Item.done("0", 1, null),
                Change.Item.done("1", 1, null),
                Change.Item.failed("2", 1, 0, "timeout"),
                new Change.Meta(PrometheusStatus.TOTAL_KEY, "4")));
      }
      try {
        String[] prom = run("status", "--store", URL, "--run-id", name, "--format", "prometheus");
        assertThat(prom[0]).isEqualTo("0");
        assertThat(prom[1])
            .containsPattern("ratchet_checkpoint_items\\{[^}]*state=\"done\"\\} 2\n")
            .containsPattern("ratchet_checkpoint_failed_items\\{[^}]*\\} 1\n")
            .containsPattern("ratchet_checkpoint_progress_percent\\{[^}]*\\} 50\n")
            .containsPattern("ratchet_checkpoint_durability_warning\\{[^}]*\\} 1\n");
        assertThat(prom[2]).contains("warning: Redis runs without an append-only file");

        String[] table = run("status", "--store", URL, "--run-id", name);
        assertThat(table[0]).isEqualTo("0");
        assertThat(table[1]).contains("timeout").contains(name);

        String[] clear = run("clear", "--store", URL, "--run-id", name);
        assertThat(clear[0]).isEqualTo("0");
        assertThat(clear[1]).contains("Removed checkpoint '" + name + "'");
        assertThat(db.inspect(name).exists()).isFalse();
      } finally {
        if (db.inspect(name).exists()) {
          db.store(name).delete();
        }
      }
    }
  }

  private static RedisDatabase connect() {
    try {
      return RedisDatabase.connect(RedisTarget.parse(URL));
    } catch (StoreUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires Redis: " + e.getMessage());
      }
      Assumptions.abort(e.getMessage());
      throw e;
    }
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
