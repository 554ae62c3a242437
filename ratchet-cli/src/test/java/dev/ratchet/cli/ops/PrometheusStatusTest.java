package dev.ratchet.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratchet.cli.ExitCodes;
import dev.ratchet.cli.Main;
import dev.ratchet.store.Change;
import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.Commit;
import dev.ratchet.store.FileStore;
import dev.ratchet.store.StateCounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusStatusTest {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-z_]+)\\{checkpoint=\"(?:[^\"\\\\]|\\\\.)*\",run_id=\"[^\"]*\"(,state=\"([a-z_]+)\")?\\} (\\S+)");

  @TempDir Path dir;

  @Test
  void statusPrintsTheExpositionFormatForACheckpointWithKnownOutcomes() {
    Path ckpt = dir.resolve("ckpt");
    try (FileStore store = FileStore.at(ckpt)) {
      store.open();
      for (int i = 0; i < 6; i++) {
        store.commit(Commit.of(Change.Item.done(Integer.toString(i), 1, null)));
      }
      store.commit(
          Commit.of(
              Change.Item.failed("6", 2, 0, "timeout"),
              Change.Item.failed("7", 1, 0, "bad row"),
              Change.Item.skipped("8", 1, "empty"),
              Change.Item.inProgress("9", 1, 0),
              new Change.Meta(PrometheusStatus.TOTAL_KEY, "20")));
    }

    String[] result = run("status", "--checkpoint", ckpt.toString(), "--format", "prometheus");

    assertThat(result[0]).isEqualTo("0");
    Map<String, Double> values = parse(result[1]);
    assertThat(values)
        .containsEntry("ratchet_checkpoint_exists", 1.0)
        .containsEntry("ratchet_checkpoint_items/done", 6.0)
        .containsEntry("ratchet_checkpoint_items/failed", 2.0)
        .containsEntry("ratchet_checkpoint_items/skipped", 1.0)
        .containsEntry("ratchet_checkpoint_items/in_progress", 1.0)
        .containsEntry("ratchet_checkpoint_completed_items", 7.0)
        .containsEntry("ratchet_checkpoint_failed_items", 2.0)
        .containsEntry("ratchet_checkpoint_remaining_items", 13.0)
        .containsEntry("ratchet_checkpoint_total_items", 20.0)
        .containsEntry("ratchet_checkpoint_total_known", 1.0)
        .containsEntry("ratchet_checkpoint_progress_percent", 35.0)
        .containsEntry("ratchet_checkpoint_interrupted_items", 1.0)
        .containsEntry("ratchet_checkpoint_durability_warning", 0.0);
    assertThat(values.get("ratchet_checkpoint_last_commit_timestamp_seconds"))
        .isCloseTo(Instant.now().getEpochSecond(), Offset.offset(600.0));
    for (String line : result[1].split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) [a-z_]+ .+|" + SAMPLE.pattern());
    }
  }

  @Test
  void withoutARecordedTotalTheItemsReachedSoFarAreTheTotal() {
    CheckpointInfo info =
        new CheckpointInfo(
            "runs/a \"quoted\"",
            true,
            "r1",
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            new StateCounts(0, 3, 1, 0),
            List.of(),
            List.of(),
            Map.of());
    Map<String, Double> values = parse(PrometheusStatus.format(info));
    assertThat(values)
        .containsEntry("ratchet_checkpoint_total_items", 4.0)
        .containsEntry("ratchet_checkpoint_total_known", 0.0)
        .containsEntry("ratchet_checkpoint_progress_percent", 75.0)
        .containsEntry("ratchet_checkpoint_remaining_items", 1.0);
    assertThat(PrometheusStatus.format(info)).contains("checkpoint=\"runs/a \\\"quoted\\\"\"");
  }

  @Test
  void aDurabilityWarningIsPrintedAndExported() {
    CheckpointInfo info =
        new CheckpointInfo(
            "redis://h:6379/0 checkpoint 'x'",
            true,
            "r",
            1,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            StateCounts.EMPTY,
            List.of(),
            List.of(),
            Map.of(PrometheusStatus.DURABILITY_WARNING, "Redis runs without an append-only file"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(StatusFormats.print("prometheus", info, new PrintWriter(out), new PrintWriter(err)))
        .isTrue();
    assertThat(err.toString()).startsWith("warning: Redis runs without an append-only file");
    assertThat(parse(out.toString())).containsEntry("ratchet_checkpoint_durability_warning", 1.0);
  }

  @Test
  void missingCheckpointAndUnknownFormat() {
    String[] missing =
        run("status", "--checkpoint", dir.resolve("none").toString(), "--format", "prometheus");
    assertThat(missing[0]).isEqualTo("0");
    assertThat(parse(missing[1])).containsExactly(Map.entry("ratchet_checkpoint_exists", 0.0));

    String[] bad = run("status", "--checkpoint", dir.toString(), "--format", "xml");
    assertThat(bad[0]).isEqualTo(Integer.toString(ExitCodes.USAGE));
    assertThat(bad[2]).contains("use table, json or prometheus");
  }

  private static Map<String, Double> parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        String key = m.group(3) == null ? m.group(1) : m.group(1) + "/" + m.group(3);
        values.put(key, Double.parseDouble(m.group(4)));
      }
    }
    return values;
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
