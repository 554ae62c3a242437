package dev.ratchet.bench.ratchet;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.postgres.WorkerSession;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker process of the pgstore benchmark: first works with the others through a warm-up run
 * (so that the measured run sees a worker in its steady state, not a JVM compiling its code), then
 * joins the measured run (its own connection pool of 2, as any worker process has), prints {@code
 * ready}, waits for {@code go} on standard input, then claims up to {@code batch} items and
 * completes them as DONE (no-op processing) until the run is finished, and prints {@code done N} at
 * once (before it leaves the run and closes its pool). Arguments: target URL, run id, batch, lease
 * millis, warm-up run id.
 */
public final class PgBenchWorker {
  private PgBenchWorker() {}

  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[2]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    try (PostgresDatabase db =
        PostgresDatabase.builder(PostgresTarget.parse(args[0])).poolSize(2).build()) {
      try (WorkerSession warm = db.run(args[4]).join(lease)) {
        work(warm, batch);
      }
      try (WorkerSession session = db.run(args[1]).join(lease)) {
        System.out.println("ready");
        System.out.flush();
        if (!"go".equals(in.readLine())) {
          return;
        }
        // said as soon as this worker sees the run finished, as the Redis worker does: leaving
        // the session and closing the pool are not part of the measured work
        System.out.println("done " + work(session, batch));
        System.out.flush();
      }
    }
  }

  private static long work(WorkerSession session, int batch) throws InterruptedException {
    long done = 0;
    while (true) {
      ClaimResult r = session.claim(batch);
      if (r instanceof ClaimResult.Claimed claimed) {
        List<ItemOutcome> outcomes = new ArrayList<>(claimed.items().size());
        for (ClaimedItem item : claimed.items()) {
          outcomes.add(new ItemOutcome.Done(item, null));
        }
        done += session.complete(outcomes).committed().size();
      } else if (r instanceof ClaimResult.Wait) {
        Thread.sleep(1);
      } else {
        return done;
      }
    }
  }
}
