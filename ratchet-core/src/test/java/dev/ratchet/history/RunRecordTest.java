package dev.ratchet.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.internal.history.HistoryFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecordTest {
  private static final Instant START = Instant.parse("2026-12-07T20:00:00.123456789Z");

  /** Every field set, the failed items with and without an error, a DAG's steps and edges. */
  private static RunRecord full() {
    return new RunRecord(
        RunRecord.FORMAT,
        RunRecord.RUN,
        "run-1",
        "dag",
        "/data/out.jsonl.ratchet",
        "completed_with_failures",
        START,
        START.plusSeconds(90),
        Map.of("done", 7L, "failed", 2L, "skipped", 0L, "inProgress", 1L),
        9,
        List.of(
            new RunRecord.FailedItem("3", "exit code 2: \"quoted\" \\ tab\t é ✓"),
            new RunRecord.FailedItem("5", null)),
        2,
        Map.of("extract", "done", "load", "failed"),
        List.of(List.of("extract", "load")),
        new RunRecord.Identity("in.txt", "lines:size=10:crc32c=0000abcd"),
        "out.jsonl",
        List.of("ratchet", "process", "--input", "in.txt"),
        "/data",
        "alice",
        "host-1",
        4242,
        "5",
        false);
  }

  /** The JSON text the record's mapper writes from the record itself, by reflection. */
  private static String byReflection(RunRecord record) throws Exception {
    return HistoryFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record);
  }

  @Test
  void aRecordWithEveryFieldIsWrittenAsTheMapperWritesIt() throws Exception {
    RunRecord record = full();
    assertThat(record.toJson()).isEqualTo(byReflection(record));
    assertThat(RunRecord.fromJson(record.toJson())).isEqualTo(record);
  }

  @Test
  void nullFieldsAreLeftOutAsTheMapperLeavesThemOut() throws Exception {
    RunRecord action = RunRecord.action("/data/c", null, null, "clear", null, "bob");
    assertThat(action.toJson()).isEqualTo(byReflection(action)).doesNotContain("null");
    assertThat(RunRecord.fromJson(action.toJson())).isEqualTo(action);
    RunRecord bare =
        new RunRecord(
            RunRecord.FORMAT,
            RunRecord.RUN,
            null,
            "items",
            "/c",
            "succeeded",
            null,
            START,
            null,
            0,
            null,
            0,
            null,
            null,
            new RunRecord.Identity(null, "fp"),
            null,
            null,
            null,
            null,
            null,
            0,
            null,
            true);
    assertThat(bare.toJson()).isEqualTo(byReflection(bare));
    assertThat(RunRecord.fromJson(bare.toJson())).isEqualTo(bare);
  }
}
