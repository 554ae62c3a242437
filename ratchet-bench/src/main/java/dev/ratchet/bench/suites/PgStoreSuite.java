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

/**
 * The PostgreSQL store with cooperating workers: claim-and-commit throughput, and how long the
 * items of a worker killed with SIGKILL take to run again.
 */
public final class PgStoreSuite implements Suite {
  static final String SCHEMA = "ratchet_bench_store";
  static final String URL = "postgresql://postgres@127.0.0.1:5432/test?schema=" + SCHEMA;
  static final int[] WORKERS = {1, 2, 4, 8};
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration DEATH_LEASE = Duration.ofSeconds(2);

  @Override
  public double quickBudgetSeconds() {
    return 210; // the workers warm up on 100 batches each before a cell at batch 1000
  }

  @Override
  public String name() {
    return "pgstore";
  }

  @Override
  public String description() {
    return "ratchet-jdbc's cooperating workers on the local PostgreSQL (fsync and "
        + "synchronous_commit on): the input lines are loaded once (COPY), then W worker "
        + "processes (child JVMs with the client compiler alone, each with its own connection "
        + "pool of 2 and WorkerSession, lease "
        + LEASE.toSeconds()
        + " s) finish a warm-up run together (20,000 items or 100 batches each, whichever is "
        + "more, so that their code is compiled before the clock starts), join, and once all "
        + "have joined each claims up to `batch` items (one chunk: a "
        + "range of ordinals leased by one row; a worker whose batches finish fast leases up to "
        + "about 200 ms of batches from the cursor at once and cuts its next batches from that "
        + "reserve, each with a token of its own), completes them as DONE (no-op processing; the "
        + "outcomes appended and the chunk's row dropped in one statement) and claims again "
        + "until the run is finished. The rate is from the signal to go until the last worker "
        + "saw the run finished. Beside each cell, in the same run, the raw chunk baseline: W "
        + "clients (pgbench when installed, else plain JDBC threads) that lease `batch` "
        + "ordinals with one UPDATE of a cursor row (committed) and append `batch` outcome rows "
        + "with one multi-row INSERT (committed), reading no input and keeping no lease; each "
        + "Ratchet figure is also given as a fraction of it, and the machine's 1-minute load "
        + "average after the cell. Cost flat: one worker at batch 1000 through a run of F + "
        + "100,000 items (F = 1,000,000 in quick mode, 10,000,000 in full), after a warm-up run "
        + "of 100,000, the rate of its last 100,000 items (claimed after F were finished) "
        + "against its first 100,000. Worker "
        + "death: a child JVM joins with a "
        + DEATH_LEASE.toSeconds()
        + " s lease, claims 100 items and is killed with SIGKILL; the figure is the time from the "
        + "kill until another worker has claimed all 100 again (what is left of the dead "
        + "worker's lease, then one claim per item: taken-over items are claimed one at a time)."
        + " Quick mode: one run per cell, batches 100 and 1000 (full mode adds batch 1).";
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
        PgWorkerProcesses.throughput(
            db, URL, ctx.inputs().lines(10_000), 10_000, 2, 100, LEASE.toMillis());
        RawChunkBaseline.throughput(SCHEMA, 2, 100, 10_000);
      }
      int[] batches = ctx.mode() == Mode.FULL ? new int[] {1, 100, 1000} : new int[] {100, 1000};
      for (int batch : batches) {
        long n = !ctx.mode().atLeastQuick() ? 200 : batch == 1 ? 5_000 : 100_000;
        Path input = ctx.inputs().lines(n);
        for (int workers : WORKERS) {
          if (ctx.overBudget("PostgreSQL store workers=" + workers + " batch=" + batch)) {
            continue;
          }
          int runs = ctx.mode() == Mode.FULL ? 3 : 1;
          Stats raw =
              Measure.repeat(0, runs, i -> RawChunkBaseline.throughput(SCHEMA, workers, batch, n));
          Stats rate =
              Measure.repeat(
                  0,
                  runs,
                  i ->
                      PgWorkerProcesses.throughput(
                          db, URL, input, n, workers, batch, LEASE.toMillis()));
          Map<String, Object> params = new LinkedHashMap<>();
          params.put("workers", workers);
          params.put("batch", batch);
          params.put("n", n);
          ctx.figure(
              name(), "items_per_s", params, "worker processes: claim + commit", "items/s", rate);
          ctx.figure(
              name(),
              "raw_items_per_s",
              params,
              "raw chunk baseline (" + RawChunkBaseline.tool() + ")",
              "items/s",
              raw);
          ctx.figure(
              name(),
              "fraction_of_raw",
              params,
              "claim + commit ÷ raw chunk baseline",
              "× raw",
              Stats.of(rate.median() / raw.median()));
          ctx.figure(
              name(), "load_1min", params, "load average (1 min) after the cell", "", load());
        }
      }
      long finished =
          ctx.mode() == Mode.FULL ? 10_000_000 : ctx.mode().atLeastQuick() ? 1_000_000 : 1_000;
      if (!ctx.overBudget("PostgreSQL store cost flat after " + finished + " finished items")) {
        flatness(ctx, db, finished);
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

  /**
   * One worker, batch 1000, through a run of {@code finished} + 100,000 items: the rate of its
   * first 100,000 items against the rate of its last 100,000, claimed after {@code finished} items
   * were finished in the same run.
   */
  static void flatness(BenchContext ctx, PostgresDatabase db, long finished) throws Exception {
    long window = Math.min(100_000, finished);
    long n = finished + window;
    // This JVM has not run a worker yet (the cells ran in child processes): warm it up first, or
    // the first window would measure the compiler rather than the claims.
    PostgresRun warm = db.run("bench-warm-" + UUID.randomUUID().toString().substring(0, 8));
    Path warmInput = ctx.inputs().lines(window);
    warm.loadLines(null, () -> lines(warmInput));
    try (WorkerSession session = warm.join(LEASE)) {
      ClaimResult r;
      while ((r = session.claim(1000)) instanceof ClaimResult.Claimed claimed) {
        session.complete(
            claimed.items().stream().<ItemOutcome>map(i -> new ItemOutcome.Done(i, null)).toList());
      }
    }
    warm.delete();
    PostgresRun run = db.run("bench-flat-" + UUID.randomUUID().toString().substring(0, 8));
    Path input = ctx.inputs().lines(n);
    run.loadLines(null, () -> lines(input));
    try (PostgresDatabase own =
            PostgresDatabase.builder(PostgresTarget.parse(URL)).poolSize(2).build();
        WorkerSession session = own.run(run.name()).join(LEASE)) {
      FlatWindows.measure(ctx, "pgstore", session, finished, window);
    }
    run.delete();
  }

  /** The machine's 1-minute load average (NaN where /proc is absent). */
  static Stats load() {
    try {
      return Stats.of(
          Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]));
    } catch (IOException | RuntimeException e) {
      return Stats.of(Double.NaN);
    }
  }

  static double workerDeath(BenchContext ctx, PostgresDatabase db) throws Exception {
    PostgresRun run = db.run("bench-death-" + UUID.randomUUID().toString().substring(0, 8));
    // Only the 100 items the child will hold: any item claimed afterwards is one of them.
    Path input = ctx.inputs().lines(100);
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
