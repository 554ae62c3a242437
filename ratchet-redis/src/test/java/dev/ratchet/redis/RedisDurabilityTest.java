package dev.ratchet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisDurabilityTest {

  /** The local test server keeps nothing on disk, so commits would not survive its restart. */
  @Test
  void theLocalRedisIsReportedAsNotDurableInTheLogAndInTheCheckpointInfo() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    RedisDatabase db;
    try {
      db = RedisTestSupport.connect();
    } finally {
      System.setErr(original);
    }
    String name = RedisTestSupport.uniqueName("durability");
    try {
      Map<String, String> config = new HashMap<>(db.commands().configGet("appendonly"));
      config.putAll(db.commands().configGet("appendfsync"));
      RedisDurability durability = db.durability();
      assertThat(durability.appendonly()).isEqualTo(config.get("appendonly"));
      assertThat(durability.appendfsync()).isEqualTo(config.get("appendfsync"));
      assertThat(config.get("appendonly"))
          .as("the local test Redis runs without an append-only file")
          .isEqualTo("no");
      assertThat(durability.survivesRestart()).isFalse();
      assertThat(durability.warning())
          .contains("appendonly no")
          .contains("a Redis restart loses")
          .contains("appendfsync always");
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .contains("WARN")
          .contains(durability.warning());

      try (RedisStore store = db.store(name)) {
        store.open();
        store.commit(Commit.of(Change.Item.done("0", 1, null)));
        assertThat(store.info().metadata())
            .containsEntry(RedisStore.DURABILITY_WARNING, durability.warning());
        assertThat(store.metadata()).doesNotContainKey(RedisStore.DURABILITY_WARNING);
      }
      assertThat(db.inspect(name).counts().done()).isEqualTo(1);
      assertThat(db.names()).contains(name);
    } finally {
      RedisTestSupport.drop(db, name);
      db.close();
    }
  }

  @Test
  void settingsAreJudged() {
    assertThat(RedisDurability.of("yes", "always", "").survivesRestart()).isTrue();
    assertThat(RedisDurability.of("yes", "always", "").warning()).isNull();
    assertThat(RedisDurability.of("yes", "everysec", "").warning())
        .contains("only 'everysec'")
        .contains("about a second");
    assertThat(RedisDurability.of("no", "everysec", "3600 1").warning())
        .contains("every commit since the last snapshot");
    assertThat(RedisDurability.of(null, null, null).warning()).contains("cannot read");
  }

  @Test
  void targetsAreParsedAndPasswordsNeverShown() {
    RedisTarget t = RedisTarget.parse("redis://:s3cret@cache.internal:6380/2");
    assertThat(t.host()).isEqualTo("cache.internal");
    assertThat(t.port()).isEqualTo(6380);
    assertThat(t.database()).isEqualTo(2);
    assertThat(t.password()).isEqualTo("s3cret");
    assertThat(t.display()).isEqualTo("redis://cache.internal:6380/2").doesNotContain("s3cret");
    assertThat(RedisTarget.parse("redis://localhost").port()).isEqualTo(6379);
    assertThatThrownBy(() -> RedisTarget.parse("http://:pw@x/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://HOST:PORT/DB")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> RedisTarget.parse("redis://x/zero"))
        .hasMessageContaining("must be a number");
  }

  @Test
  void aDisplayedTargetIsReadBackAsTheSameServerDatabaseAndUser() {
    for (String url :
        List.of(
            "redis://:s3cret@cache.internal:6380/2",
            "redis://alice:s3cret@cache.internal:6380/2",
            "redis://alice:@cache.internal/3",
            "redis://al%40ice:pw@[::1]:6390/1",
            "redis://localhost")) {
      RedisTarget t = RedisTarget.parse(url);
      String shown = t.display();
      assertThat(shown).doesNotContain("s3cret").doesNotContain("pw");
      RedisTarget back = RedisTarget.parse(shown);
      assertThat(back.host()).as(shown).isEqualTo(t.host());
      assertThat(back.port()).as(shown).isEqualTo(t.port());
      assertThat(back.database()).as(shown).isEqualTo(t.database());
      assertThat(back.user()).as(shown).isEqualTo(t.user());
      assertThat(back.password()).as(shown).isIn(null, "");
      assertThat(back.display()).isEqualTo(shown);
    }
    assertThat(RedisTarget.parse("redis://alice:pw@h:1/0").display())
        .isEqualTo("redis://alice:@h:1/0");
  }
}
