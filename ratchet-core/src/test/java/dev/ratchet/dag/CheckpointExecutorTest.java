package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.CheckpointDamagedException;
import dev.ratchet.RetryPolicy;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.Commit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointExecutorTest {
  @TempDir Path dir;
  final Scenarios scenarios = new Scenarios();

  Supplier<CheckpointStore> stores() {
    return Checkpoints.stores(dir.resolve("ckpt"));
  }

  CheckpointExecutor executor(Dag dag) {
    return CheckpointExecutor.builder(dag).store(stores()).workers(2).build();
  }

  @Test
  void flakyLoadFailsThenResumeRestoresCompletedNodesAndRunsTheRest() {
    CheckpointExecutor executor = executor(Scenarios.flakyLoadDag());

    ExecutionResult first = executor.execute(scenarios.flakyLoadTasks(true));
    assertThat(first.succeeded()).isEqualTo(3);
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.skipped()).isEqualTo(1);
    assertThat(first.nodeResult("load").error()).contains("database unavailable");
    assertThat(first.nodeResult("notify").error()).isEqualTo("upstream 'load' failed");
    assertThat(first.checkpointKept()).isTrue();

    ExecutionResult second = executor.resume(scenarios.flakyLoadTasks(false));
    assertThat(second.succeeded()).isEqualTo(2);
    assertThat(second.restored()).isEqualTo(3);
    assertThat(second.failed()).isZero();
    assertThat(second.nodes(NodeStatus.RESTORED))
        .containsExactly("extract", "transform", "validate");
    assertThat(second.nodes(NodeStatus.SUCCEEDED)).containsExactly("load", "notify");
    assertThat(second.result("transform", String.class)).isEqualTo("transformed 1000 rows");
    assertThat(second.result("notify", String.class)).isEqualTo("loaded 1000");
    assertThat(scenarios.runCounts())
        .containsEntry("extract", 1)
        .containsEntry("transform", 1)
        .containsEntry("validate", 1)
        .containsEntry("load", 2)
        .containsEntry("notify", 1);
    assertThat(second.checkpointKept()).isFalse();
    assertThat(executor.checkpointInfo().exists()).isFalse();
  }

  @Test
  void fanOutFanInResumeRunsOnlyTheFailedBranchAndTheJoin() {
    CheckpointExecutor executor = executor(Scenarios.fanDag());

    ExecutionResult first = executor.execute(scenarios.fanTasks(true));
    assertThat(first.nodes(NodeStatus.SUCCEEDED))
        .containsExactlyInAnyOrder("source", "branch_a", "branch_c");
    assertThat(first.nodes(NodeStatus.FAILED)).containsExactly("branch_b");
    assertThat(first.nodes(NodeStatus.SKIPPED)).containsExactly("join");
    DagCheckpointInfo info = executor.checkpointInfo();
    assertThat(info.completed()).containsExactlyInAnyOrder("source", "branch_a", "branch_c");
    assertThat(info.failed()).containsExactly("branch_b");
    assertThat(info.skipped()).containsExactly("join");
    assertThat(info.progress()).isEqualTo(0.6);
    DagCheckpointInfo inspected = DagCheckpointInfo.inspect(dir.resolve("ckpt")).orElseThrow();
    assertThat(inspected.completed()).isEqualTo(info.completed());
    assertThat(inspected.failed()).isEqualTo(info.failed());
    assertThat(inspected.skipped()).isEqualTo(info.skipped());
    assertThat(inspected.notRun()).isZero();

    ExecutionResult second = executor.resume(scenarios.fanTasks(false));
    assertThat(second.nodes(NodeStatus.SUCCEEDED)).containsExactly("branch_b", "join");
    assertThat(second.nodes(NodeStatus.RESTORED)).containsExactly("source", "branch_a", "branch_c");
    assertThat(second.result("join", Integer.class)).isEqualTo(9);
    assertThat(scenarios.runCounts())
        .containsEntry("source", 1)
        .containsEntry("branch_a", 1)
        .containsEntry("branch_b", 2)
        .containsEntry("branch_c", 1)
        .containsEntry("join", 1);
  }

  @Test
  void resumeWithoutCheckpointRunsEverything() {
    ExecutionResult result = executor(Scenarios.fanDag()).resume(scenarios.fanTasks(false));
    assertThat(result.succeeded()).isEqualTo(5);
    assertThat(result.restored()).isZero();
    assertThat(result.isSuccess()).isTrue();
  }

  @Test
  void executeStartsFreshEvenWithACheckpoint() {
    CheckpointExecutor executor = executor(Scenarios.flakyLoadDag());
    executor.execute(scenarios.flakyLoadTasks(true));
    ExecutionResult again = executor.execute(scenarios.flakyLoadTasks(false));
    assertThat(again.succeeded()).isEqualTo(5);
    assertThat(again.restored()).isZero();
    assertThat(scenarios.runsOf("extract")).isEqualTo(2);
  }

  @Test
  void aDamagedNodeRecordIsRejectedAndLeftInPlace() {
    CheckpointExecutor executor = executor(Scenarios.flakyLoadDag());
    executor.execute(scenarios.flakyLoadTasks(true));
    CheckpointStore store = stores().get();
    store.open();
    store.commit(Commit.of(Change.Item.done("transform", 1, "{\"rows\": 10")));
    store.close();
    assertThatThrownBy(() -> executor.resume(scenarios.flakyLoadTasks(false)))
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining(
            "the record of node 'transform' is damaged: its result is not valid JSON")
        .hasMessageContaining("--fresh");
    assertThat(scenarios.runsOf("load")).isEqualTo(1);
    assertThat(executor.checkpointInfo().completed()).contains("transform");
  }

  @Test
  void aTamperedJournalRecordIsRejectedNamingTheFile() throws Exception {
    CheckpointExecutor executor = executor(Scenarios.flakyLoadDag());
    executor.execute(scenarios.flakyLoadTasks(true));
    Path journal;
    try (var files = Files.list(dir.resolve("ckpt"))) {
      journal = files.filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(journal);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("transformed 1000 rows");
    assertThat(at).as("the transform result is in the journal").isPositive();
    bytes[at] = 'T';
    Files.write(journal, bytes);
    assertThatThrownBy(() -> executor.resume(scenarios.flakyLoadTasks(false)))
        .isInstanceOf(CheckpointDamagedException.class)
        .hasMessageContaining(journal.getFileName().toString());
    assertThat(scenarios.runsOf("load")).isEqualTo(1);
  }

  @Test
  void missingTaskAndTaskForUnknownNodeAreRefused() {
    CheckpointExecutor executor = executor(Scenarios.fanDag());
    Map<String, Task> missing = scenarios.fanTasks(false);
    missing.remove("join");
    assertThatThrownBy(() -> executor.execute(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no task for nodes [join]");
    Map<String, Task> extra = scenarios.fanTasks(false);
    extra.put("branch_d", ctx -> 0);
    assertThatThrownBy(() -> executor.execute(extra))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tasks given for nodes that are not in the DAG: [branch_d]");
    assertThat(scenarios.runCounts()).isEmpty();
  }

  @Test
  void optionsForUnknownNodesAndRepeatedOptionsAreRefused() {
    CheckpointExecutor.Builder builder = CheckpointExecutor.builder(Scenarios.fanDag());
    assertThatThrownBy(() -> builder.retry("nope", RetryPolicy.none()))
        .hasMessageContaining("retry policy given for unknown node 'nope'");
    assertThatThrownBy(() -> builder.workers(0))
        .hasMessageContaining("workers must be >= 1, was 0");
    builder.workers(2);
    assertThatThrownBy(() -> builder.workers(3)).hasMessageContaining("workers was already set");
    assertThatThrownBy(builder::build).hasMessageContaining("no checkpoint store");
  }
}
