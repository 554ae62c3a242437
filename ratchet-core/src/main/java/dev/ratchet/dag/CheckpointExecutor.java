package dev.ratchet.dag;

import dev.ratchet.RetryPolicy;
import dev.ratchet.internal.dag.DagInspector;
import dev.ratchet.internal.dag.DagOpening;
import dev.ratchet.internal.dag.DagRun;
import dev.ratchet.internal.dag.ExecutorSettings;
import dev.ratchet.internal.dag.NodeRecords;
import dev.ratchet.internal.history.RunRecords;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a {@link Dag}'s tasks in dependency order on a pool of workers, recording every node's
 * outcome (and its result, as JSON) in a checkpoint, so that a later {@link #resume} restores
 * completed nodes without running them and runs only what is left.
 *
 * <ul>
 *   <li>A failing node (after its retries) marks its descendants SKIPPED; independent branches go
 *       on.
 *   <li>{@link #execute} starts fresh (discarding an existing checkpoint); {@link #resume} restores
 *       DONE nodes and nodes skipped by a condition, and runs failed, interrupted,
 *       skipped-for-failure and never-run nodes; without a checkpoint it behaves like {@code
 *       execute}. {@link #rerun} also reruns given nodes and their descendants.
 *   <li>The checkpoint records the DAG's structure and each node's definition ({@link
 *       Builder#definition}, {@link Builder#version}). On resume a node that is new, whose needs or
 *       definition changed, runs again with everything downstream of it; the others are restored.
 *       {@link DagListener#resumePlanned} and the log say which and why; nodes the DAG no longer
 *       has are dropped from the checkpoint. A damaged node record throws {@link
 *       dev.ratchet.CheckpointDamagedException}.
 *   <li>After a call in which every node completed (or was skipped by a condition) the checkpoint
 *       is deleted, unless {@link Builder#keepCheckpoint(boolean)} is set; a checkpoint once kept
 *       that way is kept by later calls too (until {@link #clearCheckpoint()} or a fresh run).
 *   <li>A node that was running when the process died three times (it may be what kills it) is
 *       FAILED rather than run a fourth time, and stays FAILED on resume until {@link #rerun} names
 *       it.
 * </ul>
 *
 * <p>One call at a time per executor; the store's lock refuses a second process.
 */
public final class CheckpointExecutor {
  private final Dag dag;
  private final ExecutorSettings settings;
  private final Path checkpointDir;
  private final List<String> command;
  private final Map<String, Map<String, String>> definitions;
  private volatile DagRun current;

  /**
   * An executor with a journal file store in {@code checkpointDir} and default options (workers:
   * the number of processors, no retries, no timeouts, checkpoint removed on full success).
   */
  public CheckpointExecutor(Dag dag, Path checkpointDir) {
    this(builder(dag).checkpoint(checkpointDir));
  }

  /**
   * Like {@link #CheckpointExecutor(Dag, Path)}, with every record of the checkpoint protected by
   * an HMAC-SHA256 chain under {@code hmacKey} (at least 16 bytes): a result edited on disk, even
   * with its CRC32C recomputed, is refused. See {@link Builder#hmacKey(byte[])}.
   */
  public CheckpointExecutor(Dag dag, Path checkpointDir, byte[] hmacKey) {
    this(builder(dag).checkpoint(checkpointDir).hmacKey(hmacKey));
  }

  private CheckpointExecutor(Builder builder) {
    this.dag = builder.dag;
    this.settings = builder.settings();
    this.checkpointDir = builder.checkpointDir;
    this.command = builder.command;
    this.definitions = Map.copyOf(builder.definitions);
  }

  public static Builder builder(Dag dag) {
    return new Builder(dag);
  }

  public Dag dag() {
    return dag;
  }

  /** Runs every node, discarding any existing checkpoint first. */
  public ExecutionResult execute(Map<String, ? extends Task> tasks) {
    return run(tasks, true, new LinkedHashSet<>(dag.nodes()), Set.of());
  }

  /** Restores completed nodes from the checkpoint and runs the rest. */
  public ExecutionResult resume(Map<String, ? extends Task> tasks) {
    return run(tasks, false, Set.of(), Set.of());
  }

  /**
   * Incremental re-execution: runs {@code changedNodes} and all their descendants, restores every
   * other completed node from the checkpoint, and runs whatever else has not completed. Works on
   * any checkpoint (a failed call's, or one kept with {@link Builder#keepCheckpoint(boolean)});
   * without one every node runs. The nodes are reset in the checkpoint before any runs, so a crash
   * midway does not bring their old results back.
   */
  public ExecutionResult rerun(Map<String, ? extends Task> tasks, Collection<String> changedNodes) {
    return run(tasks, false, dag.withDescendants(changedNodes), Set.copyOf(changedNodes));
  }

  /**
   * Asks the running call to stop: no new node (or retry) starts; running tasks may finish for
   * {@code grace}, then they are interrupted. A node the stop interrupted is recorded as not done,
   * never FAILED, and reported {@link NodeStatus#NOT_RUN}: a resume runs it again. Calling again
   * with a shorter grace shortens it. Returns at once.
   */
  public void stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    DagRun run = current;
    if (run != null) {
      run.stop(grace);
    }
  }

  /** {@link #stop(Duration)} without a grace period: running tasks are interrupted at once. */
  public void cancel() {
    stop(Duration.ZERO);
  }

  /**
   * What the checkpoint holds, per node of this DAG. For a checkpoint in a file store ({@link
   * Builder#checkpoint(Path)}) it is read without taking the lock or changing anything, so it works
   * while a call is running (in this process or another); other stores are opened, which a running
   * call refuses.
   */
  public DagCheckpointInfo checkpointInfo() {
    return DagInspector.info(dag, checkpointDir, settings.stores());
  }

  /** Deletes the checkpoint, if any. */
  public void clearCheckpoint() {
    if (checkpointDir != null && !FileStore.exists(checkpointDir)) {
      return;
    }
    CheckpointStore store = settings.stores().get();
    store.open();
    store.delete();
  }

  private ExecutionResult run(
      Map<String, ? extends Task> tasks, boolean fresh, Set<String> toRun, Set<String> named) {
    DagOpening.checkTasks(dag, tasks.keySet(), node -> tasks.get(node) != null);
    DagOpening.Opened opened =
        DagOpening.open(
            dag, settings.stores(), fresh, settings.keepCheckpoint(), named, definitions);
    RunRecords.DagStart start = RunRecords.DagStart.of(opened.store());
    DagRun run = new DagRun(dag, settings, tasks, toRun);
    current = run;
    try {
      ExecutionResult result = run.run(opened);
      RunRecords.dagEnded(start, dag, result, command);
      return result;
    } finally {
      current = null;
    }
  }

  /** Options of a {@link CheckpointExecutor}. Each option may be set once. */
  public static final class Builder {
    private final Dag dag;
    private Supplier<? extends CheckpointStore> stores;
    private Path checkpointDir;
    private FsyncPolicy fsync;
    private byte[] hmacKey;
    private Integer workers;
    private Integer crashLimit;
    private Boolean keepCheckpoint;
    private RetryPolicy defaultRetry;
    private Duration defaultTimeout;
    private DagListener listener;
    private List<String> command;
    private final Map<String, RetryPolicy> retries = new HashMap<>();
    private final Map<String, Duration> timeouts = new HashMap<>();
    private final Map<String, Predicate<TaskContext>> conditions = new HashMap<>();
    private final Map<String, Map<String, String>> definitions = new HashMap<>();

    private Builder(Dag dag) {
      this.dag = Objects.requireNonNull(dag, "dag");
    }

    /**
     * Where checkpoints live (instead of {@link #checkpoint(Path)}): a fresh, unopened store
     * instance per call (a fresh run deletes the old checkpoint through one instance and writes
     * through the next).
     */
    public Builder store(Supplier<? extends CheckpointStore> stores) {
      once(this.stores, "store");
      this.stores = Objects.requireNonNull(stores, "stores");
      return this;
    }

    /**
     * Checkpoints in a journal file store in {@code dir} ({@link FsyncPolicy#ALWAYS}). A node's
     * mark and outcome are appended in order at once and forced in the background, one force shared
     * by all recorded meanwhile, so no node waits for a force of its own: a power cut can lose the
     * last outcomes (those nodes run again), never a downstream's without its upstream's.
     */
    public Builder checkpoint(Path dir) {
      return checkpoint(dir, FsyncPolicy.ALWAYS);
    }

    /** Checkpoints in a journal file store in {@code dir} with the given fsync policy. */
    public Builder checkpoint(Path dir, FsyncPolicy fsync) {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(fsync, "fsync");
      store(
          () -> {
            FileStore.Builder files = FileStore.builder(dir).fsync(fsync);
            return hmacKey == null ? files.build() : files.hmacKey(hmacKey).build();
          });
      this.checkpointDir = dir;
      this.fsync = fsync;
      return this;
    }

    /**
     * Protects the checkpoint of {@link #checkpoint(Path)} with an HMAC-SHA256 chain under this key
     * (at least 16 bytes), so that a record edited on disk is refused as damaged. A checkpoint
     * written with a key is refused when opened without it. (A store given to {@link
     * #store(Supplier)} is configured there.)
     */
    public Builder hmacKey(byte[] key) {
      once(this.hmacKey, "hmacKey");
      Objects.requireNonNull(key, "key");
      if (key.length < 16) {
        throw new IllegalArgumentException(
            "hmacKey must be at least 16 bytes, was " + key.length + " bytes");
      }
      this.hmacKey = key.clone();
      return this;
    }

    /**
     * What defines {@code node}'s result, field by field (its command, settings, inputs, a version:
     * whatever a change of should make it run again). Recorded in the checkpoint; on resume a node
     * whose definition differs runs again with everything downstream of it, and the reason names
     * the fields that changed. Default: an empty definition (only new nodes and changed needs are
     * noticed).
     */
    public Builder definition(String node, Map<String, String> definition) {
      knownNode(node, "definition");
      once(definitions.get(node), "definition for " + node);
      definitions.put(node, Map.copyOf(new LinkedHashMap<>(definition)));
      return this;
    }

    /** {@link #definition} with the one field {@code version}: bump it when the task changes. */
    public Builder version(String node, String version) {
      return definition(node, Map.of("version", Objects.requireNonNull(version, "version")));
    }

    /** How many nodes may run at once; default: the number of processors. */
    public Builder workers(int workers) {
      once(this.workers, "workers");
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, was " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** How many process deaths a node may be running at before it is FAILED; default 3. */
    public Builder crashLimit(int times) {
      once(this.crashLimit, "crashLimit");
      if (times < 1) {
        throw new IllegalArgumentException("crashLimit must be >= 1, was " + times);
      }
      this.crashLimit = times;
      return this;
    }

    /** Keep the checkpoint after a fully successful call (for {@link #rerun}); default false. */
    public Builder keepCheckpoint(boolean keep) {
      once(this.keepCheckpoint, "keepCheckpoint");
      this.keepCheckpoint = keep;
      return this;
    }

    /** The retry policy of nodes without their own; default {@link RetryPolicy#none()}. */
    public Builder retry(RetryPolicy policy) {
      once(this.defaultRetry, "retry");
      this.defaultRetry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder retry(String node, RetryPolicy policy) {
      knownNode(node, "retry policy");
      once(retries.get(node), "retry for " + node);
      retries.put(node, Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** The time limit of one attempt of nodes without their own; default none. */
    public Builder timeout(Duration timeout) {
      once(this.defaultTimeout, "timeout");
      this.defaultTimeout = positive(timeout);
      return this;
    }

    /**
     * The time limit of one attempt of {@code node}. A timed-out attempt is interrupted and fails
     * (and may be retried); a task that ignores interrupts keeps its thread until it returns.
     */
    public Builder timeout(String node, Duration timeout) {
      knownNode(node, "timeout");
      once(timeouts.get(node), "timeout for " + node);
      timeouts.put(node, positive(timeout));
      return this;
    }

    /**
     * Runs {@code node} only if {@code condition} holds, evaluated over its upstream results just
     * before it would run. A node skipped by its condition (and its descendants) is recorded as
     * SKIPPED and stays skipped on resume.
     */
    public Builder when(String node, Predicate<TaskContext> condition) {
      knownNode(node, "condition");
      once(conditions.get(node), "condition for " + node);
      conditions.put(node, Objects.requireNonNull(condition, "condition"));
      return this;
    }

    public Builder listener(DagListener listener) {
      once(this.listener, "listener");
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The command line that runs this DAG again, kept in the run history (never run here). */
    public Builder command(List<String> argv) {
      this.command = RunRecords.checkedCommand(command, argv);
      return this;
    }

    public CheckpointExecutor build() {
      if (stores == null) {
        throw new IllegalStateException("no checkpoint store: call store(...) or checkpoint(dir)");
      }
      if (hmacKey != null && fsync == null) {
        throw new IllegalStateException(
            "hmacKey applies to checkpoint(dir); configure the key of a store(...) there");
      }
      return new CheckpointExecutor(this);
    }

    private ExecutorSettings settings() {
      return new ExecutorSettings(
          stores,
          workers == null ? Runtime.getRuntime().availableProcessors() : workers,
          crashLimit == null ? NodeRecords.CRASH_LIMIT : crashLimit,
          keepCheckpoint != null && keepCheckpoint,
          defaultRetry == null ? RetryPolicy.none() : defaultRetry,
          retries,
          defaultTimeout,
          timeouts,
          conditions,
          listener == null ? new DagListener() {} : listener);
    }

    private void knownNode(String node, String what) {
      if (!dag.contains(node)) {
        throw new IllegalArgumentException(
            what + " given for unknown node '" + node + "'; the DAG's nodes are " + dag.nodes());
      }
    }

    private static Duration positive(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      return timeout;
    }

    private static void once(Object previous, String option) {
      if (previous != null) {
        throw new IllegalStateException(option + " was already set");
      }
    }
  }
}
