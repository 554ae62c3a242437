package dev.ratchet.dag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.Outcome;
import dev.ratchet.SkipCause;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a node was skipped is recorded as a {@link SkipCause} code, and older English records still
 * read.
 */
class SkipCausesTest {
  @TempDir Path dir;

  private final Dag dag =
      Dag.builder().addEdge("check", "publish").addEdge("publish", "announce").build();

  private CheckpointExecutor executor() {
    return CheckpointExecutor.builder(dag)
        .store(Checkpoints.stores(dir.resolve("ckpt")))
        .when("publish", ctx -> false)
        .keepCheckpoint(true)
        .build();
  }

  private static Map<String, Task> tasks(String publish) {
    return Map.of(
        "check",
        ctx -> "checked",
        "publish",
        ctx -> {
          throw new AssertionError(publish);
        },
        "announce",
        ctx -> {
          throw new AssertionError(publish);
        });
  }

  @Test
  void aSkipIsRecordedAsACodeBesideItsReasonInWords() {
    ExecutionResult result = executor().execute(tasks("its condition is false"));

    assertThat(result.nodeResult("publish").outcome())
        .isEqualTo(new Outcome.Skipped<>(SkipCause.CONDITION, "skipped by condition", 0));
    assertThat(result.nodeResult("announce").outcome())
        .isInstanceOfSatisfying(
            Outcome.Skipped.class,
            s -> assertThat(s.cause()).isEqualTo(SkipCause.UPSTREAM_CONDITION));
    assertThat(result.isSuccess()).isTrue();
    assertThat(record("publish").result()).isEqualTo("{\"skip\":\"condition\"}");
    assertThat(record("publish").error()).isEqualTo("skipped by condition");
    assertThat(record("announce").result()).isEqualTo("{\"skip\":\"upstream-condition\"}");
  }

  @Test
  void anOldRecordWithTheEnglishReasonIsReadAndReplayedOnceWithItsCode() {
    executor().execute(tasks("its condition is false"));
    // The records as versions before the codes wrote them: the cause only in English.
    try (FileStore store = FileStore.at(dir.resolve("ckpt"))) {
      store.open();
      store.commit(
          Commit.of(
              new Change.Item(
                  "publish", ItemState.SKIPPED, 0, 0, null, "skipped by condition", false),
              new Change.Item(
                  "announce",
                  ItemState.SKIPPED,
                  0,
                  0,
                  null,
                  "skipped by condition of upstream 'publish'",
                  false)));
    }
    assertThat(record("publish").result()).isNull();

    ExecutionResult resumed = executor().resume(tasks("an old skip record stays skipped"));

    assertThat(resumed.nodes(NodeStatus.SKIPPED)).containsExactly("publish", "announce");
    assertThat(resumed.restored()).isEqualTo(1);
    assertThat(resumed.isSuccess()).isTrue();
    assertThat(resumed.nodeResult("announce").outcome())
        .isInstanceOfSatisfying(
            Outcome.Skipped.class,
            s -> assertThat(s.cause()).isEqualTo(SkipCause.UPSTREAM_CONDITION));
    assertThat(record("publish").result()).isEqualTo("{\"skip\":\"condition\"}");
    assertThat(record("publish").error()).isEqualTo("skipped by condition");
    assertThat(record("announce").result()).isEqualTo("{\"skip\":\"upstream-condition\"}");
  }

  @Test
  void aNodeSkippedForAFailedUpstreamRunsOnResume() {
    Dag chain = Dag.builder().addEdge("load", "notify").build();
    CheckpointExecutor executor =
        CheckpointExecutor.builder(chain).store(Checkpoints.stores(dir.resolve("ckpt"))).build();
    ExecutionResult failed =
        executor.execute(
            Map.of(
                "load",
                ctx -> {
                  throw new TaskFailedException("database unavailable");
                },
                "notify",
                ctx -> "sent"));
    assertThat(failed.nodeResult("notify").outcome())
        .isEqualTo(new Outcome.Skipped<>(SkipCause.UPSTREAM_FAILED, "upstream 'load' failed", 0));
    assertThat(failed.isSuccess()).isFalse();

    ExecutionResult resumed = executor.resume(Map.of("load", ctx -> "ok", "notify", ctx -> "sent"));
    assertThat(resumed.nodes(NodeStatus.SUCCEEDED)).containsExactly("load", "notify");
  }

  private ItemRecord record(String node) {
    try (FileStore store = FileStore.at(dir.resolve("ckpt"))) {
      store.open();
      return store.get(node).orElseThrow();
    }
  }
}
