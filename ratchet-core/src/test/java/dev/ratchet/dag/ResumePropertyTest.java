package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.store.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Seeded random DAGs with random failing nodes: a failed run followed by a resume ends with the
 * same results as an uninterrupted run, and every node that completed in the first run is never run
 * again.
 */
class ResumePropertyTest {

  @Property(tries = 25, seed = "20261124")
  void failThenResumeEqualsAnUninterruptedRun(
      @ForAll @IntRange(min = 1, max = 12) int size,
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed,
      @ForAll @IntRange(min = 1, max = 4) int workers)
      throws IOException {
    Random random = new Random(seed);
    Dag.Builder builder = Dag.builder();
    for (int i = 0; i < size; i++) {
      builder.addNode("node " + i);
    }
    for (int to = 1; to < size; to++) {
      for (int from = 0; from < to; from++) {
        if (random.nextInt(4) == 0) {
          builder.addEdge("node " + from, "node " + to);
        }
      }
    }
    Dag dag = builder.build();
    Set<String> failing = new HashSet<>();
    for (String node : dag.nodes()) {
      if (random.nextInt(4) == 0) {
        failing.add(node);
      }
    }
    if (failing.isEmpty()) {
      failing.add(dag.nodes().get(random.nextInt(size)));
    }
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Path dir = Files.createTempDirectory("ratchet-dag-property");
    try {
      CheckpointExecutor executor =
          CheckpointExecutor.builder(dag)
              .checkpoint(dir.resolve("ckpt"), FsyncPolicy.NEVER)
              .workers(workers)
              .build();
      ExecutionResult first = executor.execute(tasks(dag, failing, runs));
      Set<String> completedFirst = new HashSet<>(first.nodes(NodeStatus.SUCCEEDED));
      assertThat(failing).containsAll(first.nodes(NodeStatus.FAILED));
      assertThat(first.failed()).isPositive();

      ExecutionResult resumed = executor.resume(tasks(dag, Set.of(), runs));
      assertThat(resumed.isSuccess()).as("seed %d", seed).isTrue();
      assertThat(resumed.nodes(NodeStatus.RESTORED))
          .containsExactlyInAnyOrderElementsOf(completedFirst);
      Map<String, Integer> expected = uninterrupted(dag);
      for (String node : dag.nodes()) {
        assertThat(resumed.result(node, Integer.class))
            .as("result of %s", node)
            .isEqualTo(expected.get(node));
        int expectedRuns = first.nodeResult(node).status() == NodeStatus.FAILED ? 2 : 1;
        assertThat(runs.get(node).get())
            .as("runs of %s (seed %d)", node, seed)
            .isEqualTo(expectedRuns);
      }
      assertThat(executor.checkpointInfo().exists()).isFalse();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Each node's result is its index plus the sum of its upstream results. */
  private static Map<String, Task> tasks(
      Dag dag, Set<String> failing, Map<String, AtomicInteger> runs) {
    Map<String, Task> tasks = new HashMap<>();
    for (String node : dag.nodes()) {
      tasks.put(
          node,
          ctx -> {
            runs.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
            if (failing.contains(node)) {
              throw new IllegalStateException("planned failure");
            }
            int sum = Integer.parseInt(node.substring(5));
            for (String up : ctx.upstream()) {
              sum += ctx.result(up, Integer.class);
            }
            return sum;
          });
    }
    return tasks;
  }

  private static Map<String, Integer> uninterrupted(Dag dag) {
    Map<String, Integer> results = new HashMap<>();
    for (String node : dag.topologicalOrder()) {
      int sum = Integer.parseInt(node.substring(5));
      for (String up : dag.upstream(node)) {
        sum += results.get(up);
      }
      results.put(node, sum);
    }
    return results;
  }
}
