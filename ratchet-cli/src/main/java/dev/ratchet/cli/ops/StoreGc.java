package dev.ratchet.cli.ops;

import dev.ratchet.RatchetException;
import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.UsageException;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.RunProgress;
import dev.ratchet.store.SharedRun;
import dev.ratchet.store.StoreConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code ratchet gc --store URL}: removes the finished runs of a PostgreSQL or Redis store (no item
 * pending or in progress, failed ones included) whose last commit is older than the limit. A run
 * with items left is kept and listed with the command that removes it: a worker may still come back
 * to it. A run that a live worker or writer holds is kept (its delete is refused).
 */
final class StoreGc {
  private StoreGc() {}

  static int sweep(
      StoreConnection connection, Duration age, boolean dryRun, Instant now, PrintWriter out) {
    if (!connection.sharesRuns()) {
      throw new UsageException(
          "--store "
              + connection.location()
              + " holds one checkpoint: remove it with 'ratchet clear --store URL'. gc --store"
              + " sweeps the runs of a postgresql:// or redis:// store");
    }
    String verb = dryRun ? "would remove" : "removed";
    int removed = 0;
    int recent = 0;
    int unfinished = 0;
    int held = 0;
    for (String id : connection.runIds()) {
      CheckpointInfo info = connection.inspect(id);
      Instant last = info.lastCommit() != null ? info.lastCommit() : info.created();
      if (!info.exists() || last == null || Duration.between(last, now).compareTo(age) <= 0) {
        recent++;
        continue;
      }
      String ago = Durations.human(Duration.between(last, now));
      SharedRun run = connection.run(id);
      RunProgress p = run.progress();
      if (p.open() > 0) {
        unfinished++;
        out.printf(
            "%-12s run %s  (%d items not finished, last commit %s ago; 'ratchet clear --store URL"
                + " --run-id %s' removes it)%n",
            "kept", id, p.open(), ago, id);
        continue;
      }
      if (!dryRun) {
        try {
          run.delete();
        } catch (RatchetException e) {
          held++;
          out.printf("%-12s run %s  (%s)%n", "kept", id, connection.scrub(e.getMessage()));
          continue;
        }
      }
      removed++;
      out.printf(
          "%-12s run %s  (last commit %s ago; %d done, %d failed, %d skipped)%n",
          verb, id, ago, p.done(), p.failed(), p.skipped());
    }
    out.printf(
        "%s %d finished run(s) from %s; kept %d recent, %d not finished%s.%n",
        dryRun ? "Would remove" : "Removed",
        removed,
        connection.location(),
        recent,
        unfinished,
        held > 0 ? ", " + held + " in use" : "");
    out.flush();
    return ExitCodes.OK;
  }
}
