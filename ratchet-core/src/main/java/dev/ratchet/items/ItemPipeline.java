package dev.ratchet.items;

import dev.ratchet.RetryPolicy;
import dev.ratchet.internal.history.RunRecords;
import dev.ratchet.internal.items.PipelineConfig;
import dev.ratchet.internal.items.StartedRun;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.SharedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A resumable run of one function over many items: reads items from an {@link ItemSource},
 * processes them in batches on worker threads, writes the DONE ones to an {@link ItemSink} in input
 * order, and records each batch in a checkpoint. Run it again after a crash and it does only what
 * is left.
 *
 * <pre>{@code
 * RunResult result = ItemPipeline.<String, Integer>builder()
 *     .source(Sources.lines(input))
 *     .processor(String::length)
 *     .sink(Sinks.jsonLines(output))
 *     .checkpoint(checkpointDir)
 *     .batchSize(100)
 *     .workers(4)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Each worker takes a batch, records its items IN_PROGRESS (written before the work, forced with
 * the next commit: a power cut may lose such a mark, a crash of the process never does) and
 * processes them; a committer writes the DONE ones to the sink and commits the outcomes, in input
 * order, with batches that finished together sharing one force. DONE, FAILED and SKIPPED are
 * recorded only after the work. Items found IN_PROGRESS when a run opens were interrupted by a
 * crash: they run again in groups of half a batch, each group alone and committed before anything
 * else runs. A group that crashes the process again goes on in smaller groups, and an item runs
 * alone before the crash that would fail it: an item interrupted {@link
 * Builder#poisonThreshold(int) 3 times}, the last time alone, is marked FAILED ("crashed the
 * process 3 times") so it cannot stall the run, and no other item is blamed for it. FAILED items
 * are tried again by the next run, except those that crashed the process.
 *
 * <p><b>Scaling out.</b> Give the pipeline a {@link SharedRun} (PostgreSQL, Redis) with {@link
 * Builder#sharedRun} instead of a checkpoint, and run the same pipeline in as many processes, on as
 * many machines, as you like: the first loads the source's items into the run (the others find them
 * loaded), then each claims batches under a lease, processes them exactly as above (retry, skip,
 * timeout, sub-steps, workers, stop, progress) and completes them with fencing, so an item is DONE
 * once even when a worker dies or stalls mid-batch. A rerun puts the run's FAILED items back and
 * retries only those.
 *
 * <pre>{@code
 * ItemPipeline.<String, Integer>builder()
 *     .source(Sources.lines(input))
 *     .processor(String::length)
 *     .sharedRun(PostgresDatabase.connect(target).run("nightly-2024-06-01"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #run()} opens the checkpoint afresh (a pipeline built
 * with {@link Builder#store(CheckpointStore)} runs once).
 */
public final class ItemPipeline<I, R> {
  private final PipelineConfig<I, R> config;

  private ItemPipeline(PipelineConfig<I, R> config) {
    this.config = config;
  }

  public static <I, R> Builder<I, R> builder() {
    return new Builder<>();
  }

  /**
   * Runs on the calling thread until the input is done or the run fails fast.
   *
   * @throws IllegalArgumentException if the input is missing or unreadable (nothing is written)
   * @throws dev.ratchet.CheckpointLockedException if another process uses the checkpoint
   * @throws dev.ratchet.CheckpointMismatchException if the checkpoint belongs to other work, such
   *     as an input that changed
   * @throws dev.ratchet.CheckpointDamagedException if the checkpoint is damaged
   * @throws dev.ratchet.StoreUnavailableException if the checkpoint cannot be written
   */
  public RunResult run() {
    return StartedRun.runHere(config);
  }

  /** Starts the run on a new thread and returns a handle to stop it gracefully or wait for it. */
  public RunHandle start() {
    return StartedRun.start(config);
  }

  /**
   * Builds an {@link ItemPipeline}. Each option may be set once; values are checked as they are
   * given, with a message that quotes the bad value.
   */
  public static final class Builder<I, R> {
    private ItemSource<I> source;
    private ItemProcessor<I, R> processor;
    private ItemSink<I, R> sink;
    private Supplier<CheckpointStore> store;
    private Integer batchSize;
    private Integer workers;
    private RetryPolicy retry;
    private SkipPolicy skip;
    private FailureMode failureMode;
    private Duration timeout;
    private Integer poisonThreshold;
    private ProgressListener progress;
    private Boolean keepCheckpoint;
    private Boolean fresh;
    private Long crashAfter;
    private List<String> command;
    private String work;
    private boolean singleStore;
    private PipelineConfig.SharedTarget shared;

    private Builder() {}

    private static void once(String option, Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }

    private static long positive(String option, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(option + " must be > 0, was " + value);
      }
      return value;
    }

    public Builder<I, R> source(ItemSource<I> source) {
      once("source", this.source);
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** A plain function from input to result. */
    public Builder<I, R> processor(Function<? super I, ? extends R> function) {
      Objects.requireNonNull(function, "function");
      return contextProcessor((input, context) -> function.apply(input));
    }

    /** A processor that receives the item's context (idempotency key, attempt, sub-steps). */
    public Builder<I, R> contextProcessor(ItemProcessor<I, R> processor) {
      once("processor", this.processor);
      this.processor = Objects.requireNonNull(processor, "processor");
      return this;
    }

    /** Where DONE items go (default: nowhere). */
    @SuppressWarnings("unchecked")
    public Builder<I, R> sink(ItemSink<? super I, ? super R> sink) {
      once("sink", this.sink);
      // A sink only consumes outputs, so one for a supertype serves these items.
      this.sink = (ItemSink<I, R>) Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Keeps the checkpoint in this directory (the journal file store with default settings). */
    public Builder<I, R> checkpoint(Path directory) {
      Objects.requireNonNull(directory, "directory");
      return storeFactory(PipelineConfig.fileStore(directory));
    }

    /**
     * Keeps the checkpoint in this directory, every record protected by an HMAC-SHA256 chain under
     * {@code hmacKey} (at least 16 bytes): a record edited on disk is refused as damaged, and a
     * checkpoint written with a key is refused when opened without it.
     */
    public Builder<I, R> checkpoint(Path directory, byte[] hmacKey) {
      Objects.requireNonNull(directory, "directory");
      FileStore.builder(directory).hmacKey(hmacKey); // validates the key now
      byte[] key = hmacKey.clone();
      return storeFactory(() -> FileStore.builder(directory).hmacKey(key).build());
    }

    /** Keeps the checkpoint in this store. The store is opened, used and closed by one run. */
    public Builder<I, R> store(CheckpointStore store) {
      Objects.requireNonNull(store, "store");
      storeFactory(() -> store);
      this.singleStore = true;
      return this;
    }

    /** Keeps the checkpoint in a new store from {@code factory} on each run. */
    public Builder<I, R> storeFactory(Supplier<CheckpointStore> factory) {
      once("checkpoint store", this.store);
      this.store = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Works as one worker of {@code run}, a run that many processes share through a server, instead
     * of keeping a checkpoint here; claims last 30 s unless this worker's heartbeat renews them.
     * See {@link #sharedRun(SharedRun, Duration)}.
     */
    public Builder<I, R> sharedRun(SharedRun run) {
      return sharedRun(run, Duration.ofSeconds(30));
    }

    /**
     * Works as one worker of {@code run}, a run that many processes on many machines share through
     * a server (PostgreSQL, Redis), instead of keeping a checkpoint here. With a {@link #source},
     * its items are loaded into the run first, once per run, whoever comes first (a source of
     * strings: a shared run holds items as text, and the processor receives their text); without
     * one, the run must have been loaded by another worker. A run loaded before gets its FAILED
     * items put back to be retried. Then this pipeline's {@link #workers} claim batches of {@link
     * #batchSize} under a lease of {@code lease}, process them as a local pipeline does, and
     * complete them with fencing until every item of the run is finished; an item in flight when
     * its worker died {@link #poisonThreshold} times is FAILED. Once the run is finished, the
     * {@link #sink} receives every DONE item of the run, in input order, with results as read back
     * from JSON. The idempotency key is the run's name, a colon and the item key, on every worker.
     * Sub-steps survive a takeover when the run's workers {@linkplain
     * dev.ratchet.store.CooperativeWorker#storesSteps store them}. The run is never deleted by a
     * worker ({@link #fresh()} deletes it before loading).
     *
     * @param lease how long a claim lasts unless renewed: a worker that dies or stalls longer than
     *     this loses its items to the others, and its late outcomes are refused
     */
    public Builder<I, R> sharedRun(SharedRun run, Duration lease) {
      once("sharedRun", this.shared);
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive, was " + lease);
      }
      this.shared = new PipelineConfig.SharedTarget(run, lease);
      return this;
    }

    /** Items per batch, committed together (default 100). */
    public Builder<I, R> batchSize(int batchSize) {
      once("batchSize", this.batchSize);
      this.batchSize = (int) positive("batchSize", batchSize);
      return this;
    }

    /**
     * Worker threads (default 1), each processing a batch of its own; with a known input size,
     * batches shrink near the end so that every worker gets a share. Output keeps input order
     * whatever the parallelism.
     */
    public Builder<I, R> workers(int workers) {
      once("workers", this.workers);
      this.workers = (int) positive("workers (parallelism)", workers);
      return this;
    }

    public Builder<I, R> retry(RetryPolicy retry) {
      once("retry", this.retry);
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public Builder<I, R> skip(SkipPolicy skip) {
      once("skip", this.skip);
      this.skip = Objects.requireNonNull(skip, "skip");
      return this;
    }

    /** Stop after the batch in which an item FAILED (default: keep going). */
    public Builder<I, R> failFast() {
      return failureMode(FailureMode.FAIL_FAST);
    }

    public Builder<I, R> failureMode(FailureMode mode) {
      once("failureMode", this.failureMode);
      this.failureMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The time limit of one attempt of an item (default: none). When it passes, the processor's
     * thread is interrupted and the attempt fails with {@link dev.ratchet.TimedOutException}
     * ("timed out after 30s"), which the retry policy may retry; the run goes on. A processor that
     * blocks should respond to interruption (blocking queues, {@code Thread.sleep}, {@code
     * Process.waitFor} do); one that does not keeps running, and its result is still discarded.
     */
    public Builder<I, R> timeout(Duration timeout) {
      once("timeout", this.timeout);
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** How many times an item may be found interrupted before it is FAILED (default 3). */
    public Builder<I, R> poisonThreshold(int times) {
      once("poisonThreshold", this.poisonThreshold);
      this.poisonThreshold = (int) positive("poisonThreshold", times);
      return this;
    }

    public Builder<I, R> progress(ProgressListener listener) {
      once("progress", this.progress);
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Keep the checkpoint after full success (default: remove it). */
    public Builder<I, R> keepCheckpoint() {
      once("keepCheckpoint", this.keepCheckpoint);
      this.keepCheckpoint = true;
      return this;
    }

    /** Discard any existing checkpoint (and start the output over) instead of resuming. */
    public Builder<I, R> fresh() {
      once("fresh", this.fresh);
      this.fresh = true;
      return this;
    }

    /**
     * For crash tests only: halt the JVM ({@link Runtime#halt}, exit code {@value
     * PipelineConfig#CRASH_EXIT_CODE}) once this run has processed {@code items} items, without
     * committing the open batch.
     */
    public Builder<I, R> crashAfter(long items) {
      once("crashAfter", this.crashAfter);
      this.crashAfter = positive("crashAfter", items);
      return this;
    }

    /**
     * The command line that runs this pipeline again, recorded in the run history ({@link
     * dev.ratchet.history.RunRecord#command()}) so that a dashboard can offer to retry the run. Not
     * run by the pipeline itself.
     */
    public Builder<I, R> command(List<String> argv) {
      this.command = RunRecords.checkedCommand(this.command, argv);
      return this;
    }

    /**
     * What the processor does to each item (a command, a version), recorded by each run in the
     * checkpoint ({@link dev.ratchet.store.MetaKeys#WORK}): a resume can see the earlier work.
     */
    public Builder<I, R> work(String description) {
      once("work", this.work);
      this.work = Objects.requireNonNull(description, "description");
      return this;
    }

    public ItemPipeline<I, R> build() {
      if (source == null && shared == null) {
        throw new IllegalStateException("no source: call source(...), e.g. Sources.lines(path)");
      }
      if (processor == null) {
        throw new IllegalStateException("no processor: call processor(...)");
      }
      if (store == null && shared == null) {
        throw new IllegalStateException(
            "no checkpoint: call checkpoint(directory), store(...) or sharedRun(...)");
      }
      if (store != null && shared != null) {
        throw new IllegalStateException(
            "a shared run keeps the run's state in its server: give either checkpoint/store or"
                + " sharedRun, not both");
      }
      if (shared != null && keepCheckpoint != null) {
        throw new IllegalStateException(
            "keepCheckpoint() has no meaning for a shared run: workers never delete it");
      }
      if (fresh != null && singleStore) {
        throw new IllegalStateException(
            "fresh() deletes the checkpoint and opens a new store, which a single store(...)"
                + " instance cannot do; use checkpoint(directory) or storeFactory(...)");
      }
      return new ItemPipeline<>(
          new PipelineConfig<>(
              source,
              processor,
              sink != null ? sink : Sinks.none(),
              store,
              batchSize != null ? batchSize : 100,
              workers != null ? workers : 1,
              retry != null ? retry : RetryPolicy.none(),
              skip != null ? skip : SkipPolicy.never(),
              failureMode != null ? failureMode : FailureMode.KEEP_GOING,
              timeout,
              poisonThreshold != null ? poisonThreshold : 3,
              progress != null ? progress : ProgressListener.none(),
              keepCheckpoint != null,
              fresh != null,
              crashAfter != null ? crashAfter : 0,
              command,
              work,
              shared));
    }
  }
}
