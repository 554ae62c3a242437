package dev.ratchet.postgres;

import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.jdbc.ChunkSql;
import dev.ratchet.internal.jdbc.Heartbeat;
import dev.ratchet.internal.jdbc.LeaseGrowth;
import dev.ratchet.internal.jdbc.StepSql;
import dev.ratchet.internal.jdbc.WorkerSql;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CompleteResult;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One worker's membership in a {@link PostgresRun}. Each claim leases one chunk (a contiguous range
 * of ordinals, as many items as the claim asks for), holds it under a worker lease that a heartbeat
 * renews, and each completion appends the outcomes in one multi-row insert fenced by the chunk's
 * token: if its lease ran out and another worker took the chunk over, its outcome is discarded
 * ({@link CompleteResult#fenced()}) and the other worker's stands. When its batches finish fast, a
 * claim from the run's cursor leases several batches at once ({@link LeaseGrowth}): the batches
 * after the first stay reserved to this worker and are cut off one per claim, each still with a
 * token of its own and committed on its own (see {@link dev.ratchet.internal.jdbc.LeaseSql}).
 *
 * <p>A worker that could not renew its lease for longer than the lease stops claiming: {@link
 * #claim(int)} throws {@link StoreUnavailableException} saying so; its items return to the others.
 * Dropped connections are retried with backoff. Thread-safe.
 */
public final class WorkerSession implements CooperativeWorker {
  private static final String VANISHED =
      "the run's data vanished: its worker row is gone (the run was deleted or cleared)";

  private final PostgresDatabase db;
  private final String location;
  private final String workerId;
  private final WorkerSql sql;
  private final ChunkSql chunks;
  private final StepSql steps;
  private final Duration lease;
  private final int crashLimit;
  private final LeaseGrowth growth = new LeaseGrowth();
  private volatile LongSupplier ticker = System::nanoTime;
  private volatile boolean reserved;
  private volatile Heartbeat heartbeat;
  private volatile boolean closed;
  private volatile String stoppedBecause;

  WorkerSession(
      PostgresDatabase db,
      String location,
      String workerId,
      WorkerSql sql,
      ChunkSql chunks,
      StepSql steps,
      Duration lease,
      int crashLimit) {
    this.db = db;
    this.location = location;
    this.workerId = workerId;
    this.sql = sql;
    this.chunks = chunks;
    this.steps = steps;
    this.lease = lease;
    this.crashLimit = crashLimit;
    this.heartbeat = Heartbeat.start("ratchet-worker-lease", lease.dividedBy(4), this::renew);
  }

  /**
   * Renews this worker's lease, unless it already went unrenewed for longer than the lease: then
   * other workers may have taken its items, so it stops for good and lets its lease run out.
   */
  private void renew() {
    Heartbeat hb = heartbeat;
    if (stoppedBecause != null) {
      return;
    }
    if (hb != null && hb.sinceRenewal().compareTo(lease) > 0) {
      stoppedBecause = lostLease(hb);
      return;
    }
    boolean mine =
        db.tx()
            .run(
                "renewing the lease of worker " + workerId,
                Duration.ZERO,
                c -> sql.renew(c, lease));
    if (!mine) {
      stoppedBecause = VANISHED;
    }
  }

  private String lostLease(Heartbeat hb) {
    return "it could not reach the database for "
        + hb.sinceRenewal().toMillis()
        + " ms, longer than its lease of "
        + lease.toMillis()
        + " ms"
        + (hb.lastError() == null ? "" : " (" + hb.lastError() + ")");
  }

  @Override
  public String workerId() {
    return workerId;
  }

  public Duration lease() {
    return lease;
  }

  /**
   * Claims up to {@code max} items. Throws {@link StoreUnavailableException} once this worker's
   * lease may have run out (it stops claiming for good; join again to go on).
   */
  @Override
  public ClaimResult claim(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be > 0, was " + max);
    }
    checkCanClaim();
    long started = System.nanoTime();
    long tick = ticker.getAsLong();
    long token = WorkerSql.newToken();
    boolean[] tried = {false};
    boolean[] renewed = {false};
    boolean[] unsure = {false};
    // The usual claim, a fresh range from the cursor while the heartbeat is on time, is one
    // statement committed on its own; anything else (a chunk to take over, the end of the run, a
    // retry that must look for its own earlier lease first) runs in a transaction.
    int grown = growth.lease(max);
    WorkerSql.Claim fresh =
        heartbeat.sinceRenewal().compareTo(lease.dividedBy(4)) > 0
            ? null
            : db.tx()
                .autocommit(
                    "claiming items in " + location,
                    c -> {
                      if (tried[0]) {
                        unsure[0] = true;
                        return null;
                      }
                      tried[0] = true;
                      WorkerSql.Claim cut = reserved ? sql.leases().carve(c, max, token) : null;
                      return cut != null ? cut : sql.claimFresh(c, max, grown, token);
                    });
    WorkerSql.Claim claim =
        fresh != null
            ? fresh
            : db.tx()
                .run(
                    "claiming items in " + location,
                    c -> {
                      boolean retried = tried[0];
                      unsure[0] |= retried;
                      tried[0] = true;
                      // The heartbeat renews the lease; a claim renews it too only when the
                      // heartbeat
                      // is late, or when it finds nothing (which may mean the run vanished).
                      renewed[0] =
                          retried || heartbeat.sinceRenewal().compareTo(lease.dividedBy(4)) > 0;
                      if (renewed[0] && !sql.renew(c, lease)) {
                        stoppedBecause = VANISHED;
                        return WorkerSql.Claim.NONE;
                      }
                      WorkerSql.Claim claimed =
                          sql.claim(c, token, max, grown, crashLimit, retried);
                      if (claimed == WorkerSql.Claim.NONE && !renewed[0]) {
                        renewed[0] = true;
                        if (!sql.renew(c, lease)) {
                          stoppedBecause = VANISHED;
                        }
                      }
                      return claimed;
                    });
    // After a retried claim this worker may hold a reserve it was not told of: look next time.
    reserved = claim.reserved() || unsure[0];
    checkCanClaim();
    if (renewed[0]) {
      heartbeat.renewedAt(started);
    }
    List<WorkerSql.Row> rows =
        claim.rows() != null
            ? claim.rows()
            : db.tx()
                .autocommit(
                    "reading the claimed items in " + location,
                    c -> sql.inputs(c, claim.lo(), claim.hi()));
    if (!rows.isEmpty()) {
      growth.claimed(token, max, rows.size(), tick);
      List<ClaimedItem> items = new ArrayList<>(rows.size());
      for (WorkerSql.Row r : rows) {
        items.add(
            new ClaimedItem(
                r.key(), r.ordinal(), r.input(), r.attempts(), r.interruptions(), token));
      }
      return new ClaimResult.Claimed(items);
    }
    long[] open = db.tx().run("counting open items in " + location, chunks::open);
    if (open[0] == 0 && open[1] == 0) {
      return new ClaimResult.Finished();
    }
    return new ClaimResult.Wait(open[1]);
  }

  private void checkCanClaim() {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    if (stoppedBecause == null && heartbeat.sinceRenewal().compareTo(lease) > 0) {
      stoppedBecause = lostLease(heartbeat);
    }
    if (stoppedBecause != null) {
      throw new StoreUnavailableException(
          "worker "
              + workerId
              + " stopped claiming in "
              + location
              + ": "
              + stoppedBecause
              + "; its claimed items return to the other workers when its lease runs out."
              + " Check the database connection and start the worker again");
    }
  }

  /** Commits outcomes of claimed items in one transaction, fenced by their claim tokens. */
  @Override
  public CompleteResult complete(List<? extends ItemOutcome> outcomes) {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    if (outcomes.isEmpty()) {
      return new CompleteResult(List.of(), List.of());
    }
    List<WorkerSql.Outcome> rows = new ArrayList<>(outcomes.size());
    for (ItemOutcome o : outcomes) {
      String result = o instanceof ItemOutcome.Done d ? d.result() : null;
      String error =
          o instanceof ItemOutcome.Failed f
              ? f.error()
              : o instanceof ItemOutcome.Skipped s ? s.reason() : null;
      ClaimedItem item = o.item();
      rows.add(
          new WorkerSql.Outcome(
              item.key(),
              item.ordinal(),
              item.token(),
              o.state().code(),
              item.attempts(),
              item.interruptions(),
              result,
              error));
    }
    // The usual completion (every item of one chunk) is one statement and the commit. Not one
    // autocommit statement: the commit is sent on its own, so a worker stopped or killed before
    // sending it commits nothing, and its items are taken over whole.
    Set<String> written =
        db.tx()
            .run(
                "committing outcomes in " + location,
                c -> {
                  Set<String> whole =
                      ChunkSql.whole(rows) ? chunks.completeWhole(c, workerId, rows) : null;
                  return whole != null ? whole : chunks.complete(c, workerId, rows);
                });
    growth.completed(rows, ticker.getAsLong());
    List<String> committed = new ArrayList<>();
    List<String> fenced = new ArrayList<>();
    for (ItemOutcome o : outcomes) {
      (written.contains(o.item().key()) ? committed : fenced).add(o.item().key());
    }
    return new CompleteResult(committed, fenced);
  }

  /** Sub-step values live in the database, so a worker that takes an item over resumes them. */
  @Override
  public boolean storesSteps() {
    return true;
  }

  @Override
  public Map<String, String> steps(ClaimedItem item) {
    return db.tx()
        .run(
            "reading the sub-steps of " + item.key() + " in " + location,
            c -> steps.steps(c, item.key()));
  }

  /** Stores a sub-step's value if this worker's claim on the item still holds. */
  @Override
  public boolean saveStep(ClaimedItem item, String step, String value) {
    if (closed) {
      throw new IllegalStateException("worker " + workerId + " has left " + location);
    }
    return db.tx()
        .run(
            "storing sub-step " + step + " of " + item.key() + " in " + location,
            c -> steps.save(c, item.key(), item.ordinal(), item.token(), step, value));
  }

  /** For tests: the clock that times batches for {@link LeaseGrowth}. */
  void ticker(LongSupplier nanos) {
    this.ticker = nanos;
  }

  /** For tests: stops renewing without leaving, as a worker killed or paused past its lease. */
  void pauseHeartbeat() {
    heartbeat.stop();
  }

  /** Stops the heartbeat and leaves the run; items still claimed return to the others at once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.stop();
    try {
      db.tx()
          .run(
              "leaving " + location,
              Duration.ofSeconds(5),
              c -> {
                sql.leave(c);
                return null;
              });
    } catch (StoreUnavailableException e) {
      // The lease runs out by itself.
    }
  }
}
