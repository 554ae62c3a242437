package dev.ratchet.cli.process;

import dev.ratchet.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checks of {@code --input} before anything is opened, each refusal saying what to do. */
final class InputFile {
  private InputFile() {}

  /**
   * @throws UsageException if {@code input} is missing, a directory, a pipe or device (which a
   *     resume could not read again), or unreadable
   */
  static void check(Path input) {
    boolean stdin = input.toString().equals("-");
    if (!stdin && !Files.exists(input)) {
      throw new UsageException("input file " + input + " does not exist; check the --input path");
    }
    if (Files.isDirectory(input)) {
      throw new UsageException(
          "input " + input + " is a directory; --input takes one file of items, one a line");
    }
    if (stdin || !Files.isRegularFile(input)) {
      throw new UsageException(
          "input "
              + (stdin ? "- (standard input)" : input + " is a pipe or a device, and")
              + " cannot be read again: a run reads its input to fingerprint it and a resume"
              + " reads it again, so --input must be a regular file; save the items to one"
              + " first (for example: some-command > items.txt)");
    }
    if (!Files.isReadable(input)) {
      throw new UsageException("input " + input + " is not readable; check its permissions");
    }
  }
}
