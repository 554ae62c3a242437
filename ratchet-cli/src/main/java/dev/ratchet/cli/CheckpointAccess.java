package dev.ratchet.cli;

import dev.ratchet.store.CheckpointInfo;
import dev.ratchet.store.CheckpointStore;
import dev.ratchet.store.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How commands reach a checkpoint given on the command line. Today a directory of the journal file
 * store; the one place to extend when a command learns other stores.
 */
public final class CheckpointAccess {
  private CheckpointAccess() {}

  /** Whether a checkpoint exists at {@code path}. */
  public static boolean exists(Path path) {
    return FileStore.exists(path);
  }

  /**
   * Whether {@code path} is a directory holding journal or snapshot files, with or without its
   * descriptor (without one, opening it says whether that is damage or a crashed creation).
   */
  public static boolean holdsJournal(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> files = Files.list(path)) {
      return files
          .map(f -> f.getFileName().toString())
          .anyMatch(n -> n.matches("(journal-[0-9]+\\.log|snapshot-[0-9]+\\.snap)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the checkpoint holds, without locking or changing it. */
  public static CheckpointInfo inspect(Path path) {
    return FileStore.inspect(path);
  }

  /** A store for the checkpoint at {@code path}, not yet opened. */
  public static CheckpointStore store(Path path) {
    return FileStore.builder(path).build();
  }
}
