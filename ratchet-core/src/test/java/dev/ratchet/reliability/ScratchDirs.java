package dev.ratchet.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for tests that open checkpoints thousands of times. */
final class ScratchDirs {
  private static final Path SHM = Path.of("/dev/shm");

  private ScratchDirs() {}

  /**
   * A new directory in memory ({@code /dev/shm}) where there is one, so thousands of torn-tail
   * repairs do not each wait for a disk flush; otherwise under {@code fallback}. Used only where
   * durability is not what is tested (corruption, hostile input); crash and power-loss tests use
   * real disks or the simulator.
   */
  static Path fast(Path fallback, String prefix) throws IOException {
    if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
      return Files.createTempDirectory(SHM, "ratchet-" + prefix + "-");
    }
    return Files.createTempDirectory(fallback, prefix + "-");
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
