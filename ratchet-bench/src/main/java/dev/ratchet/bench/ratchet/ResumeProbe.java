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
 * the rest of the run (every key from the done prefix on that is not DONE), then prints one line
 * {@code millis peakHeapBytes remaining}. Arguments: checkpoint directory, n, and a scratch
 * directory where a tiny checkpoint is opened first so that class loading is not timed.
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
      store.get("1");
      store.doneOrdinalPrefix();
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
    long remaining = 0;
    try (FileStore store = FileStore.builder(dir).build()) {
      store.open();
      long prefix = store.doneOrdinalPrefix();
      for (long k = prefix; k < n; k++) {
        var record = store.get(Long.toString(k));
        if (record.isEmpty() || record.get().state() != ItemState.DONE) {
          remaining++;
        }
      }
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.println(millis + " " + peak + " " + remaining);
  }
}
