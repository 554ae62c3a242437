package dev.ratchet.cli.store;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.ops.RedisCheckpoints;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.store.CheckpointInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

/** What {@code status} and {@code clear} do for a run in PostgreSQL. */
public final class StoreCommands {
  private StoreCommands() {}

  /** What the run holds, read without locking anything. */
  public static CheckpointInfo inspect(StoreOptions options) {
    String runId = options.runId();
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      return RedisCheckpoints.inspect(options.store, runId);
    }
    return withDatabase(options, db -> db.inspect(runId));
  }

  /** Removes the run's rows (refused while workers or a writer hold it). */
  public static int clear(StoreOptions options, PrintWriter out) {
    String runId = options.runId();
    if (RedisCheckpoints.isRedisUrl(options.store)) {
      return RedisCheckpoints.clear(options.store, runId, out);
    }
    return withDatabase(
        options,
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

  /** Runs {@code action} on a connected database; messages never carry the password. */
  static <T> T withDatabase(StoreOptions options, Function<PostgresDatabase, T> action) {
    PostgresTarget target = options.target();
    try (PostgresDatabase db =
        PostgresDatabase.builder(target)
            .poolSize(2)
            .retryFor(Duration.ofSeconds(10))
            .applicationName("ratchet-cli")
            .build()) {
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
