package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.MetaKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work a pipeline describes is recorded in its checkpoint by every run that gives one. */
class RunWorkTest {
  @TempDir Path dir;

  @Test
  void aNewCheckpointRecordsItsMetadataOwnerAndWorkInOneForcedCommit() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    CountingStore store = new CountingStore(FileStore.at(ckpt));
    List<Commit> commits = Collections.synchronizedList(new ArrayList<>());
    store.beforeCommit = commits::add;

    run(store, "exec v1");

    Commit opening = commits.get(0);
    assertThat(opening.deferred()).isFalse();
    assertThat(metaKeys(opening))
        .contains(MetaKeys.RUN_ID, MetaKeys.INPUT_FINGERPRINT, MetaKeys.SHAPE, MetaKeys.WORK)
        .anyMatch(key -> !key.startsWith("run.") && !key.startsWith("input."));
    assertThat(commits.subList(1, commits.size()))
        .allSatisfy(commit -> assertThat(metaKeys(commit)).isEmpty());
    assertThat(metadata(ckpt)).containsEntry(MetaKeys.WORK, "exec v1");
  }

  @Test
  void aResumeWithOtherWorkRecordsItAndOneWithoutWorkKeepsTheLast() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    run(new CountingStore(FileStore.at(ckpt)), "exec v1");
    run(new CountingStore(FileStore.at(ckpt)), "exec v2");
    assertThat(metadata(ckpt)).containsEntry(MetaKeys.WORK, "exec v2");

    CountingStore same = new CountingStore(FileStore.at(ckpt));
    List<Commit> commits = Collections.synchronizedList(new ArrayList<>());
    same.beforeCommit = commits::add;
    run(same, "exec v2");
    assertThat(commits).allSatisfy(commit -> assertThat(metaKeys(commit)).isEmpty());

    run(new CountingStore(FileStore.at(ckpt)), null);
    assertThat(metadata(ckpt)).containsEntry(MetaKeys.WORK, "exec v2");
  }

  private void run(CountingStore store, String work) throws Exception {
    ItemPipeline.Builder<String, Integer> builder =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.lines(input(dir, 5)))
            .processor(String::length)
            .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
            .store(store)
            .keepCheckpoint();
    if (work != null) {
      builder.work(work);
    }
    assertThat(builder.build().run().succeeded()).isTrue();
  }

  private static List<String> metaKeys(Commit commit) {
    return commit.changes().stream()
        .filter(Change.Meta.class::isInstance)
        .map(change -> ((Change.Meta) change).name())
        .toList();
  }

  private static Map<String, String> metadata(Path ckpt) {
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      return store.metadata();
    }
  }
}
