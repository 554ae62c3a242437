package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.jsonLines;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.ItemState;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.ItemRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and resuming. A processor that throws an {@link Error} aborts the run the way a crash
 * does: the batch in flight stays IN_PROGRESS in the checkpoint and its output is not committed.
 */
class ResumeTest {
  @TempDir Path dir;

  /** Stands in for a crash of the process while an item runs. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String item) {
      super("simulated crash on " + item);
    }
  }

  private ItemPipeline<String, String> pipeline(
      Path in, Path out, Path ckpt, Function<String, String> fn) {
    return ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(fn)
        .sink(Sinks.jsonLines(out))
        .checkpoint(ckpt)
        .batchSize(5)
        .keepCheckpoint()
        .build();
  }

  @Test
  void aGracefulStopFinishesTheItemInFlightCommitsAndTheNextRunDoesTheRest() throws Exception {
    Path in = input(dir, 200);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch stopAsked = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ItemPipeline<String, String> pipeline =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  calls.incrementAndGet();
                  if (line.equals("item-35") && ctx.attempt() == 1) {
                    reached.countDown();
                    stopAsked.await();
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(10)
            .build();

    RunHandle handle = pipeline.start();
    reached.await();
    handle.stop();
    stopAsked.countDown();
    RunResult stopped = handle.await();

    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.checkpointRemoved()).isFalse();
    assertThat(stopped.counts().done())
        .as("items 0 to 35: the one in flight finished")
        .isEqualTo(36);
    assertThat(stopped.counts().inProgress()).isZero();
    assertThat(stopped.killed()).isZero();
    assertThat(keys(out)).isEqualTo(ordinals(0, 36));
    assertThat(calls.get()).as("no item started after the stop").isEqualTo(36);

    RunResult rest = pipeline.run();

    assertThat(rest.succeeded()).isTrue();
    assertThat(rest.processed()).isEqualTo(200 - 36);
    assertThat(calls.get()).isEqualTo(200);
    assertThat(keys(out)).isEqualTo(ordinals(0, 200));
  }

  @Test
  void itemsACrashInterruptedAreReportedAndRunAgain() throws Exception {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");

    assertThatThrownBy(
            () ->
                pipeline(
                        in,
                        out,
                        ckpt,
                        line -> {
                          if (line.equals("item-12")) {
                            throw new SimulatedCrash(line);
                          }
                          return line;
                        })
                    .run())
        .isInstanceOf(SimulatedCrash.class);
    assertThat(FileStore.inspect(ckpt).interrupted())
        .containsExactlyInAnyOrder("10", "11", "12", "13", "14");
    assertThat(keys(out)).isEqualTo(ordinals(0, 10));

    RunResult rerun = pipeline(in, out, ckpt, line -> line).run();

    assertThat(rerun.interrupted()).containsExactlyInAnyOrder("10", "11", "12", "13", "14");
    assertThat(rerun.succeeded()).isTrue();
    assertThat(rerun.processed()).isEqualTo(10);
    assertThat(keys(out)).isEqualTo(ordinals(0, 20));
  }

  @Test
  void anItemThatCrashesTheProcessThreeTimesIsFailedAndItsNeighboursAreNot() throws Exception {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline<String, String> poisoned =
        pipeline(
            in,
            out,
            ckpt,
            line -> {
              if (line.equals("item-12")) {
                throw new SimulatedCrash(line);
              }
              return line;
            });

    for (int crash = 1; crash <= 3; crash++) {
      assertThatThrownBy(poisoned::run).isInstanceOf(SimulatedCrash.class);
    }
    RunResult last = poisoned.run();

    assertThat(last.outcome()).isEqualTo(RunResult.Outcome.COMPLETED_WITH_FAILURES);
    assertThat(last.failed())
        .containsExactly(new RunResult.FailedItem("12", "crashed the process 3 times"));
    assertThat(last.counts().done()).isEqualTo(19);
    List<String> expected = new ArrayList<>(ordinals(0, 20));
    expected.remove("12");
    assertThat(keys(out)).isEqualTo(expected);
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      ItemRecord poison = store.get("12").orElseThrow();
      assertThat(poison.state()).isEqualTo(ItemState.FAILED);
      assertThat(poison.interruptions()).isEqualTo(3);
      assertThat(store.get("13").orElseThrow().state()).isEqualTo(ItemState.DONE);
    }

    RunResult again = poisoned.run();
    assertThat(again.processed()).as("a poison item is not retried by later runs").isZero();
  }

  @Test
  void thePoisonThresholdIsConfigurable() throws Exception {
    Path in = input(dir, 3);
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline<String, String> poisoned =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-1")) {
                    throw new SimulatedCrash(line);
                  }
                  return line;
                })
            .checkpoint(ckpt)
            .poisonThreshold(2)
            .build();

    assertThatThrownBy(poisoned::run).isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(poisoned::run).isInstanceOf(SimulatedCrash.class);
    RunResult third = poisoned.run();

    assertThat(third.failed())
        .containsExactly(new RunResult.FailedItem("1", "crashed the process 2 times"));
    assertThat(third.counts().done()).isEqualTo(2);
  }

  /** A typed memoized value. */
  record Fetched(String url, int bytes) {}

  @Test
  void aMemoizedSubStepRunsOnceAcrossACrashAndItsValueIsRestored() throws Exception {
    Path in = input(dir, 3);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    AtomicInteger fetches = new AtomicInteger();
    AtomicInteger transforms = new AtomicInteger();
    AtomicInteger crashes = new AtomicInteger(1);
    ItemPipeline<String, String> pipeline =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  Fetched fetched =
                      ctx.step(
                          "fetch",
                          Fetched.class,
                          () -> {
                            fetches.incrementAndGet();
                            return new Fetched("http://x/" + line, line.length());
                          });
                  Integer size =
                      ctx.step(
                          "size",
                          () -> {
                            transforms.incrementAndGet();
                            return fetched.bytes() * 10;
                          });
                  if (line.equals("item-1") && crashes.getAndDecrement() > 0) {
                    throw new SimulatedCrash(line);
                  }
                  return fetched.url() + "#" + size + "@" + ctx.attempt();
                })
            .sink(Sinks.jsonLines(out).resultsOnly())
            .checkpoint(ckpt)
            .build();

    assertThatThrownBy(pipeline::run).isInstanceOf(SimulatedCrash.class);
    assertThat(fetches.get()).isEqualTo(2);
    RunResult rerun = pipeline.run();

    assertThat(rerun.succeeded()).isTrue();
    assertThat(fetches.get()).as("item 0 and 1 fetched once each, then item 2").isEqualTo(3);
    assertThat(transforms.get()).isEqualTo(3);
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "\"http://x/item-0#60@2\"", "\"http://x/item-1#60@2\"", "\"http://x/item-2#60@2\"");
  }

  @Test
  void outputWrittenAfterTheLastCommitIsCutBeforeTheRunResumes() throws Exception {
    Path in = input(dir, 20);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    assertThatThrownBy(
            () ->
                pipeline(
                        in,
                        out,
                        ckpt,
                        line -> {
                          if (line.equals("item-12")) {
                            throw new SimulatedCrash(line);
                          }
                          return line;
                        })
                    .run())
        .isInstanceOf(SimulatedCrash.class);
    long committed = Files.size(out);
    Files.writeString(
        out, "{\"key\":\"10\",\"input\":\"item-10\",\"res", StandardOpenOption.APPEND);

    pipeline(in, out, ckpt, line -> line).run();

    assertThat(keys(out)).isEqualTo(ordinals(0, 20));
    assertThat(Files.size(out)).isGreaterThan(committed);
    assertThat(jsonLines(out).get(10).get("result").asText()).isEqualTo("item-10");
  }

  @Test
  void theCommittedSeekPointIsTheByteOffsetOfTheFirstUnfinishedLine() throws Exception {
    Path in = input(dir, 23);
    Path ckpt = dir.resolve("ckpt");
    assertThatThrownBy(
            () ->
                pipeline(
                        in,
                        dir.resolve("out.jsonl"),
                        ckpt,
                        line -> {
                          if (line.equals("item-17")) {
                            throw new SimulatedCrash(line);
                          }
                          return line;
                        })
                    .run())
        .isInstanceOf(SimulatedCrash.class);

    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      long expectedOffset = 0;
      for (int i = 0; i < 15; i++) {
        expectedOffset += ("item-" + i + "\n").getBytes(StandardCharsets.UTF_8).length;
      }
      assertThat(store.doneOrdinalPrefix()).isEqualTo(15);
      assertThat(store.positions())
          .containsEntry("input.seek.ordinal", 15L)
          .containsEntry("input.seek.offset", expectedOffset);
    }
  }

  @Test
  void aResumedRunSkipsTheFinishedPrefixWithoutLookingUpItsItems() throws Exception {
    Path in = input(dir, 1000);
    Path ckpt = dir.resolve("ckpt");
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch stopAsked = new CountDownLatch(1);
    RunHandle first =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  if (line.equals("item-555")) {
                    reached.countDown();
                    stopAsked.await();
                  }
                  return line;
                })
            .checkpoint(ckpt)
            .batchSize(100)
            .build()
            .start();
    reached.await();
    first.stop();
    stopAsked.countDown();
    long done = first.await().counts().done();
    CountingStore counting = new CountingStore(FileStore.at(ckpt));

    RunResult rest =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(line -> line)
            .store(counting)
            .batchSize(100)
            .keepCheckpoint()
            .build()
            .run();

    assertThat(done).isEqualTo(556);
    assertThat(rest.processed()).isEqualTo(1000 - done);
    assertThat(counting.gets.get())
        .as(
            "a lookup for each item of the stopped batch left not done, none for the finished"
                + " prefix nor for items never recorded")
        .isEqualTo(600 - done);
    assertThat(counting.visits.get()).as("no visit of DONE items held in the prefix").isZero();
  }
}
