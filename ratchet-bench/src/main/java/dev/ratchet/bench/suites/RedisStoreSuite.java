package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Machine;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.RedisWorkerChild;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisDurability;
import dev.ratchet.redis.RedisRun;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.redis.RedisWorker;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ItemOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * Redis shared runs with cooperating worker processes: claim-and-commit throughput against a raw
 * chunk baseline measured beside each cell, the cost after many finished items, and how long the
 * chunk of a worker killed with SIGKILL takes to be claimed again.
 */
public final class RedisStoreSuite implements Suite {
  static final String URL = "redis://127.0.0.1:6379/0";
  static final int[] WORKERS = {1, 2, 4, 8};
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration DEATH_LEASE = Duration.ofSeconds(2);

  @Override
  public double quickBudgetSeconds() {
    return 200;
  }

  @Override
  public String name() {
    return "redisstore";
  }

  @Override
  public String description() {
    return "ratchet-redis's shared runs on the local Redis (as configured: its persistence is "
        + "reported, not changed): the input lines are loaded once, then W worker processes (one "
        + "JVM each, started, warmed up on 20 batches of a run of their own and joined before the "
        + "clock starts) claim up to `batch` items (one "
        + "chunk: a range of ordinals leased by one record and one fencing token), complete them "
        + "as DONE (no-op items; one script call appends the outcomes) and claim again until the "
        + "run is finished. The rate is from the signal to start to the last worker's report. "
        + "Beside each cell, in the same run, the raw chunk baseline: W clients (threads of the "
        + "benchmark's JVM, one connection each) that lease `batch` ordinals with one INCRBY and "
        + "append `batch` outcomes with one multi-field HSET, reading no input and keeping no "
        + "lease; each Ratchet figure is also given as a fraction of it, and the load average "
        + "after the cell is noted. Cost flat: one worker at batch 1000 through a run of F + "
        + "100,000 items (F = 1,000,000 in quick mode, 10,000,000 in full), the rate of its last "
        + "100,000 items against its first 100,000. Worker death: a child JVM joins with a "
        + DEATH_LEASE.toSeconds()
        + " s lease, claims 100 items and is killed with SIGKILL; the figure is the time from the "
        + "kill until another worker has claimed all 100 again. Quick mode: one run per cell, "
        + "batches 100 and 1000.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(URL))) {
      RedisDurability d = db.durability();
      ctx.results()
          .note(
              name(),
              "Redis persistence as configured: appendonly "
                  + d.appendonly()
                  + ", appendfsync "
                  + d.appendfsync()
                  + (d.survivesRestart()
                      ? " (every write fsynced before it is acknowledged)"
                      : " (writes are not fsynced before they are acknowledged; the raw baseline"
                          + " runs on the same server)"));
      if (ctx.mode().atLeastQuick()) {
        throughput(db, 20_000, 2, 1000); // warms the server's scripts and this JVM
        RawRedisBaseline.throughput(URL, 2, 1000, 20_000);
      }
      long n = ctx.mode().atLeastQuick() ? 100_000 : 2_000;
      for (int batch : new int[] {100, 1000}) {
        for (int workers : WORKERS) {
          if (ctx.overBudget("Redis store workers=" + workers + " batch=" + batch)) {
            continue;
          }
          int runs = ctx.mode() == Mode.FULL ? 3 : 1;
          Stats raw =
              Measure.repeat(0, runs, i -> RawRedisBaseline.throughput(URL, workers, batch, n));
          Stats rate = Measure.repeat(0, runs, i -> throughput(db, n, workers, batch));
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("workers", workers);
          params.put("batch", batch);
          params.put("n", n);
          String load = "load average " + Machine.currentLoadAverage();
          ctx.figure(
              name(), "items_per_s", params, "claim + commit", "items/s", rate, load, null, 0);
          ctx.figure(name(), "raw_items_per_s", params, "raw chunk baseline", "items/s", raw);
          ctx.figure(
              name(),
              "fraction_of_raw",
              params,
              "claim + commit ÷ raw chunk baseline",
              "× raw",
              Stats.of(rate.median() / raw.median()));
        }
      }
      long finished =
          ctx.mode() == Mode.FULL ? 10_000_000 : ctx.mode().atLeastQuick() ? 1_000_000 : 1_000;
      if (!ctx.overBudget("Redis store cost flat after " + finished + " finished items")) {
        flatness(ctx, db, finished);
      }
      ctx.figure(
          name(),
          "reclaim_s",
          Map.of("lease_s", DEATH_LEASE.toSeconds(), "items", 100),
          "worker killed → its items claimed again",
          "s",
          Stats.of(workerDeath(db)));
    }
  }

  private static RedisRun loaded(RedisDatabase db, String what, long n) {
    RedisRun run = db.run("bench-" + what + "-" + UUID.randomUUID().toString().substring(0, 8));
    run.loadLines("bench-" + n, () -> LongStream.range(0, n).mapToObj(i -> "line " + i).iterator());
    return run;
  }

  static double throughput(RedisDatabase db, long n, int workers, int batch) throws Exception {
    RedisRun run = loaded(db, "rate", n);
    List<Process> children = new ArrayList<>();
    List<BufferedReader> outs = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        Process p = child(run.name(), batch, LEASE, false);
        children.add(p);
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        outs.add(out);
        expect(out, "ready");
      }
      long t0 = System.nanoTime();
      for (Process p : children) {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
      }
      long done = 0;
      for (BufferedReader out : outs) {
        done += Long.parseLong(expect(out, "done ").substring(5));
      }
      long nanos = System.nanoTime() - t0;
      long recorded = run.progress().done();
      if (done != n || recorded != n) {
        throw new IllegalStateException(
            "expected " + n + " DONE items, workers reported " + done + ", run has " + recorded);
      }
      return Measure.perSecond(n, nanos);
    } finally {
      for (Process p : children) {
        p.destroyForcibly().waitFor();
      }
      run.delete();
    }
  }

  private static String expect(BufferedReader out, String prefix) throws Exception {
    String line;
    while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
      // logging
    }
    if (line == null) {
      throw new IllegalStateException("a worker process ended before saying '" + prefix + "'");
    }
    return line;
  }

  private static Process child(String run, int batch, Duration lease, boolean hang)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp",
                System.getProperty("java.class.path"),
                RedisWorkerChild.class.getName(),
                URL,
                run,
                Integer.toString(batch),
                Long.toString(lease.toMillis())));
    if (hang) {
      cmd.add("hang");
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * One worker, batch 1000, through a run of {@code finished} + 100,000 items: the rate of its
   * first 100,000 items against its last 100,000, claimed after {@code finished} were finished.
   */
  static void flatness(BenchContext ctx, RedisDatabase db, long finished) throws Exception {
    long window = Math.min(100_000, finished);
    RedisRun run = loaded(db, "flat", finished + window);
    try (RedisWorker worker = run.join(LEASE)) {
      FlatWindows.measure(ctx, "redisstore", worker, finished, window);
    } finally {
      run.delete();
    }
  }

  /** Seconds from the SIGKILL of a worker holding 100 items until all 100 are claimed again. */
  static double workerDeath(RedisDatabase db) throws Exception {
    RedisRun run = loaded(db, "death", 100);
    Process child = child(run.name(), 100, DEATH_LEASE, true);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = expect(out, "claimed ");
      if (!line.equals("claimed 100")) {
        throw new IllegalStateException("the worker child did not claim 100 items: " + line);
      }
      child.destroyForcibly().waitFor();
      long t0 = System.nanoTime();
      Set<String> reclaimed = new HashSet<>();
      try (RedisWorker worker = run.join(LEASE)) {
        while (reclaimed.size() < 100) {
          ClaimResult r = worker.claim(1000);
          if (r instanceof ClaimResult.Claimed c) {
            List<ItemOutcome> done = new ArrayList<>();
            c.items().forEach(i -> done.add(new ItemOutcome.Done(i, null)));
            c.items().forEach(i -> reclaimed.add(i.key()));
            worker.complete(done);
          } else if (r instanceof ClaimResult.Finished) {
            break;
          } else {
            Thread.sleep(5);
          }
          if (System.nanoTime() - t0 > 60_000_000_000L) {
            throw new IllegalStateException("the dead worker's items were not claimed in 60 s");
          }
        }
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      child.destroyForcibly();
      run.delete();
    }
  }
}
