package dev.ratchet.internal.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a recorded command again as an independent process: its own working directory, no standard
 * input, output appended to a log file. It outlives the dashboard.
 */
final class Relaunch {
  private Relaunch() {}

  /** Starts {@code argv} in {@code workDir}, output to {@code log}; returns its pid. */
  static long start(List<String> argv, Path workDir, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(argv)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process.getOutputStream().close();
    return process.pid();
  }
}
