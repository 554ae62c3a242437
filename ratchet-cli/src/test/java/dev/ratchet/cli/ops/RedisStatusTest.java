package dev.ratchet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.cli.Main;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisStore;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.testkit.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code ratchet status/clear --store redis://...} against a real Redis ({@link TestServices}). */
class RedisStatusTest {

  @Test
  void statusShowsARedisCheckpointWithTheDurabilityWarningAndClearRemovesIt() {
    String name = "test-cli-" + UUID.randomUUID().toString().substring(0, 8);
    String url = TestServices.redis();
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url))) {
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
        String[] prom = run("status", "--store", url, "--run-id", name, "--format", "prometheus");
        assertThat(prom[0]).isEqualTo("0");
        assertThat(prom[1])
            .containsPattern("ratchet_checkpoint_items\\{[^}]*state=\"done\"\\} 2\n")
            .containsPattern("ratchet_checkpoint_failed_items\\{[^}]*\\} 1\n")
            .containsPattern("ratchet_checkpoint_progress_percent\\{[^}]*\\} 50\n")
            .containsPattern("ratchet_checkpoint_durability_warning\\{[^}]*\\} 1\n");
        assertThat(prom[2]).contains("warning: Redis runs without an append-only file");

        String[] table = run("status", "--store", url, "--run-id", name);
        assertThat(table[0]).isEqualTo("0");
        assertThat(table[1]).contains("timeout").contains(name);

        String[] clear = run("clear", "--store", url, "--run-id", name);
        assertThat(clear[0]).isEqualTo("0");
        assertThat(clear[1]).contains("Removed run '" + name + "'");
        assertThat(db.inspect(name).exists()).isFalse();
      } finally {
        if (db.inspect(name).exists()) {
          db.store(name).delete();
        }
      }
    }
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
