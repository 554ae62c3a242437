package dev.ratchet.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the real command line: shell syntax in items under {@code --exec}, bytes
 * that are not text, a 10 MB item, YAML bombs and deep nesting in pipeline files, and step names
 * with path syntax. Each is handled as text or refused with a message naming the file.
 */
class HostileCliInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shellSyntaxInItemsUnderExecIsDataNotCode() throws Exception {
    List<String> items =
        List.of(
            "$(touch pwned1)",
            "`touch pwned2`",
            "; touch pwned3",
            "' ; touch pwned4 ; '",
            "\" ; touch pwned5 ; \"",
            "| touch pwned6",
            "&& touch pwned7",
            "$RATCHET_KEY ${HOME} %s %n",
            "\\\" \\' \\\\");
    Files.write(dir.resolve("in.txt"), items, StandardCharsets.UTF_8);
    CliChild.Ran ran =
        CliChild.run(
            dir,
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "cat",
            "--progress",
            "none");
    assertThat(ran.exit()).as(ran.all()).isZero();
    List<JsonNode> records = records(dir.resolve("out.jsonl"));
    assertThat(records).extracting(r -> r.path("input").asText()).containsExactlyElementsOf(items);
    assertThat(records.toString()).contains("touch pwned1");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
    }
  }

  @Test
  void bytesThatAreNotTextAreRefusedClearlyOrKeptAsText() throws Exception {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes("plain\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes("nul\0inside\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes("carriage\rreturn\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes(new byte[] {'b', 'a', 'd', (byte) 0xC3, 0x28, (byte) 0xFF, '\n'});
    input.writeBytes("after\n".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("bytes.txt"), input.toByteArray());
    CliChild.Ran ran =
        CliChild.run(
            dir, "process", "--input", "bytes.txt", "--output", "out.jsonl", "--progress", "none");
    if (ran.exit() == 0) {
      List<JsonNode> records = records(dir.resolve("out.jsonl"));
      assertThat(records).hasSizeGreaterThanOrEqualTo(5);
      assertThat(records.get(1).path("input").asText()).isEqualTo("nul\0inside");
      assertThat(records).extracting(r -> r.path("input").asText()).contains("plain", "after");
    } else {
      assertThat(ran.exit()).as(ran.all()).isEqualTo(2);
      assertThat(ran.err()).contains("bytes.txt").containsIgnoringCase("UTF-8");
      assertThat(ran.err()).doesNotContain("Exception in thread").doesNotContain("\tat ");
    }
  }

  @Test
  void aTenMegabyteItemIsProcessedWhole() throws Exception {
    String big = "w ".repeat(5 << 20);
    Files.writeString(dir.resolve("big.txt"), "small\n" + big + "\nlast\n");
    CliChild.Ran ran =
        CliChild.run(
            dir,
            "process",
            "--input",
            "big.txt",
            "--output",
            "out.jsonl",
            "--progress",
            "none",
            "--exec",
            "wc -c");
    assertThat(ran.exit()).as(ran.all()).isZero();
    List<JsonNode> records = records(dir.resolve("out.jsonl"));
    assertThat(records).hasSize(3);
    assertThat(records.get(1).path("input").asText()).hasSize(big.length());
    long counted = Long.parseLong(records.get(1).path("result").asText().strip());
    assertThat(counted).isBetween((long) big.length(), big.length() + 1L);
  }

  @Test
  void aYamlBombIsRefusedClearlyAndQuickly() throws Exception {
    StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 8; j++) {
        bomb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    bomb.append("steps:\n  one:\n    run: echo *a11\n");
    Files.writeString(dir.resolve("bomb.yaml"), bomb);
    long start = System.nanoTime();
    CliChild.Ran ran = CliChild.run(dir, "run", "bomb.yaml");
    assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(60);
    assertThat(ran.exit()).as(ran.all()).isEqualTo(2);
    assertThat(ran.err()).contains("bomb.yaml").doesNotContain("\tat ");
  }

  @Test
  void deeplyNestedYamlIsRefusedClearly() throws Exception {
    String deep =
        "steps:\n  one:\n    run: echo hi\n    x: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    Files.writeString(dir.resolve("deep.yaml"), deep);
    CliChild.Ran ran = CliChild.run(dir, "run", "deep.yaml");
    assertThat(ran.exit()).as(ran.all()).isEqualTo(2);
    assertThat(ran.err())
        .contains("deep.yaml")
        .doesNotContain("StackOverflowError")
        .doesNotContain("\tat ");
  }

  @Test
  void stepNamesWithPathSyntaxNeverBecomePaths() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Files.writeString(
        work.resolve("p.yaml"),
        String.join(
            "\n",
            "steps:",
            "  \"../../escape\":",
            "    run: echo one",
            "  \"a/b\":",
            "    run: echo two",
            "    needs: [\"../../escape\"]",
            ""));
    CliChild.Ran ran = CliChild.run(work, "run", "p.yaml");
    if (ran.exit() == 0) {
      assertThat(ran.all()).contains("a/b");
    } else {
      assertThat(ran.exit()).as(ran.all()).isEqualTo(2);
      assertThat(ran.err()).contains("p.yaml").doesNotContain("\tat ");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(p -> p.getFileName().toString().contains("escape")))
          .as("files named after the step stay inside the run's log directory")
          .allMatch(p -> p.startsWith(work) && p.getParent().endsWith("p.yaml.logs"))
          .allMatch(Files::isRegularFile);
    }
    assertThat(dir.getParent().resolve("escape")).doesNotExist();
  }

  private static List<JsonNode> records(Path file) throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      records.add(JSON.readTree(line));
    }
    return records;
  }
}
