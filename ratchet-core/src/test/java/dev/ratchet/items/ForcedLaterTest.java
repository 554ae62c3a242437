package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.internal.items.ForcedLater;
import dev.ratchet.store.Change;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that leaves its force to the committer is forced once for the groups written since the
 * last commit, before their positions are committed: no commit counts output that was not forced.
 */
class ForcedLaterTest {
  @TempDir Path dir;

  @Test
  void everyCommittedPositionWasForcedBeforeItsCommit() throws Exception {
    int items = 2_000;
    CountingStore store = new CountingStore(FileStore.at(dir.resolve("ckpt")));
    CountingWriter writer = new CountingWriter();
    List<String> unforced = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger positions = new AtomicInteger();
    store.beforeCommit =
        commit -> {
          for (Change change : commit.changes()) {
            if (change instanceof Change.Position position && position.name().equals("items")) {
              positions.incrementAndGet();
              if (position.value() > writer.forced) {
                unforced.add(position.value() + " > forced " + writer.forced);
              }
            }
          }
        };

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(input(dir, items)))
            .processor(line -> line)
            .sink(committed -> writer)
            .store(store)
            .batchSize(10)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(writer.written).isEqualTo(items);
    assertThat(positions.get()).as("commits with a position").isPositive();
    assertThat(unforced).as("positions committed beyond what was forced").isEmpty();
    assertThat(writer.forces.get())
        .as("forced by the committer, at most once per commit")
        .isPositive()
        .isLessThanOrEqualTo((int) store.forcedCommits.get());
  }

  /** Counts items as its position; forcing records the position it made durable. */
  private static final class CountingWriter
      implements ItemSink.Writer<String, String>, ForcedLater {
    final AtomicInteger forces = new AtomicInteger();
    volatile long written;
    volatile long forced = -1;
    private boolean forceEachWrite = true;

    @Override
    public Map<String, Long> write(List<ItemOutput<String, String>> outputs) {
      written += outputs.size();
      if (forceEachWrite) {
        forced = written;
      }
      return Map.of("items", written);
    }

    @Override
    public void forceLater() {
      forceEachWrite = false;
    }

    @Override
    public void force() {
      forces.incrementAndGet();
      forced = written;
    }

    @Override
    public void close() {}
  }
}
