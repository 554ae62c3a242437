package dev.ratchet.cli.store;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.StoreConnection;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What {@code status}, {@code clear} and {@code export} do for a store named by {@code --store}:
 * the same for every store the registry finds (PostgreSQL, Redis, SQLite, a file checkpoint).
 */
public final class StoreCommands {
  private StoreCommands() {}

  /** What the run holds, read without locking, creating or migrating anything. */
  public static CheckpointInfo inspect(StoreOptions options) {
    return withConnection(options, true, c -> c.inspect(options.runIdFor(c)));
  }

  /** Removes the run (refused while workers or a writer hold it). */
  public static int clear(StoreOptions options, PrintWriter out) {
    return withConnection(
        options,
        true,
        c -> {
          String runId = options.runIdFor(c);
          String what = runId == null ? "checkpoint " + c.location() : "run '" + runId + "'";
          String where = runId == null ? "" : " in " + c.location();
          CheckpointInfo info = c.inspect(runId);
          if (!info.exists()) {
            out.println("No " + what + where + "; nothing to clear.");
            return ExitCodes.OK;
          }
          if (c.sharesRuns()) {
            c.run(runId).delete();
          } else {
            try (CheckpointStore store = c.store(null)) {
              store.delete();
            }
          }
          out.println(
              "Removed "
                  + what
                  + (runId == null ? "" : " from " + c.location())
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

  /**
   * Runs {@code action} on a connection to the store of {@code --store}; messages of what it throws
   * never carry the password. A {@code readOnly} connection creates and migrates nothing.
   */
  public static <T> T withConnection(
      StoreOptions options, boolean readOnly, Function<StoreConnection, T> action) {
    try (StoreConnection connection = options.connect(readOnly)) {
      try {
        return action.apply(connection);
      } catch (RatchetException e) {
        throw new ScrubbedException(connection.scrub(e.getMessage()), e);
      } catch (UsageException e) {
        throw new UsageException(connection.scrub(e.getMessage()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(connection.scrub(e.getMessage()));
      }
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
