package dev.ratchet.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.CheckpointReader;
import dev.ratchet.internal.redis.Codec;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.internal.redis.Scripts;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.StateCounts;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A run that many worker processes share through Redis, the counterpart of the PostgreSQL store's
 * {@code PostgresRun}. Its items are loaded once into a stream with a consumer group; each worker
 * ({@link #join}) reads new entries with {@code XREADGROUP} and takes over entries whose owner went
 * silent for longer than the lease with {@code XAUTOCLAIM}. Every claim gives the item a new
 * fencing token; an outcome carrying an older token is discarded, so a worker that was paused past
 * its lease cannot overwrite the result of the worker that took its items over. Item records use
 * the same layout as {@link RedisStore}, so {@link #info()} and {@code ratchet status} read both
 * alike. Thread-safe.
 */
public final class RedisRun {
  private static final int LOAD_CHUNK = 1000;

  private final RedisDatabase db;
  private final String prefix;
  private final String name;
  private final String location;

  RedisRun(RedisDatabase db, String prefix, String name) {
    this.db = db;
    this.prefix = prefix;
    this.name = name;
    this.location = db.location(name);
  }

  public String name() {
    return name;
  }

  public String location() {
    return location;
  }

  /**
   * Loads the run's items once. A second call with the same fingerprint (another worker, or a
   * restart) loads nothing and returns 0; a load cut short by a crash goes on where it stopped.
   *
   * @return how many items this call added
   * @throws CheckpointMismatchException if the run was loaded from another input
   */
  public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Iterator<ItemInput> it = items.get();
    long position = -1;
    long added = 0;
    List<List<String>> chunk = new ArrayList<>();
    long skipped = 0;
    while (true) {
      if (position < 0) {
        position = loadChunk(fingerprint, 0, List.of(), false);
        if (position < 0) {
          return 0;
        }
      }
      while (skipped < position && it.hasNext()) {
        it.next();
        skipped++;
      }
      chunk.clear();
      while (chunk.size() < LOAD_CHUNK && it.hasNext()) {
        ItemInput item = it.next();
        chunk.add(List.of(item.key(), item.input()));
        skipped++;
      }
      boolean last = !it.hasNext();
      long next = loadChunk(fingerprint, position, chunk, last);
      if (next < 0) {
        return added;
      }
      added += next - position;
      position = next;
      if (last) {
        return added;
      }
    }
  }

  /** Loads one line per item, keyed by line number from 0. */
  public long loadLines(String fingerprint, Supplier<Iterator<String>> lines) {
    return load(
        fingerprint,
        () -> {
          Iterator<String> source = lines.get();
          return new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
              return source.hasNext();
            }

            @Override
            public ItemInput next() {
              return new ItemInput(Long.toString(n++), source.next());
            }
          };
        });
  }

  private long loadChunk(
      String fingerprint, long position, List<List<String>> chunk, boolean last) {
    List<Object> r =
        call(
            "loading items into",
            () ->
                Scripts.LOAD.run(
                    db.commands(),
                    prefix,
                    fingerprint,
                    Long.toString(position),
                    Codec.write(chunk),
                    last ? "1" : "0",
                    Long.toString(System.currentTimeMillis()),
                    UUID.randomUUID().toString(),
                    Instant.now().toString(),
                    Integer.toString(RedisStore.FORMAT_VERSION)));
    long code = (Long) r.get(0);
    if (code == -2) {
      throw new CheckpointMismatchException(
          location,
          "it was loaded from another input (fingerprint "
              + r.get(1)
              + ", not "
              + fingerprint
              + "); use another run name, or delete this run to start fresh");
    }
    if (code == -3) {
      if (position == 0 && chunk.isEmpty()) {
        return Long.parseLong((String) r.get(1));
      }
      throw new StoreUnavailableException(
          "another process is loading "
              + location
              + " at the same time; let one loader finish, then join as a worker");
    }
    return code;
  }

  /** Joins as a new worker whose claims are leased for {@code lease} (renewed while alive). */
  public RedisWorker join(Duration lease) {
    if (lease.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
    }
    return new RedisWorker(db, prefix, location, "w-" + UUID.randomUUID(), lease);
  }

  /** Whether every item has been loaded. */
  public boolean loaded() {
    return call("reading", () -> db.commands().exists(Keys.key(prefix, "loaded")) == 1);
  }

  /** Items not yet DONE, FAILED or SKIPPED. */
  public long open() {
    return call(
        "reading",
        () -> {
          String v = db.commands().get(Keys.key(prefix, "open"));
          return v == null ? 0 : Long.parseLong(v);
        });
  }

  public StateCounts counts() {
    return call("reading", new CheckpointReader(db.commands(), prefix, location)::counts);
  }

  /** Committed results in commit order, as {@code {"k": key, "r": result}} JSON lines. */
  public List<String> output() {
    return call("reading", () -> db.commands().lrange(Keys.key(prefix, "output"), 0, -1));
  }

  /** A DONE item with its input and its result (JSON text), as {@link #doneInInputOrder} gives. */
  public record DoneItem(String key, String input, String result) {}

  /**
   * Every DONE item once, in input order, read into memory. Safe while workers are still running:
   * it holds what is done so far.
   */
  public List<DoneItem> doneInInputOrder() {
    return call(
        "reading",
        () -> {
          Map<String, String> results = new LinkedHashMap<>();
          for (String line : db.commands().lrange(Keys.key(prefix, "output"), 0, -1)) {
            JsonNode n = json(line);
            results.put(n.get("k").asText(), n.get("r").asText());
          }
          List<String> keys = new ArrayList<>(results.keySet());
          List<Object[]> rows = new ArrayList<>();
          for (int from = 0; from < keys.size(); from += LOAD_CHUNK) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + LOAD_CHUNK));
            for (var kv :
                db.commands().hmget(Keys.key(prefix, "input"), part.toArray(new String[0]))) {
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
          List<DoneItem> done = new ArrayList<>(rows.size());
          rows.forEach(r -> done.add((DoneItem) r[1]));
          return done;
        });
  }

  public CheckpointInfo info() {
    return call("reading", new CheckpointReader(db.commands(), prefix, location)::info);
  }

  /** Removes the run and everything in it. Workers still in it stop at their next call. */
  public void delete() {
    db.store(name).delete();
  }

  private static JsonNode json(String text) {
    try {
      return Codec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable entry in a Redis run: " + e.getMessage(), e);
    }
  }

  private <T> T call(String doing, Supplier<T> action) {
    try {
      return action.get();
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          doing + " " + location + " failed (" + e.getMessage() + "); check that Redis is up", e);
    }
  }
}
