package dev.ratchet.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.RetryPolicy;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.RunResult;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.Sources;
import dev.ratchet.store.RunProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library user scales an {@link ItemPipeline} out by changing one builder call: {@code
 * checkpoint(dir)} becomes {@code sharedRun(run)}, and the same pipeline runs as many cooperating
 * workers on one PostgreSQL run, with the same retry policy, timeouts, sub-steps and sink.
 */
class SharedPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static String schema;
  static PostgresDatabase first;
  static PostgresDatabase second;

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    schema = PgTestSupport.uniqueSchema();
    // two pools, as two processes would have
    first = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
    second = PostgresDatabase.connect(PgTestSupport.target().withSchema(schema));
  }

  @AfterAll
  static void cleanUp() {
    if (first != null) {
      second.close();
      first.close();
      PgTestSupport.dropSchema(schema);
    }
  }

  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

  /** The user's pipeline; {@code where} is the one call that says where its state lives. */
  private ItemPipeline<String, Object> pipeline(
      Path input,
      Path output,
      AtomicBoolean fixed,
      UnaryOperator<ItemPipeline.Builder<String, Object>> where) {
    ItemPipeline.Builder<String, Object> builder =
        ItemPipeline.<String, Object>builder()
            .source(Sources.lines(input))
            .contextProcessor(
                (item, ctx) -> {
                  attempts.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
                  String fetched =
                      ctx.step(
                          "fetch",
                          () -> {
                            fetches
                                .computeIfAbsent(item, k -> new AtomicInteger())
                                .incrementAndGet();
                            return item.toUpperCase();
                          });
                  if (item.startsWith("flaky") && ctx.attempt() == 1) {
                    throw new IllegalStateException("flaky the first time");
                  }
                  if (item.equals("bad") && !fixed.get()) {
                    throw new IllegalStateException("bad until fixed");
                  }
                  if (item.equals("slow") && !fixed.get()) {
                    new CountDownLatch(1).await(); // only the timeout ends it
                  }
                  return Map.of("upper", fetched, "key", ctx.idempotencyKey());
                })
            .sink(Sinks.jsonLines(output))
            .retry(
                RetryPolicy.attempts(2)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                    .build())
            .timeout(Duration.ofSeconds(2))
            .batchSize(7)
            .workers(2);
    return where.apply(builder).build();
  }

  @Test
  void twoPipelinesOnOneRunDoEveryItemOnceAndBothWriteTheWholeOutput() throws Exception {
    int n = 300;
    Path input = dir.resolve("in.txt");
    Files.write(
        input,
        IntStream.range(0, n).mapToObj(i -> (i % 50 == 7 ? "flaky " : "item ") + i).toList());
    AtomicBoolean fixed = new AtomicBoolean(true);
    String runId = "scale-out";
    ItemPipeline<String, Object> a =
        pipeline(input, dir.resolve("a.jsonl"), fixed, b -> b.sharedRun(first.run(runId)));
    ItemPipeline<String, Object> b =
        pipeline(input, dir.resolve("b.jsonl"), fixed, p -> p.sharedRun(second.run(runId)));

    List<RunResult> results = runTogether(a, b);

    assertThat(results).allMatch(RunResult::succeeded);
    assertThat(results.get(0).processed() + results.get(1).processed()).isEqualTo(n);
    assertThat(first.run(runId).progress()).isEqualTo(new RunProgress(n, 0, 0, n, 0, 0));
    assertThat(attempts).hasSize(n);
    attempts.forEach(
        (item, count) ->
            assertThat(count.get())
                .as(item + ": once, twice if flaky (the retry policy's second attempt)")
                .isEqualTo(item.startsWith("flaky") ? 2 : 1));
    assertThat(fetches.values())
        .as("the sub-step of a retried item ran once: the retry reused its value")
        .allMatch(count -> count.get() == 1);
    for (Path out : List.of(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"))) {
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).hasSize(n);
      for (int i = 0; i < n; i++) {
        JsonNode line = JSON.readTree(lines.get(i));
        assertThat(line.get("key").asText()).isEqualTo(Integer.toString(i));
        assertThat(line.get("result").get("key").asText()).isEqualTo(runId + ":" + i);
      }
    }
  }

  @Test
  void aRerunRetriesOnlyTheFailedItemsAndATimeoutFailsAnItemNotTheRun() throws Exception {
    Path input = dir.resolve("in.txt");
    Files.write(input, List.of("a", "bad", "slow", "c"));
    AtomicBoolean fixed = new AtomicBoolean(false);
    String runId = "rerun";
    Path output = dir.resolve("out.jsonl");

    RunResult broken = pipeline(input, output, fixed, b -> b.sharedRun(first.run(runId))).run();

    assertThat(broken.outcome()).isEqualTo(RunResult.Outcome.COMPLETED_WITH_FAILURES);
    assertThat(broken.failed())
        .extracting(RunResult.FailedItem::key, f -> f.error().contains("timed out after"))
        .containsExactlyInAnyOrder(tuple("1", false), tuple("2", true));
    assertThat(attempts.get("bad").get()).as("retried once in the run").isEqualTo(2);
    assertThat(Files.readAllLines(output)).as("the two done items, in input order").hasSize(2);

    fixed.set(true);
    RunResult rerun = pipeline(input, output, fixed, b -> b.sharedRun(second.run(runId))).run();

    assertThat(rerun.succeeded()).as(rerun.toString()).isTrue();
    assertThat(rerun.processed()).as("only the failed items ran again").isEqualTo(2);
    assertThat(attempts.get("a").get()).isEqualTo(1);
    assertThat(attempts.get("bad").get()).isEqualTo(3);
    assertThat(Files.readAllLines(output))
        .extracting(l -> JSON.readTree(l).get("input").asText())
        .containsExactly("a", "bad", "slow", "c");
  }

  private static List<RunResult> runTogether(ItemPipeline<?, ?>... pipelines) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<RunResult> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < pipelines.length; i++) {
      results.add(null);
    }
    for (int i = 0; i < pipelines.length; i++) {
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  RunResult r = pipelines[index].run();
                  synchronized (results) {
                    results.set(index, r);
                  }
                } catch (Throwable t) {
                  synchronized (failures) {
                    failures.add(t);
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    return results;
  }
}
