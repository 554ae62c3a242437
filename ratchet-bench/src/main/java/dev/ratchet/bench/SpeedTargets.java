package dev.ratchet.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The targets of the single-machine speed issue: checkpointing that costs almost nothing next to
 * the same job without it, group commit, DAG outcomes sharing forces, resume in O(not done) and a
 * streaming exec. Each is computed from figures of the same run.
 */
final class SpeedTargets {
  private final BenchContext ctx;
  private final Targets.Checks checks;

  SpeedTargets(BenchContext ctx, Targets.Checks checks) {
    this.ctx = ctx;
    this.checks = checks;
  }

  void evaluate(List<TargetResult> out) {
    pipelineThroughput(out);
    costOfCheckpointing(out);
    dagTargets(out);
    streamingExec(out);
  }

  private void pipelineThroughput(List<TargetResult> out) {
    String t =
        "Batch 1000, JSON-lines output: >= 1,000,000 items/s and >= 2 × Spring Batch "
            + "(PostgreSQL) at commit interval 1000";
    OptionalDouble rate = ctx.median("pipeline.items_per_s_jsonl.n=100000.batch=1000.threads=1");
    OptionalDouble spring =
        checks.firstWithPrefix("springbatch.items_per_s.db=postgresql.interval=1000.");
    if (!checks.present(t, rate, spring)) {
      return;
    }
    double r = rate.getAsDouble();
    double ratio = r / spring.getAsDouble();
    boolean pass = r >= 1_000_000 && ratio >= 2;
    out.add(
        new TargetResult(
            t,
            String.format("%,.0f items/s, %.2f × Spring Batch", r, ratio),
            ">= 1,000,000 items/s, >= 2.00 ×",
            pass ? "PASS" : "MISS",
            pass
                ? ""
                : String.format(
                    "the pipeline's per-item CPU cost on this machine (%.2f µs per item on one "
                        + "worker and its committer, sharing 2 cores with the machine's other "
                        + "load); see the profile in the cost-of-checkpointing row",
                    1e6 / r)));
  }

  private void costOfCheckpointing(List<TargetResult> out) {
    String bench =
        "Checkpointing costs <= 1.3 × the same job without it (ItemPipeline, batch 1000, "
            + "JSON-lines; baseline: same reader and writer, no journal)";
    OptionalDouble with = ctx.median("pipeline.items_per_s_jsonl.n=100000.batch=1000.threads=1");
    OptionalDouble without = ctx.median("pipeline.baseline_items_per_s_jsonl.n=100000.batch=1000");
    if (checks.present(bench, with, without)) {
      out.add(
          TargetResult.checkAtMost(
              bench,
              without.getAsDouble() / with.getAsDouble(),
              1.3,
              "%.2f",
              "the pipeline's own work per item (marks, outcomes, journal encoding) is more "
                  + "than the reader and writer cost; profile with JFR to see where"));
    }
    cliTarget(
        out,
        "`./ratchet process`, both on the serial collector the launcher picks",
        "ratchet-launcher",
        checks.firstWithPrefix("cli.seconds.tool=plain-serial."));
    cliTarget(
        out,
        "`java -jar ratchet.jar process`, no class-data archive, both on the JVM's default collector",
        "ratchet",
        checks.firstWithPrefix("cli.seconds.tool=plain."));
  }

  private void cliTarget(List<TargetResult> out, String how, String tool, OptionalDouble plain) {
    String cli =
        "Checkpointing costs <= 1.3 × the same job without it ("
            + how
            + ", 2,000,000 lines, batch 1000, against a plain program writing the same bytes)";
    OptionalDouble ratchet = checks.firstWithPrefix("cli.seconds.tool=" + tool + ".");
    if (checks.present(cli, ratchet, plain)) {
      out.add(
          TargetResult.checkAtMost(
              cli,
              ratchet.getAsDouble() / plain.getAsDouble(),
              1.3,
              "%.2f",
              String.format(
                  "%.2f s against %.2f s: ratchet process also fingerprints the input (one more "
                      + "read), forces the output and the journal once per batch (%,.0f forces "
                      + "at %,.0f fsyncs/s in this run) and starts a larger JVM (picocli, "
                      + "the store); the forces overlap the work but not each other",
                  ratchet.getAsDouble(),
                  plain.getAsDouble(),
                  2 * 2_000_000.0 / 1000,
                  ctx.median("disk.fsyncs_per_s").orElse(Double.NaN))));
    }
  }

  private void dagTargets(List<TargetResult> out) {
    String random = "10,000-node random DAG with checkpointing: <= 2 × the same DAG without";
    OptionalDouble file = ctx.median("dag.execute_s.shape=random.nodes=10000.store=file");
    OptionalDouble memory = ctx.median("dag.execute_s.shape=random.nodes=10000.store=memory");
    if (checks.present(random, file, memory)) {
      out.add(
          TargetResult.checkAtMost(
              random,
              file.getAsDouble() / memory.getAsDouble(),
              2.0,
              "%.2f",
              "recording each node (its IN_PROGRESS mark appended before it starts, its outcome "
                  + "queued and appended with the next mark) costs more CPU than the executor's "
                  + "own work for a no-op node"));
    }
    String chain = "10,000-node chain DAG with checkpointing: <= 1.2 × (nodes ÷ raw fsync rate)";
    OptionalDouble chainFile = ctx.median("dag.execute_s.shape=chain.nodes=10000.store=file");
    OptionalDouble fsyncs = ctx.median("disk.fsyncs_per_s");
    if (checks.present(chain, chainFile, fsyncs)) {
      double forcesTime = 10_000 / fsyncs.getAsDouble();
      out.add(
          TargetResult.checkAtMost(
              chain,
              chainFile.getAsDouble() / forcesTime,
              1.2,
              "%.2f",
              "a chain node pays more than one force"));
    }
  }

  private void streamingExec(List<TargetResult> out) {
    OptionalDouble perItem = checks.firstWithPrefix("exec.seconds.tool=ratchet-exec.");
    OptionalDouble xargs = checks.firstWithPrefix("exec.seconds.tool=xargs.");
    OptionalDouble plainJvm =
        checks.firstWithPrefix("exec.seconds.tool=ratchet-exec-stream-ahead.");
    OptionalDouble launcher =
        checks.firstWithPrefix("exec.seconds.tool=ratchet-launcher-stream-ahead.");
    String how = "`./ratchet process --exec-stream --stream-ahead 32` (class-data archive)";
    OptionalDouble stream = launcher;
    if (launcher.isEmpty()) {
      how = "`java -jar ratchet.jar process --exec-stream --stream-ahead 32`";
      stream = plainJvm;
    }
    String startUp =
        launcher.isPresent() && plainJvm.isPresent()
            ? String.format(
                " (%.2f s through the launcher against %.2f s with `java -jar` in this run)",
                launcher.getAsDouble(), plainJvm.getAsDouble())
            : "";
    OptionalDouble start = checks.firstWithPrefix("exec.seconds.tool=floor-ratchet-start.");
    OptionalDouble coprocesses = checks.firstWithPrefix("exec.seconds.tool=floor-coprocesses.");
    String floors =
        start.isPresent() && coprocesses.isPresent()
            ? String.format(
                "; ratchet's start alone (`./ratchet --version`) takes %.2f s and the four"
                    + " python coprocesses alone %.2f s in this run",
                start.getAsDouble(), coprocesses.getAsDouble())
            : "";
    String t = how + " on the 3,000-file sha256 job: >= 10 × faster than `--exec`";
    if (checks.present(t, stream, perItem)) {
      out.add(
          TargetResult.check(
              t,
              perItem.getAsDouble() / stream.getAsDouble(),
              10,
              "%.1f",
              "one coprocess per worker still pays the JVM start and a commit per batch"
                  + startUp
                  + floors));
    }
    String x = how + " on the 3,000-file sha256 job: within 2 × `xargs -P4 -n50`";
    if (checks.present(x, stream, xargs)) {
      out.add(
          TargetResult.checkAtMost(
              x,
              stream.getAsDouble() / xargs.getAsDouble(),
              2.0,
              "%.2f",
              "a JVM and four python interpreters must start before the first item, where xargs"
                  + " needs "
                  + String.format("%.2f s", xargs.getAsDouble())
                  + " for the whole job"
                  + startUp
                  + floors));
    }
  }
}
