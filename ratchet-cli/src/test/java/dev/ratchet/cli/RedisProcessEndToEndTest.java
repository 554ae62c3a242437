package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratchet.redis.RedisDatabase;
import dev.ratchet.redis.RedisTarget;
import dev.ratchet.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ratchet process --store redis://...} against a real Redis ({@link TestServices}), with the
 * workers as child JVMs: one crashes part-way, another finishes the run and takes over the crashed
 * worker's claimed items.
 */
class RedisProcessEndToEndTest {

  @TempDir Path dir;

  @Test
  void aCrashedWorkersItemsAreFinishedByAnotherAndTheOutputHoldsEachItemOnceInInputOrder()
      throws Exception {
    int n = 300;
    String runId = "cli-process-" + UUID.randomUUID().toString().substring(0, 8);
    String url = TestServices.redis();
    try (RedisDatabase db = RedisDatabase.connect(RedisTarget.parse(url))) {
      try {
        Path input = dir.resolve("in.txt");
        Files.write(input, IntStream.range(0, n).mapToObj(i -> "line " + i + " `x` $(y)").toList());
        ChildCli cli = new ChildCli(dir);
        String[] common = {
          "process",
          "--store",
          url,
          "--run-id",
          runId,
          "--input",
          "in.txt",
          "--batch-size",
          "25",
          "--workers",
          "2",
          "--lease-seconds",
          "2"
        };

        CliResult crashed = cli.run(concat(common, "--simulate-crash", "120"));
        assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(ExitCodes.SIMULATED_CRASH);
        assertThat(crashed.out()).contains("Loaded " + n + " items").contains("Joined run");
        long doneBefore = db.run(runId).counts().done();
        // each of the two worker threads may hold one batch it had not completed yet
        assertThat(doneBefore).isBetween(120L - 2 * 25, 119L);
        assertThat(db.run(runId).counts().inProgress()).isPositive();

        CliResult finisher = cli.run(concat(common, "--output", "out.jsonl"));
        assertThat(finisher.exitCode()).as(finisher.toString()).isZero();
        assertThat(finisher.out())
            .contains("Items already loaded; joining")
            .contains("Run '" + runId + "' finished.")
            .contains("Output:      out.jsonl (" + n + " results, input order)")
            .doesNotContain("finished with failures");
        assertThat(db.run(runId).counts().done()).isEqualTo(n);

        List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(n);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < n; i++) {
          JsonNode line = json.readTree(lines.get(i));
          String text = "line " + i + " `x` $(y)";
          assertThat(line.get("input").asText()).isEqualTo(text);
          assertThat(line.get("result").get("upper").asText()).isEqualTo(text.toUpperCase());
        }
        assertThat(lines.stream().map(l -> l.replaceAll(",\"result\".*", "")).distinct())
            .hasSize(n);

        CliResult again = cli.run(concat(common));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Run '" + runId + "' finished.");
        assertThat(db.run(runId).counts().done()).isEqualTo(n);

        CliResult clear = cli.run("clear", "--store", url, "--run-id", runId);
        assertThat(clear.exitCode()).as(clear.toString()).isZero();
        assertThat(db.inspect(runId).exists()).isFalse();
      } finally {
        if (db.inspect(runId).exists()) {
          db.run(runId).delete();
        }
      }
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
