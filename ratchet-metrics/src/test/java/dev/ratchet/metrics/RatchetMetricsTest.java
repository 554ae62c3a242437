package dev.ratchet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.RetryPolicy;
import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.ExecutionResult;
import dev.ratchet.dag.Task;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatchetMetricsTest {
  @TempDir Path dir;

  /** extract ok; flaky fails once then succeeds; broken always fails; after-broken is skipped. */
  private static final Dag DAG =
      Dag.builder()
          .addNode("extract")
          .addNode("flaky")
          .addEdge("extract", "broken")
          .addEdge("broken", "after-broken")
          .build();

  @Test
  void dagRunWithKnownOutcomesIsCounted() {
    MeterRegistry registry = new SimpleMeterRegistry();
    RatchetMetrics metrics = new RatchetMetrics("nightly");
    metrics.bindTo(registry);
    Path ckpt = dir.resolve("ckpt");

    ExecutionResult result = executor(metrics, ckpt).execute(tasks(new AtomicInteger()));

    assertThat(result.failed()).isEqualTo(1);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "succeeded")).isEqualTo(2);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "failed")).isEqualTo(1);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "skipped")).isEqualTo(1);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "restored")).isZero();
    assertThat(count(registry, "ratchet.dag.retries", null, null)).isEqualTo(2);
    assertThat(gauge(registry, "ratchet.dag.nodes.running")).isZero();

    assertThat(count(registry, "ratchet.items.finished", "outcome", "done")).isEqualTo(2);
    assertThat(count(registry, "ratchet.items.finished", "outcome", "failed")).isEqualTo(1);
    assertThat(count(registry, "ratchet.items.finished", "outcome", "skipped")).isEqualTo(1);
    assertThat(count(registry, "ratchet.items.retries", null, null)).isEqualTo(2);
    assertThat(count(registry, "ratchet.items.interrupted", null, null)).isZero();
    assertThat(gauge(registry, "ratchet.items.in.flight")).isZero();
    long commits = registry.get("ratchet.commit").tag("run", "nightly").timer().count();
    assertThat(commits).isGreaterThanOrEqualTo(9);
    // node transitions are forced in the background, several to one force
    assertThat(registry.get("ratchet.fsync").timer().count()).isPositive();
    assertThat(registry.get("ratchet.fsync").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void interruptedNodesFoundAtStartAndRestoredNodesAreCounted() {
    Path ckpt = dir.resolve("ckpt");
    executor(new RatchetMetrics("first"), ckpt).execute(tasks(new AtomicInteger()));
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      store.commit(Commit.of(Change.Item.inProgress("broken", 3, 0)));
    }

    MeterRegistry registry = new SimpleMeterRegistry();
    RatchetMetrics metrics = new RatchetMetrics("second");
    metrics.bindTo(registry);
    ExecutionResult result = executor(metrics, ckpt).resume(tasks(new AtomicInteger()));

    assertThat(result.interrupted()).containsExactly("broken");
    assertThat(count(registry, "ratchet.items.interrupted", null, null)).isEqualTo(1);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "restored")).isEqualTo(2);
    assertThat(count(registry, "ratchet.dag.nodes", "state", "failed")).isEqualTo(1);
    assertThat(
            registry
                .get("ratchet.items.finished")
                .tag("run", "second")
                .tag("outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1);
  }

  private static CheckpointExecutor executor(RatchetMetrics metrics, Path ckpt) {
    return CheckpointExecutor.builder(DAG)
        .store(() -> metrics.store(metrics.fileStore(FileStore.builder(ckpt)).build()))
        .listener(metrics.dagListener())
        .retry(RetryPolicy.of(2, Duration.ofMillis(1)))
        .keepCheckpoint(true)
        .build();
  }

  private static Map<String, Task> tasks(AtomicInteger flakyCalls) {
    return Map.of(
        "extract", ctx -> "rows",
        "flaky",
            ctx -> {
              if (flakyCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
              }
              return 1;
            },
        "broken",
            ctx -> {
              throw new IllegalStateException("always fails");
            },
        "after-broken", ctx -> "never");
  }

  private static double count(MeterRegistry registry, String name, String tag, String value) {
    var search = registry.get(name);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    return search.counter().count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
