package dev.ratchet.redis;

import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.CheckpointReader;
import dev.ratchet.internal.redis.ChunkReader;
import dev.ratchet.internal.redis.Codec;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.internal.redis.LegacyRun;
import dev.ratchet.internal.redis.Scripts;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StateCounts;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A run that many worker processes share through Redis, the counterpart of the PostgreSQL store's
 * {@code PostgresRun}. Its items are loaded once, each under its ordinal. Workers ({@link #join})
 * lease them in chunks: a contiguous range of ordinals is one record with one fencing token, taken
 * from a cursor (so a claim reads no finished item and costs the same however many are finished); a
 * completion appends the chunk's outcomes and fences them by its token in one script call, so a
 * worker that was paused past its lease cannot overwrite the result of the worker that took its
 * chunk over. A chunk whose worker died is taken over one item at a time, counting the crash; an
 * item that crashed its workers {@code crashLimit} times is FAILED. Each item's state stays
 * readable ({@link #info()}, {@code ratchet status}). A run loaded by an older version (one stream
 * entry per item) stays readable and is refused by {@link #join}. Thread-safe.
 */
public final class RedisRun implements SharedRun {
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

  @Override
  public String name() {
    return name;
  }

  @Override
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
  @Override
  public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    String[] probe = loadChunk(fingerprint, 0, List.of(), false);
    if (probe == null) {
      return 0;
    }
    long position = Long.parseLong(probe[1]);
    Iterator<ItemInput> it = items.get();
    long next = 0; // the ordinal of the next item from it
    ArrayDeque<ItemInput> buffer = new ArrayDeque<>(); // items next - size() .. next - 1
    long added = 0;
    while (true) {
      long head = next - buffer.size();
      if (position < head) {
        it = items.get();
        next = 0;
        buffer.clear();
        head = 0;
      }
      for (; head < position && !buffer.isEmpty(); head++) {
        buffer.poll();
      }
      for (; next < position && it.hasNext(); next++) {
        it.next();
      }
      while (buffer.size() < LOAD_CHUNK && it.hasNext()) {
        buffer.add(it.next());
        next++;
      }
      List<List<String>> chunk = new ArrayList<>(buffer.size());
      buffer.forEach(item -> chunk.add(List.of(item.key(), Codec.slot(item.key(), item.input()))));
      boolean last = !it.hasNext();
      String[] r = loadChunk(fingerprint, position, chunk, last);
      if (r == null) {
        return added;
      }
      long moved = Long.parseLong(r[1]);
      if (r[0] != null) {
        // another loader moved on at the same time: go on from where it is
        position = moved;
        continue;
      }
      added += moved - position;
      position = moved;
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

  /**
   * Loads one chunk at {@code position}: returns null if the run is loaded already, {@code {null,
   * new position}}, or {@code {"moved", position}} when another loader is elsewhere.
   */
  private String[] loadChunk(
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
                    name, // the run id status shows and idempotency keys use, as on PostgreSQL
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
    if (code == -1) {
      return null;
    }
    if (code == -4) {
      throw new CheckpointMismatchException(location, notJoinable());
    }
    if (code == -3) {
      return new String[] {"moved", (String) r.get(1)};
    }
    return new String[] {null, Long.toString(code)};
  }

  /** Joins as a new worker whose claims are leased for {@code lease} (renewed while alive). */
  @Override
  public RedisWorker join(Duration lease) {
    return join(lease, DEFAULT_CRASH_LIMIT);
  }

  /** Joins as a new worker; an item its workers died holding {@code crashLimit} times fails. */
  @Override
  public RedisWorker join(Duration lease, int crashLimit) {
    if (lease.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
    }
    if (crashLimit < 1) {
      throw new IllegalArgumentException("crashLimit must be >= 1, was " + crashLimit);
    }
    call(
        "joining",
        () -> {
          if (db.commands().exists(Keys.key(prefix, "loaded")) == 1
              && !ChunkReader.chunked(db.commands(), prefix)) {
            throw new IllegalStateException("run " + location + " " + notJoinable());
          }
          return null;
        });
    return new RedisWorker(db, prefix, location, "w-" + UUID.randomUUID(), lease, crashLimit);
  }

  private static String notJoinable() {
    return "was written by an older Ratchet, which leased one stream entry per item (or it is a"
        + " checkpoint of one writer): it can be read (status, export) but not joined; finish it"
        + " with that version, or delete it (ratchet clear) and load it again";
  }

  @Override
  public long retryFailed() {
    return call(
        "putting failed items back in",
        () -> Scripts.RETRY_FAILED.<Long>run(db.commands(), prefix));
  }

  @Override
  public RunProgress progress() {
    List<Long> r = call("reading", () -> Scripts.PROGRESS.run(db.commands(), prefix));
    long recorded = r.get(1) + r.get(2) + r.get(3) + r.get(4);
    // a plain checkpoint (no items loaded) has recorded items only
    long total = Math.max(r.get(0), recorded);
    return new RunProgress(total, total - recorded, r.get(1), r.get(2), r.get(3), r.get(4));
  }

  @Override
  public boolean exists() {
    return info().exists();
  }

  /** Whether every item has been loaded. */
  @Override
  public boolean loaded() {
    return call("reading", () -> db.commands().exists(Keys.key(prefix, "loaded")) == 1);
  }

  public StateCounts counts() {
    return call("reading", new CheckpointReader(db.commands(), prefix, location)::counts);
  }

  /** Every DONE item once, in input order, a page at a time. */
  @Override
  public void forEachDone(Consumer<DoneItem> action) {
    call(
        "reading",
        () -> {
          if (ChunkReader.chunked(db.commands(), prefix)) {
            new ChunkReader(db.commands(), prefix, location).forEachDone(action);
          } else {
            LegacyRun.forEachDone(db.commands(), prefix, action);
          }
          return null;
        });
  }

  public CheckpointInfo info() {
    return call("reading", new CheckpointReader(db.commands(), prefix, location)::info);
  }

  @Override
  public ItemState mark(String key, ItemState state) {
    return RedisMark.mark(db, prefix, location, key, state);
  }

  /** Removes the run and everything in it. Workers still in it stop at their next call. */
  @Override
  public void delete() {
    db.store(name).delete();
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
