package dev.ratchet.internal.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.store.DoneItem;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a shared run loaded by an older version, which kept one stream entry per item: its inputs
 * in the {@code input} hash by key, its results in the {@code output} list in commit order. Such a
 * run stays readable (status, progress, export) but is not joined.
 */
public final class LegacyRun {
  private static final int PAGE = 1000;

  private LegacyRun() {}

  /** Every DONE item once, in input order (read into memory first). */
  public static void forEachDone(
      RedisCommands<String, String> redis, String prefix, Consumer<DoneItem> action) {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : redis.lrange(Keys.key(prefix, "output"), 0, -1)) {
      JsonNode n = json(line);
      results.put(n.get("k").asText(), n.get("r").asText());
    }
    List<String> keys = new ArrayList<>(results.keySet());
    List<Object[]> rows = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += PAGE) {
      List<String> part = keys.subList(from, Math.min(keys.size(), from + PAGE));
      for (var kv : redis.hmget(Keys.key(prefix, "input"), part.toArray(new String[0]))) {
        if (!kv.hasValue()) {
          continue;
        }
        JsonNode in = json(kv.getValue());
        rows.add(
            new Object[] {
              in.get("o").asLong(),
              new DoneItem(kv.getKey(), in.get("v").asText(), results.get(kv.getKey()))
            });
      }
    }
    rows.sort(Comparator.comparingLong(r -> (Long) r[0]));
    rows.forEach(r -> action.accept((DoneItem) r[1]));
  }

  private static JsonNode json(String text) {
    try {
      return Codec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable entry in a Redis run: " + e.getMessage(), e);
    }
  }
}
