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
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet process --store sqlite:PATH}: the ordinary run with its checkpoint in a SQLite
 * file instead of a checkpoint directory, run as a child process and killed as a crash would.
 */
class SqliteProcessEndToEndTest {
  /** Item 7 fails until the file "fixed" exists; item 62 kills the JVM (kill -9) once. */
  private static final String EXEC =
      "case \"$RATCHET_ITEM\" in"
          + " 'item 7') [ -f fixed ] || { echo boom >&2; exit 3; } ;;"
          + " 'item 62') [ -f killed ] || { touch killed; kill -9 $PPID; sleep 5; } ;;"
          + " esac; printf %s \"$RATCHET_ITEM\"";

  @TempDir Path dir;
  ChildCli cli;
  String url;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
    url = "sqlite:" + dir.resolve("run.db");
  }

  @Test
  void crashesThenResumesGiveEachItemOnceInInputOrderAndAFailedItemIsRetried() {
    writeLines(dir.resolve("in.txt"), numbered(100));
    String[] command = {
      "process",
      "--store",
      url,
      "--input",
      "in.txt",
      "--output",
      "out.jsonl",
      "--batch-size",
      "10",
      "--workers",
      "2",
      "--exec",
      EXEC
    };

    CliResult crashed = cli.run(concat(command, "--simulate-crash", "35"));
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
    assertThat(keys(records(dir.resolve("out.jsonl"))))
        .hasSizeLessThanOrEqualTo(35)
        .doesNotHaveDuplicates();
    assertThat(dir.resolve("out.jsonl.ratchet")).as("no checkpoint directory").doesNotExist();
    JsonNode mid = status();
    assertThat(mid.get("exists").asBoolean()).isTrue();
    // (with two workers, how many batches were committed before the halt varies)
    long committed =
        mid.get("counts").get("done").asLong() + mid.get("counts").get("failed").asLong();
    assertThat(committed).isBetween(0L, 35L);
    assertThat(mid.get("counts").get("failed").asLong()).isBetween(0L, 1L);

    CliResult killed = cli.run(command);
    assertThat(killed.exitCode()).as("kill -9 of the runner: " + killed).isEqualTo(137);
    assertThat(killed.out()).containsPattern("Resume plan: [0-9]+ done, [0-9]+ remaining");
    assertThat(dir.resolve("killed")).exists();

    CliResult failing = cli.run(command);
    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(failing.out())
        .contains("Finished with failures: 1 item(s) failed.")
        .contains("7: ")
        .contains("ratchet status --store " + url)
        .contains("Checkpoint:  " + url + " (kept)");
    List<String> withoutSeven =
        IntStream.range(0, 100).filter(i -> i != 7).mapToObj(String::valueOf).toList();
    assertThat(keys(records(dir.resolve("out.jsonl")))).containsExactlyElementsOf(withoutSeven);
    JsonNode end = status();
    assertThat(end.get("counts").get("done").asLong()).isEqualTo(99);
    assertThat(end.get("counts").get("failed").asLong()).isEqualTo(1);
    CliResult table = cli.run("status", "--store", url);
    assertThat(table.out()).containsPattern("done +99").containsPattern("failed +1");

    writeLines(dir.resolve("fixed"), List.of("yes"));
    CliResult fixed = cli.run(command);
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    assertThat(fixed.out()).contains("Finished: every item is done.").containsPattern("done +100");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(keys(out)).containsExactlyElementsOf(ordinals(100));
    assertThat(out.get(7).get("result").asText()).isEqualTo("item 7");
    assertThat(out.get(62).get("result").asText()).isEqualTo("item 62");
    assertThat(status().get("exists").asBoolean()).as("removed after success").isFalse();

    CliResult again = cli.run(command);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Already done");
  }

  @Test
  void formatJsonAndKeepCheckpointHoldAndClearRemovesIt() throws Exception {
    writeLines(dir.resolve("in.txt"), List.of("a", "b c", "d"));
    CliResult run =
        cli.run(
            "process",
            "--store",
            url,
            "--input",
            "in.txt",
            "--output",
            "out.json",
            "--format",
            "json",
            "--keep-checkpoint");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode array = json(Files.readString(dir.resolve("out.json")));
    assertThat(array.size()).isEqualTo(3);
    assertThat(array.get(1).get("result").get("upper").asText()).isEqualTo("B C");
    assertThat(status().get("counts").get("done").asLong()).isEqualTo(3);
    CliResult other =
        cli.run("process", "--store", url, "--input", "in.txt", "--output", "other.jsonl");
    assertThat(other.exitCode()).as(other.toString()).isNotZero();
    assertThat(other.err()).contains("out.json").contains("not of");
    assertThat(dir.resolve("other.jsonl")).doesNotExist();

    CliResult clear = cli.run("clear", "--store", url);
    assertThat(clear.exitCode()).as(clear.toString()).isZero();
    assertThat(clear.out()).contains("Removed checkpoint").contains("3 done");
    assertThat(status().get("exists").asBoolean()).isFalse();
  }

  @Test
  void optionsALocalStoreCannotHonourAreRefusedBeforeAnythingIsWritten() {
    writeLines(dir.resolve("in.txt"), List.of("a"));
    writeLines(dir.resolve("key"), List.of("0123456789abcdef0123456789abcdef"));
    String[][] refused = {
      {"--key-file", "key"}, {"--lease-seconds", "5"}, {"--checkpoint", "ckpt"}, {"--run-id", "x"}
    };
    for (String[] option : refused) {
      CliResult r =
          cli.run(
              concat(
                  new String[] {
                    "process", "--store", url, "--input", "in.txt", "--output", "out.jsonl"
                  },
                  option));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains(option[0]);
    }
    CliResult intoInput =
        cli.run("process", "--store", "sqlite:in.txt", "--input", "in.txt", "--output", "o.jsonl");
    assertThat(intoInput.exitCode()).as(intoInput.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(intoInput.err()).contains("--store must differ from --input and --output");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
    assertThat(dir.resolve("o.jsonl")).doesNotExist();
    assertThat(dir.resolve("run.db")).doesNotExist();
  }

  private JsonNode status() {
    CliResult r = cli.run("status", "--store", url, "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return json(r.out());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
