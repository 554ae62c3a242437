package dev.ratchet.cli.store;

import dev.ratchet.RatchetException;
import dev.ratchet.history.RunRecord;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.StoreConnection;
import dev.ratchet.ui.StoreSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runs and history of a store that holds shared runs (PostgreSQL, Redis) for {@code ratchet ui
 * --store}: one connection held while the dashboard runs, plain reads only (no lock a worker
 * takes), each answer kept for {@link #FRESH} so a page polled by several browsers costs the server
 * little.
 */
public final class StoreDashboardSource implements StoreSource, AutoCloseable {
  static final Duration FRESH = Duration.ofSeconds(2);

  private final String where;
  private final AutoCloseable connection;
  private final Reader reader;
  private final Cached<List<RunRecord>> history;
  private final Cached<List<StoreRun>> runs;

  private interface Reader {
    List<RunRecord> history(int limit);

    List<StoreRun> runs(int limit);
  }

  private StoreDashboardSource(String where, AutoCloseable connection, Reader reader) {
    this.where = where;
    this.connection = connection;
    this.reader = reader;
    this.history = new Cached<>(() -> reader.history(StoreHistory.KEPT));
    this.runs = new Cached<>(() -> reader.runs(RUNS));
  }

  private static final int RUNS = 100;

  /** Connects to the store of {@code --store} (a bad URL or an unreachable server throws). */
  public static StoreDashboardSource open(StoreOptions options) {
    StoreConnection connection = options.connect(true);
    try {
      StoreHistory.requireServer(connection);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    return new StoreDashboardSource(
        connection.location(), connection, new ConnectionReader(connection));
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public List<RunRecord> history(int limit) {
    List<RunRecord> all = history.get();
    return all.subList(0, Math.min(Math.max(0, limit), all.size()));
  }

  @Override
  public List<StoreRun> runs(int limit) {
    List<StoreRun> all = runs.get();
    return all.subList(0, Math.min(Math.max(0, limit), all.size()));
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // closing on the way out: nothing left to do
    }
  }

  private record ConnectionReader(StoreConnection connection) implements Reader {
    @Override
    public List<RunRecord> history(int limit) {
      try {
        return connection.history(limit);
      } catch (RatchetException e) {
        throw new StoreCommands.ScrubbedException(connection.scrub(e.getMessage()), e);
      }
    }

    @Override
    public List<StoreRun> runs(int limit) {
      try {
        List<StoreRun> runs = new ArrayList<>();
        for (String id : connection.runIds()) {
          if (runs.size() == limit) {
            break;
          }
          RunProgress p = connection.run(id).progress();
          runs.add(new StoreRun(id, p.counts(), p.total()));
        }
        return runs;
      } catch (RatchetException e) {
        throw new StoreCommands.ScrubbedException(connection.scrub(e.getMessage()), e);
      }
    }
  }

  /** A value read at most once per {@link #FRESH}. */
  private static final class Cached<T> {
    private final Supplier<T> read;
    private T value;
    private long readAt;

    Cached(Supplier<T> read) {
      this.read = read;
    }

    synchronized T get() {
      long now = System.nanoTime();
      if (value == null || now - readAt > FRESH.toNanos()) {
        value = read.get();
        readAt = now;
      }
      return value;
    }
  }
}
