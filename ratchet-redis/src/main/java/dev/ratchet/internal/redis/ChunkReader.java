package dev.ratchet.internal.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.ItemState;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemRecord;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads a shared run kept in the chunk layout ({@code chunks.lua} describes its keys): one item by
 * key, every recorded item or DONE item in input order (a page of ordinals at a time), the items in
 * leased chunks, the FAILED ones. Never writes.
 */
public final class ChunkReader {
  private static final int PAGE = 1000;

  private final RedisCommands<String, String> redis;
  private final String prefix;
  private final String location;
  private long outShard = -1;

  public ChunkReader(RedisCommands<String, String> redis, String prefix, String location) {
    this.redis = redis;
    this.prefix = prefix;
    this.location = location;
  }

  /** Whether the run at {@code prefix} is kept in the chunk layout. */
  public static boolean chunked(RedisCommands<String, String> redis, String prefix) {
    return "chunks".equals(redis.hget(Keys.key(prefix, "info"), "layout"));
  }

  private String key(String suffix) {
    return Keys.key(prefix, suffix);
  }

  /**
   * The hash holding the outcome of {@code ordinal}: {@code <shard>:out}, the shard being the
   * ordinal divided by the run's {@code outshard} ({@code chunks.lua}); {@code out} for a run
   * loaded before outcomes were sharded.
   */
  private String outKey(long ordinal) {
    return outShard() == 0 ? key("out") : prefix + ":" + ordinal / outShard + ":out";
  }

  /** The end of the ordinals from {@code ordinal} on (before {@code hi}) in its outcome hash. */
  private long outEnd(long ordinal, long hi) {
    return outShard() == 0 ? hi : Math.min(hi, (ordinal / outShard + 1) * outShard);
  }

  private long outShard() {
    if (outShard < 0) {
      String shard = redis.hget(key("info"), "outshard");
      outShard = shard == null ? 0 : Long.parseLong(shard);
    }
    return outShard;
  }

  /** The record of {@code key}: its outcome, or IN_PROGRESS while a chunk holds it. */
  public Optional<ItemRecord> get(String itemKey) {
    String ordinal = redis.hget(key("ord"), itemKey);
    if (ordinal == null) {
      return Optional.empty();
    }
    String out = redis.hget(outKey(Long.parseLong(ordinal)), ordinal);
    if (out != null) {
      return Optional.of(Codec.record(location, itemKey, out));
    }
    JsonNode chunk = chunkAt(Long.parseLong(ordinal));
    if (chunk == null || chunk.path("w").asText().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(inProgress(itemKey, chunk));
  }

  private static ItemRecord inProgress(String itemKey, JsonNode chunk) {
    return new ItemRecord(
        itemKey,
        ItemState.IN_PROGRESS,
        chunk.path("a").asInt(),
        chunk.path("i").asInt(),
        null,
        null,
        false,
        Map.of());
  }

  /** The chunk whose range holds {@code ordinal}, or null. */
  private JsonNode chunkAt(long ordinal) {
    List<String> lo =
        redis.zrevrangebyscore(
            key("cidx"),
            Range.create(Double.NEGATIVE_INFINITY, (double) ordinal),
            io.lettuce.core.Limit.create(0, 1));
    if (lo.isEmpty()) {
      return null;
    }
    String raw = redis.hget(key("chunks"), lo.get(0));
    JsonNode chunk = raw == null ? null : json(raw);
    return chunk != null && ordinal < chunk.path("hi").asLong() ? chunk : null;
  }

  /** Every recorded item (and every item in a leased chunk as IN_PROGRESS), in input order. */
  public void forEachRecord(Consumer<ItemRecord> action) {
    List<JsonNode> leased = leasedChunks();
    pages(
        (ordinal, item, out) -> {
          if (out != null) {
            action.accept(Codec.record(location, item[0], out));
            return;
          }
          for (JsonNode c : leased) {
            if (ordinal >= c.path("lo").asLong() && ordinal < c.path("hi").asLong()) {
              action.accept(inProgress(item[0], c));
            }
          }
        });
  }

  /** Every DONE item once, in input order. */
  public void forEachDone(Consumer<DoneItem> action) {
    pages(
        (ordinal, item, out) -> {
          if (out != null) {
            JsonNode rec = json(out);
            // an item marked done by hand (m) has no result and no export, as on a checkpoint
            if (rec.path("s").asInt() == ItemState.DONE.code() && !rec.path("m").asBoolean()) {
              JsonNode r = rec.get("r");
              action.accept(
                  new DoneItem(item[0], item[1], r == null || r.isNull() ? null : r.asText()));
            }
          }
        });
  }

  private interface Slot {
    /** An item of ordinal {@code ordinal}: {key, input}, and its outcome record or null. */
    void accept(long ordinal, String[] item, String out);
  }

  /** Every loaded item with its outcome (or null), a page of ordinals at a time. */
  private void pages(Slot action) {
    String loaded = redis.get(key("loadpos"));
    long end = loaded == null ? 0 : Long.parseLong(loaded);
    for (long lo = 0; lo < end; lo += PAGE) {
      range(lo, Math.min(end, lo + PAGE), action);
    }
  }

  /** The loaded items of [lo, hi) with their outcomes (or null), in order. */
  private void range(long lo, long hi, Slot action) {
    String[] ordinals = new String[(int) (hi - lo)];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = Long.toString(lo + i);
    }
    long firstBlock = lo / Codec.BLOCK;
    String[] blocks = new String[(int) ((hi - 1) / Codec.BLOCK - firstBlock + 1)];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = Long.toString(firstBlock + i);
    }
    List<KeyValue<String, String>> ins = redis.hmget(key("in"), blocks);
    List<KeyValue<String, String>> outs = new ArrayList<>(ordinals.length);
    long from = lo;
    while (from < hi) {
      long to = outEnd(from, hi);
      String[] part = Arrays.copyOfRange(ordinals, (int) (from - lo), (int) (to - lo));
      outs.addAll(redis.hmget(outKey(from), part));
      from = to;
    }
    List<List<String[]>> parsed = new ArrayList<>();
    for (KeyValue<String, String> b : ins) {
      parsed.add(Codec.block(b.hasValue() ? b.getValue() : ""));
    }
    for (int i = 0; i < ordinals.length; i++) {
      long o = lo + i;
      List<String[]> block = parsed.get((int) (o / Codec.BLOCK - firstBlock));
      int at = (int) (o % Codec.BLOCK);
      String[] item = at < block.size() ? block.get(at) : null;
      if (item != null) {
        action.accept(o, item, outs.get(i).hasValue() ? outs.get(i).getValue() : null);
      }
    }
  }

  private List<JsonNode> leasedChunks() {
    List<JsonNode> leased = new ArrayList<>();
    for (String raw : redis.hvals(key("chunks"))) {
      JsonNode c = json(raw);
      if (!c.path("w").asText().isEmpty()) {
        leased.add(c);
      }
    }
    return leased;
  }

  /** The keys of items in leased chunks and not yet recorded, in input order. */
  public List<String> inProgress() {
    List<String> keys = new ArrayList<>();
    List<JsonNode> leased = leasedChunks();
    leased.sort((a, b) -> Long.compare(a.path("lo").asLong(), b.path("lo").asLong()));
    for (JsonNode c : leased) {
      range(
          c.path("lo").asLong(),
          c.path("hi").asLong(),
          (ordinal, item, out) -> {
            if (out == null) {
              keys.add(item[0]);
            }
          });
    }
    return keys;
  }

  /** The FAILED items with their errors, in input order. */
  public List<CheckpointInfo.FailedItem> failed() {
    List<CheckpointInfo.FailedItem> failed = new ArrayList<>();
    TreeSet<Long> ordinals = new TreeSet<>();
    redis.smembers(key("fails")).forEach(o -> ordinals.add(Long.parseLong(o)));
    for (long o : ordinals) {
      range(
          o,
          o + 1,
          (ordinal, item, out) -> {
            if (out != null) {
              failed.add(new CheckpointInfo.FailedItem(item[0], json(out).path("e").asText()));
            }
          });
    }
    return failed;
  }

  private JsonNode json(String text) {
    try {
      return Codec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new dev.ratchet.CheckpointDamagedException(
          Path.of(location), 0, "an entry of the run cannot be read: " + e.getMessage());
    }
  }
}
