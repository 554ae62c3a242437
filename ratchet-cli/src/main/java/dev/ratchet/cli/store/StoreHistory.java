package dev.ratchet.cli.store;

import dev.ratchet.cli.ops.RedisCheckpoints;
import dev.ratchet.history.RunRecord;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The run history that workers of runs in PostgreSQL ({@code ratchet_history} table) or Redis (the
 * {@code ratchet:history} list) leave in the server. Reading it takes no lock and changes nothing
 * but, on PostgreSQL, applies Ratchet's schema migrations like every other command.
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

  /** A reader of the store's newest records that connects for each call. */
  public static IntFunction<List<RunRecord>> read(StoreOptions options) {
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      RedisTarget target = RedisTarget.parse(options.store);
      return limit -> {
        try (RedisDatabase db = RedisDatabase.connect(target)) {
          return db.history(limit);
        }
      };
    }
    options.target(); // a bad URL is refused now, not at the first read
    return limit -> StoreCommands.withDatabase(options, true, db -> db.history(limit));
  }
}
