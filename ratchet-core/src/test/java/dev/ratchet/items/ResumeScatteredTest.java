package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratchet.items.ResumeTest.SimulatedCrash;
import dev.ratchet.store.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming with several workers and items left to do all over the input. */
class ResumeScatteredTest {
  @TempDir Path dir;

  @Test
  void aResumeLooksUpOnlyTheItemsLeftToDoWhereverTheyAre() throws Exception {
    Path in = input(dir, 1000);
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline.<String, String>builder()
        .source(Sources.lines(in))
        .processor(
            line -> {
              if (line.endsWith("3")) {
                throw new IllegalStateException("not yet");
              }
              return line;
            })
        .checkpoint(ckpt)
        .batchSize(64)
        .workers(3)
        .build()
        .run();
    CountingStore counting = new CountingStore(FileStore.at(ckpt));

    RunResult rest =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(line -> line)
            .store(counting)
            .batchSize(64)
            .keepCheckpoint()
            .build()
            .run();

    assertThat(rest.succeeded()).isTrue();
    assertThat(rest.processed()).isEqualTo(100);
    assertThat(counting.gets.get())
        .as("one lookup per failed item, none per DONE one")
        .isEqualTo(100);
    assertThat(rest.counts().done()).isEqualTo(1000);
  }

  @Test
  void aSuspectItemRunsAloneAmongSeveralWorkersSoOnlyThePoisonIsFailed() throws Exception {
    Path in = input(dir, 60);
    Path out = dir.resolve("out.jsonl");
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline<String, String> poisoned =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .processor(
                line -> {
                  if (line.equals("item-22")) {
                    throw new SimulatedCrash(line);
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(out))
            .checkpoint(ckpt)
            .batchSize(5)
            .workers(4)
            .keepCheckpoint()
            .build();

    for (int crash = 1; crash <= 3; crash++) {
      assertThatThrownBy(poisoned::run).isInstanceOf(SimulatedCrash.class);
    }
    RunResult last = poisoned.run();

    assertThat(last.failed())
        .containsExactly(new RunResult.FailedItem("22", "crashed the process 3 times"));
    assertThat(last.counts().done()).isEqualTo(59);
    List<String> expected = new ArrayList<>(ordinals(0, 60));
    expected.remove("22");
    assertThat(keys(out)).isEqualTo(expected);
  }
}
