package dev.ratchet.cli.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratchet.DurableFiles;
import dev.ratchet.internal.items.WrittenOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What a finished {@code ratchet process} leaves behind instead of a checkpoint: {@code
 * .NAME.ratchet-done} beside the output's real path, holding the input's fingerprint, the output's
 * size and CRC32C, and the command's work (exec, format). Nothing in it is resumable; it lets the
 * same command run again answer "already done" without touching the output, and refuse clearly when
 * the input or the output changed since.
 *
 * @param input the input's fingerprint when the run finished
 * @param outputBytes the output's size
 * @param outputCrc the output's CRC32C, hex
 * @param work what produced each result: the --exec command or "builtin", and the format
 * @param finished when the run finished, ISO-8601
 */
record FinishedRun(String input, long outputBytes, String outputCrc, String work, String finished) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORMAT = "ratchet-finished-run/1";

  static Path file(Path output) {
    Path canonical = OutputLock.canonical(output);
    return canonical.resolveSibling("." + canonical.getFileName() + ".ratchet-done");
  }

  static String work(ProcessSettings settings) {
    return (settings.exec() == null
            ? "builtin"
            : (settings.execStream() ? "exec-stream " : "exec ") + settings.exec())
        + " | format "
        + settings.format();
  }

  /** The record of the run that just finished writing {@code output}. */
  static FinishedRun of(String inputFingerprint, Path output, String work) {
    WrittenOutput written = new WrittenOutput(output);
    try {
      return of(inputFingerprint, written.bytes(), written.crc32c(), work);
    } catch (IOException e) {
      throw unreadable(output, e);
    }
  }

  /** The record of the run that just finished an output of this size and CRC32C. */
  static FinishedRun of(String inputFingerprint, long outputBytes, long outputCrc, String work) {
    return new FinishedRun(
        inputFingerprint,
        outputBytes,
        String.format("%08x", outputCrc),
        work,
        Instant.now().toString());
  }

  /** The record beside {@code output}, or null if there is none (or it is not one of ours). */
  static FinishedRun read(Path output) {
    Path file = file(output);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !FORMAT.equals(node.path("format").asText())) {
        return null;
      }
      return new FinishedRun(
          node.path("input").asText(),
          node.path("outputBytes").asLong(-1),
          node.path("outputCrc32c").asText(),
          node.path("work").asText(),
          node.path("finished").asText());
    } catch (IOException e) {
      return null;
    }
  }

  void write(Path output) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("input", input);
    node.put("outputBytes", outputBytes);
    node.put("outputCrc32c", outputCrc);
    node.put("work", work);
    node.put("finished", finished);
    DurableFiles.replace(file(output), JSON.writeValueAsBytes(node));
  }

  static void delete(Path output) {
    try {
      Files.deleteIfExists(file(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code output} is still exactly what this run left. */
  boolean outputUnchanged(Path output) {
    WrittenOutput now = new WrittenOutput(output);
    try {
      return now.bytes() == outputBytes
          && Objects.equals(String.format("%08x", now.crc32c()), outputCrc);
    } catch (IOException e) {
      throw unreadable(output, e);
    }
  }

  private static UncheckedIOException unreadable(Path output, IOException e) {
    return new UncheckedIOException("cannot read output " + output + ": " + e.getMessage(), e);
  }
}
