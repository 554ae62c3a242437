package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.json;
import static dev.ratchet.cli.OutputFiles.keys;
import static dev.ratchet.cli.OutputFiles.numbered;
import static dev.ratchet.cli.OutputFiles.ordinals;
import static dev.ratchet.cli.OutputFiles.records;
import static dev.ratchet.cli.OutputFiles.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items that failed and were retried by a later run still land at their input position. */
class InputOrderEndToEndTest {
  /** Fails items 4 and 7 while the file "broken" exists; echoes every other item. */
  private static final String FLAKY =
      "case \"$RATCHET_ITEM\" in 'item 4'|'item 7') [ -e broken ] && exit 3;; esac; cat";

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    writeLines(dir.resolve("in.txt"), numbered(10));
  }

  @Test
  void retriedItemsLandInInputOrderInJsonLines() throws Exception {
    Files.createFile(dir.resolve("broken"));
    CliResult failed = process("out.jsonl", "jsonl");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(keys(records(dir.resolve("out.jsonl"))))
        .containsExactly("0", "1", "2", "3", "5", "6", "8", "9");
    Files.delete(dir.resolve("broken"));
    CliResult retried = process("out.jsonl", "jsonl");
    assertThat(retried.exitCode()).as(retried.toString()).isZero();
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(ordinals(10));
    for (JsonNode record : out) {
      assertThat(record.get("result").asText()).isEqualTo(record.get("input").asText());
    }
    CliResult again = process("out.jsonl", "jsonl");
    assertThat(again.out()).as(again.toString()).contains("Already done");
  }

  @Test
  void retriedItemsLandInInputOrderInAJsonArray() throws Exception {
    Files.createFile(dir.resolve("broken"));
    assertThat(process("out.json", "json").exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);
    Files.delete(dir.resolve("broken"));
    CliResult retried = process("out.json", "json");
    assertThat(retried.exitCode()).as(retried.toString()).isZero();
    List<String> keys = new ArrayList<>();
    json(Files.readString(dir.resolve("out.json"))).forEach(r -> keys.add(r.get("key").asText()));
    assertThat(keys).containsExactlyElementsOf(ordinals(10));
  }

  private CliResult process(String output, String format) {
    return cli.run(
        "process",
        "--input",
        "in.txt",
        "--output",
        output,
        "--format",
        format,
        "--batch-size",
        "3",
        "--exec",
        FLAKY);
  }
}
