package dev.ratchet.items;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
  @TempDir Path dir;

  @Test
  void runs() throws Exception {
    Path in = dir.resolve("in.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) lines.add("line" + i);
    Files.write(in, lines);
    Path out = dir.resolve("out.jsonl");
    InMemoryStore store = new InMemoryStore();
    RunResult r = ItemPipeline.<String, Integer>builder().source(Sources.lines(in)).processor(String::length)
        .sink(Sinks.jsonLines(out)).store(store).keepCheckpoint().batchSize(64).workers(3)
        .progress(p -> System.out.println(p)).build().run();
    System.out.println(r);
    System.out.println(store.positions());
    assertThat(Files.readAllLines(out)).hasSize(1000);
    assertThat(Files.readAllLines(out).get(999)).isEqualTo("{\"key\":\"999\",\"input\":\"line999\",\"result\":7}");
  }
}
