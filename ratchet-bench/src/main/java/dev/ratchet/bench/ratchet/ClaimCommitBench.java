package dev.ratchet.bench.ratchet;

import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresRun;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.postgres.WorkerSession;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Measures cooperating workers on a real PostgreSQL: claim-and-commit throughput (items per second
 * with empty work) for a number of workers and a batch size, and the time from a worker's death
 * until its items run again. Each worker is a thread with its own connection pool, as a separate
 * process would have. Every measurement uses a fresh schema and drops it afterwards.
 *
 * <p>The benchmark harness calls {@link #throughput} and {@link #takeover}; {@link #main} prints a
 * table: {@code ClaimCommitBench URL [items] [workers,…] [batches,…]}.
 */
public final class ClaimCommitBench {
  private ClaimCommitBench() {}

  /** One throughput measurement. */
  public record Throughput(int workers, int batchSize, long items, double seconds) {
    public double itemsPerSecond() {
      return items / seconds;
    }
  }

  public static Throughput throughput(PostgresTarget base, int workers, int batchSize, int items)
      throws Exception {
    String schema =
        "ratchet_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    PostgresTarget target = base.withSchema(schema);
    try (PostgresDatabase db = PostgresDatabase.connect(target)) {
      PostgresRun run = db.run("bench");
      run.loadLines(null, () -> IntStream.range(0, items).mapToObj(i -> "item-" + i).iterator());
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      List<Future<Long>> done = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < workers; w++) {
        done.add(pool.submit(() -> work(target, batchSize)));
      }
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      return new Throughput(workers, batchSize, total, seconds);
    } finally {
      drop(base, schema);
    }
  }

  private static long work(PostgresTarget target, int batchSize) throws InterruptedException {
    long n = 0;
    try (PostgresDatabase db = PostgresDatabase.builder(target).poolSize(2).build();
        WorkerSession w = db.run("bench").join(Duration.ofSeconds(30))) {
      while (true) {
        ClaimResult r = w.claim(batchSize);
        if (r instanceof ClaimResult.Finished) {
          return n;
        }
        if (r instanceof ClaimResult.Wait) {
          Thread.sleep(5);
          continue;
        }
        List<ClaimedItem> items = ((ClaimResult.Claimed) r).items();
        n +=
            w.complete(items.stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, "1")).toList())
                .committed()
                .size();
      }
    }
  }

  /**
   * Time from a worker's death (its connections gone, lease not renewed) until another worker has
   * claimed its items again, with the given lease.
   */
  public static Duration takeover(PostgresTarget base, Duration lease) throws Exception {
    String schema =
        "ratchet_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    PostgresTarget target = base.withSchema(schema);
    try (PostgresDatabase db = PostgresDatabase.connect(target)) {
      PostgresRun run = db.run("takeover");
      run.loadLines(null, () -> IntStream.range(0, 100).mapToObj(i -> "item-" + i).iterator());
      PostgresDatabase doomedDb = PostgresDatabase.builder(target).retryFor(Duration.ZERO).build();
      WorkerSession doomed = doomedDb.run("takeover").join(lease);
      List<ClaimedItem> held = ((ClaimResult.Claimed) doomed.claim(10)).items();
      try (WorkerSession survivor = run.join(lease)) {
        doomedDb.close(); // dies: no more renewals, nothing released
        long died = System.nanoTime();
        while (true) {
          ClaimResult r = survivor.claim(100);
          if (r instanceof ClaimResult.Claimed c
              && c.items().stream().anyMatch(i -> i.key().equals(held.get(0).key()))) {
            return Duration.ofNanos(System.nanoTime() - died);
          }
          Thread.sleep(10);
        }
      }
    } finally {
      drop(base, schema);
    }
  }

  private static void drop(PostgresTarget base, String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(base.jdbcUrl(), base.driverProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  public static void main(String[] args) throws Exception {
    PostgresTarget target =
        PostgresTarget.parse(args.length > 0 ? args[0] : "postgresql://127.0.0.1/test");
    int items = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int[] workers = ints(args.length > 2 ? args[2] : "1,2,4");
    int[] batches = ints(args.length > 3 ? args[3] : "1,100,1000");
    System.out.println("| workers | batch | items | seconds | items/s |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (int b : batches) {
      for (int w : workers) {
        int n = b == 1 ? Math.min(items, 500 * w) : items;
        Throughput t = throughput(target, w, b, n);
        System.out.printf(
            Locale.ROOT,
            "| %d | %d | %d | %.2f | %.0f |%n",
            w,
            b,
            t.items(),
            t.seconds(),
            t.itemsPerSecond());
      }
    }
    for (long ms : new long[] {1000, 2000}) {
      System.out.printf(
          Locale.ROOT,
          "takeover with a %d ms lease: %d ms%n",
          ms,
          takeover(target, Duration.ofMillis(ms)).toMillis());
    }
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
