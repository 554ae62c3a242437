package dev.ratchet.internal.dag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.ItemState;
import dev.ratchet.Outcome;
import dev.ratchet.SkipCause;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.DagListener;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import dev.ratchet.dag.Task;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.ItemRecord;
import dev.ratchet.store.MetaKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of the executor: plans which nodes to restore and which to run, schedules ready nodes on
 * the workers, propagates failures as skips, and decides whether the checkpoint is kept.
 */
public final class DagRun {
  private static final Logger log = LoggerFactory.getLogger(DagRun.class);

  private final Dag dag;
  private final ExecutorSettings settings;
  private final Map<String, ? extends Task> tasks;
  private final Set<String> toRerun;
  private final long startNanos = System.nanoTime();
  private final Map<String, JsonNode> results = new ConcurrentHashMap<>();
  private final Map<String, NodeResult> finished = new LinkedHashMap<>();
  private final BlockingQueue<Object> completions = new LinkedBlockingQueue<>();
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  private final Map<String, Thread> nodeThreads = new HashMap<>();
  private volatile boolean cancelled;
  private volatile boolean killing;
  private boolean callerInterrupted;
  private CheckpointStore store;
  private OutcomeLog outcomes;
  private String runId;
  private ExecutorService attemptPool;

  /**
   * @param toRerun nodes to run even if the checkpoint holds them as completed; all nodes for a
   *     fresh run, none for a plain resume
   */
  public DagRun(
      Dag dag, ExecutorSettings settings, Map<String, ? extends Task> tasks, Set<String> toRerun) {
    this.dag = dag;
    this.settings = settings;
    this.tasks = tasks;
    this.toRerun = toRerun;
  }

  /** Runs with an opened store that this run owns: closes or deletes it before returning. */
  public ExecutionResult run(DagOpening.Opened opened) {
    this.store = opened.store();
    List<String> interrupted = opened.interrupted();
    boolean keepAlways = opened.keep();
    this.runId = store.metadata().getOrDefault(MetaKeys.RUN_ID, store.location());
    this.outcomes = new OutcomeLog(store);
    boolean success = false;
    try {
      Map<String, NodeRunner> plan = plan(opened);
      schedule(plan);
      ExecutionResult probe = new ExecutionResult(dag, finished, interrupted, true);
      success = probe.isSuccess();
      boolean keep = keepAlways || !success;
      if (keep) {
        outcomes.finish();
      }
      return new ExecutionResult(dag, finished, interrupted, keep);
    } finally {
      outcomes.close();
      if (attemptPool != null) {
        attemptPool.shutdownNow();
      }
      if (callerInterrupted) {
        Thread.currentThread().interrupt();
      }
      if (success && !keepAlways) {
        store.delete();
      } else {
        store.close();
      }
    }
  }

  /**
   * Starts no new node; running nodes may finish for {@code grace}, then they are interrupted and
   * recorded as not done (never FAILED), so a resume runs them again.
   */
  public void stop(Duration grace) {
    cancelled = true;
    if (grace.isZero() || grace.isNegative()) {
      interruptRunning();
      return;
    }
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(grace.toMillis());
                interruptRunning();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ratchet-dag-grace");
    timer.setDaemon(true);
    timer.start();
  }

  private void interruptRunning() {
    killing = true;
    // Interrupt the threads of started nodes only: a Future cancelled before it starts never runs,
    // so it would never report its completion and the scheduler would wait for it forever.
    synchronized (nodeThreads) {
      nodeThreads.values().forEach(Thread::interrupt);
    }
  }

  private Map<String, NodeRunner> plan(DagOpening.Opened opened) {
    Map<String, NodeRunner> plan = new HashMap<>();
    List<NodeResult> early = new ArrayList<>();
    String location = store.location();
    for (String node : dag.topologicalOrder()) {
      ItemRecord record = store.get(node).orElse(null);
      int attempts = record == null ? 0 : record.attempts();
      int interruptions = record == null ? 0 : record.interruptions();
      if (record != null && record.state() == ItemState.IN_PROGRESS) {
        interruptions++;
      }
      boolean rerun = toRerun.contains(node);
      if (rerun) {
        interruptions = 0; // an explicit rerun gives a node that crashed the process a new chance
      }
      if (interruptions >= settings.crashLimit()) {
        String reason = NodeRecords.crashed(interruptions);
        if (record.state() != ItemState.FAILED) {
          record(Change.Item.failed(node, attempts, interruptions, reason));
        }
        early.add(new NodeResult(node, new Outcome.Failed<>(reason, 0), 0, 0, null));
      } else if (!rerun && record != null && record.state() == ItemState.DONE) {
        JsonNode result = NodeRecords.doneResult(location, record);
        results.put(node, result);
        early.add(new NodeResult(node, new Outcome.Done<>(result, 0, true), 0, 0, null));
      } else if (!rerun && skipCause(record) != null && skipCause(record).isFinal()) {
        Outcome<JsonNode> skipped = new Outcome.Skipped<>(skipCause(record), record.error(), 0);
        early.add(new NodeResult(node, skipped, 0, 0, null));
      } else {
        Map<String, String> steps = record == null ? Map.of() : record.steps();
        plan.put(node, new NodeRunner(this, node, tasks.get(node), attempts, interruptions, steps));
      }
    }
    if (opened.resumed()) {
      ResumePlans.announce(dag, opened, early, settings.listener());
    }
    early.forEach(this::finish);
    return plan;
  }

  private void schedule(Map<String, NodeRunner> plan) {
    Map<String, Integer> topoIndex = new HashMap<>();
    List<String> order = dag.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      topoIndex.put(order.get(i), i);
    }
    Map<String, Integer> waitingOn = new HashMap<>();
    PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(topoIndex::get));
    for (String node : plan.keySet()) {
      int open = 0;
      for (String up : dag.upstream(node)) {
        if (!finished.containsKey(up)) {
          open++;
        }
      }
      waitingOn.put(node, open);
      if (open == 0) {
        ready.add(node);
      }
    }
    ExecutorService workers =
        Executors.newFixedThreadPool(settings.workers(), threads("ratchet-dag-worker"));
    try {
      while (finished.size() < dag.nodes().size()) {
        while (!cancelled && running.size() < settings.workers() && !ready.isEmpty()) {
          String node = ready.poll();
          String blocker = firstIncompleteUpstream(node);
          if (blocker != null) {
            skipForUpstream(node, blocker, plan.get(node));
            release(node, waitingOn, ready);
            continue;
          }
          NodeRunner runner = plan.get(node);
          running.put(
              node, workers.submit(() -> completions.add(startUnlessCancelled(runner, node))));
        }
        if (running.isEmpty()) {
          break;
        }
        Object event = takeCompletion();
        if (event instanceof Throwable crash) {
          stop(Duration.ZERO);
          throw crash instanceof RuntimeException r ? r : new IllegalStateException(crash);
        }
        if (event instanceof NotStarted notStarted) {
          running.remove(notStarted.node());
          continue;
        }
        NodeResult result = (NodeResult) event;
        running.remove(result.node());
        if (result.result() != null) {
          results.put(result.node(), result.result());
        }
        finish(result);
        release(result.node(), waitingOn, ready);
      }
    } finally {
      workers.shutdownNow();
    }
    for (String node : dag.nodes()) {
      if (!finished.containsKey(node)) {
        finish(new NodeResult(node, new Outcome.NotDone<>(false, 0), micros(), 0, null));
      }
    }
  }

  private Object takeCompletion() {
    while (true) {
      try {
        return completions.take();
      } catch (InterruptedException e) {
        // The caller was interrupted: cancel, and keep collecting until every running node has
        // reported that it stopped.
        callerInterrupted = true;
        stop(Duration.ZERO);
      }
    }
  }

  /** A node that saw the cancellation before it started; it is reported as not run. */
  private record NotStarted(String node) {}

  private Object startUnlessCancelled(NodeRunner runner, String node) {
    synchronized (nodeThreads) {
      nodeThreads.put(node, Thread.currentThread());
    }
    try {
      return cancelled ? new NotStarted(node) : safeCall(runner, node);
    } finally {
      synchronized (nodeThreads) {
        nodeThreads.remove(node);
      }
    }
  }

  private Object safeCall(NodeRunner runner, String node) {
    try {
      return runner.call();
    } catch (RuntimeException | Error e) {
      log.error("node '{}' could not be recorded", node, e);
      return e;
    }
  }

  private String firstIncompleteUpstream(String node) {
    for (String up : dag.upstream(node)) {
      if (!finished.get(up).isComplete()) {
        return up;
      }
    }
    return null;
  }

  private void skipForUpstream(String node, String blocker, NodeRunner runner) {
    NodeResult up = finished.get(blocker);
    SkipCause cause =
        up.isSkippedForGood() ? SkipCause.UPSTREAM_CONDITION : SkipCause.UPSTREAM_FAILED;
    String reason =
        cause == SkipCause.UPSTREAM_CONDITION
            ? "skipped by condition of upstream '" + blocker + "'"
            : "upstream '"
                + blocker
                + "' "
                + (up.status() == NodeStatus.FAILED ? "failed" : "did not complete");
    record(NodeRecords.skipped(node, cause, reason, 0, 0));
    finish(new NodeResult(node, new Outcome.Skipped<>(cause, reason, 0), micros(), 0, null));
  }

  private SkipCause skipCause(ItemRecord record) {
    return record == null ? null : NodeRecords.skipCause(store.location(), record);
  }

  private void release(String node, Map<String, Integer> waitingOn, PriorityQueue<String> ready) {
    for (String down : dag.downstream(node)) {
      Integer open = waitingOn.get(down);
      if (open != null && waitingOn.merge(down, -1, Integer::sum) == 0) {
        ready.add(down);
      }
    }
  }

  private void finish(NodeResult result) {
    finished.put(result.node(), result);
    try {
      settings.listener().nodeFinished(result);
    } catch (RuntimeException e) {
      log.warn("listener failed for node '{}'", result.node(), e);
    }
  }

  /** Records a node's outcome; it is appended and forced soon after (see OutcomeLog). */
  void record(Change change) {
    outcomes.record(change);
  }

  /** Appends a node's IN_PROGRESS mark before its task starts (see OutcomeLog). */
  void markInProgress(Change change) {
    outcomes.mark(change);
  }

  synchronized ExecutorService attemptPool() {
    if (attemptPool == null) {
      attemptPool = Executors.newCachedThreadPool(threads("ratchet-dag-attempt"));
    }
    return attemptPool;
  }

  long micros() {
    return (System.nanoTime() - startNanos) / 1000;
  }

  /** Whether a stop was asked for: no new node or attempt starts. */
  boolean isCancelled() {
    return cancelled;
  }

  /** Whether running nodes are being interrupted by a stop (its grace period is over). */
  boolean isKilling() {
    return killing;
  }

  Dag dag() {
    return dag;
  }

  ExecutorSettings settings() {
    return settings;
  }

  DagListener listener() {
    return settings.listener();
  }

  String runId() {
    return runId;
  }

  CheckpointStore store() {
    return store;
  }

  Map<String, JsonNode> results() {
    return results;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
