package dev.ratchet.items;

import static dev.ratchet.items.Fixtures.input;
import static dev.ratchet.items.Fixtures.keys;
import static dev.ratchet.items.Fixtures.ordinals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ItemContext#upcoming()}: what a processor may send ahead is exactly what its thread
 * processes next, in order, up to the end of the batch, and a retry sees the same.
 */
class UpcomingItemsTest {
  @TempDir Path dir;

  @Test
  void eachItemSeesTheRestOfItsBatchInOrderAndTheThreadProcessesExactlyThatNext() throws Exception {
    Path in = input(dir, 23);
    Map<Thread, List<String>> seen = new ConcurrentHashMap<>();
    Map<Thread, List<List<Object>>> promised = new ConcurrentHashMap<>();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  seen.computeIfAbsent(Thread.currentThread(), t -> new ArrayList<>()).add(line);
                  promised
                      .computeIfAbsent(Thread.currentThread(), t -> new ArrayList<>())
                      .add(List.copyOf(ctx.upcoming()));
                  return line;
                })
            .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
            .checkpoint(dir.resolve("ckpt"))
            .batchSize(5)
            .workers(3)
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(keys(dir.resolve("out.jsonl"))).isEqualTo(ordinals(0, 23));
    int batchEnds = 0;
    for (Thread thread : seen.keySet()) {
      List<String> lines = seen.get(thread);
      List<List<Object>> upcoming = promised.get(thread);
      for (int i = 0; i < lines.size(); i++) {
        List<Object> next = upcoming.get(i);
        assertThat(lines.subList(i + 1, Math.min(lines.size(), i + 1 + next.size())))
            .as("what %s was promised after %s", thread.getName(), lines.get(i))
            .isEqualTo(next);
        assertThat(next.size()).isLessThan(5);
        if (next.isEmpty()) {
          batchEnds++;
        }
      }
    }
    assertThat(batchEnds).as("one batch end per batch of at most 5 items").isBetween(5, 23);
  }

  @Test
  void aRetriedItemSeesTheSameUpcomingItemsAsItsFirstAttempt() throws Exception {
    Path in = input(dir, 4);
    Map<Integer, List<Object>> byAttempt = new ConcurrentHashMap<>();

    RunResult result =
        ItemPipeline.<String, String>builder()
            .source(Sources.lines(in))
            .contextProcessor(
                (line, ctx) -> {
                  if (line.equals("item-1")) {
                    byAttempt.put(ctx.attempt(), List.copyOf(ctx.upcoming()));
                    if (ctx.attempt() < 2) {
                      throw new IOException("flaky");
                    }
                  }
                  return line;
                })
            .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
            .checkpoint(dir.resolve("ckpt"))
            .retry(
                RetryPolicy.attempts(2)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                    .retryOn(IOException.class)
                    .build())
            .build()
            .run();

    assertThat(result.succeeded()).isTrue();
    assertThat(byAttempt.get(1)).containsExactly("item-2", "item-3");
    assertThat(byAttempt.get(2)).isEqualTo(byAttempt.get(1));
  }
}
