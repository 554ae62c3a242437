package dev.ratchet.postgres;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.StoreUnavailableException;
import dev.ratchet.internal.jdbc.CheckpointSql;
import dev.ratchet.internal.jdbc.Heartbeat;
import dev.ratchet.internal.jdbc.JdbcInfo;
import dev.ratchet.internal.jdbc.RunIds;
import dev.ratchet.internal.jdbc.Tx;
import dev.ratchet.internal.jdbc.WriterLease;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FsyncPolicy;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.Recovery;
import dev.ratchet.store.StateCounts;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The {@link CheckpointStore} of one run in a PostgreSQL database. One writer at a time: {@link
 * #open()} takes a lease row that a heartbeat renews and every commit checks, so a second opener
 * gets a {@link CheckpointLockedException} and a writer whose lease was taken over cannot commit. A
 * commit is one transaction, retried on dropped connections (its changes set values, so applying
 * them twice is harmless).
 *
 * <p>Get one from {@link PostgresDatabase#store(String)}, or {@link #open(PostgresTarget, String)}
 * for a store that owns its own connection pool.
 */
public final class PostgresStore implements CheckpointStore {
  private final PostgresDatabase db;
  private final String runId;
  private final FsyncPolicy fsync;
  private final boolean ownsDatabase;
  private final String location;
  private final CheckpointSql sql;
  private final WriterLease lease;
  private Heartbeat heartbeat;
  private volatile boolean opened;
  private volatile boolean closed;
  private volatile boolean broken;

  PostgresStore(
      PostgresDatabase db, String runId, FsyncPolicy fsync, Duration lease, boolean ownsDatabase) {
    this.db = db;
    this.runId = runId;
    this.fsync = fsync;
    this.ownsDatabase = ownsDatabase;
    this.location = db.location(runId);
    this.sql = new CheckpointSql(db.tables(), runId);
    this.lease =
        new WriterLease(db.tables(), runId, "writer-" + UUID.randomUUID(), lease, location);
  }

  /** A store for {@code runId} with its own connection pool, closed with the store. */
  public static PostgresStore open(PostgresTarget target, String runId) {
    PostgresDatabase db = PostgresDatabase.connect(target);
    return new PostgresStore(
        db, RunIds.check(runId), FsyncPolicy.ALWAYS, Duration.ofSeconds(30), true);
  }

  @Override
  public String location() {
    return location;
  }

  public String runId() {
    return runId;
  }

  @Override
  public synchronized Recovery open() {
    if (opened) {
      throw new IllegalStateException("store " + location + " is already open");
    }
    if (closed) {
      throw new IllegalStateException("store " + location + " is closed");
    }
    Tx tx = db.tx();
    Object[] result =
        tx.run(
            "opening " + location,
            c -> {
              long now = System.currentTimeMillis();
              boolean created = sql.ensureRun(c, now);
              lease.acquire(c);
              if (created) {
                sql.apply(
                    c,
                    Commit.of(
                        new Change.Meta(MetaKeys.RUN_ID, runId),
                        new Change.Meta(MetaKeys.CREATED, Instant.ofEpochMilli(now).toString())),
                    now);
              }
              return new Object[] {created, sql.interrupted(c)};
            });
    opened = true;
    heartbeat =
        Heartbeat.start(
            "ratchet-writer-lease",
            lease.duration().dividedBy(3),
            () -> tx.run("renewing the writer lease of " + location, Duration.ZERO, lease::renew));
    @SuppressWarnings("unchecked")
    List<String> interrupted = (List<String>) result[1];
    return new Recovery((Boolean) result[0], interrupted, Optional.empty());
  }

  @Override
  public void commit(Commit commit) {
    checkWritable();
    try {
      db.tx()
          .run(
              "committing to " + location,
              c -> {
                if (fsync == FsyncPolicy.NEVER
                    || (fsync == FsyncPolicy.PER_BATCH && !commit.endsBatch())) {
                  try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL synchronous_commit = off");
                  }
                }
                lease.check(c);
                sql.apply(c, commit, System.currentTimeMillis());
                return null;
              });
    } catch (StoreUnavailableException e) {
      broken = true;
      throw e;
    }
  }

  private void checkWritable() {
    if (!opened || closed) {
      throw new IllegalStateException(
          "store " + location + " is " + (closed ? "closed" : "not open; call open() first"));
    }
    if (broken) {
      throw new StoreUnavailableException(
          "store " + location + " refused the commit: an earlier commit failed; reopen the store");
    }
  }

  private <T> T read(String what, Tx.Body<T> body) {
    return db.tx().run(what + " of " + location, body);
  }

  @Override
  public Optional<ItemRecord> get(String key) {
    return read("reading item", c -> sql.get(c, key));
  }

  @Override
  public void forEachRecord(Consumer<ItemRecord> action) {
    read(
        "reading items",
        c -> {
          sql.forEach(c, action);
          return null;
        });
  }

  @Override
  public long doneOrdinalPrefix() {
    return read("reading the done prefix", sql::doneOrdinalPrefix);
  }

  @Override
  public StateCounts counts() {
    return read("counting items", sql::counts);
  }

  @Override
  public Map<String, String> metadata() {
    return read("reading metadata", sql::metadata);
  }

  @Override
  public Map<String, Long> positions() {
    return read("reading positions", sql::positions);
  }

  @Override
  public CheckpointInfo info() {
    return read(
        "reading",
        (Connection c) ->
            sql.runExists(c)
                ? JdbcInfo.read(location, runId, sql, c)
                : CheckpointInfo.absent(location));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (heartbeat != null) {
        heartbeat.stop();
      }
      if (opened) {
        db.tx()
            .run(
                "releasing the writer lease of " + location,
                Duration.ofSeconds(5),
                c -> {
                  lease.release(c);
                  return null;
                });
      }
    } catch (StoreUnavailableException e) {
      // The lease runs out by itself.
    } finally {
      if (ownsDatabase) {
        db.close();
      }
    }
  }

  @Override
  public synchronized void delete() {
    boolean wasOpen = opened && !closed;
    if (heartbeat != null) {
      heartbeat.stop();
    }
    try {
      db.tx()
          .run(
              "deleting " + location,
              c -> {
                if (!wasOpen) {
                  lease.refuseIfHeld(c);
                }
                sql.deleteRun(c, true);
                return null;
              });
    } finally {
      closed = true;
      if (ownsDatabase) {
        db.close();
      }
    }
  }
}
