package dev.ratchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's result edited in the checkpoint with its CRC32C recomputed: accepted without a key (as a
 * checksum cannot tell), refused with {@code --key-file}, through the real command.
 */
class TamperEndToEndTest {
  @TempDir Path tmp;

  static final String PIPELINE =
      """
      steps:
        generate: {run: 'echo rows $((50 + 50))'}
        load: {needs: [generate], run: 'test ! -e fail-load && echo loaded'}
      """;

  @Test
  void aForgedResultIsRefusedWhenTheCheckpointHasAKey() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path file = tmp.resolve("etl.yaml");
    Files.writeString(file, PIPELINE);
    Path key = tmp.resolve("ratchet.key");
    Files.write(key, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(tmp.resolve("fail-load"), "");
    CliResult first = cli.run("run", file.toString(), "--key-file", key.toString());
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.ITEMS_FAILED);
    Path checkpoint = tmp.resolve(".ratchet/etl.yaml");

    forge(checkpoint, "rows 100", "rows 999");
    Files.delete(tmp.resolve("fail-load"));

    CliResult withoutKey = cli.run("run", file.toString());
    assertThat(withoutKey.exitCode()).as(withoutKey.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(withoutKey.err()).contains("is protected by an HMAC key", "--key-file");

    CliResult withKey = cli.run("run", file.toString(), "--key-file", key.toString());
    assertThat(withKey.exitCode()).as(withKey.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(withKey.err()).containsIgnoringCase("mac");
    assertThat(withKey.out()).doesNotContain("rows 999");
  }

  @Test
  void withoutAKeyTheSameForgeryIsNotNoticed() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path file = tmp.resolve("etl.yaml");
    Files.writeString(file, PIPELINE);
    Files.writeString(tmp.resolve("fail-load"), "");
    assertThat(cli.run("run", file.toString()).exitCode()).isEqualTo(ExitCodes.ITEMS_FAILED);

    forge(tmp.resolve(".ratchet/etl.yaml"), "rows 100", "rows 999");
    Files.delete(tmp.resolve("fail-load"));

    CliResult resumed = cli.run("run", file.toString());
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("[generate] restored from the checkpoint");
  }

  @Test
  void processTakesTheKeyFileToo() throws Exception {
    ChildCli cli = new ChildCli(tmp);
    Path input = tmp.resolve("in.txt");
    Files.writeString(input, "a\nb\nc\nd\n");
    Path key = tmp.resolve("ratchet.key");
    Files.write(key, "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    String output = tmp.resolve("out.jsonl").toString();
    CliResult crashed =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            output,
            "--batch-size",
            "1",
            "--simulate-crash",
            "2",
            "--key-file",
            key.toString());
    assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(86);

    CliResult withoutKey = cli.run("process", "--input", input.toString(), "--output", output);
    assertThat(withoutKey.exitCode()).as(withoutKey.toString()).isEqualTo(ExitCodes.CHECKPOINT);
    assertThat(withoutKey.err()).contains("is protected by an HMAC key");

    CliResult withKey =
        cli.run(
            "process",
            "--input",
            input.toString(),
            "--output",
            output,
            "--key-file",
            key.toString());
    assertThat(withKey.exitCode()).as(withKey.toString()).isZero();
    assertThat(Files.readAllLines(Path.of(output))).hasSize(4);
  }

  /**
   * Replaces {@code from} by {@code to} (same length) in the checkpoint's files and recomputes the
   * CRC32C of the record that holds it ({@code [length:4][crc32c:4][body]}, the CRC over the length
   * and the body), as an attacker with write access would.
   */
  static void forge(Path checkpoint, String from, String to) throws IOException {
    byte[] needle = from.getBytes(StandardCharsets.UTF_8);
    byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
    int forged = 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(checkpoint)) {
      files = list.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      int at = indexOf(bytes, needle);
      if (at < 0) {
        continue;
      }
      int frame = frameAround(bytes, at);
      assertThat(frame).as("a valid frame around offset " + at + " of " + f).isNotNegative();
      System.arraycopy(replacement, 0, bytes, at, replacement.length);
      int bodyLength = ByteBuffer.wrap(bytes, frame, 4).getInt();
      ByteBuffer.wrap(bytes, frame + 4, 4).putInt(crc(bytes, frame, bodyLength));
      Files.write(f, bytes);
      forged++;
    }
    assertThat(forged).as("records holding '" + from + "'").isPositive();
  }

  private static int frameAround(byte[] bytes, int at) {
    for (int start = at - 8; start >= 0; start--) {
      int bodyLength = ByteBuffer.wrap(bytes, start, 4).getInt();
      long end = (long) start + 8 + bodyLength;
      if (bodyLength > 0
          && end > at
          && end <= bytes.length
          && ByteBuffer.wrap(bytes, start + 4, 4).getInt() == crc(bytes, start, bodyLength)) {
        return start;
      }
    }
    return -1;
  }

  private static int crc(byte[] bytes, int frame, int bodyLength) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, frame, 4);
    crc.update(bytes, frame + 8, bodyLength);
    return (int) crc.getValue();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
