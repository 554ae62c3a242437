package dev.ratchet.bench.ratchet;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in a child JVM with a bounded heap: opens a checkpoint of {@code n} ordinal items and plans
 * the rest of the run the way the item pipeline's reader does (skip the done prefix, then runs of
 * DONE items with {@code nextUndoneOrdinal}, take never-recorded items as pending without a lookup
 * with {@code nextRecordedOrdinal}, look up the others), then prints one line {@code millis
 * peakHeapBytes remaining}. Arguments: checkpoint directory, n, and a scratch directory where a
 * tiny checkpoint is opened first so that class loading is not timed.
 */
public final class ResumeProbe {
  private ResumeProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long n = Long.parseLong(args[1]);
    Path warm = Path.of(args[2]);
    try (FileStore store = FileStore.builder(warm).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("0", 1, null)));
      plan(store, 3);
    }
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        heap.add(pool);
      }
    }
    long t0 = System.nanoTime();
    long remaining;
    try (FileStore store = FileStore.builder(dir).build()) {
      store.open();
      remaining = plan(store, n);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.println(millis + " " + peak + " " + remaining);
  }

  /** How many of the ordinal keys 0 … n-1 are not DONE. */
  static long plan(FileStore store, long n) {
    long remaining = 0;
    long at = store.doneOrdinalPrefix();
    long recordedFrom = store.nextRecordedOrdinal(at);
    while (true) {
      at = store.nextUndoneOrdinal(at);
      if (at >= n) {
        return remaining;
      }
      if (at < recordedFrom) {
        remaining++;
      } else {
        var record = store.get(Long.toString(at));
        if (record.isEmpty() || record.get().state() != ItemState.DONE) {
          remaining++;
        }
        recordedFrom = store.nextRecordedOrdinal(at + 1);
      }
      at++;
    }
  }
}
