package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of concurrent workers share the journal's forces: the pipeline's group commit. */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void groupsWrittenWhileTheJournalIsForcedShareTheNextCommit() throws Exception {
    int items = 16;
    Path in = input(dir, items);
    // each item is processed only once the one before it was written, so the sink writes every
    // batch as a group of its own; the journal's first commit is held until all are written
    List<CountDownLatch> written = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      written.add(new CountDownLatch(1));
    }
    CountingStore store = new CountingStore(FileStore.at(dir.resolve("ckpt")));
    List<Integer> itemsPerCommit = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean first = new AtomicBoolean(true);
    store.beforeCommit =
        commit -> {
          long done = doneItems(commit);
          if (done == 0 || commit.deferred()) {
            return;
          }
          itemsPerCommit.add((int) done);
          if (first.getAndSet(false)) {
            await(written.get(items - 1));
          }
        };
    List<String> output = Collections.synchronizedList(new ArrayList<>());

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  int ordinal = Integer.parseInt(ctx.key());
                  if (ordinal > 0) {
                    await(written.get(ordinal - 1));
                  }
                  return line;
                })
            .sink(
                Sinks.<String, String>callback(
                    out -> {
                      output.add(out.key());
                      written.get(Integer.parseInt(out.key())).countDown();
                    }))
            .store(store)
            .batchSize(1)
            .workers(8)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(output).isEqualTo(ordinals(0, items));
    assertThat(itemsPerCommit.stream().mapToInt(Integer::intValue).sum()).isEqualTo(items);
    assertThat(itemsPerCommit)
        .as("the first group, then the groups written while it was forced, together")
        .hasSizeLessThanOrEqualTo(3);
  }

  private static long doneItems(Commit commit) {
    return commit.changes().stream()
        .filter(c -> c instanceof Change.Item item && item.state() == ItemState.DONE)
        .count();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
