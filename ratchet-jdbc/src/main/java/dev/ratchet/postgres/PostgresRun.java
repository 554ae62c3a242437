package dev.ratchet.postgres;

import dev.ratchet.CheckpointLockedException;
import dev.ratchet.CheckpointMismatchException;
import dev.ratchet.ItemState;
import dev.ratchet.internal.jdbc.CheckpointSql;
import dev.ratchet.internal.jdbc.ChunkSql;
import dev.ratchet.internal.jdbc.CopyLoader;
import dev.ratchet.internal.jdbc.JsonLinesExport;
import dev.ratchet.internal.jdbc.MarkSql;
import dev.ratchet.internal.jdbc.RunSql;
import dev.ratchet.internal.jdbc.StepSql;
import dev.ratchet.internal.jdbc.Tables;
import dev.ratchet.internal.jdbc.WorkerSql;
import dev.ratchet.internal.jdbc.WriterLease;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.DoneItem;
import dev.ratchet.store.ItemInput;
import dev.ratchet.store.MetaKeys;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StateCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A run in PostgreSQL that any number of worker processes, on any number of machines, work on
 * together. One of them {@linkplain #load loads} the items (every other joiner finds them loaded
 * and loads nothing), then each {@linkplain #join joins} and claims batches until the run is
 * finished. Work is leased in chunks (one row per contiguous range of items) and outcomes are
 * appended, so a claim costs the same however many items are finished. Results live in the database
 * and are {@linkplain #exportJsonLines exported} in input order afterwards.
 *
 * <p>A run loaded by an older Ratchet (one lease row per item) stays readable (progress, export,
 * status) but cannot be joined: {@link #join} says so.
 */
public final class PostgresRun implements SharedRun {
  /** Metadata entry holding how many items were loaded (status shows it as the run's total). */
  public static final String ITEMS_LOADED = "items.loaded";

  private final PostgresDatabase db;
  private final String runId;
  private final String location;
  private static final int DONE_PAGE = 2000;

  private final CheckpointSql sql;
  private final RunSql runSql;
  private final ChunkSql chunks;

  PostgresRun(PostgresDatabase db, String runId) {
    this.db = db;
    this.runId = runId;
    this.location = db.location(runId);
    this.sql = new CheckpointSql(db.tables(), runId);
    this.runSql = new RunSql(db.tables(), runId);
    this.chunks = new ChunkSql(db.tables(), runId);
  }

  @Override
  public String name() {
    return runId;
  }

  @Override
  public String location() {
    return location;
  }

  /**
   * Loads the items once. The first caller writes them with {@code COPY} in one transaction that
   * also marks the run loaded; a concurrent or later caller waits for that transaction and loads
   * nothing. A run loaded from a different input (another fingerprint) is refused.
   *
   * @param fingerprint identifies the input (a content hash), or null
   * @param items supplies the items in input order; called again if the load is retried
   * @return how many items this call loaded (0 if the run was already loaded)
   */
  @Override
  public long load(String fingerprint, Supplier<Iterator<ItemInput>> items) {
    Tables t = db.tables();
    return db.tx()
        .run(
            "loading items into " + location,
            c -> {
              long now = System.currentTimeMillis();
              sql.ensureRun(c, now);
              boolean loaded;
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT loaded, writer IS NOT NULL AND writer_expires > now() FROM "
                          + t.runs()
                          + " WHERE run_id = ? FOR UPDATE")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  loaded = rs.getBoolean(1);
                  if (rs.getBoolean(2)) {
                    throw new CheckpointLockedException(
                        location, "a single writer (not a worker) has it open; wait for it");
                  }
                }
              }
              Map<String, String> meta = sql.metadata(c);
              if (loaded) {
                String had = meta.get(MetaKeys.INPUT_FINGERPRINT);
                if (fingerprint != null && had != null && !had.equals(fingerprint)) {
                  throw new CheckpointMismatchException(
                      location,
                      "the input changed (fingerprint "
                          + had
                          + " when loaded, now "
                          + fingerprint
                          + ")");
                }
                return 0L;
              }
              long n = CopyLoader.load(c, t, runId, items.get());
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE "
                          + t.runs()
                          + " SET loaded = true, item_count = ?, next_ordinal = 0 WHERE run_id = ?")) {
                ps.setLong(1, n);
                ps.setString(2, runId);
                ps.executeUpdate();
              }
              sql.apply(
                  c,
                  new Commit(
                      List.of(
                          new Change.Meta(MetaKeys.RUN_ID, runId),
                          new Change.Meta(MetaKeys.CREATED, Instant.ofEpochMilli(now).toString()),
                          new Change.Meta(MetaKeys.SHAPE, "items"),
                          new Change.Meta(ITEMS_LOADED, Long.toString(n)),
                          new Change.Meta(MetaKeys.INPUT_FINGERPRINT, fingerprint)),
                      true),
                  now);
              return n;
            });
  }

  /** Loads lines of text keyed by their position ("0", "1", …). */
  public long loadLines(String fingerprint, Supplier<Iterator<String>> lines) {
    return load(
        fingerprint,
        () -> {
          Iterator<String> it = lines.get();
          return new Iterator<>() {
            long n;

            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public ItemInput next() {
              return new ItemInput(Long.toString(n++), it.next());
            }
          };
        });
  }

  /** Joins the run as a worker holding leases of the given length. */
  @Override
  public WorkerSession join(Duration lease) {
    return join(lease, DEFAULT_CRASH_LIMIT);
  }

  /** Joins the run as a worker; an item its workers died holding {@code crashLimit} times fails. */
  @Override
  public WorkerSession join(Duration lease, int crashLimit) {
    if (lease.toMillis() < 200) {
      throw new IllegalArgumentException("lease must be >= 200 ms, was " + lease);
    }
    if (crashLimit < 1) {
      throw new IllegalArgumentException("crashLimit must be >= 1, was " + crashLimit);
    }
    String workerId = "w-" + UUID.randomUUID();
    WorkerSql workerSql = new WorkerSql(db.tables(), runId, workerId);
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    db.tx()
        .run(
            "joining " + location,
            c -> {
              if (!sql.runExists(c)) {
                throw new IllegalStateException(
                    "run " + location + " does not exist; load its items first");
              }
              if (Boolean.FALSE.equals(chunks.chunked(c))) {
                throw new IllegalStateException(
                    "run "
                        + location
                        + " was loaded by an older Ratchet, which leased one row per item;"
                        + " finish it with that version, or delete it and load it again");
              }
              workerSql.join(c, host, pid, lease);
              return null;
            });
    return new WorkerSession(
        db,
        location,
        workerId,
        workerSql,
        chunks,
        new StepSql(db.tables(), runId, workerId),
        lease,
        crashLimit);
  }

  /** Counts of items per state (loaded items not yet claimed are not counted). */
  public StateCounts counts() {
    return progress().counts();
  }

  @Override
  public RunProgress progress() {
    return db.tx().run("counting items of " + location, runSql::progress);
  }

  @Override
  public long retryFailed() {
    return db.tx().run("putting the failed items of " + location + " back", runSql::retryFailed);
  }

  @Override
  public void forEachDone(Consumer<DoneItem> action) {
    RunSql.Page page = new RunSql.Page(List.of(), -1, "");
    do {
      RunSql.Page after = page;
      page =
          db.tx()
              .run(
                  "reading the results of " + location,
                  c -> runSql.done(c, after.lastOrdinal(), after.lastKey(), DONE_PAGE));
      page.items().forEach(action);
    } while (page.items().size() == DONE_PAGE);
  }

  @Override
  public boolean exists() {
    return info().exists();
  }

  /** Whether the items were loaded. */
  @Override
  public boolean loaded() {
    return db.tx()
        .run(
            "reading " + location,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT loaded FROM " + db.tables().runs() + " WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() && rs.getBoolean(1);
                }
              }
            });
  }

  /**
   * Writes every DONE item, in input order, as one JSON line {@code {"key","input","result"}}
   * (atomically: the file is complete or absent), in one transaction. Returns the number of lines.
   */
  @Override
  public long exportJsonLines(Path output) {
    return db.tx()
        .run("exporting " + location, c -> JsonLinesExport.export(c, db.tables(), runId, output));
  }

  /** What the run holds. */
  public CheckpointInfo info() {
    return db.inspect(runId);
  }

  @Override
  public ItemState mark(String key, ItemState state) {
    if (state != ItemState.DONE && state != ItemState.SKIPPED && state != ItemState.PENDING) {
      throw new IllegalArgumentException(
          "an item can be marked done, skipped or pending, not " + state);
    }
    String error =
        state == ItemState.SKIPPED
            ? "marked skipped by hand"
            : state == ItemState.DONE ? MarkSql.MARKED_DONE : null;
    MarkSql.Marked marked =
        db.tx()
            .run(
                "marking item " + key + " in " + location,
                c -> new MarkSql(db.tables(), runId).mark(c, key, state, error));
    if (marked == null) {
      throw new NoSuchElementException("no item " + key + " in " + location);
    }
    if (marked.refused() != null) {
      throw new IllegalStateException(marked.refused());
    }
    return marked.before();
  }

  /** Removes every row of this run; refused while a writer or live workers hold it. */
  @Override
  public void delete() {
    db.tx()
        .run(
            "deleting " + location,
            c -> {
              new WriterLease(db.tables(), runId, "deleter", Duration.ofSeconds(1), location)
                  .refuseIfHeld(c);
              sql.deleteRun(c, true);
              return null;
            });
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
