package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.PgWorkerChild;
import dev.ratchet.postgres.PostgresDatabase;
import dev.ratchet.postgres.PostgresRun;
import dev.ratchet.postgres.PostgresTarget;
import dev.ratchet.postgres.WorkerSession;
import dev.ratchet.store.ClaimResult;
import dev.ratchet.store.ClaimedItem;
import dev.ratchet.store.ItemOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PostgreSQL store with cooperating workers: claim-and-commit throughput, and how long the
 * items of a worker killed with SIGKILL take to run again.
 */
public final class PgStoreSuite implements Suite {
  static final String SCHEMA = "ratchet_bench_store";
  static final String URL = "postgresql://postgres@127.0.0.1:5432/test?schema=" + SCHEMA;
  static final int[] WORKERS = {1, 2, 4, 8};
  static final int[] BATCHES = {1, 100, 1000};
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration DEATH_LEASE = Duration.ofSeconds(2);

  @Override
  public double quickBudgetSeconds() {
    return 90;
  }

  @Override
  public String name() {
    return "pgstore";
  }

  @Override
  public String description() {
    return "ratchet-jdbc's cooperating workers on the local PostgreSQL (fsync and "
        + "synchronous_commit on): the input lines are loaded once (COPY), then W worker threads, "
        + "each with its own connection pool (2 connections, as a separate process would have) "
        + "and WorkerSession (lease "
        + LEASE.toSeconds()
        + " s), "
        + "claim up to `batch` items (SKIP LOCKED), complete them as DONE (no-op processing) and "
        + "claim again until the run is finished. The rate is from the first claim to the last "
        + "commit. Worker death: a child JVM joins with a "
        + DEATH_LEASE.toSeconds()
        + " s lease, claims 100 items and is killed with SIGKILL; the figure is the time from the "
        + "kill until another worker has claimed all 100 again (at most what is left of the dead "
        + "worker's lease, plus one claim). Quick mode: one run per cell.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
    try (PostgresDatabase db =
        PostgresDatabase.builder(PostgresTarget.parse(URL)).poolSize(10).build()) {
      if (ctx.mode().atLeastQuick()) {
        throughput(db, ctx.inputs().lines(10_000), 10_000, 2, 100);
      }
      for (int batch : BATCHES) {
        long n = !ctx.mode().atLeastQuick() ? 200 : batch == 1 ? 5_000 : 100_000;
        Path input = ctx.inputs().lines(n);
        for (int workers : WORKERS) {
          if (ctx.overBudget("PostgreSQL store workers=" + workers + " batch=" + batch)) {
            continue;
          }
          Stats rate =
              Measure.repeat(
                  0,
                  ctx.mode() == Mode.FULL ? 3 : 1,
                  i -> throughput(db, input, n, workers, batch));
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("workers", workers);
          params.put("batch", batch);
          params.put("n", n);
          ctx.figure(name(), "items_per_s", params, "claim + commit", "items/s", rate);
        }
      }
      double seconds = workerDeath(ctx, db);
      ctx.figure(
          name(),
          "reclaim_s",
          Map.of("lease_s", DEATH_LEASE.toSeconds(), "items", 100),
          "worker killed → its items claimed again",
          "s",
          Stats.of(seconds));
    }
  }

  static double throughput(PostgresDatabase db, Path input, long n, int workers, int batch)
      throws Exception {
    PostgresRun run = db.run("bench-" + UUID.randomUUID().toString().substring(0, 8));
    run.loadLines(null, () -> lines(input));
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      Thread t =
          new Thread(
              () -> {
                try (PostgresDatabase own =
                        PostgresDatabase.builder(PostgresTarget.parse(URL)).poolSize(2).build();
                    WorkerSession session = own.run(run.name()).join(LEASE)) {
                  while (true) {
                    ClaimResult r = session.claim(batch);
                    if (r instanceof ClaimResult.Claimed claimed) {
                      List<ItemOutcome> done = new ArrayList<>(claimed.items().size());
                      for (ClaimedItem item : claimed.items()) {
                        done.add(new ItemOutcome.Done(item, null));
                      }
                      session.complete(done);
                    } else if (r instanceof ClaimResult.Wait) {
                      Thread.sleep(1);
                    } else {
                      return;
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - t0;
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a worker failed", errors.get(0));
    }
    long done = run.counts().done();
    run.delete();
    if (done != n) {
      throw new IllegalStateException("expected " + n + " DONE items, found " + done);
    }
    return Measure.perSecond(n, nanos);
  }

  static double workerDeath(BenchContext ctx, PostgresDatabase db) throws Exception {
    PostgresRun run = db.run("bench-death-" + UUID.randomUUID().toString().substring(0, 8));
    Path input = ctx.inputs().lines(1_000);
    run.loadLines(null, () -> lines(input));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                PgWorkerChild.class.getName(),
                URL,
                run.name(),
                "100",
                Long.toString(DEATH_LEASE.toMillis()))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("claimed ")) {
      // logging before the claim
    }
    if (line == null || !line.equals("claimed 100")) {
      child.destroyForcibly();
      throw new IllegalStateException("the worker child did not claim 100 items: " + line);
    }
    child.destroyForcibly().waitFor();
    long t0 = System.nanoTime();
    Set<String> reclaimed = new HashSet<>();
    try (WorkerSession session = run.join(LEASE)) {
      while (reclaimed.size() < 100) {
        ClaimResult r = session.claim(1000);
        if (r instanceof ClaimResult.Claimed c) {
          c.items().forEach(i -> reclaimed.add(i.key()));
          List<ItemOutcome> done = new ArrayList<>();
          c.items().forEach(i -> done.add(new ItemOutcome.Done(i, null)));
          session.complete(done);
        } else if (r instanceof ClaimResult.Finished) {
          break;
        } else {
          Thread.sleep(5);
        }
        if (System.nanoTime() - t0 > 60_000_000_000L) {
          throw new IllegalStateException(
              "the dead worker's items were not claimed again " + "within 60 s");
        }
      }
    }
    // The dead worker's row stays until the schema is dropped at the next benchmark run.
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Iterator<String> lines(Path input) {
    try {
      return Files.readAllLines(input, StandardCharsets.UTF_8).iterator();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
