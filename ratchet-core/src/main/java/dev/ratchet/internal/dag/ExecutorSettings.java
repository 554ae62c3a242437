package dev.ratchet.internal.dag;

import dev.ratchet.RetryPolicy;
import dev.ratchet.dag.DagListener;
import dev.ratchet.dag.TaskContext;
import dev.ratchet.store.CheckpointStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The executor's validated options. */
public record ExecutorSettings(
    Supplier<? extends CheckpointStore> stores,
    int workers,
    int crashLimit,
    boolean keepCheckpoint,
    RetryPolicy defaultRetry,
    Map<String, RetryPolicy> retries,
    Duration defaultTimeout,
    Map<String, Duration> timeouts,
    Map<String, Predicate<TaskContext>> conditions,
    DagListener listener) {
  public ExecutorSettings {
    retries = Map.copyOf(retries);
    timeouts = Map.copyOf(timeouts);
    conditions = Map.copyOf(conditions);
  }

  public RetryPolicy retryFor(String node) {
    return retries.getOrDefault(node, defaultRetry);
  }

  /** The node's timeout, or null for none. */
  public Duration timeoutFor(String node) {
    return timeouts.getOrDefault(node, defaultTimeout);
  }
}
