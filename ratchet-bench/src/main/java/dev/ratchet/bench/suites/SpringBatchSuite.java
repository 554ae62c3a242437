package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.springbatch.CrashChild;
import dev.ratchet.bench.springbatch.Database;
import dev.ratchet.bench.springbatch.OutputCheck;
import dev.ratchet.bench.springbatch.SpringBatchRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Spring Batch 6 copying the input lines through a chunk-oriented step, with its JDBC job
 * repository on an embedded H2 file database and on the local PostgreSQL; and its restart after the
 * JVM running it is killed with SIGKILL half-way.
 */
public final class SpringBatchSuite implements Suite {
  static final int[] INTERVALS = {1, 100, 1000};
  static final int CRASH_INTERVAL = 100;

  @Override
  public double quickBudgetSeconds() {
    return 85;
  }

  @Override
  public String name() {
    return "springbatch";
  }

  @Override
  public String description() {
    return "Spring Batch "
        + Job.class.getPackage().getImplementationVersion()
        + " in its best ordinary configuration (no Spring context needed): "
        + "JdbcJobRepositoryFactoryBean over a HikariCP pool (4 connections) with a "
        + "JdbcTransactionManager, TaskExecutorJobOperator with its synchronous executor, one "
        + "chunk-oriented step (StepBuilder.chunk(n), the new ChunkOrientedStep) reading the "
        + "shared input file with a FlatFileItemReader (PassThroughLineMapper) and writing every "
        + "line with a FlatFileItemWriter (PassThroughLineAggregator; defaults: transactional, "
        + "state saved for restart, no forced sync of the output). No processor. Warmed up on "
        + "2,000 items per database (quick mode: once, at interval 100; full: at every "
        + "interval); each run is a new job instance; quick mode measures two runs (five at interval 1000, "
        + "runs of about 100 ms whose ratio to Ratchet's is a target). Commit "
        + "interval 1 runs on 1,000 items in quick mode (10,000 in full), the others on 100,000 "
        + "(1,000,000 in full). PostgreSQL first. H2 (embedded, file "
        + "mode, default settings) does not fsync each commit, which favours Spring Batch; "
        + "PostgreSQL runs with fsync and synchronous_commit on. The crash case (commit "
        + "interval "
        + CRASH_INTERVAL
        + ") runs the job in a child JVM, kills it with SIGKILL "
        + "once half the output is written, then in a new JobOperator marks the dead execution "
        + "with JobOperator.recover (a killed execution stays STARTED and blocks a restart) and "
        + "launches the job again with the same parameters; the figure is the time of that "
        + "recovery and restart.";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    boolean full = ctx.mode() == Mode.FULL;
    boolean quick = ctx.mode() == Mode.QUICK;
    long nWarm = ctx.mode().atLeastQuick() ? 2_000 : 200;
    long nSmall = full ? 10_000 : quick ? 1_000 : 200;
    long nLarge = full ? 1_000_000 : ctx.mode().atLeastQuick() ? 100_000 : 1_000;
    for (String kind : List.of("postgresql", "h2")) {
      Path dir = ctx.freshDir("springbatch");
      Database db = kind.equals("h2") ? Database.h2(dir.resolve("h2")) : Database.postgres();
      db.reset();
      try (SpringBatchRig rig = new SpringBatchRig(db, true)) {
        if (ctx.mode().atLeastQuick()) {
          Path warm = ctx.inputs().lines(nWarm);
          for (int interval : quick ? new int[] {100} : INTERVALS) {
            Path out = dir.resolve("warm.txt");
            rig.runToCompletion(
                rig.job(warm, out, interval),
                SpringBatchRig.parameters(UUID.randomUUID().toString(), warm, out));
          }
        }
        for (int interval : INTERVALS) {
          long n = interval == 1 ? nSmall : nLarge;
          if (ctx.overBudget("Spring Batch " + kind + " interval " + interval)) {
            continue;
          }
          Path input = ctx.inputs().lines(n);
          Path output = dir.resolve("out.txt");
          Stats rate =
              Measure.repeat(
                  0,
                  quick ? (interval == 1000 ? 5 : 2) : ctx.mode().runs(),
                  i -> {
                    Files.deleteIfExists(output);
                    Job job = rig.job(input, output, interval);
                    JobParameters p =
                        SpringBatchRig.parameters(UUID.randomUUID().toString(), input, output);
                    long t0 = System.nanoTime();
                    rig.runToCompletion(job, p);
                    long nanos = System.nanoTime() - t0;
                    OutputCheck check = OutputCheck.of(input, output);
                    if (check.lines() != n || !check.exact()) {
                      throw new IllegalStateException("Spring Batch output wrong: " + check);
                    }
                    return Measure.perSecond(n, nanos);
                  });
          ctx.figure(
              name(),
              "items_per_s",
              params(kind, interval, n),
              "Spring Batch chunk job",
              "items/s",
              rate);
        }
      }
      if (!ctx.overBudget("Spring Batch " + kind + " crash and restart")) {
        crashAndRestart(ctx, db, dir, nLarge);
      }
    }
    ctx.results()
        .environment(
            "PostgreSQL (Spring Batch repository)",
            "127.0.0.1:5432, fsync=on, synchronous_commit=on");
  }

  private static Map<String, Object> params(String kind, int interval, long n) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("db", kind);
    params.put("interval", interval);
    params.put("n", n);
    return params;
  }

  private void crashAndRestart(BenchContext ctx, Database db, Path dir, long n) throws Exception {
    db.reset();
    BenchContext.deleteTree(dir.resolve("h2"));
    new SpringBatchRig(db, true).close();
    Path input = ctx.inputs().lines(n);
    Path output = dir.resolve("crash-out.txt");
    Files.deleteIfExists(output);
    String runId = UUID.randomUUID().toString();
    double writtenAtKill = killHalfWay(db, dir, input, output, runId);
    try (SpringBatchRig rig = new SpringBatchRig(db, false)) {
      JobParameters params = SpringBatchRig.parameters(runId, input, output);
      long t0 = System.nanoTime();
      JobInstance instance = rig.repository().getJobInstance(SpringBatchRig.JOB, params);
      JobExecution dead = instance == null ? null : rig.repository().getLastJobExecution(instance);
      String found;
      if (dead == null) {
        found =
            "lost (after the kill the repository held no "
                + (instance == null ? "job instance" : "job execution")
                + ": its last commits had not reached the "
                + "disk), so the job could only start over";
        Files.deleteIfExists(output);
      } else {
        found = dead.getStatus().toString();
        if (dead.getStatus() == BatchStatus.STARTED) {
          rig.operator().recover(dead);
        }
      }
      JobExecution restarted = rig.runToCompletion(rig.job(input, output, CRASH_INTERVAL), params);
      long nanos = System.nanoTime() - t0;
      OutputCheck check = OutputCheck.of(input, output);
      long written = restarted.getStepExecutions().iterator().next().getWriteCount();
      String note =
          String.format(
              "killed with %.0f%% of the output written; the dead "
                  + "execution: %s; the restart wrote %,d items; output afterwards: %,d lines, %,d "
                  + "duplicates, %,d missing",
              100 * writtenAtKill,
              found,
              written,
              check.lines(),
              check.duplicates(),
              check.missing());
      ctx.figure(
          name(),
          "restart_s",
          params(db.kind(), CRASH_INTERVAL, n),
          "Spring Batch recover + restart after SIGKILL at ~50%",
          "s",
          Stats.of(nanos / 1e9),
          note,
          null,
          0);
      ctx.results().note(name(), db.kind() + " crash: " + note);
    }
  }

  /** Runs the job in a child JVM and kills it once half the output is written. */
  private static double killHalfWay(Database db, Path dir, Path input, Path output, String runId)
      throws Exception {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            db.kind(),
            db.kind().equals("h2") ? dir.resolve("h2").toString() : "-",
            input.toString(),
            output.toString(),
            Integer.toString(CRASH_INTERVAL),
            runId);
    Path log = dir.resolve("crash-child-" + db.kind() + ".log");
    Process child =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long half = Files.size(input) / 2;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (child.isAlive()
        && System.nanoTime() < deadline
        && (!Files.exists(output) || Files.size(output) < half)) {
      Thread.sleep(2);
    }
    boolean alive = child.isAlive();
    child.destroyForcibly().waitFor();
    if (!alive) {
      throw new IllegalStateException(
          "the Spring Batch child ended (exit "
              + child.exitValue()
              + ") before it could be killed half-way; see "
              + log);
    }
    return Files.exists(output) ? (double) Files.size(output) / Files.size(input) : 0;
  }
}
