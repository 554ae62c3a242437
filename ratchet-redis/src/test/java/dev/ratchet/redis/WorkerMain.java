package dev.ratchet.redis;

import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for the crash tests: {@code WorkerMain URL RUN LEASE_MS ITEM_MS [hang]}. Claims
 * batches of 5, "processes" each item for ITEM_MS, commits them, and prints {@code committed N}
 * after each commit; exits 0 when the run is finished. With {@code hang} it claims a second batch
 * after its first commit, prints {@code holding N} and then hangs (to be killed while it holds
 * items).
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(args[0]));
        RedisWorker worker = db.run(args[1]).join(Duration.ofMillis(Long.parseLong(args[2])))) {
      long itemMillis = Long.parseLong(args[3]);
      boolean hang = args.length > 4 && args[4].equals("hang");
      long committed = 0;
      while (true) {
        ClaimResult claim = worker.claim(5);
        if (hang && committed > 0 && claim instanceof ClaimResult.Claimed held) {
          System.out.println("holding " + held.items().size());
          System.out.flush();
          Thread.sleep(Long.MAX_VALUE);
        }
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
          outcomes.add(
              new ItemOutcome.Done(
                  item,
                  "{\"worker\":\""
                      + worker.workerId()
                      + "\",\"len\":"
                      + item.input().length()
                      + "}"));
        }
        committed += worker.complete(outcomes).committed().size();
        System.out.println("committed " + committed);
        System.out.flush();
      }
    }
  }
}
