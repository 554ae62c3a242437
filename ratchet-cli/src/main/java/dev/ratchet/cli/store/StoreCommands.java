package dev.ratchet.cli.store;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.cli.ops.RedisCheckpoints;
import dev.ratchet.history.RunRecord;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.SharedRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/** What {@code status}, {@code clear} and {@code export} do for a run in PostgreSQL or Redis. */
public final class StoreCommands {
  private StoreCommands() {}

  /** What the run holds, read without locking anything. */
  public static CheckpointInfo inspect(StoreOptions options) {
    String runId = options.runId();
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      return RedisCheckpoints.inspect(options.store, runId);
    }
    return withDatabase(options, true, db -> db.inspect(runId));
  }

  /** Removes the run's rows (refused while workers or a writer hold it). */
  public static int clear(StoreOptions options, PrintWriter out) {
    String runId = options.runId();
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      return RedisCheckpoints.clear(options.store, runId, out);
    }
    return withDatabase(
        options,
        true,
        db -> {
          CheckpointInfo info = db.inspect(runId);
          if (!info.exists()) {
            out.println(
                "No run '" + runId + "' in " + db.target().display() + "; nothing to clear.");
            return ExitCodes.OK;
          }
          db.run(runId).delete();
          out.println(
              "Removed run '"
                  + runId
                  + "' from "
                  + db.target().display()
                  + " ("
                  + info.counts().done()
                  + " done, "
                  + info.counts().failed()
                  + " failed, "
                  + info.counts().skipped()
                  + " skipped).");
          return ExitCodes.OK;
        });
  }

  /** What a command does with the run that {@code --store} and {@code --run-id} name. */
  interface RunAction<T> {
    /**
     * @param where the server, for messages (never a password)
     * @param history adds a record to the server's run history
     */
    T apply(SharedRun run, String where, Consumer<RunRecord> history);
  }

  /**
   * Runs {@code action} on the run in PostgreSQL or Redis; messages never carry a password. A
   * {@code readOnly} action creates nothing: in a PostgreSQL database (schema) without Ratchet's
   * tables it is refused with what to check.
   */
  static <T> T withRun(StoreOptions options, boolean readOnly, RunAction<T> action) {
    String runId = options.runId();
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(options.store))) {
        return action.apply(db.run(runId), db.target().display(), db::appendHistory);
      }
    }
    return withDatabase(
        options,
        readOnly,
        db -> {
          if (!db.hasRatchetTables()) {
            throw new UsageException(
                "there is no run '"
                    + runId
                    + "' in "
                    + db.target().display()
                    + ": "
                    + db.noTables());
          }
          return action.apply(db.run(runId), db.target().display(), db::appendHistory);
        });
  }

  /**
   * Runs {@code action} on a connected database; messages never carry the password. A {@code
   * readOnly} database creates and migrates nothing.
   */
  static <T> T withDatabase(
      StoreOptions options, boolean readOnly, Function<PostgresDatabase, T> action) {
    PostgresTarget target = options.target();
    PostgresDatabase.Builder builder =
        PostgresDatabase.builder(target)
            .poolSize(2)
            .retryFor(Duration.ofSeconds(10))
            .applicationName("ratchet-cli");
    if (readOnly) {
      builder.readOnly();
    }
    try (PostgresDatabase db = builder.build()) {
      return action.apply(db);
    } catch (RatchetException e) {
      throw new ScrubbedException(target.scrub(e.getMessage()), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(target.scrub(e.getMessage()));
    }
  }

  /** A store error whose message was cleaned of secrets. */
  static final class ScrubbedException extends RatchetException {
    ScrubbedException(String message, RatchetException cause) {
      super(message);
      setStackTrace(cause.getStackTrace());
    }
  }
}
