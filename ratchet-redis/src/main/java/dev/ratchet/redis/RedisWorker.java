package dev.ratchet.redis;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.redis.Codec;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One worker's membership in a {@link RedisRun}, shaped like the PostgreSQL store's {@code
 * WorkerSession}: {@link #claim(int)} leases a chunk (a range of ordinals, one fencing token),
 * {@link #complete} appends outcomes fenced by their chunk's token, each in one script call. A
 * heartbeat renews this worker's lease; if it dies (even by {@code kill -9}) another worker takes
 * its chunks over after the lease. A worker that could not renew for longer than its lease stops
 * claiming. Thread-safe.
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
              // -1: the run vanished; the next claim says so
              Scripts.HEARTBEAT.run(
                  db.commands(), prefix, workerId, Long.toString(lease.toMillis()));
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

  /**
   * Claims up to {@code max} items as one chunk: a chunk whose owner went silent (one item of it),
   * one handed back, else the next items from the cursor.
   */
  @Override
  public ClaimResult claim(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be > 0, was " + max);
    }
    checkCanClaim();
    long started = System.nanoTime();
    List<String> r =
        call(
            "claiming items in",
            () ->
                Scripts.CLAIM.run(
                    db.commands(),
                    prefix,
                    workerId,
                    Integer.toString(max),
                    Long.toString(lease.toMillis()),
                    Integer.toString(crashLimit)));
    vanishedIf(r);
    heartbeat.renewedAt(started);
    switch (r.get(0)) {
      case "!finished":
        return new ClaimResult.Finished();
      case "!wait":
        return new ClaimResult.Wait(Long.parseLong(r.get(1)));
      default:
        return new ClaimResult.Claimed(claimed(r));
    }
  }

  /**
   * The items of a claim's reply: token, attempts, interruptions, lo, hi, the ordinals given
   * (empty: all of [lo, hi)), the first block's number and the blocks holding them.
   */
  private static List<ClaimedItem> claimed(List<String> r) {
    long token = Long.parseLong(r.get(1));
    int attempts = Integer.parseInt(r.get(2));
    int interruptions = Integer.parseInt(r.get(3));
    long lo = Long.parseLong(r.get(4));
    long hi = Long.parseLong(r.get(5));
    long[] ordinals;
    if (r.get(6).isEmpty()) {
      ordinals = new long[(int) (hi - lo)];
      for (int i = 0; i < ordinals.length; i++) {
        ordinals[i] = lo + i;
      }
    } else {
      ordinals = Arrays.stream(r.get(6).split(",")).mapToLong(Long::parseLong).toArray();
    }
    long firstBlock = Long.parseLong(r.get(7));
    List<List<String[]>> blocks = new ArrayList<>();
    for (int i = 8; i < r.size(); i++) {
      blocks.add(Codec.block(r.get(i)));
    }
    List<ClaimedItem> items = new ArrayList<>(ordinals.length);
    for (long o : ordinals) {
      String[] item = blocks.get((int) (o / Codec.BLOCK - firstBlock)).get((int) (o % Codec.BLOCK));
      items.add(new ClaimedItem(item[0], o, item[1], attempts, interruptions, token));
    }
    return items;
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
    // by token (one per chunk), each in input order: the script finds a chunk once per run
    Map<Long, List<ItemOutcome>> byToken = new TreeMap<>();
    for (ItemOutcome o : outcomes) {
      byToken.computeIfAbsent(o.item().token(), t -> new ArrayList<>()).add(o);
    }
    List<String> args = new ArrayList<>(2 + 2 * byToken.size() + 3 * outcomes.size());
    args.add(workerId);
    args.add(Long.toString(lease.toMillis()));
    List<ItemOutcome> order = new ArrayList<>(outcomes.size());
    for (var e : byToken.entrySet()) {
      List<ItemOutcome> group = e.getValue();
      group.sort(Comparator.comparingLong(o -> o.item().ordinal()));
      args.add(Long.toString(e.getKey()));
      args.add(Integer.toString(group.size()));
      for (ItemOutcome o : group) {
        args.add(Long.toString(o.item().ordinal()));
        args.add(Integer.toString(o.state().code()));
        args.add(record(o));
        order.add(o);
      }
    }
    long started = System.nanoTime();
    List<String> written =
        call(
            "committing outcomes in",
            () -> Scripts.COMPLETE.run(db.commands(), prefix, args.toArray(new String[0])));
    vanishedIf(written);
    heartbeat.renewedAt(started);
    String flags = written.get(0);
    List<String> committed = new ArrayList<>();
    List<String> fenced = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      (flags.charAt(i) == '1' ? committed : fenced).add(order.get(i).item().key());
    }
    return new CompleteResult(committed, fenced);
  }

  /** The outcome record stored under the item's ordinal, as JSON (built here: it is per item). */
  private static String record(ItemOutcome o) {
    if (o instanceof ItemOutcome.Released) {
      return "";
    }
    StringBuilder rec =
        new StringBuilder(48)
            .append("{\"s\":")
            .append(o.state().code())
            .append(",\"a\":")
            .append(o.item().attempts())
            .append(",\"i\":")
            .append(o.item().interruptions())
            .append(",\"t\":")
            .append(o.item().token());
    String text = null;
    String field = "e";
    if (o instanceof ItemOutcome.Done d) {
      text = d.result();
      field = "r";
    } else if (o instanceof ItemOutcome.Failed f) {
      text = f.error();
    } else if (o instanceof ItemOutcome.Skipped sk) {
      text = sk.reason();
    }
    if (text != null) {
      rec.append(",\"").append(field).append("\":").append(Codec.write(text));
    }
    return rec.append('}').toString();
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
