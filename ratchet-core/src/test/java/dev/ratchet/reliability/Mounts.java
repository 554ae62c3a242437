package dev.ratchet.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small real mounts for fault tests (a tiny tmpfs that fills up, a read-only bind mount). They need
 * root with CAP_SYS_ADMIN; {@link #tryMount} returns the reason when the machine does not allow it,
 * and the test is skipped with that reason.
 */
final class Mounts {
  private Mounts() {}

  /** Runs {@code mount args...}; returns null on success or the reason it failed. */
  static String tryMount(String... args) {
    List<String> command = new ArrayList<>(List.of("mount"));
    command.addAll(List.of(args));
    return run(command);
  }

  static void unmount(Path dir) {
    String error = run(List.of("umount", dir.toString()));
    if (error != null) {
      throw new IllegalStateException("could not unmount " + dir + ": " + error);
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor() == 0 ? null : String.join(" ", command) + ": " + output.trim();
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
