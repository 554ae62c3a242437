package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Ratchet's journal file store taking item checkpoints as a pipeline commits them: the DONE records
 * of each finished batch in one commit, fsync on every commit, from 1 or 8 threads (concurrent
 * commits share one force).
 */
public final class CheckpointSuite implements Suite {
  static final int[] BATCHES = {1, 10, 100, 1000};
  static final int[] THREADS = {1, 8};

  @Override
  public double quickBudgetSeconds() {
    return 25;
  }

  @Override
  public String name() {
    return "checkpoint";
  }

  @Override
  public String description() {
    return "FileStore (fsync ALWAYS, the default) receiving one commit per batch holding the "
        + "batch's DONE records (ordinal keys, one attempt, no result), from 1 or 8 threads that "
        + "take batches from a shared counter; concurrent commits share one force (group "
        + "commit). bytes/item is the checkpoint directory's size at the end divided by the "
        + "items. Each rate is also given as a fraction of the disk's limit for that batch size: "
        + "min(fsyncs/s × batch, bandwidth ÷ bytes per item). Runs longer than the cap stop there "
        + "and report the rate so far. Quick mode measures only n=100,000 at batch 1 (5,000 items) "
        + "and 1000, two runs each without warm-up; the item pipeline's suite covers the other "
        + "sizes.";
  }

  /** One run: how many items were checkpointed, how long it took, how large the files are. */
  record Outcome(long items, long nanos, long bytes, boolean capped) {}

  @Override
  public void run(BenchContext ctx) throws Exception {
    boolean quick = ctx.mode() != Mode.FULL;
    long[] sizes =
        ctx.mode() == Mode.FULL
            ? new long[] {10_000, 100_000, 1_000_000}
            : ctx.mode().atLeastQuick() ? new long[] {100_000} : new long[] {2_000};
    for (long n : sizes) {
      for (int batch : BATCHES) {
        if (n == 10_000 && batch != 100) {
          continue;
        }
        if (quick && batch != 1 && batch != 1000) {
          continue;
        }
        for (int threads : THREADS) {
          if (ctx.overBudget("checkpoint n=" + n + " batch=" + batch + " threads=" + threads)) {
            continue;
          }
          long items = n;
          String note = null;
          if (quick && ctx.mode().atLeastQuick() && batch <= 10 && n > 5_000L * batch) {
            items = 5_000L * batch;
            note = String.format("quick mode: %,d items instead of %,d", items, n);
            if (n >= 1_000_000) {
              continue;
            }
          }
          long size = items;
          double cap = ctx.cap(quick ? 8 : 120);
          List<Outcome> outcomes = new ArrayList<>();
          int runs = quick ? Math.min(2, ctx.mode().runs()) : ctx.mode().runs();
          Stats rate =
              Measure.repeat(
                  quick ? 0 : ctx.mode().warmups(),
                  runs,
                  i -> {
                    Outcome o = commitAll(ctx.freshDir("checkpoint"), size, batch, threads, cap);
                    outcomes.add(o);
                    return Measure.perSecond(o.items(), o.nanos());
                  });
          Outcome last = outcomes.get(outcomes.size() - 1);
          if (last.capped()) {
            note =
                (note == null ? "" : note + "; ")
                    + String.format("capped at %.0f s after %,d items", cap, last.items());
          }
          double bytesPerItem = (double) last.bytes() / last.items();
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("n", n);
          params.put("batch", batch);
          params.put("threads", threads);
          double limit = DiskLimits.itemsPerSecondLimit(ctx, batch, bytesPerItem);
          ctx.figure(
              name(),
              "items_per_s",
              params,
              "FileStore item checkpoints",
              "items/s",
              rate,
              note,
              "disk limit",
              limit);
          if (threads == 1) {
            ctx.figure(
                name(),
                "bytes_per_item",
                params,
                "checkpoint bytes per item",
                "B/item",
                Stats.of(bytesPerItem));
          }
        }
      }
    }
  }

  static Outcome commitAll(Path dir, long n, int batch, int threads, double capSeconds)
      throws Exception {
    Path ckpt = dir.resolve("ckpt");
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    long start;
    long nanos;
    boolean[] capped = {false};
    try (FileStore store = FileStore.builder(ckpt).fsync(FsyncPolicy.ALWAYS).build()) {
      store.open();
      long deadline = System.nanoTime() + (long) (capSeconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  try {
                    while (true) {
                      if (System.nanoTime() > deadline) {
                        capped[0] = true;
                        return;
                      }
                      long from = next.getAndAdd(batch);
                      if (from >= n) {
                        return;
                      }
                      long to = Math.min(n, from + batch);
                      List<Change> changes = new ArrayList<>((int) (to - from));
                      for (long k = from; k < to; k++) {
                        changes.add(Change.Item.done(Long.toString(k), 1, null));
                      }
                      store.commit(new Commit(changes, true));
                      done.addAndGet(to - from);
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
      nanos = System.nanoTime() - start;
      if (!errors.isEmpty()) {
        throw new IllegalStateException("a committer failed", errors.get(0));
      }
      if (store.counts().done() != done.get()) {
        throw new IllegalStateException(
            "store counts " + store.counts() + " but " + done.get() + " items were committed");
      }
    }
    return new Outcome(done.get(), nanos, sizeOf(ckpt), capped[0]);
  }

  static long sizeOf(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
