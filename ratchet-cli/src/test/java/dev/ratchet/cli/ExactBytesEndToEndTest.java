package dev.ratchet.cli;

import static dev.ratchet.cli.OutputFiles.json;
import static dev.ratchet.cli.OutputFiles.records;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes are kept exactly or refused, never changed: a Latin-1 file name reaches --exec as its bytes
 * and is written as input_base64, a NUL byte reaches --exec on standard input, a byte order mark is
 * not part of item 0, a result that is not UTF-8 fails its item.
 */
class ExactBytesEndToEndTest {
  /** "café.txt" in Latin-1: the é is the single byte 0xE9, not UTF-8. */
  private static final byte[] LATIN1_NAME = "caf\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;
  ChildCli cli;

  @BeforeEach
  void setUp() {
    cli = new ChildCli(dir);
  }

  @Test
  void aLatin1FileNameReachesExecAsItsBytesAndIsKeptAsBase64InEveryFormat() throws Exception {
    // the file is made by the shell: a Java path cannot name it exactly
    Process make =
        new ProcessBuilder("sh", "-c", "printf hello > \"$(printf 'caf\\351.txt')\"")
            .directory(dir.toFile())
            .start();
    assertThat(make.waitFor(30, TimeUnit.SECONDS) && make.exitValue() == 0).isTrue();
    write("in.txt", bytes("plain.txt\n".getBytes(StandardCharsets.UTF_8), LATIN1_NAME, "\n"));
    Files.writeString(dir.resolve("plain.txt"), "four");
    String exec = "IFS= read -r f; wc -c < \"$f\"";
    for (String format : List.of("jsonl", "json")) {
      String output = "out." + format;
      CliResult run =
          cli.run(
              "process",
              "--input",
              "in.txt",
              "--output",
              output,
              "--format",
              format,
              "--exec",
              exec);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err())
          .contains("item 1 holds bytes that are not UTF-8")
          .doesNotContain("Exception");
      List<JsonNode> out =
          format.equals("jsonl")
              ? records(dir.resolve(output))
              : toList(json(Files.readString(dir.resolve(output))));
      assertThat(out.get(0).get("input").asText()).isEqualTo("plain.txt");
      assertThat(out.get(0).get("result").asText()).isEqualTo("4");
      assertThat(out.get(1).has("input")).as(out.get(1).toString()).isFalse();
      assertThat(Base64.getDecoder().decode(out.get(1).get("input_base64").asText()))
          .isEqualTo(LATIN1_NAME);
      assertThat(out.get(1).get("result").asText()).isEqualTo("5");
    }
  }

  @Test
  void aNulByteReachesExecOnStandardInputAndStaysInTheOutput() throws Exception {
    write("in.txt", "a\u0000b\nplain\n".getBytes(StandardCharsets.UTF_8));
    CliResult run =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "printf '%s:' \"${RATCHET_ITEM-unset}\"; od -An -tx1 | tr -d ' \\n'");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("item 0 holds a NUL byte").doesNotContain("Exception");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(out.get(0).get("input").asText()).isEqualTo("a\u0000b");
    assertThat(out.get(0).get("result").asText()).isEqualTo("unset:6100620a");
    assertThat(out.get(1).get("result").asText()).isEqualTo("plain:706c61696e0a");
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstItemAndTheRunSaysSo() throws Exception {
    write(
        "in.txt",
        bytes(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "first".getBytes(StandardCharsets.UTF_8),
            "\nsecond\n"));
    CliResult run = cli.run("process", "--input", "in.txt", "--output", "out.jsonl");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains("starts with a UTF-8 byte order mark")
        .contains("not part of item 0");
    List<JsonNode> out = records(dir.resolve("out.jsonl"));
    assertThat(out.get(0).get("input").asText()).isEqualTo("first");
    assertThat(out.get(0).get("result").get("upper").asText()).isEqualTo("FIRST");
    assertThat(out.get(1).get("input").asText()).isEqualTo("second");
  }

  @Test
  void aResultThatIsNotUtf8FailsItsItemInsteadOfBeingChanged() throws Exception {
    write("in.txt", "x\ny\n".getBytes(StandardCharsets.UTF_8));
    CliResult run =
        cli.run(
            "process",
            "--input",
            "in.txt",
            "--output",
            "out.jsonl",
            "--exec",
            "if [ \"$RATCHET_ITEM\" = y ]; then printf 'caf\\351'; else echo ok; fi");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    assertThat(records(dir.resolve("out.jsonl"))).hasSize(1);
    CliResult status = cli.run("status", "--checkpoint", "out.jsonl.ratchet");
    assertThat(status.out())
        .as(status.toString())
        .contains("standard output is not valid UTF-8 (byte 0xe9 at offset 3)");
  }

  private void write(String name, byte[] content) throws Exception {
    Files.write(dir.resolve(name), content);
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(
          part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }
}
