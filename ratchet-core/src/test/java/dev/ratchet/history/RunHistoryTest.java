package dev.ratchet.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.dag.CheckpointExecutor;
import dev.ratchet.dag.Dag;
import dev.ratchet.dag.Task;
import dev.ratchet.items.ItemPipeline;
import dev.ratchet.items.Sinks;
import dev.ratchet.items.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
  @TempDir Path dir;

  @Test
  void anItemRunLeavesARecordThatOutlivesItsCheckpoint() throws Exception {
    Path ckpt = dir.resolve("out.jsonl.ratchet");
    ItemPipeline.<String, Integer>builder()
        .source(Sources.lines(lines(5)))
        .processor(String::length)
        .sink(Sinks.jsonLines(dir.resolve("out.jsonl")))
        .checkpoint(ckpt)
        .command(List.of("ratchet", "process", "--input", "in.txt"))
        .build()
        .run();

    assertThat(ckpt.resolve("checkpoint.json")).doesNotExist();
    List<RunRecord> records = RunHistory.of(ckpt);
    assertThat(records).hasSize(1);
    RunRecord record = records.get(0);
    assertThat(record.succeeded()).isTrue();
    assertThat(record.shape()).isEqualTo("items");
    assertThat(record.counts()).containsEntry("done", 5L).containsEntry("failed", 0L);
    assertThat(record.input().fingerprint()).startsWith("lines:size=");
    assertThat(record.output()).endsWith("out.jsonl");
    assertThat(record.command()).containsExactly("ratchet", "process", "--input", "in.txt");
    assertThat(record.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(record.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(record.checkpoint()).isEqualTo(ckpt.toAbsolutePath().toString());
  }

  @Test
  void failedItemsAreKeptBoundedWithTheirErrors() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    ItemPipeline.<String, Integer>builder()
        .source(Sources.lines(lines(30)))
        .processor(
            line -> {
              throw new IllegalStateException("<b>bad</b> " + line);
            })
        .checkpoint(ckpt)
        .build()
        .run();

    RunRecord record = RunHistory.latestRun(ckpt).orElseThrow();
    assertThat(record.outcome()).isEqualTo("completed_with_failures");
    assertThat(record.failedTotal()).isEqualTo(30);
    assertThat(record.failed()).hasSize(RunRecord.FAILED_LIMIT);
    assertThat(record.failed().get(0).error())
        .startsWith("java.lang.IllegalStateException: <b>bad</b> line-");
    assertThat(record.command()).isNull();
  }

  @Test
  void aDagRunRecordsEveryStepStateAndItsEdges() {
    Dag dag = Dag.builder().addEdge("extract", "load").addNode("report").build();
    Path ckpt = dir.resolve("etl");
    Map<String, Task> tasks =
        Map.of(
            "extract", ctx -> 1,
            "load",
                ctx -> {
                  throw new IllegalStateException("database unavailable");
                },
            "report", ctx -> 2);
    new CheckpointExecutor(dag, ckpt).resume(tasks);

    RunRecord record = RunHistory.latestRun(ckpt).orElseThrow();
    assertThat(record.shape()).isEqualTo("dag");
    assertThat(record.outcome()).isEqualTo("failed");
    assertThat(record.steps())
        .containsEntry("extract", "done")
        .containsEntry("load", "failed")
        .containsEntry("report", "done");
    assertThat(record.edges()).containsExactly(List.of("extract", "load"));
    assertThat(record.failed().get(0).error()).contains("database unavailable");
  }

  @Test
  void recordsUnderARootAreNewestFirstAndRetentionRemovesOldOnes() throws Exception {
    Path a = dir.resolve("a/one");
    Path b = dir.resolve("b/two");
    RunHistory.append(a, RunRecord.action(a.toString(), null, "items", "clear", null, "ann"));
    Thread.sleep(5);
    RunHistory.append(b, RunRecord.action(b.toString(), null, "items", "skip", "7", "bob"));

    RunHistory.Listing listing = RunHistory.under(dir);
    assertThat(listing.records()).extracting(RunRecord::outcome).containsExactly("skip", "clear");
    assertThat(listing.records().get(0).manual()).isTrue();
    assertThat(listing.records().get(0).target()).isEqualTo("7");
    assertThat(listing.unreadable()).isEmpty();

    assertThat(RunHistory.removeOlderThan(dir, Instant.now().plusSeconds(1), true)).isEqualTo(2);
    assertThat(RunHistory.under(dir).records()).hasSize(2);
    assertThat(RunHistory.removeOlderThan(dir, Instant.now().minusSeconds(60), false)).isZero();
    assertThat(RunHistory.removeOlderThan(dir, Instant.now().plusSeconds(1), false)).isEqualTo(2);
    assertThat(RunHistory.under(dir).records()).isEmpty();
    assertThat(dir.resolve("a").resolve(RunHistory.DIRECTORY)).doesNotExist();
  }

  @Test
  void anUnreadableRecordIsReportedNotGuessedAround() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    RunHistory.append(ckpt, RunRecord.action(ckpt.toString(), null, "items", "clear", null, "x"));
    Files.writeString(RunHistory.directoryOf(ckpt).resolve("0000000000001-1-1.json"), "{oops");

    RunHistory.Listing listing = RunHistory.under(dir);
    assertThat(listing.records()).hasSize(1);
    assertThat(listing.unreadable()).singleElement().asString().contains("not a run record");
  }

  private Path lines(int n) throws Exception {
    Path in = dir.resolve("in.txt");
    Files.write(in, IntStream.range(0, n).mapToObj(i -> "line-" + i).toList());
    return in;
  }
}
