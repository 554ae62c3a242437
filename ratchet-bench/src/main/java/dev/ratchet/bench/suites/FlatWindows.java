package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Stats;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.CooperativeWorker;
import dev.ratchet.store.ItemOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost-flat measurement of a shared run, the same for every store: one worker claims and
 * completes batches of 1000 no-op items through a run of {@code finished} + {@code window} items;
 * the rate of its first {@code window} items is compared with the rate of its last, claimed after
 * {@code finished} were finished. The clock stops when the last claim comes back empty, so closing
 * the worker and deleting the run are not counted.
 */
final class FlatWindows {
  private FlatWindows() {}

  static void measure(
      BenchContext ctx, String suite, CooperativeWorker worker, long finished, long window) {
    long firstNanos = 0;
    long lastStart = 0;
    long done = 0;
    long t0 = System.nanoTime();
    ClaimResult r;
    while ((r = worker.claim(1000)) instanceof ClaimResult.Claimed claimed) {
      if (done == finished) {
        lastStart = System.nanoTime();
      }
      List<ItemOutcome> outcomes = new ArrayList<>(claimed.items().size());
      for (ClaimedItem item : claimed.items()) {
        outcomes.add(new ItemOutcome.Done(item, null));
      }
      worker.complete(outcomes);
      done += outcomes.size();
      if (done == window) {
        firstNanos = System.nanoTime() - t0;
      }
    }
    long lastNanos = System.nanoTime() - lastStart;
    double first = Measure.perSecond(window, firstNanos);
    double last = Measure.perSecond(window, lastNanos);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("finished_before", 0);
    params.put("window", window);
    String what = "1 worker, batch 1000";
    ctx.figure(suite, "flat_items_per_s", params, what, "items/s", Stats.of(first));
    params.put("finished_before", finished);
    ctx.figure(suite, "flat_items_per_s", params, what, "items/s", Stats.of(last));
    params.remove("finished_before");
    params.put("finished", finished);
    ctx.figure(
        suite,
        "flat_ratio",
        params,
        "last window's rate ÷ first window's",
        "×",
        Stats.of(last / first));
  }
}
