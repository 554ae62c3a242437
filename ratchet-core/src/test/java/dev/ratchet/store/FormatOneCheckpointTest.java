package dev.ratchet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints written by the previous build (format 1: one record per item, no forced offsets),
 * kept under {@code src/test/resources/format1}: a single journal, and a snapshot plus journal.
 * This build resumes them, and marks them format 2 so that the older build refuses them afterwards.
 */
class FormatOneCheckpointTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"journal", "compacted"})
  void aFormatOneCheckpointIsResumedAndUpgraded(String fixture) throws IOException {
    Path dir = copyFixture(fixture);
    assertThat(FileStore.inspect(dir).counts().done()).isEqualTo(101);
    assertThat(Files.readString(dir.resolve("checkpoint.json"))).contains("\"format\" : 1");
    try (FileStore store = FileStore.at(dir)) {
      Recovery recovery = store.open();
      assertThat(recovery.tornTail()).isEmpty();
      assertThat(recovery.interrupted())
          .containsExactly("100", "101", "102", "103", "104", "107", "108");
      checkFixtureState(store);
      List<Change> done = new ArrayList<>();
      for (int i = 100; i < 105; i++) {
        done.add(Change.Item.done(Integer.toString(i), 1, null));
      }
      store.commit(Commit.of(done));
    }
    assertThat(Files.readString(dir.resolve("checkpoint.json"))).contains("\"format\" : 2");
    try (FileStore store = FileStore.at(dir)) {
      assertThat(store.open().interrupted()).containsExactly("107", "108");
      assertThat(store.doneOrdinalPrefix()).isEqualTo(105);
      assertThat(store.nextUndoneOrdinal(105)).isEqualTo(105);
      assertThat(store.nextUndoneOrdinal(106)).isEqualTo(107);
      assertThat(store.get("107").orElseThrow().steps()).containsEntry("fetch", "{\"page\":1}");
    }
  }

  private static void checkFixtureState(FileStore store) {
    assertThat(store.doneOrdinalPrefix()).isEqualTo(100);
    assertThat(store.counts()).isEqualTo(new StateCounts(7, 101, 1, 1));
    assertThat(store.get("99").orElseThrow().state()).isEqualTo(ItemState.DONE);
    assertThat(store.get("103"))
        .contains(new ItemRecord("103", ItemState.IN_PROGRESS, 1, 0, null, null, false, Map.of()));
    assertThat(store.get("105").orElseThrow().error()).isEqualTo("boom");
    assertThat(store.get("106").orElseThrow().result()).isEqualTo("{\"r\":6}");
    assertThat(store.get("107").orElseThrow().steps()).containsEntry("fetch", "{\"page\":1}");
    assertThat(store.get("108"))
        .contains(new ItemRecord("108", ItemState.IN_PROGRESS, 2, 1, null, null, false, Map.of()));
    assertThat(store.get("a/b").orElseThrow().state()).isEqualTo(ItemState.SKIPPED);
    assertThat(store.positions()).containsEntry("sink.jsonl.bytes", 1000L);
    assertThat(store.metadata()).containsEntry("run.shape", "items");
  }

  private Path copyFixture(String name) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    for (String file : fixtureFiles(name)) {
      try (InputStream in = getClass().getResourceAsStream("/format1/" + name + "/" + file)) {
        Files.copy(in, dir.resolve(file));
      }
    }
    return dir;
  }

  private static List<String> fixtureFiles(String name) {
    return name.equals("journal")
        ? List.of("checkpoint.json", "journal-1.log")
        : List.of("checkpoint.json", "journal-13.log", "snapshot-13.snap");
  }
}
