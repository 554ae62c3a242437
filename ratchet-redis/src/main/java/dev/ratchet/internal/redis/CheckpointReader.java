package dev.ratchet.internal.redis;

import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.StateCounts;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads one checkpoint's keys; never locks or writes. A shared run kept in the chunk layout is read
 * through {@link ChunkReader}; a checkpoint of one writer, or a run loaded by an older version,
 * keeps one record per item in its {@code items} hash.
 */
public final class CheckpointReader {
  private final RedisCommands<String, String> redis;
  private final String prefix;
  private final String location;

  public CheckpointReader(RedisCommands<String, String> redis, String prefix, String location) {
    this.redis = redis;
    this.prefix = prefix;
    this.location = location;
  }

  private ChunkReader chunks() {
    return ChunkReader.chunked(redis, prefix) ? new ChunkReader(redis, prefix, location) : null;
  }

  public Optional<ItemRecord> get(String key) {
    ChunkReader chunks = chunks();
    if (chunks != null) {
      return chunks.get(key);
    }
    String json = redis.hget(Keys.key(prefix, "items"), key);
    return json == null ? Optional.empty() : Optional.of(Codec.record(location, key, json));
  }

  public void forEachRecord(Consumer<ItemRecord> action) {
    ChunkReader chunks = chunks();
    if (chunks != null) {
      chunks.forEachRecord(action);
      return;
    }
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      MapScanCursor<String, String> page =
          redis.hscan(Keys.key(prefix, "items"), cursor, ScanArgs.Builder.limit(500));
      page.getMap().forEach((key, json) -> action.accept(Codec.record(location, key, json)));
      cursor = page;
    } while (!cursor.isFinished());
  }

  public StateCounts counts() {
    Map<String, String> c = redis.hgetall(Keys.key(prefix, "counts"));
    return new StateCounts(
        count(c, ItemState.IN_PROGRESS),
        count(c, ItemState.DONE),
        count(c, ItemState.FAILED),
        count(c, ItemState.SKIPPED));
  }

  private static long count(Map<String, String> counts, ItemState state) {
    return Long.parseLong(counts.getOrDefault(Integer.toString(state.code()), "0"));
  }

  public Map<String, String> metadata() {
    return Map.copyOf(redis.hgetall(Keys.key(prefix, "meta")));
  }

  public Map<String, Long> positions() {
    Map<String, Long> positions = new HashMap<>();
    redis
        .hgetall(Keys.key(prefix, "positions"))
        .forEach((name, value) -> positions.put(name, Long.parseLong(value)));
    return Map.copyOf(positions);
  }

  /** Keys recorded IN_PROGRESS, sorted. */
  public List<String> inProgress() {
    ChunkReader chunks = chunks();
    if (chunks != null) {
      return chunks.inProgress();
    }
    return new ArrayList<>(new TreeSet<>(redis.smembers(Keys.key(prefix, "inprog"))));
  }

  public CheckpointInfo info() {
    Map<String, String> info = redis.hgetall(Keys.key(prefix, "info"));
    if (info.isEmpty()) {
      return CheckpointInfo.absent(location);
    }
    Map<String, String> meta = metadata();
    ChunkReader chunks = chunks();
    List<CheckpointInfo.FailedItem> failed = new ArrayList<>();
    if (chunks != null) {
      failed.addAll(chunks.failed());
    }
    for (String key : new TreeSet<>(redis.smembers(Keys.key(prefix, "failed")))) {
      get(key).ifPresent(r -> failed.add(new CheckpointInfo.FailedItem(key, r.error())));
    }
    return new CheckpointInfo(
        location,
        true,
        meta.get(MetaKeys.RUN_ID),
        Integer.parseInt(info.getOrDefault("format", "0")),
        instant(info.get("created")),
        instant(info.get("lastCommit")),
        meta.get(MetaKeys.INPUT_FINGERPRINT),
        counts(),
        failed,
        chunks != null ? chunks.inProgress() : inProgress(),
        meta);
  }

  private static Instant instant(String millis) {
    return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
  }
}
