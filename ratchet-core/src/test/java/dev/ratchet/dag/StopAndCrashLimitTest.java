package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop with a grace period, and the limit on nodes that crash the process. */
class StopAndCrashLimitTest {
  @TempDir Path dir;

  private CheckpointExecutor executor(Dag dag) {
    return CheckpointExecutor.builder(dag)
        .store(Checkpoints.stores(dir.resolve("ckpt")))
        .workers(2)
        .build();
  }

  @Test
  void aGracefulStopLetsRunningNodesFinishAndStartsNoNewOne() throws Exception {
    Dag dag = Dag.builder().addEdge("first", "second").build();
    CheckpointExecutor executor = executor(dag);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopAsked = new CountDownLatch(1);
    Thread stopper =
        new Thread(
            () -> {
              try {
                started.await();
                executor.stop(Duration.ofMinutes(5));
                stopAsked.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    stopper.start();
    ExecutionResult result =
        executor.execute(
            Map.of(
                "first",
                ctx -> {
                  started.countDown();
                  stopAsked.await();
                  return "finished";
                },
                "second",
                ctx -> "never"));
    stopper.join();

    assertThat(result.nodeResult("first").status()).isEqualTo(NodeStatus.SUCCEEDED);
    assertThat(result.nodeResult("second").status()).isEqualTo(NodeStatus.NOT_RUN);
    assertThat(result.isSuccess()).isFalse();
    ExecutionResult resumed = executor.resume(Map.of("first", ctx -> "x", "second", ctx -> "y"));
    assertThat(resumed.restored()).isEqualTo(1);
    assertThat(resumed.succeeded()).isEqualTo(1);
  }

  @Test
  void aNodeRunningWhenTheProcessDiedThreeTimesIsFailedAndNotRunUntilRerunExplicitly() {
    Dag dag = Dag.builder().addEdge("crasher", "after").addNode("other").build();
    CheckpointExecutor executor =
        CheckpointExecutor.builder(dag)
            .store(Checkpoints.stores(dir.resolve("ckpt")))
            .keepCheckpoint(true)
            .build();
    AtomicInteger runs = new AtomicInteger();
    Map<String, Task> tasks =
        Map.of(
            "crasher",
            ctx -> {
              runs.incrementAndGet();
              throw new TaskFailedException("failing for now");
            },
            "after",
            ctx -> "after",
            "other",
            ctx -> "other");
    executor.execute(tasks);
    // As if the process then died three times while the node ran: twice counted already, and
    // the node is found in progress once more.
    try (FileStore store = FileStore.at(dir.resolve("ckpt"))) {
      store.open();
      store.commit(Commit.of(List.of(Change.Item.inProgress("crasher", 4, 2))));
    }

    ExecutionResult resumed = executor.resume(tasks);
    ExecutionResult again = executor.resume(tasks);

    for (ExecutionResult result : List.of(resumed, again)) {
      assertThat(result.nodeResult("crasher").status()).isEqualTo(NodeStatus.FAILED);
      assertThat(result.nodeResult("crasher").error())
          .startsWith("crashed the process 3 times")
          .contains("not run again on resume");
      assertThat(result.nodeResult("after").status()).isEqualTo(NodeStatus.SKIPPED);
    }
    assertThat(runs.get()).as("only the first execute ran it").isEqualTo(1);
    try (FileStore store = FileStore.at(dir.resolve("ckpt"))) {
      store.open();
      assertThat(store.get("crasher").orElseThrow().state()).isEqualTo(ItemState.FAILED);
    }

    ExecutionResult rerun =
        executor.rerun(
            Map.of("crasher", ctx -> "fixed", "after", ctx -> "after", "other", ctx -> "other"),
            Set.of("crasher"));
    assertThat(rerun.nodeResult("crasher").status()).isEqualTo(NodeStatus.SUCCEEDED);
    assertThat(rerun.isSuccess()).isTrue();
  }
}
