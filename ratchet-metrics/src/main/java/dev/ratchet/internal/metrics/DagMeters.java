package dev.ratchet.internal.metrics;

import dev.ratchet.dag.DagListener;
import dev.ratchet.dag.NodeResult;
import dev.ratchet.dag.NodeStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Counts DAG nodes by final state, running nodes and retries. */
public final class DagMeters implements DagListener {
  private final Map<NodeStatus, Counter> byState = new EnumMap<>(NodeStatus.class);
  private final Counter retries;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  public DagMeters(MeterRegistry registry, Tags tags) {
    for (NodeStatus status : NodeStatus.values()) {
      byState.put(
          status,
          Counter.builder("ratchet.dag.nodes")
              .description("DAG nodes by the state they reached")
              .tags(tags.and("state", status.name().toLowerCase(Locale.ROOT)))
              .register(registry));
    }
    retries =
        Counter.builder("ratchet.dag.retries")
            .description("Failed node attempts that were retried")
            .tags(tags)
            .register(registry);
    Gauge.builder("ratchet.dag.nodes.running", running, Set::size)
        .description("DAG nodes running now")
        .tags(tags)
        .register(registry);
  }

  @Override
  public void attemptStarted(String node, int attempt) {
    running.add(node);
  }

  @Override
  public void attemptFailed(String node, int attempt, String error, long retryInMillis) {
    running.remove(node);
    retries.increment();
  }

  @Override
  public void nodeFinished(NodeResult result) {
    running.remove(result.node());
    byState.get(result.status()).increment();
  }
}
