package dev.ratchet.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for the crash tests: {@code WorkerMain URL RUN LEASE_MS ITEM_MS}. Claims
 * batches of 5, "processes" each item for ITEM_MS, commits them, and prints {@code committed N}
 * after each commit; exits 0 when the run is finished.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(args[0]));
        RedisWorker worker = db.run(args[1]).join(Duration.ofMillis(Long.parseLong(args[2])))) {
      long itemMillis = Long.parseLong(args[3]);
      long committed = 0;
      while (true) {
        ClaimResult claim = worker.claim(5);
        if (claim instanceof ClaimResult.Finished) {
          System.out.println("finished " + committed);
          return;
        }
        if (claim instanceof ClaimResult.Wait) {
          Thread.sleep(50);
          continue;
        }
        List<ItemOutcome> outcomes = new ArrayList<>();
        for (ClaimedItem item : ((ClaimResult.Claimed) claim).items()) {
          Thread.sleep(itemMillis);
          outcomes.add(new ItemOutcome.Done(item,
              "{\"worker\":\"" + worker.workerId() + "\",\"len\":" + item.input().length() + "}"));
        }
        committed += worker.complete(outcomes).committed().size();
        System.out.println("committed " + committed);
        System.out.flush();
      }
    }
  }
}
