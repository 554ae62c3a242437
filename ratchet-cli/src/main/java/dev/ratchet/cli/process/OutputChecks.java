package dev.ratchet.cli.process;

import dev.ratchet.cli.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks every command that writes an output file makes before it starts ({@code process}, with
 * a checkpoint or as a worker of a shared run, and {@code export}): the output is a regular file
 * (or absent) in a directory that exists, and not the input under another name. Each refusal is a
 * {@link UsageException} (exit 2) saying what to do; nothing was changed.
 */
public final class OutputChecks {
  /** Why an output written whole at the end (a shared run's, an export) must be a file. */
  public static final String WRITTEN_WHOLE =
      "the results are written to a temporary file that is then renamed over it, so it needs a"
          + " file";

  private OutputChecks() {}

  /**
   * Refuses an {@code output} that cannot be this command's file: a missing directory, a device
   * ({@code /dev/stdout}), a FIFO, a directory, anything under {@code /proc}, or {@code input}
   * itself (any name, symlink or hard link; {@code input} may be null).
   */
  public static void check(Path output, Path input, String why) {
    Path outputDir = output.toAbsolutePath().getParent();
    if (outputDir == null || !Files.isDirectory(outputDir)) {
      throw new UsageException(
          "the directory of --output "
              + output
              + " does not exist; create it first"
              + (output.getParent() == null ? "" : " (mkdir -p " + output.getParent() + ")")
              + " or choose another output");
    }
    String absolute = output.toAbsolutePath().normalize().toString();
    if ((absolute.startsWith("/dev/") && !absolute.startsWith("/dev/shm/")) // tmpfs
        || absolute.startsWith("/proc/")
        || (Files.exists(output) && !Files.isRegularFile(output))) {
      throw new UsageException(
          "--output " + output + " is not a regular file; " + why + " (write to one, then cat it)");
    }
    if (input != null) {
      refuseTheInput(output, input);
    }
  }

  /** The output must not be the input under another name (a symlink, a hard link, "./in"). */
  private static void refuseTheInput(Path output, Path input) {
    try {
      if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
        throw new UsageException(
            "--output "
                + output
                + " is the input file "
                + input
                + " (the same file"
                + (Files.isSymbolicLink(output) ? " through a symlink" : "")
                + "); writing it would destroy the input. Nothing was changed; choose another"
                + " --output.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
