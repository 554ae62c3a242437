package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed DAG on resume: what changed runs again with its descendants, the rest is restored. */
class DagChangeTest {
  @TempDir Path dir;
  final Scenarios scenarios = new Scenarios();
  final AtomicReference<ResumePlan> plan = new AtomicReference<>();

  CheckpointExecutor.Builder builder(Dag dag) {
    return CheckpointExecutor.builder(dag)
        .checkpoint(dir.resolve("ckpt"))
        .workers(2)
        .listener(
            new DagListener() {
              @Override
              public void resumePlanned(ResumePlan resumePlan) {
                plan.set(resumePlan);
              }
            });
  }

  @Test
  void aChangedDefinitionRunsTheNodeAndEverythingDownstreamAgain() {
    builder(Scenarios.flakyLoadDag())
        .version("transform", "v1")
        .keepCheckpoint(true)
        .build()
        .execute(scenarios.flakyLoadTasks(false));

    ExecutionResult second =
        builder(Scenarios.flakyLoadDag())
            .version("transform", "v2")
            .build()
            .resume(scenarios.flakyLoadTasks(false));

    assertThat(second.nodes(NodeStatus.RESTORED)).containsExactly("extract");
    assertThat(second.nodes(NodeStatus.SUCCEEDED))
        .containsExactly("transform", "validate", "load", "notify");
    assertThat(plan.get().changed())
        .containsEntry("transform", "version: 'v1' -> 'v2'")
        .containsEntry("validate", "upstream 'transform' changed")
        .containsEntry("notify", "upstream 'load' changed");
    assertThat(plan.get().summary()).isEqualTo("Resume plan: 1 done, 4 remaining");
    // The checkpoint was kept once on purpose, so it stays kept.
    assertThat(second.checkpointKept()).isTrue();
  }

  @Test
  void aStepAddedToAFailedDagRunsWithWhatFailedAndTheRestIsRestored() {
    builder(Scenarios.flakyLoadDag()).build().execute(scenarios.flakyLoadTasks(true));
    Dag grown =
        Dag.builder()
            .addEdge("extract", "transform")
            .addEdge("transform", "validate")
            .addEdge("validate", "load")
            .addEdge("load", "notify")
            .addEdge("validate", "report")
            .build();
    Map<String, Task> tasks = new LinkedHashMap<>(scenarios.flakyLoadTasks(false));
    tasks.put("report", ctx -> "report of " + ctx.resultJson("validate").get("rows"));

    ExecutionResult second = builder(grown).build().resume(tasks);

    assertThat(second.nodes(NodeStatus.RESTORED))
        .containsExactly("extract", "transform", "validate");
    assertThat(second.nodes(NodeStatus.SUCCEEDED)).containsExactly("load", "notify", "report");
    assertThat(second.result("report", String.class)).isEqualTo("report of 1000");
    assertThat(plan.get().changed()).containsExactly(Map.entry("report", "new step"));
    assertThat(plan.get().summary()).isEqualTo("Resume plan: 3 done, 3 remaining");
    assertThat(scenarios.runCounts()).containsEntry("extract", 1).containsEntry("validate", 1);
  }

  @Test
  void aRemovedNodeIsDroppedAndChangedNeedsRunAgain() {
    builder(Scenarios.flakyLoadDag()).build().execute(scenarios.flakyLoadTasks(true));
    Dag shrunk =
        Dag.builder()
            .addEdge("extract", "transform")
            .addEdge("transform", "validate")
            .addEdge("extract", "load")
            .build();
    Map<String, Task> tasks = new LinkedHashMap<>(scenarios.flakyLoadTasks(false));
    tasks.remove("notify");
    tasks.put("load", ctx -> 7);

    ExecutionResult second = builder(shrunk).build().resume(tasks);

    assertThat(plan.get().removed()).containsExactly("notify");
    assertThat(plan.get().changed()).containsEntry("load", "needs: [validate] -> [extract]");
    assertThat(second.nodes(NodeStatus.SUCCEEDED)).containsExactly("load");
    assertThat(second.isSuccess()).isTrue();
  }

  @Test
  void aCrashAfterAChangeDoesNotBringBackTheOldResultsDownstream() {
    builder(Scenarios.flakyLoadDag())
        .version("extract", "v1")
        .build()
        .execute(scenarios.flakyLoadTasks(true));
    // extract changed; this call fails at transform, before validate ran again.
    Map<String, Task> failing = new LinkedHashMap<>(scenarios.flakyLoadTasks(false));
    failing.put(
        "transform",
        ctx -> {
          throw new IllegalStateException("disk full");
        });
    builder(Scenarios.flakyLoadDag()).version("extract", "v2").build().resume(failing);

    ExecutionResult third =
        builder(Scenarios.flakyLoadDag())
            .version("extract", "v2")
            .build()
            .resume(scenarios.flakyLoadTasks(false));

    // validate's result predates the change: it must run, not be restored.
    assertThat(third.nodes(NodeStatus.RESTORED)).containsExactly("extract");
    assertThat(third.nodes(NodeStatus.SUCCEEDED))
        .containsExactly("transform", "validate", "load", "notify");
    assertThat(scenarios.runsOf("validate")).isEqualTo(2);
  }

  @Test
  void rerunWorksOnAFailedCallsCheckpointAndKeepsAKeptOne() {
    builder(Scenarios.flakyLoadDag())
        .keepCheckpoint(true)
        .build()
        .execute(scenarios.flakyLoadTasks(false));
    CheckpointExecutor later = builder(Scenarios.flakyLoadDag()).build();

    ExecutionResult rerun = later.rerun(scenarios.flakyLoadTasks(false), Set.of("load"));

    assertThat(rerun.nodes(NodeStatus.SUCCEEDED)).containsExactly("load", "notify");
    assertThat(plan.get().changed())
        .containsEntry("load", "rerun asked for")
        .containsEntry("notify", "downstream of a rerun");
    assertThat(later.checkpointInfo().exists()).isTrue();
  }

  @Test
  void theSeedsNumbersAndAReadOnlyInfoDuringARun() throws Exception {
    CheckpointExecutor executor = builder(Scenarios.flakyLoadDag()).build();
    executor.execute(scenarios.flakyLoadTasks(true));
    DagCheckpointInfo info = executor.checkpointInfo();
    assertThat(info.totalCheckpointed()).isEqualTo(3);
    assertThat(info.nodeCount()).isEqualTo(executor.dag().nodeCount()).isEqualTo(5);
    assertThat(info.remaining()).isEqualTo(2);
    assertThat(info.failed()).containsExactly("load");
    assertThat(info.skipped()).containsExactly("notify");

    CountDownLatch loadStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Task> tasks = new LinkedHashMap<>(scenarios.flakyLoadTasks(false));
    tasks.put(
        "load",
        ctx -> {
          loadStarted.countDown();
          assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
          return 1000;
        });
    Thread run = new Thread(() -> executor.resume(tasks));
    run.start();
    try {
      assertThat(loadStarted.await(60, TimeUnit.SECONDS)).isTrue();
      DagCheckpointInfo live = executor.checkpointInfo();
      assertThat(live.completed()).containsExactly("extract", "transform", "validate");
      assertThat(live.totalCheckpointed()).isEqualTo(3);
    } finally {
      release.countDown();
      run.join(60_000);
    }
    assertThat(plan.get().summary()).isEqualTo("Resume plan: 3 done, 2 remaining");
  }
}
