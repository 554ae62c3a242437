package dev.ratchet.cli.store;

import dev.ratchet.cli.UsageException;
import dev.ratchet.history.RunRecord;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.store.StoreConnection;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The run history that workers of runs in PostgreSQL ({@code ratchet_history} table) or Redis (the
 * {@code ratchet:history} list) leave in the server. Reading it takes no lock and creates nothing.
 */
public final class StoreHistory {
  /** The most records a server keeps, so the most a listing can show. */
  public static final int KEPT =
      Math.max(RedisDatabase.HISTORY_KEPT, PostgresDatabase.HISTORY_KEPT);

  private StoreHistory() {}

  /**
   * The newest {@code limit} records (0: all kept), newest first; of one run if {@code --run-id}.
   */
  public static List<RunRecord> list(StoreOptions options, int limit) {
    String runId = options.runId;
    int wanted = limit <= 0 || runId != null ? KEPT : limit;
    List<RunRecord> records = read(options).apply(wanted);
    if (runId != null) {
      records = records.stream().filter(r -> runId.equals(r.runId())).toList();
    }
    return limit > 0 && records.size() > limit ? records.subList(0, limit) : records;
  }

  /**
   * A reader of the store's newest records that connects for each call. A bad URL, or a store that
   * keeps no history of its own (a file checkpoint or SQLite: 'ratchet history --root DIR'), is
   * refused now, not at the first read.
   */
  public static IntFunction<List<RunRecord>> read(StoreOptions options) {
    StoreCommands.withConnection(options, true, StoreHistory::requireServer);
    return limit -> StoreCommands.withConnection(options, true, c -> c.history(limit));
  }

  /** Refuses a store that holds one checkpoint: its history is kept beside it, under --root. */
  static Void requireServer(StoreConnection connection) {
    if (!connection.sharesRuns()) {
      throw new UsageException(
          connection.location()
              + " holds one checkpoint; its run history is kept in the directory beside it:"
              + " use --root DIR instead of --store");
    }
    return null;
  }
}
