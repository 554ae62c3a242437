package dev.ratchet.redis;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.CheckpointReader;
import dev.ratchet.internal.redis.Codec;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.internal.redis.Lease;
import dev.ratchet.internal.redis.Scripts;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A checkpoint kept in Redis under {@code ratchet:{name}:*}, written by one process at a time.
 *
 * <p><b>Atomic commits.</b> Each {@link Commit} is one Lua script: Redis runs it entirely or not at
 * all, and no reader sees half of it. <b>One writer.</b> {@link #open()} takes a lock key with
 * {@code SET NX PX} holding a random token; a heartbeat renews it every third of the lease. Every
 * commit checks the token inside its script, so a writer whose lease ran out (paused, cut off)
 * cannot overwrite the next writer's work: its commit fails with {@link StoreUnavailableException}
 * and it must reopen. <b>Durability</b> is the server's: see {@link RedisDatabase#durability()};
 * {@link #info()} carries the warning in its metadata under {@value #DURABILITY_WARNING}.
 *
 * <p>Does not track {@link #doneOrdinalPrefix()} (always 0). Thread-safe.
 */
public final class RedisStore implements CheckpointStore {
  /** The {@link #info()} metadata entry holding the server's durability warning, if any. */
  public static final String DURABILITY_WARNING = "redis.durability.warning";

  static final int FORMAT_VERSION = 1;

  private final RedisDatabase db;
  private final String prefix;
  private final String location;
  private final Duration lease;
  private final CheckpointReader reader;
  private final String token = UUID.randomUUID().toString();
  private final Object lifecycle = new Object();
  private Lease heartbeat;
  private volatile boolean open;
  private volatile String failure;

  RedisStore(RedisDatabase db, String prefix, String name, Duration lease) {
    if (lease.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
    }
    this.db = db;
    this.prefix = prefix;
    this.location = db.location(name);
    this.lease = lease;
    this.reader = new CheckpointReader(db.commands(), prefix, location);
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public Recovery open() {
    synchronized (lifecycle) {
      if (open) {
        throw new IllegalStateException(location + " is already open");
      }
      call(
          "locking",
          () -> {
            String ok =
                db.commands()
                    .set(
                        Keys.key(prefix, "lock"), token, SetArgs.Builder.nx().px(lease.toMillis()));
            if (!"OK".equals(ok)) {
              throw new CheckpointLockedException(
                  location,
                  "another process holds its writer lock; wait for it to finish, or for its lease"
                      + " of at most "
                      + lease.toSeconds()
                      + " s to run out if it died");
            }
            return null;
          });
      heartbeat =
          new Lease(
              "ratchet-redis-lease",
              lease,
              () ->
                  (Long)
                          Scripts.RENEW.run(
                              db.commands(), prefix, token, Long.toString(lease.toMillis()))
                      == 1L);
      List<Object> init;
      try {
        init =
            call(
                "opening",
                () ->
                    Scripts.INIT.run(
                        db.commands(),
                        prefix,
                        token,
                        Long.toString(System.currentTimeMillis()),
                        UUID.randomUUID().toString(),
                        Instant.now().toString(),
                        Integer.toString(FORMAT_VERSION)));
      } catch (RuntimeException e) {
        heartbeat.stop();
        throw e;
      }
      long format = (Long) init.get(1);
      if (format > FORMAT_VERSION) {
        heartbeat.stop();
        release();
        throw new CheckpointMismatchException(
            location,
            "it was written in format version "
                + format
                + " by a newer Ratchet (this one reads"
                + " up to "
                + FORMAT_VERSION
                + "); use the newer version");
      }
      open = true;
      failure = null;
      return new Recovery((Long) init.get(0) == 1L, reader.inProgress(), Optional.empty());
    }
  }

  @Override
  public void commit(Commit commit) {
    checkWritable();
    String changes = Codec.changes(commit.changes());
    long started = System.nanoTime();
    try {
      Scripts.COMMIT.run(
          db.commands(), prefix, token, Long.toString(System.currentTimeMillis()), changes);
      heartbeat.renewedAt(started);
    } catch (RedisException e) {
      String why =
          e.getMessage() != null && e.getMessage().contains("RATCHET_LOCK_LOST")
              ? "its writer lock was taken over after the lease ran out"
              : "a Redis error (" + e.getMessage() + ")";
      failure = why;
      throw new StoreUnavailableException(
          "commit to "
              + location
              + " failed: "
              + why
              + "; the commit may or may not have been"
              + " applied. Reopen the checkpoint to go on",
          e);
    }
  }

  private void checkWritable() {
    if (!open) {
      throw new IllegalStateException(location + " is not open; call open() first");
    }
    String lost = failure != null ? failure : heartbeat.lost();
    if (lost != null) {
      failure = lost;
      throw new StoreUnavailableException(
          location + " refuses commits: " + lost + ". Reopen the checkpoint to go on");
    }
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return call("reading", () -> reader.get(key));
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    call(
        "reading",
        () -> {
          reader.forEachRecord(action);
          return null;
        });
  }

  @Override
  public long doneOrdinalPrefix() {
    return 0;
  }

  @Override
  public StateCounts counts() {
    return call("reading", reader::counts);
  }

  @Override
  public Map<String, String> metadata() {
    return call("reading", reader::metadata);
  }

  @Override
  public Map<String, Long> positions() {
    return call("reading", reader::positions);
  }

  @Override
  public CheckpointInfo info() {
    CheckpointInfo info = call("reading", reader::info);
    String warning = db.durability().warning();
    if (warning == null || !info.exists()) {
      return info;
    }
    return info.withMetadata(DURABILITY_WARNING, warning);
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (!open) {
        return;
      }
      open = false;
      heartbeat.stop();
      try {
        release();
      } catch (RedisException e) {
        // the lease runs out by itself
      }
    }
  }

  @Override
  public void delete() {
    synchronized (lifecycle) {
      if (!open) {
        open();
      }
      heartbeat.stop();
      open = false;
      call("deleting", () -> Scripts.DELETE.run(db.commands(), prefix, token));
    }
  }

  /** For tests: stops renewing the lock, as a writer paused past its lease would. */
  void pauseHeartbeat() {
    heartbeat.stop();
  }

  private void release() {
    Scripts.RELEASE.run(db.commands(), prefix, token);
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
