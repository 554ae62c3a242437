package dev.ratchet.cli;

import dev.ratchet.Checkpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code --checkpoint} path that is a regular file rather than a checkpoint directory: a
 * checkpoint list (the JSON file of {@code [step, done]} pairs that {@code Checkpoints.write}
 * makes, such as a seed's {@code data/.checkpoint.json}), which {@code --fresh} and {@code clear}
 * may remove, or someone else's file, which Ratchet never touches.
 */
public final class CheckpointFiles {
  private CheckpointFiles() {}

  /** Whether {@code path} is a regular file holding a checkpoint list. */
  public static boolean isCheckpointList(Path path) {
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      Checkpoints.read(path);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Before a run makes {@code path} its checkpoint directory: nothing to do unless it is a regular
   * file; a checkpoint list is removed when {@code fresh}, and refused otherwise with what to do;
   * any other file is refused and left alone.
   */
  public static void prepare(Path path, boolean fresh) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path)) {
      return;
    }
    if (!isCheckpointList(path)) {
      throw new UsageException(
          notOurs(path) + " Nothing was changed; choose another --checkpoint.");
    }
    if (fresh) {
      delete(path);
      return;
    }
    throw new UsageException(
        path
            + " is a checkpoint list (a JSON file of [step, done] pairs, as Checkpoints.write"
            + " makes), not a checkpoint directory. Nothing was changed. To replace it with this"
            + " run's checkpoint add --fresh (or remove it first: ratchet clear --checkpoint "
            + path
            + "); to keep it, choose another --checkpoint.");
  }

  /** {@code ratchet clear} of a regular file: removes a checkpoint list, refuses anything else. */
  public static int clear(Path path, PrintWriter out) {
    if (!isCheckpointList(path)) {
      throw new UsageException(notOurs(path) + " Nothing was removed.");
    }
    List<List<Object>> list = Checkpoints.read(path);
    long done = list.stream().filter(entry -> Boolean.TRUE.equals(entry.get(1))).count();
    delete(path);
    out.println(
        "Removed checkpoint list "
            + path
            + " ("
            + list.size()
            + " attempts recorded, "
            + done
            + " succeeded).");
    return ExitCodes.OK;
  }

  private static String notOurs(Path path) {
    return path
        + " is a file that is not a Ratchet checkpoint (a checkpoint is a directory, or a"
        + " checkpoint list written by Checkpoints.write).";
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
