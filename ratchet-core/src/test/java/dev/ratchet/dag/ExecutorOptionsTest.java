package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.RetryPolicy;
import dev.ratchet.dag.render.DagRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, timeouts, conditions, cancellation, typed results, incremental reruns, exports. */
class ExecutorOptionsTest {
  @TempDir Path dir;
  final Scenarios scenarios = new Scenarios();

  CheckpointExecutor.Builder builder(Dag dag) {
    return CheckpointExecutor.builder(dag).store(Checkpoints.stores(dir.resolve("ckpt")));
  }

  record Batch(String name, List<Integer> rows) {}

  @Test
  void upstreamResultsAreTypedFromTheirJson() {
    Dag dag = Dag.builder().addEdge("extract", "count").build();
    ExecutionResult result =
        builder(dag)
            .build()
            .execute(
                Map.of(
                    "extract", ctx -> new Batch("b1", List.of(1, 2, 3)),
                    "count",
                        ctx -> {
                          Batch batch = ctx.result("extract", Batch.class);
                          List<Integer> rows =
                              ctx.resultJson("extract")
                                  .get("rows")
                                  .traverse(new ObjectMapper())
                                  .readValueAs(new TypeReference<List<Integer>>() {});
                          return batch.name() + ":" + rows.size();
                        }));
    assertThat(result.result("count", String.class)).isEqualTo("b1:3");
    assertThat(result.result("extract", Batch.class)).isEqualTo(new Batch("b1", List.of(1, 2, 3)));
  }

  @Test
  void readingANonUpstreamResultFailsTheNodeWithAClearMessage() {
    Dag dag = Dag.builder().addEdge("a", "b").addNode("c").build();
    ExecutionResult result =
        builder(dag)
            .workers(1)
            .build()
            .execute(
                Map.of("a", ctx -> 1, "c", ctx -> 2, "b", ctx -> ctx.result("c", Integer.class)));
    assertThat(result.nodeResult("b").error())
        .contains(
            "node 'b' asked for the result of 'c', which is not one of its upstream nodes [a]");
  }

  static final class Opaque {
    private final Thread thread = Thread.currentThread();
  }

  @Test
  void aResultThatCannotBeStoredAsJsonFailsTheNodeWhenProduced() {
    Dag dag = Dag.builder().addEdge("make", "use").build();
    ExecutionResult result =
        builder(dag).build().execute(Map.of("make", ctx -> new Opaque(), "use", ctx -> "never"));
    assertThat(result.nodeResult("make").status()).isEqualTo(NodeStatus.FAILED);
    assertThat(result.nodeResult("make").error())
        .contains(
            "its result (a dev.ratchet.dag.ExecutorOptionsTest$Opaque) cannot be stored as JSON")
        .contains("Return a value Jackson can serialize");
    assertThat(result.nodeResult("use").status()).isEqualTo(NodeStatus.SKIPPED);
  }

  @Test
  void retriesWithBackoffUntilTheNodeSucceeds() {
    Dag dag = Dag.builder().addNode("flaky").build();
    AtomicInteger calls = new AtomicInteger();
    List<Long> retryDelays = Collections.synchronizedList(new ArrayList<>());
    ExecutionResult result =
        builder(dag)
            .retry(
                "flaky",
                RetryPolicy.attempts(3)
                    .backoff(Duration.ofMillis(20), Duration.ofSeconds(2))
                    .jitter(0)
                    .build())
            .listener(
                new DagListener() {
                  @Override
                  public void attemptFailed(
                      String node, int attempt, String error, long retryInMillis) {
                    retryDelays.add(retryInMillis);
                  }
                })
            .build()
            .execute(
                Map.of(
                    "flaky",
                    ctx -> {
                      if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("try " + ctx.attempt());
                      }
                      return ctx.attempt();
                    }));
    assertThat(result.result("flaky", Integer.class)).isEqualTo(3);
    assertThat(result.nodeResult("flaky").attempts()).isEqualTo(3);
    assertThat(retryDelays).containsExactly(20L, 40L);
  }

  @Test
  void aFailureTheNodesRetryPolicyDoesNotListFailsAtOnce() {
    Dag dag = Dag.builder().addNode("strict").build();
    AtomicInteger calls = new AtomicInteger();
    ExecutionResult result =
        builder(dag)
            .retry(RetryPolicy.attempts(5).retryOn(IOException.class).build())
            .build()
            .execute(
                Map.of(
                    "strict",
                    ctx -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("not retryable");
                    }));
    assertThat(calls).hasValue(1);
    assertThat(result.nodeResult("strict").attempts()).isEqualTo(1);
    assertThat(result.nodeResult("strict").error()).contains("not retryable");
  }

  @Test
  void exhaustedRetriesFailWithTheLastErrorAndAttemptCount() {
    Dag dag = Dag.builder().addNode("bad").build();
    ExecutionResult result =
        builder(dag)
            .retry(RetryPolicy.of(2, Duration.ofMillis(1)))
            .build()
            .execute(
                Map.of(
                    "bad",
                    ctx -> {
                      throw new IllegalStateException("attempt " + ctx.attempt());
                    }));
    assertThat(result.nodeResult("bad").error())
        .isEqualTo("IllegalStateException: attempt 2 (after 2 attempts)");
  }

  @Test
  void anAttemptThatOutlivesItsTimeoutIsInterruptedAndFails() {
    Dag dag = Dag.builder().addEdge("slow", "after").build();
    long start = System.nanoTime();
    ExecutionResult result =
        builder(dag)
            .timeout("slow", Duration.ofMillis(100))
            .build()
            .execute(
                Map.of(
                    "slow",
                    ctx -> {
                      Thread.sleep(30_000);
                      return "late";
                    },
                    "after",
                    ctx -> "never"));
    assertThat(result.nodeResult("slow").error()).isEqualTo("timed out after 100ms");
    assertThat(result.nodeResult("after").status()).isEqualTo(NodeStatus.SKIPPED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void cancellingWhileNodesAreQueuedButNotYetStartedStillReturns() throws Exception {
    // Regression: a node cancelled between its submission and its start never reported back, so
    // execute() waited forever.
    Dag.Builder wide = Dag.builder();
    for (int i = 0; i < 200; i++) {
      wide.addNode("n" + i);
    }
    Dag dag = wide.build();
    for (int round = 0; round < 5; round++) {
      CheckpointExecutor executor = builder(dag).workers(8).build();
      Map<String, Task> tasks = new HashMap<>();
      for (String node : dag.nodes()) {
        tasks.put(
            node,
            ctx -> {
              executor.cancel();
              return "ran";
            });
      }
      ExecutionResult result =
          Assertions.assertTimeoutPreemptively(
              Duration.ofSeconds(20), () -> executor.execute(tasks));
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.nodes(NodeStatus.NOT_RUN)).isNotEmpty();
      executor.clearCheckpoint();
    }
  }

  @Test
  void cancellingStopsNewNodesAndInterruptsRunningOnesWhichAreNotDoneNeverFailed()
      throws Exception {
    Dag dag = Dag.builder().addEdge("long", "next").build();
    CountDownLatch started = new CountDownLatch(1);
    CheckpointExecutor executor = builder(dag).build();
    Thread canceller =
        new Thread(
            () -> {
              try {
                started.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                return;
              }
              executor.cancel();
            });
    canceller.start();
    ExecutionResult result =
        executor.execute(
            Map.of(
                "long",
                ctx -> {
                  started.countDown();
                  Thread.sleep(30_000);
                  return "done";
                },
                "next",
                ctx -> "next"));
    canceller.join();
    assertThat(result.nodeResult("long").status()).isEqualTo(NodeStatus.NOT_RUN);
    assertThat(result.nodeResult("long").error()).startsWith("stopped while running");
    assertThat(result.nodeResult("next").status()).isEqualTo(NodeStatus.NOT_RUN);
    assertThat(executor.checkpointInfo().failed()).isEmpty();
    assertThat(result.isSuccess()).isFalse();
    ExecutionResult resumed = executor.resume(Map.of("long", ctx -> "done", "next", ctx -> "next"));
    assertThat(resumed.succeeded()).isEqualTo(2);
  }

  @Test
  void independentNodesRunInParallelOnTheWorkers() {
    Dag dag = Dag.builder().addNodes(List.of("a", "b", "c")).build();
    CountDownLatch allStarted = new CountDownLatch(3);
    Task task =
        ctx -> {
          allStarted.countDown();
          return allStarted.await(10, TimeUnit.SECONDS);
        };
    ExecutionResult result =
        builder(dag).workers(3).build().execute(Map.of("a", task, "b", task, "c", task));
    assertThat(result.nodes(NodeStatus.SUCCEEDED)).hasSize(3);
    assertThat(result.result("a", Boolean.class)).isTrue();
  }

  @Test
  void aNodeSkippedByItsConditionStaysSkippedOnResume() {
    Dag dag =
        Dag.builder()
            .addEdge("check", "publish")
            .addEdge("publish", "announce")
            .addEdge("check", "flaky")
            .build();
    CheckpointExecutor executor =
        builder(dag)
            .when("publish", ctx -> ctx.resultJson("check").get("changed").asBoolean())
            .build();
    AtomicInteger checks = new AtomicInteger();
    Map<String, Task> failing =
        Map.of(
            "check",
            ctx -> Map.of("changed", checks.incrementAndGet() > 1),
            "publish",
            ctx -> "published",
            "announce",
            ctx -> "announced",
            "flaky",
            ctx -> {
              throw new IllegalStateException("flaky");
            });
    ExecutionResult first = executor.execute(failing);
    assertThat(first.nodeResult("publish").status()).isEqualTo(NodeStatus.SKIPPED);
    assertThat(first.nodeResult("publish").error()).isEqualTo("skipped by condition");
    assertThat(first.nodeResult("announce").error())
        .isEqualTo("skipped by condition of upstream 'publish'");
    assertThat(first.nodeResult("flaky").status()).isEqualTo(NodeStatus.FAILED);

    Map<String, Task> fixed =
        Map.of(
            "check",
            ctx -> Map.of("changed", true),
            "publish",
            ctx -> "published",
            "announce",
            ctx -> "announced",
            "flaky",
            ctx -> "ok");
    ExecutionResult second = executor.resume(fixed);
    assertThat(second.nodes(NodeStatus.RESTORED)).containsExactly("check");
    assertThat(second.nodes(NodeStatus.SKIPPED)).containsExactlyInAnyOrder("publish", "announce");
    assertThat(second.nodes(NodeStatus.SUCCEEDED)).containsExactly("flaky");
    assertThat(second.isSuccess()).isTrue();
  }

  @Test
  void rerunRunsChangedNodesAndDescendantsAndRestoresTheRest() {
    CheckpointExecutor executor = builder(Scenarios.flakyLoadDag()).keepCheckpoint(true).build();
    ExecutionResult first = executor.execute(scenarios.flakyLoadTasks(false));
    assertThat(first.succeeded()).isEqualTo(5);
    assertThat(first.checkpointKept()).isTrue();
    assertThat(executor.checkpointInfo().progress()).isEqualTo(1.0);

    ExecutionResult rerun = executor.rerun(scenarios.flakyLoadTasks(false), Set.of("validate"));
    assertThat(rerun.nodes(NodeStatus.RESTORED)).containsExactly("extract", "transform");
    assertThat(rerun.nodes(NodeStatus.SUCCEEDED)).containsExactly("validate", "load", "notify");
    assertThat(scenarios.runsOf("transform")).isEqualTo(1);
    assertThat(scenarios.runsOf("notify")).isEqualTo(2);

    executor.clearCheckpoint();
    assertThat(executor.checkpointInfo().exists()).isFalse();
  }

  @Test
  void checkpointIsRemovedOnFullSuccessUnlessKept() {
    CheckpointExecutor removing = builder(Scenarios.fanDag()).build();
    assertThat(removing.execute(scenarios.fanTasks(false)).checkpointKept()).isFalse();
    assertThat(removing.checkpointInfo().exists()).isFalse();
  }

  @Test
  void chromeTraceMarksRestoredNodesAndDotShowsStates() throws Exception {
    CheckpointExecutor executor = builder(Scenarios.flakyLoadDag()).build();
    executor.execute(scenarios.flakyLoadTasks(true));
    ExecutionResult resumed = executor.resume(scenarios.flakyLoadTasks(false));
    Path trace = dir.resolve("trace.json");
    DagRenderer.writeChromeTrace(resumed, trace);
    JsonNode events = new ObjectMapper().readTree(Files.readString(trace)).get("traceEvents");
    Map<String, JsonNode> byName = new ConcurrentHashMap<>();
    events.forEach(
        e -> {
          if (!e.get("ph").asText().equals("M")) {
            byName.put(e.get("name").asText(), e);
          }
        });
    assertThat(byName.keySet())
        .containsExactlyInAnyOrder("extract", "transform", "validate", "load", "notify");
    assertThat(byName.get("extract").get("args").get("restored").asBoolean()).isTrue();
    assertThat(byName.get("extract").get("cat").asText()).isEqualTo("restored");
    assertThat(byName.get("load").get("ph").asText()).isIn("X", "i");
    assertThat(byName.get("load").get("args").get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(DagRenderer.dot(resumed)).contains("\"extract\" [label=\"extract\\nrestored\"");
    assertThat(DagRenderer.mermaid(resumed)).contains("n3[\"load (succeeded)\"]:::succeeded");
  }
}
