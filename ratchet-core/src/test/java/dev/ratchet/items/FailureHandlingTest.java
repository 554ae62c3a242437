package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.RetryPolicy;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureHandlingTest {
  /** Three attempts for an IOException, with a short backoff. */
  private static final RetryPolicy THREE_TRIES_ON_IO =
      RetryPolicy.attempts(3)
          .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
          .retryOn(IOException.class)
          .build();

  @TempDir Path dir;

  @Test
  void aRetryableFailureIsRetriedWithItsAttemptNumberUntilItSucceeds() throws Exception {
    Path in = input(dir, 10);
    Path out = dir.resolve("out.jsonl");
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  attempts.computeIfAbsent(ctx.key(), k -> new ArrayList<>()).add(ctx.attempt());
                  if (line.equals("item-3") && ctx.attempt() < 3) {
                    throw new IOException("flaky " + ctx.attempt());
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(dir.resolve("ckpt"))
            .retry(THREE_TRIES_ON_IO)
            .workers(2)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(attempts.get("3")).containsExactly(1, 2, 3);
    assertThat(attempts.get("4")).containsExactly(1);
    assertThat(keys(out)).isEqualTo(ordinals(0, 10));
  }

  @Test
  void aFailureTheRetryPolicyDoesNotListIsNotRetried() throws Exception {
    Path in = input(dir, 3);
    AtomicInteger calls = new AtomicInteger();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-1")) {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("bad line");
                  }
                  return line;
                })
            .checkpoint(dir.resolve("ckpt"))
            .retry(RetryPolicy.attempts(5).retryOn(IOException.class).build())
            .build()
            .run();

    assertThat(calls.get()).isEqualTo(1);
    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED_WITH_FAILURES);
    assertThat(result.failed())
        .containsExactly(
            new RunResult.FailedItem("1", "java.lang.IllegalArgumentException: bad line"));
  }

  @Test
  void oneBadItemNeverStopsItsBatchAndKeepGoingFinishesTheInput() throws Exception {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-2") || line.equals("item-13")) {
                    throw new IllegalStateException("cannot handle " + line);
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(5)
            .workers(2)
            .build()
            .run();

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED_WITH_FAILURES);
    assertThat(result.counts().done()).isEqualTo(18);
    assertThat(result.counts().failed()).isEqualTo(2);
    assertThat(result.failed())
        .extracting(RunResult.FailedItem::key)
        .containsExactlyInAnyOrder("2", "13");
    assertThat(result.failed())
        .extracting(RunResult.FailedItem::error)
        .contains("java.lang.IllegalStateException: cannot handle item-2");
    List<String> expected = new ArrayList<>(ordinals(0, 20));
    expected.removeAll(List.of("2", "13"));
    assertThat(keys(out)).isEqualTo(expected);
    assertThat(result.checkpointRemoved()).isFalse();
  }

  @Test
  void theNextRunRetriesFailedItemsAndWritesThemOnceInInputOrder() throws Exception {
    Path in = input(dir, 12);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    AtomicInteger bad = new AtomicInteger(7);
    ItemPipeline<String, String> pipeline =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-" + bad.get())) {
                    throw new IllegalStateException("down");
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(4)
            .build();

    RunResult first = pipeline.run();
    bad.set(-1);
    RunResult second = pipeline.run();

    assertThat(first.counts().failed()).isEqualTo(1);
    assertThat(second.succeeded()).isTrue();
    assertThat(second.processed()).isEqualTo(1);
    assertThat(second.runId()).isEqualTo(first.runId());
    // the retried item was appended last, then the succeeded output was put in input order
    assertThat(keys(out)).isEqualTo(ordinals(0, 12));
  }

  @Test
  void failFastStopsAfterTheBatchWithTheFailure() throws Exception {
    Path in = input(dir, 30);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    AtomicInteger calls = new AtomicInteger();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  calls.incrementAndGet();
                  if (line.equals("item-6")) {
                    throw new IllegalStateException("stop here");
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(5)
            .failFast()
            .build()
            .run();

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.FAILED_FAST);
    assertThat(calls.get()).isEqualTo(10);
    assertThat(result.counts().done()).isEqualTo(9);
    assertThat(keys(out)).containsExactly("0", "1", "2", "3", "4", "5", "7", "8", "9");
    assertThat(FileStore.inspect(ckpt).counts().inProgress()).isZero();
  }

  @Test
  void aSkippableFailureMarksTheItemSkippedAndTheRunStillSucceeds() throws Exception {
    Path in = input(dir, 6);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-4")) {
                    throw new UnsupportedOperationException("not for us");
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .skip(SkipPolicy.on(UnsupportedOperationException.class))
            .keepCheckpoint()
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.counts().skipped()).isEqualTo(1);
    assertThat(keys(out)).containsExactly("0", "1", "2", "3", "5");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      var record = store.get("4").orElseThrow();
      assertThat(record.state()).isEqualTo(ItemState.SKIPPED);
      assertThat(record.error()).isEqualTo("java.lang.UnsupportedOperationException: not for us");
    }
  }

  @Test
  void aRetriedAttemptStartsAfterTheSubStepsItsEarlierAttemptTook() throws Exception {
    Path in = input(dir, 3);
    Path out = dir.resolve("out.jsonl");
    AtomicInteger fetches = new AtomicInteger();
    AtomicInteger transforms = new AtomicInteger();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  String fetched = ctx.step("fetch", () -> line + "@" + fetches.incrementAndGet());
                  if (line.equals("item-1") && ctx.attempt() < 3) {
                    throw new IOException("flaky after its fetch");
                  }
                  String upper =
                      ctx.step("upper", () -> fetched.toUpperCase() + transforms.incrementAndGet());
                  return upper + "#" + ctx.attempt();
                })
            .sink(Sinks.jsonLines(out).resultsOnly())
            .checkpoint(dir.resolve("ckpt"))
            .retry(THREE_TRIES_ON_IO)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(fetches.get()).as("one fetch per item, none again on a retry").isEqualTo(3);
    assertThat(transforms.get()).isEqualTo(3);
    assertThat(Files.readAllLines(out))
        .containsExactly("\"ITEM-0@11#1\"", "\"ITEM-1@22#3\"", "\"ITEM-2@33#1\"");
  }
}
