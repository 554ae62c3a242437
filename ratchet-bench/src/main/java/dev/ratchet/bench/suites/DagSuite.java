package dev.ratchet.bench.suites;

import dev.ratchet.bench.BenchContext;
import dev.ratchet.bench.Measure;
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
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The DAG executor on chains and random DAGs of no-op nodes: a fresh execution, and a resume after
 * a run in which the middle node failed, each with the file store (fsync on every commit) and
 * with an in-memory store that writes nothing (the same executor without checkpointing).
 */
public final class DagSuite implements Suite {
  static final int WORKERS = 4;
  static final int PARENTS = 2;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dag-bench-cap");
        t.setDaemon(true);
        return t;
      });

  @Override
  public double quickBudgetSeconds() {
    return 50;
  }

  @Override
  public String name() {
    return "dag";
  }

  @Override
  public String description() {
    return "CheckpointExecutor with " + WORKERS + " workers over no-op tasks. chain: n0 → n1 → … "
        + "; random: every node but the first depends on up to " + PARENTS + " earlier nodes "
        + "chosen at random (seed 42). execute: a fresh run to success. resume: the middle node "
        + "failed in a first run (its descendants were skipped); the figure is the resume that "
        + "restores the completed nodes and runs the rest. store=file is FileStore with fsync "
        + "ALWAYS; store=memory keeps records in memory and writes nothing (the baseline without "
        + "checkpointing, same executor). Quick mode: one run each, after one warm-up for DAGs "
        + "under 100,000 nodes; a run longer than the cap is cancelled and projected (noted).";
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    int[] sizes = ctx.mode().atLeastQuick() ? new int[] {10_000, 1_000, 100_000}
        : new int[] {200};
    boolean quick = ctx.mode() == dev.ratchet.bench.Mode.QUICK;
    double capSeconds = quick ? 8 : 240;
    for (String shape : List.of("chain", "random")) {
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
          int warmups = n >= 100_000 ? 0 : ctx.mode().warmups();
          String[] capNote = {null};
          Stats execute = Measure.repeat(warmups, runs, i -> {
            Path dir = ctx.freshDir("dag");
            CheckpointExecutor ex = executor(dag, stores(store, dir));
            double cap = ctx.cap(capSeconds);
            ScheduledFuture<?> stop = TIMER.schedule(ex::cancel, (long) (cap * 1000),
                TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            ExecutionResult r = ex.execute(tasks(dag, null));
            long nanos = System.nanoTime() - t0;
            stop.cancel(false);
            if (r.succeeded() < n && nanos / 1e9 >= cap) {
              capNote[0] = String.format("capped at %.0f s after %,d of %,d nodes; the figure "
                  + "is projected to all nodes (time × n / nodes done)", cap, r.succeeded(), n);
              return nanos / 1e9 * n / Math.max(1, r.succeeded());
            }
            require(r.isSuccess() && r.succeeded() == n, "execute", r);
            return nanos / 1e9;
          });
          ctx.figure(name(), "execute_s", params, "DAG execute", "s", execute, capNote[0], null,
              0);
          if (capNote[0] != null) {
            ctx.results().note(name(), "resume of " + shape + " " + n + " nodes store=" + store
                + " not measured: its execute run was capped");
            continue;
          }
          if (ctx.overBudget("DAG resume " + shape + " " + n + " nodes store=" + store)) {
            continue;
          }
          String middle = dag.topologicalOrder().get(n / 2);
          Stats resume = Measure.repeat(warmups, runs, i -> {
            Path dir = ctx.freshDir("dag");
            Supplier<CheckpointStore> stores = stores(store, dir);
            ExecutionResult first = executor(dag, stores).execute(tasks(dag, middle));
            require(first.failed() == 1, "first run with a failing middle node", first);
            CheckpointExecutor ex = executor(dag, stores);
            long t0 = System.nanoTime();
            ExecutionResult r = ex.resume(tasks(dag, null));
            long nanos = System.nanoTime() - t0;
            require(r.isSuccess() && r.restored() == first.succeeded(), "resume", r);
            return nanos / 1e9;
          });
          ctx.figure(name(), "resume_s", params, "DAG resume after middle node failed", "s",
              resume);
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
      tasks.put(node, node.equals(failing) ? ctx -> {
        throw new IllegalStateException("planned failure");
      } : ctx -> null);
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
      java.util.Set<Integer> parents = new java.util.TreeSet<>();
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
