package dev.ratchet.bench.ratchet;

import dev.ratchet.redis.RedisDatabase;
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

/**
 * A Redis shared-run worker process for the redisstore suite. Arguments: target URL, run name,
 * batch, lease millis, and {@code hang} to claim one batch and hang (to be killed with SIGKILL).
 * Otherwise it joins, prints {@code ready}, waits for a line on standard input, then claims and
 * completes batches as DONE (no-op items) until the run is finished and prints {@code done N}.
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
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
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
          break;
        }
      }
      System.out.println("done " + done);
      System.out.flush();
    }
  }
}
