package dev.ratchet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.ItemOutcome;
import dev.ratchet.store.RunProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shared run's outcomes live in one hash per 65,536 ordinals ({@code <shard>:out}), so that no
 * hash grows with the whole run; a run loaded before that keeps its single {@code out} hash.
 */
class RedisOutcomeShardsTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final int SHARD = 65_536;
  private RedisTestSupport.Runs runs;
  private RedisDatabase db;

  @BeforeEach
  void connect() {
    runs = new RedisTestSupport.Runs();
    db = runs.db;
  }

  @AfterEach
  void cleanUp() {
    runs.close();
  }

  private RedisRun run(int n) {
    String name = runs.name("shards");
    RedisRun run = db.run(name);
    run.load(
        "fp",
        () -> IntStream.range(0, n).mapToObj(i -> new ItemInput("k" + i, "item " + i)).iterator());
    return run;
  }

  private static String prefix(RedisRun run) {
    return "ratchet:{" + run.name() + "}:";
  }

  /** Claims and completes every item: DONE with result "r<ordinal>", FAILED for {@code fail}. */
  private static void finish(RedisWorker w, long fail) {
    ClaimResult r;
    while ((r = w.claim(1000)) instanceof ClaimResult.Claimed c) {
      List<ItemOutcome> outcomes = new ArrayList<>();
      for (ClaimedItem item : c.items()) {
        outcomes.add(
            item.ordinal() == fail
                ? new ItemOutcome.Failed(item, "boom")
                : new ItemOutcome.Done(item, "\"r" + item.ordinal() + "\""));
      }
      assertThat(w.complete(outcomes).fenced()).isEmpty();
    }
    assertThat(r).isInstanceOf(ClaimResult.Finished.class);
  }

  @Test
  void outcomesAcrossAShardBoundaryAreWrittenReadRetriedAndDeleted() {
    int n = SHARD + 300;
    RedisRun run = run(n);
    String p = prefix(run);
    var redis = db.commands();
    try (RedisWorker w = run.join(LEASE)) {
      finish(w, SHARD + 1);
    }
    assertThat(redis.hlen(p + "0:out")).isEqualTo(SHARD);
    assertThat(redis.hlen(p + "1:out")).isEqualTo(300);
    assertThat(redis.exists(p + "out")).as("no single hash of every outcome").isZero();
    assertThat(run.progress()).isEqualTo(new RunProgress(n, 0, 0, n - 1, 1, 0));

    RedisStore reader = db.store(run.name());
    assertThat(reader.get("k" + (SHARD - 1)).orElseThrow().result()).isEqualTo("\"r65535\"");
    assertThat(reader.get("k" + SHARD).orElseThrow().result()).isEqualTo("\"r65536\"");
    assertThat(reader.get("k" + (SHARD + 1)).orElseThrow().error()).isEqualTo("boom");
    assertThat(run.info().failed())
        .containsExactly(new CheckpointInfo.FailedItem("k" + (SHARD + 1), "boom"));
    List<DoneItem> done = new ArrayList<>();
    run.forEachDone(done::add);
    assertThat(done).hasSize(n - 1);
    assertThat(done.subList(SHARD - 1, SHARD + 1))
        .containsExactly(
            new DoneItem("k65535", "item 65535", "\"r65535\""),
            new DoneItem("k65536", "item 65536", "\"r65536\""));
    assertThat(done.get(n - 2)).isEqualTo(new DoneItem("k65835", "item 65835", "\"r65835\""));

    assertThat(run.retryFailed()).isEqualTo(1);
    assertThat(redis.hlen(p + "1:out")).isEqualTo(299);
    assertThat(run.mark("k" + SHARD, ItemState.PENDING)).isEqualTo(ItemState.DONE);
    assertThat(redis.hexists(p + "1:out", Integer.toString(SHARD))).isFalse();
    try (RedisWorker w = run.join(LEASE)) {
      finish(w, -1);
    }
    assertThat(reader.get("k" + (SHARD + 1)).orElseThrow().state()).isEqualTo(ItemState.DONE);
    assertThat(redis.hlen(p + "1:out")).isEqualTo(300);

    run.delete();
    assertThat(redis.keys(p + "*")).as("the shards go with the run").isEmpty();
  }

  @Test
  void aRunLoadedBeforeOutcomesWereShardedKeepsItsSingleHash() {
    RedisRun run = run(10);
    String p = prefix(run);
    var redis = db.commands();
    redis.hdel(p + "info", "outshard"); // as the version before sharding loaded it
    try (RedisWorker w = run.join(LEASE)) {
      finish(w, 3);
    }
    assertThat(redis.hlen(p + "out")).isEqualTo(10);
    assertThat(redis.exists(p + "0:out")).isZero();
    assertThat(db.store(run.name()).get("k3").orElseThrow().error()).isEqualTo("boom");
    assertThat(run.retryFailed()).isEqualTo(1);
    try (RedisWorker w = run.join(LEASE)) {
      finish(w, -1);
    }
    List<DoneItem> done = new ArrayList<>();
    run.forEachDone(done::add);
    assertThat(done).hasSize(10).contains(new DoneItem("k3", "item 3", "\"r3\""));
    run.delete();
    assertThat(redis.keys(p + "*")).isEmpty();
  }
}
