package dev.ratchet.bench.ratchet;

import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisRun;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.redis.RedisWorker;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A Redis shared-run worker process for the redisstore suite. Arguments: target URL, run name,
 * batch, lease millis, and {@code hang} to claim one batch and hang (to be killed with SIGKILL).
 * Otherwise it joins, warms up on a run of its own, prints {@code ready}, waits for a line on
 * standard input, then claims and completes batches as DONE (no-op items) until the run is finished
 * and prints {@code done N}.
 */
public final class RedisWorkerChild {
  private RedisWorkerChild() {}

  public static void main(String[] args) throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(args[0]));
        RedisWorker worker = db.run(args[1]).join(Duration.ofMillis(Long.parseLong(args[3])))) {
      int batch = Integer.parseInt(args[2]);
      if (args.length > 4 && args[4].equals("hang")) {
        ClaimResult r = worker.claim(batch);
        System.out.println(
            "claimed " + (r instanceof ClaimResult.Claimed c ? c.items().size() : 0));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      warmUp(db, batch);
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      System.out.println("done " + work(worker, batch));
      System.out.flush();
    }
  }

  /** Runs 20 batches through a run of its own, so that the measured work runs compiled code. */
  private static void warmUp(RedisDatabase db, int batch) {
    RedisRun run = db.run("bench-warm-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      run.loadLines(
          "warm", () -> IntStream.range(0, 20 * batch).mapToObj(i -> "w " + i).iterator());
      try (RedisWorker w = run.join(Duration.ofSeconds(30))) {
        work(w, batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      run.delete();
    }
  }

  private static long work(RedisWorker worker, int batch) throws InterruptedException {
    long done = 0;
    while (true) {
      ClaimResult r = worker.claim(batch);
      if (r instanceof ClaimResult.Claimed claimed) {
        List<ItemOutcome> outcomes = new ArrayList<>(claimed.items().size());
        for (ClaimedItem item : claimed.items()) {
          outcomes.add(new ItemOutcome.Done(item, null));
        }
        done += worker.complete(outcomes).committed().size();
      } else if (r instanceof ClaimResult.Wait) {
        Thread.sleep(1);
      } else {
        return done;
      }
    }
  }
}
