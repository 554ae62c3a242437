package dev.ratchet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.Task;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.Sources;
import dev.ratchet.store.Change;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names and values through the library: keys, step names and metadata with path syntax,
 * NUL, newlines, very long text and unpaired surrogates (text that has no UTF-8 form); a 10 MB
 * result; results that cannot be written as JSON; DAG node names with path syntax. Each is stored
 * as text and read back unchanged, or refused with a clear message; none becomes a file name.
 */
class HostileInputTest {
  static final List<String> HOSTILE =
      List.of(
          "a/b",
          "../../etc/passwd",
          "..",
          ".",
          "/abs",
          "nul\0inside",
          "line\nbreak\r\n",
          "tab\tand\u0085nel",
          "k".repeat(100_000),
          "ключ-鍵-🔑",
          "",
          " ",
          "C:\\win\\path",
          "checkpoint.json",
          "journal-1.log",
          "ratchet.lock",
          "$(rm -rf /)",
          "'; DROP TABLE x;--");

  @TempDir Path tmp;

  @Test
  void hostileKeysStepNamesAndMetadataAreStoredAsTextAndNeverBecomeFileNames() throws Exception {
    Path dir = tmp.resolve("hostile.ckpt");
    try (FileStore store = FileStore.builder(dir).compactAtBytes(4096).build()) {
      store.open();
      for (String key : HOSTILE) {
        store.commit(Commit.of(new Change.Step(key, key, "\"step of " + key.length() + "\"")));
        store.commit(
            Commit.of(
                Change.Item.inProgress(key, 1, 0),
                new Change.Meta("m" + key, key),
                new Change.Position("p" + key, key.length())));
        store.commit(Commit.of(Change.Item.done(key, 1, "{\"k\":" + key.length() + "}")));
      }
    }
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      for (String key : HOSTILE) {
        Optional<ItemRecord> record = store.get(key);
        assertThat(record).as("key of length %d", key.length()).isPresent();
        assertThat(record.get().state()).isEqualTo(ItemState.DONE);
        assertThat(record.get().result()).isEqualTo("{\"k\":" + key.length() + "}");
        assertThat(store.metadata()).containsEntry("m" + key, key);
        assertThat(store.positions()).containsEntry("p" + key, (long) key.length());
      }
    }
    assertOnlyStoreFiles(dir);
  }

  @Test
  void textWithoutAUtf8FormIsRefusedClearlyOrKeptExactly() {
    Path dir = tmp.resolve("surrogate.ckpt");
    String lone = "bad\uD800surrogate";
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      try {
        store.commit(Commit.of(Change.Item.done(lone, 1, null)));
      } catch (IllegalArgumentException refused) {
        assertThat(refused.getMessage()).containsIgnoringCase("surrogate");
      }
      store.commit(Commit.of(Change.Item.done("after", 1, null)));
    }
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      assertThat(store.get("after")).isPresent();
      store.forEachRecord(r -> assertThat(r.key()).isIn("after", lone));
    }
  }

  @Test
  void aTenMegabyteResultIsStoredCompactedAndReadBack() {
    Path dir = tmp.resolve("big.ckpt");
    String big = "\"" + "x".repeat(10 << 20) + "\"";
    try (FileStore store = FileStore.builder(dir).compactAtBytes(1 << 20).build()) {
      store.open();
      store.commit(Commit.of(Change.Item.done("big", 1, big)));
      store.commit(Commit.of(Change.Item.done("small", 1, "1")));
    }
    try (FileStore store = FileStore.at(dir)) {
      store.open();
      assertThat(store.get("big").orElseThrow().result()).isEqualTo(big);
      assertThat(store.get("small")).isPresent();
    }
  }

  @Test
  void aResultThatCannotBeWrittenAsJsonFailsItsItemClearlyAndTheOthersFinish() throws IOException {
    Path input = tmp.resolve("in.txt");
    Files.write(input, List.of("fine", "poison", "also fine"));
    Path output = tmp.resolve("out.jsonl");
    RunResult result;
    try {
      result =
          ItemPipeline.<String, Object>builder()
              .source(Sources.lines(input))
              .processor(line -> line.equals("poison") ? new Object() : Map.of("v", line))
              .sink(Sinks.jsonLines(output))
              .checkpoint(tmp.resolve("pipeline.ckpt"))
              .build()
              .run();
    } catch (RuntimeException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      assertThat(Files.exists(output) ? Files.readString(output) : "").doesNotContain("poison");
      return;
    }
    assertThat(result.succeeded()).isFalse();
    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.key()).isEqualTo("1");
              assertThat(f.error()).isNotBlank();
            });
    assertThat(Files.readAllLines(output)).hasSize(2).noneMatch(l -> l.contains("poison"));
  }

  @Test
  void dagNodeNamesWithPathSyntaxAreNamesNotPaths() throws Exception {
    List<String> names = List.of("../escape", "a/b", "nul\0node", "new\nline", "n".repeat(5000));
    Dag.Builder builder = Dag.builder();
    for (int i = 0; i < names.size(); i++) {
      builder.addNode(names.get(i));
      if (i > 0) {
        builder.addEdge(names.get(i - 1), names.get(i));
      }
    }
    Dag dag;
    try {
      dag = builder.build();
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    Path dir = tmp.resolve("dag.ckpt");
    List<String> ran = new CopyOnWriteArrayList<>();
    Map<String, Task> tasks = new LinkedHashMap<>();
    for (String name : names) {
      tasks.put(
          name,
          ctx -> {
            ran.add(name);
            return name.length();
          });
    }
    var execution = new CheckpointExecutor(dag, dir).execute(tasks);
    assertThat(ran).containsExactlyElementsOf(names);
    assertThat(execution.succeeded()).isEqualTo(names.size());
    if (Files.exists(dir)) {
      assertOnlyStoreFiles(dir);
    }
    assertThat(tmp.resolve("escape")).doesNotExist();
    assertThat(tmp.getParent().resolve("escape")).doesNotExist();
  }

  static void assertOnlyStoreFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()))
          .allMatch(
              name ->
                  name.matches(
                      "checkpoint\\.json|ratchet\\.lock|journal-[0-9]+\\.log|snapshot-[0-9]+\\.snap"));
    }
  }
}
