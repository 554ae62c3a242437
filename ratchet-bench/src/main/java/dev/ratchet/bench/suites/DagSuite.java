package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
import dev.ratchet.bench.Mode;
import dev.ratchet.bench.Stats;
import dev.ratchet.bench.Suite;
import dev.ratchet.bench.ratchet.MemoryStore;
import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.Task;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The DAG executor on chains and random DAGs of no-op nodes: a fresh execution, and a resume after
 * a run in which the middle node failed, each with the file store (fsync on every commit) and with
 * an in-memory store that writes nothing (the same executor without checkpointing).
 */
public final class DagSuite implements Suite {
  static final int WORKERS = 4;
  static final int PARENTS = 2;

  @Override
  public double quickBudgetSeconds() {
    return 55;
  }

  @Override
  public String name() {
    return "dag";
  }

  @Override
  public String description() {
    return "CheckpointExecutor with "
        + WORKERS
        + " workers over no-op tasks. chain: n0 → n1 → … "
        + "; random: every node but the first depends on up to "
        + PARENTS
        + " earlier nodes "
        + "chosen at random (seed 42). execute: a fresh run to success. resume: the middle node "
        + "failed in a first run (its descendants were skipped); the figure is the resume that "
        + "restores the completed nodes and runs the rest. store=file is FileStore with fsync "
        + "ALWAYS; store=memory keeps records in memory and writes nothing (the baseline without "
        + "checkpointing, same executor). Quick mode: one run each, random DAGs first, one "
        + "warm-up run before the first measurement only; a size whose runs would not fit in what is left of the suite's "
        + "time budget (estimated as 10 × the next smaller size) is skipped with a note. (Runs "
        + "are not capped with CheckpointExecutor.cancel(): a node cancelled before it starts "
        + "never reports back, and the call waits forever.)";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    boolean quick = ctx.mode() == Mode.QUICK;
    int[] sizes =
        quick
            ? new int[] {1_000, 10_000}
            : ctx.mode().atLeastQuick() ? new int[] {1_000, 10_000, 100_000} : new int[] {200};
    if (quick) {
      ctx.results()
          .note(
              name(),
              "100,000-node DAGs run in full mode only (bench/run without "
                  + "--quick): the executor took 38 s for one 100,000-node random DAG without "
                  + "checkpointing in an earlier quick run");
    }
    boolean first = true;
    for (String shape : List.of("random", "chain")) {
      for (int n : sizes) {
        Dag dag = shape.equals("chain") ? chain(n) : random(n, new Random(42));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("shape", shape);
        params.put("nodes", n);
        for (String store : List.of("memory", "file")) {
          params.put("store", store);
          if (ctx.overBudget("DAG " + shape + " " + n + " nodes store=" + store)) {
            continue;
          }
          int runs = n >= 100_000 || quick ? 1 : ctx.mode().runs();
          int warmups = n >= 100_000 || (quick && !first) ? 0 : ctx.mode().warmups();
          first = false;
          OptionalDouble smaller =
              ctx.median("dag.execute_s.shape=" + shape + ".nodes=" + (n / 10) + ".store=" + store);
          double estimate = smaller.isPresent() ? smaller.getAsDouble() * 10 : 0;
          if (estimate * (warmups + runs) * 2 > ctx.remainingSeconds()) {
            ctx.results()
                .note(
                    name(),
                    String.format(
                        "not measured in this run: %s %,d nodes "
                            + "store=%s; %,d nodes took %.1f s, so its runs would take about %.0f s and "
                            + "%.0f s of the suite's budget were left",
                        shape,
                        n,
                        store,
                        n / 10,
                        smaller.orElse(0),
                        estimate * (warmups + runs) * 2,
                        ctx.remainingSeconds()));
            continue;
          }
          Stats execute =
              Measure.repeat(
                  warmups,
                  runs,
                  i -> {
                    Path dir = ctx.freshDir("dag");
                    CheckpointExecutor ex = executor(dag, stores(store, dir));
                    long t0 = System.nanoTime();
                    ExecutionResult r = ex.execute(tasks(dag, null));
                    long nanos = System.nanoTime() - t0;
                    require(r.isSuccess() && r.succeeded() == n, "execute", r);
                    return nanos / 1e9;
                  });
          ctx.figure(name(), "execute_s", params, "DAG execute", "s", execute);
          if (ctx.overBudget("DAG resume " + shape + " " + n + " nodes store=" + store)) {
            continue;
          }
          String middle = dag.topologicalOrder().get(n / 2);
          Stats resume =
              Measure.repeat(
                  warmups,
                  runs,
                  i -> {
                    Path dir = ctx.freshDir("dag");
                    Supplier<CheckpointStore> stores = stores(store, dir);
                    ExecutionResult failedRun = executor(dag, stores).execute(tasks(dag, middle));
                    require(
                        failedRun.failed() == 1, "first run with a failing middle node", failedRun);
                    CheckpointExecutor ex = executor(dag, stores);
                    long t0 = System.nanoTime();
                    ExecutionResult r = ex.resume(tasks(dag, null));
                    long nanos = System.nanoTime() - t0;
                    require(r.isSuccess() && r.restored() == failedRun.succeeded(), "resume", r);
                    return nanos / 1e9;
                  });
          ctx.figure(
              name(), "resume_s", params, "DAG resume after middle node failed", "s", resume);
        }
      }
    }
  }

  private static void require(boolean ok, String what, ExecutionResult r) {
    if (!ok) {
      throw new IllegalStateException(what + " ended unexpectedly: " + r);
    }
  }

  private static CheckpointExecutor executor(Dag dag, Supplier<CheckpointStore> stores) {
    return CheckpointExecutor.builder(dag).store(stores).workers(WORKERS).build();
  }

  private static Supplier<CheckpointStore> stores(String kind, Path dir) {
    if (kind.equals("memory")) {
      MemoryStore shared = new MemoryStore();
      return () -> shared;
    }
    return () -> FileStore.builder(dir.resolve("ckpt")).fsync(FsyncPolicy.ALWAYS).build();
  }

  private static Map<String, Task> tasks(Dag dag, String failing) {
    Map<String, Task> tasks = new HashMap<>();
    for (String node : dag.nodes()) {
      tasks.put(
          node,
          node.equals(failing)
              ? ctx -> {
                throw new IllegalStateException("planned failure");
              }
              : ctx -> null);
    }
    return tasks;
  }

  static Dag chain(int n) {
    Dag.Builder b = Dag.builder().addNode("n0");
    for (int i = 1; i < n; i++) {
      b.addEdge("n" + (i - 1), "n" + i);
    }
    return b.build();
  }

  static Dag random(int n, Random random) {
    Dag.Builder b = Dag.builder();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("n" + i);
    }
    b.addNodes(names);
    for (int i = 1; i < n; i++) {
      Set<Integer> parents = new TreeSet<>();
      while (parents.size() < Math.min(i, PARENTS)) {
        parents.add(random.nextInt(i));
      }
      for (int parent : parents) {
        b.addEdge(names.get(parent), names.get(i));
      }
    }
    return b.build();
  }
}
