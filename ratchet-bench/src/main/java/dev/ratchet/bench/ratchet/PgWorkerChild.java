package dev.ratchet.bench.ratchet;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.postgres.WorkerSession;
import dev.ratchet.store.ClaimResult;
import java.time.Duration;

/**
 * A PostgreSQL worker that claims a batch and then hangs, so that the benchmark can kill it with
 * SIGKILL while it holds the items. Arguments: target URL, run id, batch, lease millis. Prints
 * {@code claimed N} once it holds the items.
 */
public final class PgWorkerChild {
  private PgWorkerChild() {}

  public static void main(String[] args) throws Exception {
    try (PostgresDatabase db =
        PostgresDatabase.builder(PostgresTarget.parse(args[0])).poolSize(2).build()) {
      WorkerSession session = db.run(args[1]).join(Duration.ofMillis(Long.parseLong(args[3])));
      ClaimResult r = session.claim(Integer.parseInt(args[2]));
      int n = r instanceof ClaimResult.Claimed c ? c.items().size() : 0;
      System.out.println("claimed " + n);
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
