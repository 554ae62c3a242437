package dev.ratchet.internal.items;

import dev.ratchet.RetryPolicy;
import dev.ratchet.items.FailureMode;
import dev.ratchet.items.ItemProcessor;
import dev.ratchet.items.ItemSink;
import dev.ratchet.items.ItemSource;
import dev.ratchet.items.ProgressListener;
import dev.ratchet.items.SkipPolicy;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.SharedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an item pipeline was built with. Validated by the public builder.
 *
 * @param store the local checkpoint store, or null on a shared run
 * @param timeout the time limit of one attempt, or null for none
 * @param shared the shared run this pipeline is a worker of, or null for a local store
 */
public record PipelineConfig<I, R>(
    ItemSource<I> source,
    ItemProcessor<I, R> processor,
    ItemSink<I, R> sink,
    Supplier<CheckpointStore> store,
    int batchSize,
    int workers,
    RetryPolicy retry,
    SkipPolicy skip,
    FailureMode failureMode,
    Duration timeout,
    int poisonThreshold,
    ProgressListener progress,
    boolean keepCheckpoint,
    boolean fresh,
    long crashAfter,
    List<String> command,
    String work,
    SharedTarget shared) {

  /** The exit code of a JVM halted by the crash hook. */
  public static final int CRASH_EXIT_CODE = 86;

  /**
   * The shared run a pipeline works on as one worker.
   *
   * @param lease how long this worker's claims last unless its heartbeat renews them
   */
  public record SharedTarget(SharedRun run, Duration lease) {}

  /** The journal file store in {@code directory}, with default settings. */
  public static Supplier<CheckpointStore> fileStore(Path directory) {
    return () -> FileStore.at(directory);
  }
}
