package dev.ratchet.redis;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.Codec;
import dev.ratchet.internal.redis.Keys;
import dev.ratchet.internal.redis.Lease;
import dev.ratchet.internal.redis.Scripts;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One worker's membership in a {@link RedisRun}, shaped like the PostgreSQL store's {@code
 * WorkerSession}: {@link #claim(int)} leases a batch, {@link #complete} commits outcomes fenced by
 * their claim tokens. A heartbeat keeps this worker's stream entries fresh; if it dies (even by
 * {@code kill -9}) they go idle and another worker takes them over after the lease. A worker that
 * could not renew for longer than its lease stops claiming. Thread-safe.
 */
public final class RedisWorker implements CooperativeWorker {
  private static final String VANISHED = "!vanished";

  private final RedisDatabase db;
  private final String prefix;
  private final String location;
  private final String workerId;
  private final Duration lease;
  private final int crashLimit;
  private final Lease heartbeat;
  private final RedisSteps steps;
  private volatile boolean closed;

  RedisWorker(
      RedisDatabase db,
      String prefix,
      String location,
      String workerId,
      Duration lease,
      int crashLimit) {
    this.db = db;
    this.prefix = prefix;
    this.location = location;
    this.workerId = workerId;
    this.lease = lease;
    this.crashLimit = crashLimit;
    this.steps = new RedisSteps(db, prefix, location);
    this.heartbeat =
        new Lease(
            "ratchet-redis-worker",
            lease,
            () -> {
              Scripts.HEARTBEAT.run(db.commands(), prefix, workerId);
              return true;
            });
  }

  @Override
  public String workerId() {
    return workerId;
  }

  public Duration lease() {
    return lease;
  }

  /** Claims up to {@code max} items: ones whose owner went silent first, then new ones. */
  @Override
  public ClaimResult claim(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be > 0, was " + max);
    }
    checkCanClaim();
    long started = System.nanoTime();
    List<String> flat =
        call(
            "claiming items in",
            () ->
                Scripts.CLAIM.run(
                    db.commands(),
                    prefix,
                    workerId,
                    Integer.toString(max),
                    Long.toString(lease.toMillis()),
                    Long.toString(System.currentTimeMillis()),
                    Integer.toString(crashLimit)));
    vanishedIf(flat);
    heartbeat.renewedAt(started);
    if (!flat.isEmpty()) {
      List<ClaimedItem> items = new ArrayList<>();
      for (int i = 0; i < flat.size(); i += 6) {
        items.add(
            new ClaimedItem(
                flat.get(i),
                Long.parseLong(flat.get(i + 1)),
                flat.get(i + 2),
                Integer.parseInt(flat.get(i + 3)),
                Integer.parseInt(flat.get(i + 4)),
                Long.parseLong(flat.get(i + 5))));
      }
      items.sort(Comparator.comparingLong(ClaimedItem::ordinal));
      return new ClaimResult.Claimed(items);
    }
    return call(
        "counting open items in",
        () -> {
          String open = db.commands().get(Keys.key(prefix, "open"));
          boolean loaded = db.commands().exists(Keys.key(prefix, "loaded")) == 1;
          if (loaded && (open == null || Long.parseLong(open) <= 0)) {
            return new ClaimResult.Finished();
          }
          long pending = db.commands().xpending(Keys.key(prefix, "queue"), "workers").getCount();
          return new ClaimResult.Wait(pending);
        });
  }

  /** Throws if a script found the run's keys gone (flushed, deleted, or a server restart). */
  private void vanishedIf(List<String> reply) {
    if (reply.size() == 1 && VANISHED.equals(reply.get(0))) {
      throw new StoreUnavailableException(
          "worker "
              + workerId
              + " stopped in "
              + location
              + ": the run's data vanished (it was deleted, or Redis lost it: a restart without"
              + " persistence, a flush or eviction). Nothing was written; start the workers again"
              + " with --input to load it anew");
    }
  }

  private void checkCanClaim() {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    String lost = heartbeat.lost();
    if (lost != null) {
      throw new StoreUnavailableException(
          "worker "
              + workerId
              + " stopped claiming in "
              + location
              + ": its lease "
              + lost
              + "; its items return to the other workers when"
              + " the lease runs out. Check the Redis connection and start the worker again");
    }
  }

  /** Commits outcomes of claimed items atomically, each fenced by its claim token. */
  @Override
  public CompleteResult complete(List<? extends ItemOutcome> outcomes) {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    if (outcomes.isEmpty()) {
      return new CompleteResult(List.of(), List.of());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ItemOutcome o : outcomes) {
      Map<String, Object> row = new HashMap<>();
      row.put("k", o.item().key());
      row.put("tok", o.item().token());
      row.put("s", o.state().code());
      if (o instanceof ItemOutcome.Done d && d.result() != null) {
        row.put("r", d.result());
      } else if (o instanceof ItemOutcome.Failed f) {
        row.put("e", f.error());
      } else if (o instanceof ItemOutcome.Skipped s) {
        row.put("e", s.reason());
      }
      rows.add(row);
    }
    List<String> written =
        call(
            "committing outcomes in",
            () ->
                Scripts.COMPLETE.run(
                    db.commands(),
                    prefix,
                    Long.toString(System.currentTimeMillis()),
                    Codec.write(rows)));
    vanishedIf(written);
    Set<String> done = new HashSet<>(written);
    List<String> committed = new ArrayList<>();
    List<String> fenced = new ArrayList<>();
    for (ItemOutcome o : outcomes) {
      (done.contains(o.item().key()) ? committed : fenced).add(o.item().key());
    }
    return new CompleteResult(committed, fenced);
  }

  /**
   * Sub-step values live in Redis ({@link RedisSteps}), so a worker taking an item over resumes.
   */
  @Override
  public boolean storesSteps() {
    return true;
  }

  @Override
  public Map<String, String> steps(ClaimedItem item) {
    return steps.steps(item);
  }

  @Override
  public boolean saveStep(ClaimedItem item, String step, String value) {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    return steps.save(item, step, value);
  }

  /** For tests: stops renewing, as a worker paused past its lease would. */
  void pauseHeartbeat() {
    heartbeat.stop();
  }

  /** Stops the heartbeat and leaves; items still claimed return to the others at once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.stop();
    try {
      Scripts.LEAVE.run(db.commands(), prefix, workerId);
    } catch (RedisException e) {
      // the entries go idle and are taken over after the lease
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
