package dev.ratchet.internal.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.util.Set;

/**
 * A visitor for searches under a directory a user names ({@code gc --root /}, {@code ui}, {@code
 * history}): the kernel's pseudo file systems are not entered, and a file or directory that cannot
 * be read or listed (as much of {@code /proc} cannot) is handed to {@link #unreadable} and skipped
 * instead of ending the whole walk.
 */
public abstract class ForgivingVisitor extends SimpleFileVisitor<Path> {
  private static final Set<Path> PSEUDO =
      Set.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

  /** Whether {@code dir} is a kernel pseudo file system, which holds no checkpoints. */
  protected static boolean pseudo(Path dir) {
    return PSEUDO.contains(dir.toAbsolutePath().normalize());
  }

  /** What to do with a path that could not be read; by default nothing. */
  protected void unreadable(Path path, IOException e) {}

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException e) {
    unreadable(file, e);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) {
    if (e != null) {
      unreadable(dir, e);
    }
    return FileVisitResult.CONTINUE;
  }
}
