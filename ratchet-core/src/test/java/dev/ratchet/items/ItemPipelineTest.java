package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.jsonLines;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratchet.store.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemPipelineTest {
  @TempDir Path dir;

  @Test
  void everyLineIsProcessedAndWrittenInInputOrderWithManyWorkers() throws Exception {
    Path in = input(dir, 500);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");

    RunResult result =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  sleepRandomly();
                  return line.length();
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(37)
            .workers(4)
            .build()
            .run();

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
    assertThat(result.counts().done()).isEqualTo(500);
    assertThat(result.processed()).isEqualTo(500);
    assertThat(result.failed()).isEmpty();
    assertThat(result.interrupted()).isEmpty();
    assertThat(keys(out)).isEqualTo(ordinals(0, 500));
    JsonNode last = jsonLines(out).get(499);
    assertThat(last.get("input").asText()).isEqualTo("item-499");
    assertThat(last.get("result").asInt()).isEqualTo("item-499".length());
    assertThat(result.checkpointRemoved()).isTrue();
    assertThat(FileStore.exists(ckpt)).isFalse();
  }

  private static void sleepRandomly() {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anEmptyInputIsASuccessfulRunOfZeroItems() throws Exception {
    Path in = Files.createFile(dir.resolve("empty.txt"));
    Path out = dir.resolve("out.jsonl");
    List<String> seen = new ArrayList<>();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(line -> line)
            .sink(Sinks.jsonLines(out))
            .checkpoint(dir.resolve("ckpt"))
            .progress(p -> seen.add("progress"))
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.processed()).isZero();
    assertThat(result.counts().total()).isZero();
    assertThat(Files.size(out)).isZero();
    assertThat(seen).isEmpty();
  }

  @Test
  void keepCheckpointLeavesEveryItemDoneInTheCheckpoint() throws Exception {
    Path in = input(dir, 30);
    Path ckpt = dir.resolve("ckpt");

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(String::toUpperCase)
            .checkpoint(ckpt)
            .batchSize(7)
            .keepCheckpoint()
            .build()
            .run();

    assertThat(result.checkpointRemoved()).isFalse();
    var info = FileStore.inspect(ckpt);
    assertThat(info.counts().done()).isEqualTo(30);
    assertThat(info.counts().inProgress()).isZero();
    assertThat(info.runId()).isEqualTo(result.runId());
    assertThat(info.inputFingerprint()).startsWith("lines:size=");
  }

  @Test
  void batchesThatFinishTogetherShareOneCommit() throws Exception {
    Path in = input(dir, 16);
    CountDownLatch sevenMore = new CountDownLatch(7);
    AtomicBoolean first = new AtomicBoolean(true);
    CountingStore store = new CountingStore(FileStore.at(dir.resolve("ckpt")));
    List<String> written = Collections.synchronizedList(new ArrayList<>());

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (!line.equals("item-0")) {
                    sevenMore.countDown();
                  }
                  return line;
                })
            .sink(
                Sinks.<String, String>callback(
                    output -> {
                      // the committer holds the first batch until seven more are processed; each is
                      // handed to the committer just after its processor returns, which a loaded
                      // machine may delay, so the pause lets most of them arrive
                      if (first.getAndSet(false)) {
                        awaitQuietly(sevenMore);
                        pauseQuietly();
                      }
                      written.add(output.key());
                    }))
            .store(store)
            .batchSize(1)
            .workers(8)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(written).isEqualTo(ordinals(0, 16));
    assertThat(store.forcedCommits.get())
        .as("16 batches, at least 4 of the 7 held back committed together, plus the metadata")
        .isLessThanOrEqualTo(16 - 3 + 1);
  }

  private static void pauseQuietly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void progressIsReportedAtEachCheckpointWithTotalRateAndEta() throws Exception {
    Path in = input(dir, 25);
    List<Progress> reports = Collections.synchronizedList(new ArrayList<>());

    ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(line -> line)
        .checkpoint(dir.resolve("ckpt"))
        .batchSize(10)
        .progress(reports::add)
        .build()
        .run();

    // one report per commit; batches that finish together are committed together
    assertThat(reports).extracting(Progress::done).isSorted().doesNotHaveDuplicates();
    assertThat(reports).extracting(Progress::done).isSubsetOf(10L, 20L, 25L).contains(25L);
    Progress last = reports.get(reports.size() - 1);
    assertThat(last.total()).hasValue(25);
    assertThat(last.processedThisRun()).isEqualTo(25);
    assertThat(last.itemsPerSecond()).isPositive();
    assertThat(last.eta()).hasValueSatisfying(eta -> assertThat(eta).isZero());
    assertThat(reports.get(0).eta()).isPresent();
  }

  @Test
  void aCallbackSinkReceivesDoneItemsInInputOrder() throws Exception {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add(i);
    }
    List<String> received = new ArrayList<>();

    RunResult result =
        ItemPipeline.<Integer, Integer>builder()
            .source(Sources.of(values, v -> "n" + v))
            .processor(v -> v * 2)
            .sink(Sinks.<Integer, Integer>callback(o -> received.add(o.key() + "=" + o.result())))
            .checkpoint(dir.resolve("ckpt"))
            .batchSize(16)
            .workers(3)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(received).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(received.get(i)).isEqualTo("n" + i + "=" + (i * 2));
    }
  }

  @Test
  void aStreamSourceWithAKeyFunctionIsProcessed() throws Exception {
    Path out = dir.resolve("out.jsonl");

    RunResult result =
        ItemPipeline.<String, Integer>builder()
            .source(Sources.of(Stream.of("apple", "kiwi", "plum"), s -> s))
            .processor(String::length)
            .sink(Sinks.jsonLines(out).resultsOnly())
            .checkpoint(dir.resolve("ckpt"))
            .build()
            .run();

    assertThat(result.counts().done()).isEqualTo(3);
    assertThat(Files.readAllLines(out)).containsExactly("5", "4", "4");
  }

  @Test
  void fullSuccessCanFinishTheOutputAsAJsonArray() throws Exception {
    Path in = input(dir, 3);
    Path out = dir.resolve("out.jsonl");
    Path array = dir.resolve("out.json");

    ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(String::toUpperCase)
        .sink(Sinks.jsonLines(out).finishAsJsonArray(array))
        .checkpoint(dir.resolve("ckpt"))
        .build()
        .run();

    JsonNode node = Fixtures.JSON.readTree(array.toFile());
    assertThat(node.isArray()).isTrue();
    assertThat(node).hasSize(3);
    assertThat(node.get(2).get("result").asText()).isEqualTo("ITEM-2");
    assertThat(Files.readAllLines(out)).hasSize(3);
  }

  @Test
  void theIdempotencyKeyIsTheRunIdAndTheItemKey() throws Exception {
    Path in = input(dir, 2);
    Path out = dir.resolve("out.jsonl");

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor((line, ctx) -> ctx.idempotencyKey() + "|" + ctx.attempt())
            .sink(Sinks.jsonLines(out).resultsOnly())
            .checkpoint(dir.resolve("ckpt"))
            .build()
            .run();

    assertThat(Files.readAllLines(out))
        .containsExactly("\"" + result.runId() + ":0|1\"", "\"" + result.runId() + ":1|1\"");
  }

  @Test
  void aStoreWithoutALocalPathLeavesNoHistoryOnDisk() throws Exception {
    Path in = input(dir, 3);
    // a wrapper that does not say where it lives, as a server or in-memory store would not
    CountingStore store = new CountingStore(FileStore.at(dir.resolve("ckpt")));

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(line -> line)
            .store(store)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(dir.resolve(".ratchet-history")).doesNotExist();
    assertThat(Path.of(".ratchet-history")).doesNotExist();
  }
}
