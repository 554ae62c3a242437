package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.ItemState;
import dev.ratchet.RetryPolicy;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-item timeouts and stops with a grace period: what is interrupted, and how it is recorded. */
class StopAndTimeoutTest {
  @TempDir Path dir;

  private ItemPipeline<String, String> pipeline(Path in, ItemProcessor<String, String> processor) {
    return ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .contextProcessor(processor)
        .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
        .checkpoint(dir.resolve("ckpt"))
        .batchSize(10)
        .workers(2)
        .keepCheckpoint()
        .build();
  }

  @Test
  void anItemStillRunningWhenTheGracePeriodEndsIsNotDoneNeverFailed() throws Exception {
    Path in = input(dir, 10);
    CountDownLatch started = new CountDownLatch(1);
    RunHandle handle =
        pipeline(
                in,
                (line, ctx) -> {
                  if (line.equals("item-3")) {
                    started.countDown();
                    new CountDownLatch(1).await(); // hangs until interrupted
                  }
                  return line;
                })
            .start();
    started.await();
    handle.stop(Duration.ofMillis(100));
    RunResult stopped = handle.await();

    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.killed()).isEqualTo(1);
    assertThat(stopped.counts().failed()).isZero();
    assertThat(stopped.counts().inProgress()).isZero();
    assertThat(stopped.failed()).isEmpty();
    try (FileStore store = FileStore.at(dir.resolve("ckpt"))) {
      store.open();
      assertThat(store.get("3").orElseThrow().state()).isEqualTo(ItemState.PENDING);
      assertThat(store.get("3").orElseThrow().attempts()).as("the killed attempt").isZero();
    }

    RunResult rest = pipeline(in, (line, ctx) -> line).run();
    assertThat(rest.succeeded()).isTrue();
    assertThat(rest.interrupted()).as("a stop is not a crash").isEmpty();
    assertThat(keys(dir.resolve("out.jsonl"))).containsExactlyInAnyOrderElementsOf(ordinals(0, 10));
  }

  @Test
  void aStopWithoutGraceInterruptsAtOnceAndNoRetryStartsAfterIt() throws Exception {
    Path in = input(dir, 4);
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    RunHandle handle =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  if (line.equals("item-1")) {
                    attempts.incrementAndGet();
                    started.countDown();
                    Thread.sleep(60_000);
                  }
                  return line;
                })
            .checkpoint(dir.resolve("ckpt"))
            .retry(RetryPolicy.attempts(5).backoff(Duration.ZERO, Duration.ZERO).build())
            .keepCheckpoint()
            .build()
            .start();
    started.await();
    handle.stop(Duration.ZERO);
    RunResult stopped = handle.await();

    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.killed()).isEqualTo(1);
    assertThat(stopped.counts().done()).isEqualTo(1);
    assertThat(stopped.counts().failed()).isZero();
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void anItemThatRunsPastItsTimeoutFailsSayingSoAndTheRunGoesOn() throws Exception {
    Path in = input(dir, 6);
    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-2")) {
                    try {
                      Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException("interrupted", e);
                    }
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
            .checkpoint(dir.resolve("ckpt"))
            .timeout(Duration.ofMillis(200))
            .build()
            .run();

    assertThat(result.outcome()).isEqualTo(RunResult.Outcome.COMPLETED_WITH_FAILURES);
    assertThat(result.counts().done()).isEqualTo(5);
    assertThat(result.failed())
        .containsExactly(new RunResult.FailedItem("2", "timed out after 200ms"));
  }

  @Test
  void aTimedOutAttemptIsRetriedByTheRetryPolicy() throws Exception {
    Path in = input(dir, 3);
    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  if (line.equals("item-1") && ctx.attempt() == 1) {
                    Thread.sleep(60_000);
                  }
                  return line + "#" + ctx.attempt();
                })
            .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
            .checkpoint(dir.resolve("ckpt"))
            .timeout(Duration.ofMillis(200))
            .retry(RetryPolicy.attempts(2).backoff(Duration.ZERO, Duration.ZERO).build())
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(Fixtures.jsonLines(dir.resolve("out.jsonl")).get(1).get("result").asText())
        .isEqualTo("item-1#2");
  }

  @Test
  void aSubStepCommittedWithTheInterruptFlagSetLeavesTheCheckpointUsable() throws Exception {
    Path in = input(dir, 5);
    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  Thread.currentThread().interrupt(); // as a timeout landing just before a step
                  String memo = ctx.step("memo", () -> line.toUpperCase());
                  Thread.interrupted();
                  return memo;
                })
            .checkpoint(dir.resolve("ckpt"))
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.counts().done()).isEqualTo(5);
  }

  @Test
  void theEndOfRunSummaryVisitsFailedRecordsOnlyAndListsTheFirstInKeyOrder() throws Exception {
    Path in = input(dir, 2_000);
    CountingStore counting = new CountingStore(FileStore.at(dir.resolve("ckpt")));
    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  int n = Integer.parseInt(line.substring(5));
                  if (n % 10 == 0) {
                    throw new IllegalStateException("bad " + n);
                  }
                  return line;
                })
            .store(counting)
            .batchSize(100)
            .build()
            .run();

    assertThat(result.counts().failed()).isEqualTo(200);
    assertThat(counting.visits.get()).as("FAILED records only, not 1,800 DONE ones").isEqualTo(200);
    List<String> listed = new ArrayList<>();
    result.failed().forEach(f -> listed.add(f.key()));
    assertThat(listed).hasSize(RunResult.LISTED_FAILURES);
    assertThat(listed.subList(0, 3)).containsExactly("0", "10", "20");
    assertThat(listed.get(99)).isEqualTo("990");
  }
}
